#include "ranking.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_set>

#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stopwords.hpp"

namespace newsdesk::searcher {

namespace {

// Why these values: bench/relevance/RESULTS.md (the measurements, the grid, and the check on
// held-out queries).

// kMaxAllWordsTier (ranking.hpp): longer queries read as natural-language questions: no article
// holds every word, and ranking those that hold most of them by BM25 alone does better than an
// all-words tier.

// Documents matching every word are weighted above documents matching only some by this factor.
constexpr double kPartialMatchScale = 1e-3;

// BM25. k1: how fast repeated occurrences of a word stop adding weight (the common 1.2);
// b: how much a long article is discounted for its length (Xapian's 0.5). k2, k3 and
// min_normlen are Xapian's defaults.
constexpr double kK1 = 1.2;
constexpr double kK2 = 0.0;
constexpr double kK3 = 1.0;
constexpr double kB = 0.5;
constexpr double kMinNormLen = 0.5;

// A query word in the headline adds this share of its BM25 weight as a headline term, on top of
// what it scores as a body word (the headline is also indexed as body text, kTitleWdf times).
constexpr double kTitleBoost = 0.2;

// At most this many query words get a headline boost (bounds the cost of long queries).
constexpr std::size_t kMaxTitleTerms = 32;

// The query's words, split into stopwords (as the query holds them: "the", and stemmed "Zthe")
// and the distinct other words.
struct Words {
    std::unordered_set<std::string> stop_terms;
    std::vector<std::string> content;
};

Words classify(const QueryParts& parts, const Xapian::Stem& stem) {
    Words out;
    std::unordered_set<std::string> seen;
    for (const auto& w : parts.words) {
        if (text::is_stopword(w)) {
            out.stop_terms.insert(w);
            out.stop_terms.insert("Z" + stem(w));
        } else if (seen.insert(w).second) {
            out.content.push_back(w);
        }
    }
    return out;
}

bool is_stop_leaf(const Xapian::Query& q, const Words& words) {
    return q.get_type() == Xapian::Query::LEAF_TERM &&
           words.stop_terms.count(*q.get_terms_begin()) > 0;
}

// `q` with the stopwords among the alternatives of its ORs weighted 0: they still match (an
// article matching only "the" is still returned, last) but do not order the matches, where a
// word in half the articles would otherwise add about a tenth of a rare word's weight per
// occurrence. Phrases and other structures are left as they are. Unchanged when the query is
// only stopwords.
Xapian::Query without_stopword_weight(const Xapian::Query& q, const Words& words) {
    if (words.content.empty()) return q;
    if (is_stop_leaf(q, words)) return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
    if (q.get_type() != Xapian::Query::OP_OR) return q;
    std::vector<Xapian::Query> subs;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        subs.push_back(without_stopword_weight(q.get_subquery(i), words));
    }
    return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
}

// `q` (the words ANDed) without its stopwords: "troops in Kursk" holds all its words when it
// holds "troops" and "Kursk". Only plain words directly under the AND are dropped.
Xapian::Query without_stopwords(const Xapian::Query& q, const Words& words) {
    if (words.content.empty() || q.get_type() != Xapian::Query::OP_AND) return q;
    std::vector<Xapian::Query> subs;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        Xapian::Query sub = q.get_subquery(i);
        if (!is_stop_leaf(sub, words)) subs.push_back(sub);
    }
    if (subs.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
}

// The headline forms of the query's words as typed, stemmed: "troops" -> "ZStroop". Stopwords
// are left out, and so are the spellings that only synonyms added.
Xapian::Query title_terms(const Words& words, const Xapian::Stem& stem) {
    const std::string title(schema::kTitle);
    std::vector<Xapian::Query> terms;
    for (const auto& w : words.content) {
        if (terms.size() == kMaxTitleTerms) break;
        terms.emplace_back("Z" + title + stem(w));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// `q`, ordered with the headline boost; matches exactly what `q` matches.
Xapian::Query boosted(const Xapian::Query& q, const Xapian::Query& title) {
    if (title.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, title, kTitleBoost));
}

}  // namespace

Xapian::Query ranked_query(const QueryParts& parts, const Xapian::Stem& stem) {
    if (parts.any.empty()) return parts.any;
    const Words words = classify(parts, stem);
    const Xapian::Query title = title_terms(words, stem);
    const Xapian::Query any = boosted(without_stopword_weight(parts.any, words), title);
    if (parts.all.get_description() == parts.any.get_description() ||
        words.content.size() > kMaxAllWordsTier) {
        return any;
    }
    return Xapian::Query(Xapian::Query::OP_OR, boosted(without_stopwords(parts.all, words), title),
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, any, kPartialMatchScale));
}

double on_grid(double weight) {
    return std::ldexp(std::nearbyint(std::ldexp(weight, kWeightGridBits)), -kWeightGridBits);
}

double on_grid_above(double weight) {
    return std::ldexp(std::ceil(std::ldexp(weight, kWeightGridBits)), -kWeightGridBits);
}

QuantisedBM25::QuantisedBM25() : QuantisedBM25(kK1, kK2, kK3, kB, kMinNormLen) {}

QuantisedBM25::QuantisedBM25(double k1, double k2, double k3, double b, double min_normlen)
    : Xapian::BM25Weight(k1, k2, k3, b, min_normlen),
      k1_(k1),
      k2_(k2),
      k3_(k3),
      b_(b),
      min_normlen_(min_normlen) {}

QuantisedBM25* QuantisedBM25::clone() const {
    return new QuantisedBM25(k1_, k2_, k3_, b_, min_normlen_);
}

std::string QuantisedBM25::name() const {
    return "newsdesk::QuantisedBM25";
}

// The five parameters as exact hexadecimal floating-point text ("%a"), for a remote server.
std::string QuantisedBM25::serialise() const {
    std::string out;
    for (double p : {k1_, k2_, k3_, b_, min_normlen_}) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%a ", p);
        out += buf;
    }
    return out;
}

QuantisedBM25* QuantisedBM25::unserialise(const std::string& serialised) const {
    double p[5];
    const char* at = serialised.c_str();
    for (double& v : p) {
        char* end = nullptr;
        v = std::strtod(at, &end);
        if (end == at) throw Xapian::SerialisationError("bad newsdesk::QuantisedBM25 parameters");
        at = end;
    }
    return new QuantisedBM25(p[0], p[1], p[2], p[3], p[4]);
}

double QuantisedBM25::get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                                  Xapian::termcount uniqterms) const {
    return on_grid(Xapian::BM25Weight::get_sumpart(wdf, doclen, uniqterms));
}

double QuantisedBM25::get_maxpart() const {
    return on_grid_above(Xapian::BM25Weight::get_maxpart());
}

double QuantisedBM25::get_sumextra(Xapian::termcount doclen, Xapian::termcount uniqterms) const {
    return on_grid(Xapian::BM25Weight::get_sumextra(doclen, uniqterms));
}

double QuantisedBM25::get_maxextra() const {
    return on_grid_above(Xapian::BM25Weight::get_maxextra());
}

std::unique_ptr<Xapian::Weight> weighting() {
    return std::make_unique<QuantisedBM25>();
}

std::unique_ptr<Xapian::Weight> builtin_weighting() {
    return std::make_unique<Xapian::BM25Weight>(kK1, kK2, kK3, kB, kMinNormLen);
}

}  // namespace newsdesk::searcher
