// How matching articles are ordered by relevance: the weighting scheme and the shape of the
// ranked query. Tuned on the TIME test collection (bench/relevance/); see
// bench/relevance/RESULTS.md.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

namespace newsdesk::searcher {

/// What the query parser made of the user's text, before ranking is applied.
struct QueryParts {
    Xapian::Query any;  ///< the text with OR between words (every article matching some word)
    Xapian::Query all;  ///< the text with AND between words (same as `any` for one word)
    std::vector<std::string> words;  ///< plain query words in order, lower case, unstemmed
};

/// The query that orders the matches: BM25 over the words, plus a boost for query words in the
/// headline; stopwords match but carry no weight. With up to four words (stopwords not counted),
/// articles matching every word come first, then those matching some; longer queries
/// (natural-language questions) are ranked by BM25 alone. Matches exactly the documents
/// `parts.any` matches. `stem` is the query's stemmer (not thread-safe: the caller's own).
Xapian::Query ranked_query(const QueryParts& parts, const Xapian::Stem& stem);

/// Queries of up to this many distinct words (stopwords not counted) rank articles holding all of
/// them first; longer ones read as natural-language questions.
inline constexpr std::size_t kMaxAllWordsTier = 4;

/// The weighting scheme for relevance order (BM25 with newsdesk's parameters). Thread-safe;
/// the caller owns the result.
std::unique_ptr<Xapian::Weight> weighting();

}  // namespace newsdesk::searcher
