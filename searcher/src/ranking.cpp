#include "ranking.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stopwords.hpp"

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
            s.scheme = value;
        } else if (key == "k1") {
            s.k1 = number();
        } else if (key == "b") {
            s.b = number();
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
    return Xapian::Query(
        Xapian::Query::OP_SCALE_WEIGHT,
        in_fixed_order(Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end())), s.prox);
}

// `q` with the weights of `extra` added one after the other, in this order (in_fixed_order).
Xapian::Query chained(Xapian::Query q, const std::vector<Xapian::Query>& extra) {
    for (const auto& e : extra) {
        if (!e.empty()) q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, e);
    }
    return q;
}

std::vector<Xapian::Query> subqueries(const Xapian::Query& q) {
    std::vector<Xapian::Query> out;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        out.push_back(q.get_subquery(i));
    return out;
}

// `q`, ordered with the boosts; matches exactly what `q` matches.
Xapian::Query boosted(const Xapian::Query& q, const RankedQuery& r) {
    return chained(q, {r.title, r.lead, r.proximity});
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
    const Xapian::Query title = in_fixed_order(title_words(words, stem));
    out.title = headline_boost(title, s);
    out.lead = lead_boost(title, s);
    out.proximity = proximity_terms(words, s);
    const Xapian::Query any =
        boosted(in_fixed_order(without_stopword_weight(parts.any, words)), out);
    if (parts.all.get_description() == parts.any.get_description() ||
        words.content.size() > s.max_all_words_tier) {
        out.query = any;
        return out;
    }
    out.all_words = in_fixed_order(without_stopwords(parts.all, words));
    out.tier_scale = kPartialMatchScale;
    out.query =
        Xapian::Query(Xapian::Query::OP_OR, boosted(out.all_words, out),
                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, any, kPartialMatchScale));
    return out;
}

std::unique_ptr<Xapian::Weight> weighting() {
    const RankingSettings& s = ranking_settings();
    if (s.scheme == "dlh") return std::make_unique<Xapian::DLHWeight>();
    if (s.scheme == "dph") return std::make_unique<Xapian::DPHWeight>();
    if (s.scheme == "pl2") return std::make_unique<Xapian::PL2Weight>();
    if (s.scheme == "inl2") return std::make_unique<Xapian::InL2Weight>();
    if (s.scheme == "ifb2") return std::make_unique<Xapian::IfB2Weight>();
    if (s.scheme == "ineb2") return std::make_unique<Xapian::IneB2Weight>();
    if (s.scheme == "bb2") return std::make_unique<Xapian::BB2Weight>();
    if (s.scheme == "lm") return std::make_unique<Xapian::LMWeight>();
    return std::make_unique<Xapian::BM25Weight>(s.k1, kK2, kK3, s.b, kMinNormLen);
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
    std::vector<std::pair<std::string, double>> scored;
    for (const auto& [term, st] : stats) {
        const double termfreq = db.get_termfreq(term);  // the whole database's, every shard's
        const double other_relevant = rsize - st.relevant;
        const double other_holding = termfreq - st.relevant;
        double tw = (st.relevant + 0.5) * (size - rsize - other_holding + 0.5) /
                    ((other_relevant + 0.5) * (other_holding + 0.5));
        if (tw < 2) tw = tw * 0.5 + 1;
        const double weight = std::log(tw) * st.multiplier;
        if (weight > 0) scored.emplace_back(term, weight);
    }
    const std::size_t kept = std::min(scored.size(), count);
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(kept),
                      scored.end(), [](const auto& x, const auto& y) {
                          return x.second != y.second ? x.second > y.second : x.first < y.first;
                      });
    scored.resize(kept);
    return scored;
}

Xapian::Query in_fixed_order(const Xapian::Query& q) {
    using Q = Xapian::Query;
    const auto op = q.get_type();
    if (q.get_num_subqueries() < 2) return q;
    std::vector<Q> subs = subqueries(q);
    switch (op) {
        case Q::OP_OR:
        case Q::OP_AND: {
            for (auto& sub : subs)
                sub = in_fixed_order(sub);
            if (subs.size() < 3) return Q(op, subs.begin(), subs.end());
            return chained(Q(Q::OP_SCALE_WEIGHT, Q(op, subs.begin(), subs.end()), 0.0), subs);
        }
        case Q::OP_PHRASE:
        case Q::OP_NEAR:
            // The weight of a phrase is its words' weights: added here, in order.
            if (subs.size() < 3) return q;
            return chained(Q(Q::OP_SCALE_WEIGHT, q, 0.0), subs);
        case Q::OP_FILTER:
        case Q::OP_AND_NOT: {
            // Only the first part is weighed.
            subs[0] = in_fixed_order(subs[0]);
            return Q(op, subs.begin(), subs.end());
        }
        case Q::OP_AND_MAYBE: {
            // The first part decides the matches; the others are added (as an OR, were they
            // left together).
            Q first = in_fixed_order(subs[0]);
            subs.erase(subs.begin());
            for (auto& sub : subs)
                sub = in_fixed_order(sub);
            return chained(first, subs);
        }
        default:
            return q;
    }
}

Xapian::Query with_feedback(const Xapian::Query& query, const Xapian::Query& feedback) {
    if (feedback.empty()) return query;
    if (feedback.get_type() != Xapian::Query::OP_OR) {
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, feedback);
    }
    return chained(query, subqueries(feedback));
}

Xapian::doccount exact_ranking(const Xapian::Database& db, std::size_t shards) {
    // With InEB2, Xapian 1.4's matcher also skips such documents on one shard (BBC business,
    // `--like dd48f1db9aa6738c`: an article weighing 19.55 left out of a top 10 that ends at
    // 16.41), though each term's bound holds; BM25's and BB2's skipping was not seen to err.
    const bool skips_wrongly = shards > 1 || ranking_settings().scheme == "ineb2";
    return skips_wrongly ? db.get_doccount() : 0;
}

Xapian::Query feedback(const Xapian::Database& db, const Xapian::Query& query,
                       const RankedQuery& ranked, Xapian::doccount check_at_least) {
    const RankingSettings& s = ranking_settings();
    if (s.fb <= 0 || s.fb_docs == 0 || s.fb_terms == 0 || ranked.content_words < s.fb_min_words) {
        return Xapian::Query();
    }
    Xapian::Enquire first(db);
    first.set_query(query);
    first.set_weighting_scheme(*weighting());
    Xapian::MSet top = first.get_mset(0, s.fb_docs, check_at_least);
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
    return std::make_unique<Xapian::BM25Weight>(kK1, kK2, kK3, kB, kMinNormLen);
}

}  // namespace newsdesk::searcher
