#include "explain.hpp"

#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>

#include "newsdesk/internal/schema.hpp"

namespace newsdesk::searcher {

namespace {

// The page's articles, by their id terms: a filter that holds for the same articles whatever the
// shards (a match decider on several shards is handed each document with its shard's own id).
Xapian::Query page_filter(const Xapian::Database& db, const std::vector<Xapian::docid>& page) {
    const std::string prefix(schema::kId);
    std::vector<Xapian::Query> ids;
    for (const Xapian::docid docid : page) {
        Xapian::TermIterator t = db.termlist_begin(docid);
        t.skip_to(prefix);
        if (t != db.termlist_end(docid) && (*t).rfind(prefix, 0) == 0) ids.emplace_back(*t);
    }
    return Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end());
}

// Each page document's weight for `query` (0 when it does not match), as the ranking weighs it.
std::unordered_map<Xapian::docid, double> weights(const Xapian::Database& db,
                                                  const Xapian::Query& query,
                                                  const std::vector<Xapian::docid>& page,
                                                  const Xapian::Query& on_page,
                                                  const Xapian::Weight& scheme) {
    std::unordered_map<Xapian::docid, double> out;
    if (query.empty()) return out;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, on_page));
    enquire.set_weighting_scheme(scheme);
    // Every match weighed: only the page's articles match, and no bound may skip one of them.
    const auto size = static_cast<Xapian::doccount>(page.size());
    Xapian::MSet mset = enquire.get_mset(0, size, size);
    for (auto it = mset.begin(); it != mset.end(); ++it)
        out[*it] = it.get_weight();
    return out;
}

}  // namespace

std::vector<std::vector<ScorePart>> explain(const Xapian::Database& db, const ScoreSources& sources,
                                            const std::vector<Xapian::docid>& page,
                                            const std::vector<double>& scores) {
    std::vector<std::vector<ScorePart>> out(page.size());
    if (page.empty()) return out;
    const Xapian::Query on_page = page_filter(db, page);
    const std::unique_ptr<Xapian::Weight> own = sources.weight ? nullptr : weighting();
    const Xapian::Weight& scheme = sources.weight ? *sources.weight : *own;
    std::vector<double> scale(page.size(), 1.0);
    if (sources.ranked && !sources.ranked->all_words.empty()) {
        // The all-words tier: an article holding every word counts its parts once in the tier
        // and tier_scale times beside it; one holding only some, tier_scale times.
        const auto leading = weights(db, sources.ranked->all_words, page, on_page, scheme);
        for (std::size_t i = 0; i < page.size(); ++i) {
            scale[i] = (leading.count(page[i]) ? 1.0 : 0.0) + sources.ranked->tier_scale;
        }
    }
    auto add = [&](const std::string& part, const std::string& term, const Xapian::Query& query,
                   bool tiered) {
        const auto w = weights(db, query, page, on_page, scheme);
        for (std::size_t i = 0; i < page.size(); ++i) {
            auto found = w.find(page[i]);
            if (found == w.end() || found->second == 0) continue;
            out[i].push_back({part, term, found->second * (tiered ? scale[i] : 1.0)});
        }
    };
    if (sources.ranked) {
        for (const auto& [term, word] : sources.ranked->word_terms)
            add("word", word, Xapian::Query(term), true);
        add("headline", "", sources.ranked->title, true);
        add("lead", "", sources.ranked->lead, true);
        add("proximity", "", sources.ranked->proximity, true);
    }
    add("feedback", "", sources.feedback, false);
    add("recency", "", sources.recency, false);
    for (std::size_t i = 0; i < page.size(); ++i) {
        double sum = 0;
        for (const auto& p : out[i])
            sum += p.score;
        const double rest = (i < scores.size() ? scores[i] : 0.0) - sum;
        if (std::abs(rest) > 1e-6 * std::max(1.0, std::abs(sum))) {
            out[i].push_back({"other", "", rest});
        }
    }
    return out;
}

}  // namespace newsdesk::searcher
