#include "ranking.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stopwords.hpp"
#include "synonyms.hpp"

namespace newsdesk::searcher {

namespace {

// Why these values: bench/relevance/RESULTS.md (cross-validated on TIME, CRAN and MED).

// Documents matching every word are weighted above documents matching only some by this factor.
constexpr double kPartialMatchScale = 1e-3;

// BM25's k2, k3 and min_normlen: Xapian's defaults.
constexpr double kK2 = 0.0;
constexpr double kK3 = 1.0;
constexpr double kMinNormLen = 0.5;

// At most this many query words get a headline boost, and this many word pairs a proximity
// boost (bounds the cost of long queries).
constexpr std::size_t kMaxTitleTerms = 32;
constexpr std::size_t kMaxPairs = 8;

RankingSettings read_settings(const char* spec) {
    RankingSettings s;
    std::string text(spec);
    for (char& c : text) {
        if (c == ',') c = ' ';
    }
    std::istringstream in(text);
    std::string item;
    while (in >> item) {
        const std::size_t eq = item.find('=');
        const std::string key = item.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
        auto bad = [&] { return UsageError("NEWSDESK_RANKING: cannot read '" + item + "'"); };
        auto number = [&]() {
            char* end = nullptr;
            const double v = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || v < 0) throw bad();
            return v;
        };
        if (key == "scheme") {
            static const std::unordered_set<std::string> schemes{
                "ineb2", "bm25", "dlh", "dph", "pl2", "inl2", "ifb2", "bb2", "lm"};
            if (!schemes.count(value)) throw bad();
            s.scheme = value;
        } else if (key == "k1") {
            s.k1 = number();
        } else if (key == "b") {
            s.b = number();
        } else if (key == "c") {
            s.c = number();
            if (s.c <= 0) throw bad();
        } else if (key == "title") {
            s.title = number();
        } else if (key == "title_real") {
            s.title_real = number() != 0;
        } else if (key == "lead") {
            s.lead = number();
        } else if (key == "prox") {
            s.prox = number();
        } else if (key == "prox_window") {
            s.prox_window = static_cast<unsigned>(number());
        } else if (key == "fb") {
            s.fb = number();
        } else if (key == "fb_docs") {
            s.fb_docs = static_cast<unsigned>(number());
        } else if (key == "fb_terms") {
            s.fb_terms = static_cast<unsigned>(number());
        } else if (key == "fb_ratio") {
            s.fb_ratio = number();
        } else if (key == "fb_min_docs") {
            s.fb_min_docs = static_cast<unsigned>(number());
        } else if (key == "fb_min_words") {
            s.fb_min_words = static_cast<unsigned>(number());
        } else if (key == "tier") {
            s.max_all_words_tier = static_cast<std::size_t>(number());
        } else {
            throw bad();
        }
    }
    return s;
}

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

// `q` with the spellings of several words ("North Korea", a phrase) taken out of each alias's
// OP_SYNONYM and ORed beside it, so that they weigh by their own words as a typed phrase does;
// the single-word spellings stay one synonym. Xapian weighs a synonym by the number of articles
// it estimates hold it, from its parts: a rare phrase's estimate (its words' frequencies
// multiplied, over the archive's size, halved) rounds to 0 though it matches, and a DFR weight
// divides by that number (IneB2: infinity, and Xapian's own weight on a remote shard answers
// otherwise). Matches exactly what `q` matches.
Xapian::Query phrases_beside_synonyms(const Xapian::Query& q) {
    const Xapian::Query::op op = q.get_type();
    if (!is_combining(op)) return q;
    std::vector<Xapian::Query> words, others;
    bool changed = false;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        const Xapian::Query sub = q.get_subquery(i);
        const Xapian::Query out = phrases_beside_synonyms(sub);
        changed = changed || out.get_description() != sub.get_description();
        const bool word = out.get_type() == Xapian::Query::LEAF_TERM;
        (op == Xapian::Query::OP_SYNONYM && !word ? others : words).push_back(out);
    }
    if (others.empty()) {
        return changed ? Xapian::Query(op, words.begin(), words.end()) : q;
    }
    if (!words.empty()) {
        others.insert(others.begin(),
                      words.size() == 1
                          ? words.front()
                          : Xapian::Query(Xapian::Query::OP_SYNONYM, words.begin(), words.end()));
    }
    return Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end());
}

// The title forms of the query's words as typed, stemmed: "troops" -> "ZStroop". Stopwords are
// left out, and so are the spellings that only synonyms added.
Xapian::Query title_words(const Words& words, const Xapian::Stem& stem) {
    const std::string title(schema::kTitle);
    std::vector<Xapian::Query> terms;
    for (const auto& w : words.content) {
        if (terms.size() == kMaxTitleTerms) break;
        terms.emplace_back("Z" + title + stem(w));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The headline boost: the query's words in the headline of an article that has one of its own
// (with title_real; otherwise in any title, also one made from the first sentence).
Xapian::Query headline_boost(const Xapian::Query& words, const RankingSettings& s) {
    if (s.title <= 0 || words.empty()) return Xapian::Query();
    Xapian::Query q = words;
    if (s.title_real) {
        q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                          Xapian::Query(std::string(schema::kHeadline)));
    }
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, s.title);
}

// The lead boost: the query's words in the first sentence of an article without a headline
// (its title is that sentence).
Xapian::Query lead_boost(const Xapian::Query& words, const RankingSettings& s) {
    if (s.lead <= 0 || !s.title_real || words.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_AND_NOT, words,
                                       Xapian::Query(std::string(schema::kHeadline))),
                         s.lead);
}

// Consecutive query words (stopwords skipped) found within a few words of each other, in either
// order: "interest rates" in "rates of interest".
Xapian::Query proximity_terms(const Words& words, const RankingSettings& s) {
    if (s.prox <= 0 || words.content.size() < 2) return Xapian::Query();
    std::vector<Xapian::Query> pairs;
    for (std::size_t i = 0; i + 1 < words.content.size() && pairs.size() < kMaxPairs; ++i) {
        const Xapian::Query pair[] = {Xapian::Query(words.content[i]),
                                      Xapian::Query(words.content[i + 1])};
        pairs.emplace_back(Xapian::Query::OP_NEAR, std::begin(pair), std::end(pair), s.prox_window);
    }
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()), s.prox);
}

// `q`, ordered with the boosts; matches exactly what `q` matches.
Xapian::Query boosted(const Xapian::Query& q, const RankedQuery& r) {
    std::vector<Xapian::Query> parts{q};
    for (const Xapian::Query* boost : {&r.title, &r.lead, &r.proximity}) {
        if (!boost->empty()) parts.push_back(*boost);
    }
    if (parts.size() == 1) return q;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parts.begin(), parts.end());
}

// Feedback terms: body words, stemmed ("Z" + a stem, not a field's "ZS..."), not stopwords.
bool is_feedback_term(const std::string& term) {
    return term.size() > 3 && term[0] == 'Z' &&
           !std::isupper(static_cast<unsigned char>(term[1])) && !text::is_stopword(term.substr(1));
}

// A term as a reader would write it: "Zkursk" -> "kursk", "ZStroop" -> "title:troop".
std::string term_label(const std::string& term) {
    std::string t = term.rfind('Z', 0) == 0 ? term.substr(1) : term;
    for (const auto& f : schema::kTextFields) {
        if (!f.prefix.empty() && t.rfind(f.prefix, 0) == 0 && t.size() > f.prefix.size() &&
            !std::isupper(static_cast<unsigned char>(t[f.prefix.size()]))) {
            return std::string(f.name) + ":" + t.substr(f.prefix.size());
        }
    }
    return t;
}

}  // namespace

const RankingSettings& ranking_settings() {
    static const RankingSettings settings = [] {
        const char* spec = std::getenv("NEWSDESK_RANKING");
        return spec ? read_settings(spec) : RankingSettings{};
    }();
    return settings;
}

RankedQuery ranked_query(const QueryParts& parts, const Xapian::Stem& stem) {
    RankedQuery out;
    if (parts.any.empty()) return out;
    const RankingSettings& s = ranking_settings();
    const Xapian::Query any_words = phrases_beside_synonyms(parts.any);
    const Xapian::Query all_words = phrases_beside_synonyms(parts.all);
    const Words words = classify(parts, stem);
    out.content_words = words.content.size();
    std::unordered_map<std::string, std::string> typed;
    for (const auto& w : words.content) {
        typed.emplace("Z" + stem(w), w);
        typed.emplace(w, w);  // a capitalised word is matched unstemmed ("Russia")
    }
    for (auto t = parts.any.get_terms_begin(); t != parts.any.get_terms_end(); ++t) {
        if (words.stop_terms.count(*t) && !words.content.empty()) continue;
        // The words as typed and field words; what synonyms add counts as "other" (a synonym
        // group weighs its spellings together, not one by one).
        auto found = typed.find(*t);
        if (found != typed.end()) {
            out.word_terms.emplace_back(*t, found->second);
        } else if ((*t).size() > 1 && std::isupper(static_cast<unsigned char>((*t)[1]))) {
            out.word_terms.emplace_back(*t, term_label(*t));
        }
    }
    const Xapian::Query title = title_words(words, stem);
    out.title = headline_boost(title, s);
    out.lead = lead_boost(title, s);
    out.proximity = proximity_terms(words, s);
    const Xapian::Query any = boosted(without_stopword_weight(any_words, words), out);
    if (parts.all.get_description() == parts.any.get_description() ||
        words.content.size() > s.max_all_words_tier) {
        out.query = any;
        return out;
    }
    out.all_words = without_stopwords(all_words, words);
    out.tier_scale = kPartialMatchScale;
    out.query =
        Xapian::Query(Xapian::Query::OP_OR, boosted(out.all_words, out),
                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, any, kPartialMatchScale));
    return out;
}

double on_grid(double weight) {
    return std::ldexp(std::nearbyint(std::ldexp(weight, kWeightGridBits)), -kWeightGridBits);
}

double on_grid_above(double weight) {
    return std::ldexp(std::ceil(std::ldexp(weight, kWeightGridBits)), -kWeightGridBits);
}

namespace {

// Parameters as exact hexadecimal floating-point text ("%a"), for a remote server.
std::string serialise_parameters(std::initializer_list<double> values) {
    std::string out;
    for (double p : values) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%a ", p);
        out += buf;
    }
    return out;
}

std::vector<double> unserialise_parameters(const std::string& serialised, std::size_t count,
                                           const char* scheme) {
    std::vector<double> out;
    const char* at = serialised.c_str();
    for (std::size_t i = 0; i < count; ++i) {
        char* end = nullptr;
        out.push_back(std::strtod(at, &end));
        if (end == at) {
            throw Xapian::SerialisationError(std::string("bad ") + scheme + " parameters");
        }
        at = end;
    }
    return out;
}

}  // namespace

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

std::string QuantisedBM25::serialise() const {
    return serialise_parameters({k1_, k2_, k3_, b_, min_normlen_});
}

QuantisedBM25* QuantisedBM25::unserialise(const std::string& serialised) const {
    const auto p = unserialise_parameters(serialised, 5, "newsdesk::QuantisedBM25");
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

QuantisedIneB2::QuantisedIneB2(double c) : Xapian::IneB2Weight(c), c_(c) {}

QuantisedIneB2* QuantisedIneB2::clone() const {
    return new QuantisedIneB2(c_);
}

std::string QuantisedIneB2::name() const {
    return "newsdesk::QuantisedIneB2";
}

std::string QuantisedIneB2::serialise() const {
    return serialise_parameters({c_});
}

QuantisedIneB2* QuantisedIneB2::unserialise(const std::string& serialised) const {
    return new QuantisedIneB2(unserialise_parameters(serialised, 1, "newsdesk::QuantisedIneB2")[0]);
}

// IneB2 divides by the number of articles holding the term; for a synonym or another query
// Xapian only estimates that number, and an estimate of 0 (a rare phrase among an alias's
// spellings) makes every part infinite: such a term weighs 0, as one no article holds would.
// (ranked_query() keeps phrases out of synonyms, so this is a guard.) Otherwise the parts are
// finite, since IneB2's other divisors are at least 1.
double QuantisedIneB2::get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                                   Xapian::termcount uniqterms) const {
    const double part = Xapian::IneB2Weight::get_sumpart(wdf, doclen, uniqterms);
    return std::isfinite(part) ? on_grid(part) : 0.0;
}

double QuantisedIneB2::get_maxpart() const {
    const double bound = Xapian::IneB2Weight::get_maxpart();
    return std::isfinite(bound) ? on_grid_above(bound) : 0.0;
}

double QuantisedIneB2::get_sumextra(Xapian::termcount doclen, Xapian::termcount uniqterms) const {
    return on_grid(Xapian::IneB2Weight::get_sumextra(doclen, uniqterms));
}

double QuantisedIneB2::get_maxextra() const {
    return on_grid_above(Xapian::IneB2Weight::get_maxextra());
}

std::unique_ptr<Xapian::Weight> weighting() {
    const RankingSettings& s = ranking_settings();
    if (s.scheme == "ineb2") return std::make_unique<QuantisedIneB2>(s.c);
    if (s.scheme == "bm25") {
        return std::make_unique<QuantisedBM25>(s.k1, kK2, kK3, s.b, kMinNormLen);
    }
    // Schemes the relevance bench tries, as Xapian has them (off the grid: one shard only).
    if (s.scheme == "dlh") return std::make_unique<Xapian::DLHWeight>();
    if (s.scheme == "dph") return std::make_unique<Xapian::DPHWeight>();
    if (s.scheme == "pl2") return std::make_unique<Xapian::PL2Weight>(s.c);
    if (s.scheme == "inl2") return std::make_unique<Xapian::InL2Weight>(s.c);
    if (s.scheme == "ifb2") return std::make_unique<Xapian::IfB2Weight>(s.c);
    if (s.scheme == "bb2") return std::make_unique<Xapian::BB2Weight>(s.c);
    return std::make_unique<Xapian::LMWeight>();
}

std::vector<std::pair<std::string, double>> expansion_terms(
    const Xapian::Database& db, const std::vector<Xapian::docid>& docs, std::size_t count,
    const std::function<bool(const std::string&)>& keep) {
    constexpr double k = 1.0;
    const double size = db.get_doccount();
    const double rsize = static_cast<double>(docs.size());
    const double average = std::max(db.get_avlength(), 1.0);
    struct Stats {
        double relevant = 0;    // relevant documents holding the term
        double multiplier = 0;  // sum over them of (k + 1) wdf / (k length / average + wdf)
    };
    std::unordered_map<std::string, Stats> stats;
    for (const Xapian::docid docid : docs) {
        const double length = db.get_doclength(docid);
        for (auto t = db.termlist_begin(docid); t != db.termlist_end(docid); ++t) {
            const std::string term = *t;
            if (!keep(term)) continue;
            const double wdf = std::max<Xapian::termcount>(t.get_wdf(), 1);
            Stats& st = stats[term];
            st.relevant += 1;
            st.multiplier += (k + 1) * wdf / (k * length / average + wdf);
        }
    }
    // A term's weight falls as more of the archive holds it, so its weight were it held by the
    // relevant documents alone bounds it. Terms are weighed (one frequency lookup each) in the
    // order of their bounds, until the next bound is below the count-th weight found.
    auto weight_at = [&](const Stats& st, double termfreq) {
        const double other_relevant = rsize - st.relevant;
        const double other_holding = termfreq - st.relevant;
        double tw = (st.relevant + 0.5) * (size - rsize - other_holding + 0.5) /
                    ((other_relevant + 0.5) * (other_holding + 0.5));
        if (tw < 2) tw = tw * 0.5 + 1;
        return std::log(tw) * st.multiplier;
    };
    std::vector<std::pair<double, const std::pair<const std::string, Stats>*>> bounded;
    bounded.reserve(stats.size());
    for (const auto& entry : stats)
        bounded.emplace_back(weight_at(entry.second, entry.second.relevant), &entry);
    std::sort(bounded.begin(), bounded.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second->first < y.second->first;
    });
    auto stronger = [](const std::pair<std::string, double>& x,
                       const std::pair<std::string, double>& y) {
        return x.second != y.second ? x.second > y.second : x.first < y.first;
    };
    std::vector<std::pair<std::string, double>> scored;  // the best `count` so far, a heap
    for (const auto& [bound, entry] : bounded) {
        if (count == 0 || (scored.size() == count && bound < scored.front().second)) break;
        // The whole database's frequency, every shard's.
        const double weight = weight_at(entry->second, db.get_termfreq(entry->first));
        if (weight <= 0) continue;
        scored.emplace_back(entry->first, weight);
        std::push_heap(scored.begin(), scored.end(), stronger);
        if (scored.size() > count) {
            std::pop_heap(scored.begin(), scored.end(), stronger);
            scored.pop_back();
        }
    }
    std::sort(scored.begin(), scored.end(), stronger);
    return scored;
}

Xapian::Query feedback(const Xapian::Database& db, const Xapian::Query& query,
                       const RankedQuery& ranked, const Xapian::Weight& scheme) {
    const RankingSettings& s = ranking_settings();
    if (s.fb <= 0 || s.fb_docs == 0 || s.fb_terms == 0 || ranked.content_words < s.fb_min_words) {
        return Xapian::Query();
    }
    Xapian::Enquire first(db);
    first.set_query(query);
    first.set_weighting_scheme(scheme);
    Xapian::MSet top = first.get_mset(0, s.fb_docs);
    if (top.empty() || top.begin().get_weight() <= 0) return Xapian::Query();
    const double best = top.begin().get_weight();
    std::vector<Xapian::docid> relevant;
    for (auto it = top.begin(); it != top.end(); ++it) {
        if (it.get_weight() >= s.fb_ratio * best) relevant.push_back(*it);
    }
    if (relevant.size() < s.fb_min_docs) return Xapian::Query();
    // The query's own terms (its words, and what synonyms added) are not fed back.
    const std::unordered_set<std::string> own(query.get_terms_begin(), query.get_terms_end());
    const auto eset = expansion_terms(db, relevant, s.fb_terms, [&](const std::string& term) {
        return is_feedback_term(term) && !own.count(term);
    });
    if (eset.empty()) return Xapian::Query();
    const double strongest = eset.front().second;
    std::vector<Xapian::Query> terms;
    for (const auto& [term, weight] : eset) {
        terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term),
                           s.fb * weight / strongest);
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::unique_ptr<Xapian::Weight> builtin_weighting() {
    const RankingSettings& s = ranking_settings();
    if (s.scheme == "ineb2") return std::make_unique<Xapian::IneB2Weight>(s.c);
    if (s.scheme == "bm25") {
        return std::make_unique<Xapian::BM25Weight>(s.k1, kK2, kK3, s.b, kMinNormLen);
    }
    return weighting();
}

}  // namespace newsdesk::searcher
