// Why a result ranks where it does: its score split into parts (SearchRequest::explain).
#pragma once

#include <xapian.h>

#include <vector>

#include "newsdesk/searcher.hpp"
#include "ranking.hpp"

namespace newsdesk::searcher {

/// The queries whose weights add up to a result's score.
struct ScoreSources {
    const RankedQuery* ranked = nullptr;  ///< the words, headline, proximity and tier
    Xapian::Query feedback;               ///< feedback terms (empty: none)
    Xapian::Query recency;                ///< the recency bonus (empty: none)
    /// The scheme the results were weighed with (Engine: Xapian's built-in one on remote shards);
    /// weighting() when null.
    const Xapian::Weight* weight = nullptr;
};

/// Each document's score parts, in `page` order: every query word's share, then headline,
/// proximity, feedback, recency, and "other" for what the parts do not account for of
/// `scores` (the documents' scores). Parts worth nothing are left out. One small match per
/// part, over the page's documents only.
std::vector<std::vector<ScorePart>> explain(const Xapian::Database& db, const ScoreSources& sources,
                                            const std::vector<Xapian::docid>& page,
                                            const std::vector<double>& scores);

}  // namespace newsdesk::searcher
