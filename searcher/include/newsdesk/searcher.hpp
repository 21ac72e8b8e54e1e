// newsdesk/searcher.hpp — ranked search over a newsdesk database.
//
// A Searcher opens a database read-only (it never takes the writer's lock) and answers
// SearchRequests with SearchResults: ranked hits with highlighted snippets and facet counts.
//
// Errors: the constructor throws DatabaseError when the database cannot be opened; search()
// throws UsageError for an empty or unusable query or a bad parameter, DatabaseError when the
// database breaks underneath. A query that finds nothing is an ordinary, empty result.
// Thread-safety: a Searcher must not be used by two threads at once; open one per thread (they
// are cheap) or guard it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdesk/article.hpp"

namespace newsdesk {

/// Result order.
enum class SortOrder {
    relevance,        ///< BM25 relevance (the default)
    date,             ///< newest first, relevance breaking ties
    newest_relevant,  ///< relevance plus a recency bonus that halves every 30 days
};

/// "relevance", "date", "newest-relevant"; throws UsageError for anything else.
SortOrder parse_sort_order(const std::string& name);
const char* to_string(SortOrder order) noexcept;

struct SearchRequest {
    std::string query;       ///< the user's query, in newsdesk's query language
    std::size_t offset = 0;  ///< results to skip
    std::size_t limit = 10;  ///< results to return
    /// Facet filters "type:value" ("person:Choe Son Hui", "place:Kursk", "source:AP").
    /// Values of one type are ORed, different types ANDed.
    std::vector<std::string> filters;
    std::size_t facet_limit = 10;  ///< values per facet type; 0 leaves facets out
    /// Per facet type ("person"): values to list instead of facet_limit ("show more").
    std::map<std::string, std::size_t> facet_limits;
    /// Per facet type: list only values with a word starting with this (case-insensitive:
    /// "bl" finds "Tony Blair"). Counts stay exact: they are still over every matching article.
    std::map<std::string, std::string> facet_prefixes;
    std::size_t snippet_bytes = 200;  ///< approximate snippet length
    std::string since;                ///< "YYYY-MM-DD": only articles dated on or after this day
    std::string until;                ///< "YYYY-MM-DD": only articles dated on or before this day
    SortOrder sort = SortOrder::relevance;
    /// One result per story (the best-ranked article stands for it). Facet counts are over
    /// articles either way.
    bool collapse = true;
    std::string story;  ///< list the articles of this story id (no collapsing; newest first)
    std::string like;   ///< list articles related to this article id, outside its own story
    /// When the query as typed finds nothing and a spelling correction exists, answer the
    /// correction instead (saying so in SearchResults::note).
    bool autocorrect = true;
    /// Stop counting matches after this long since the request started (0: no limit); the page of
    /// results is still ranked in full. When the limit stopped the count, SearchResults::note
    /// says so and the counts are lower bounds.
    unsigned time_limit_ms = 0;
    /// On a cluster (docs/CLUSTER.md): fail with DatabaseError when a shard cannot be reached,
    /// instead of answering from the others (SearchResults::missing_shards).
    bool require_all_shards = false;
    bool explain = false;  ///< fill Hit::explain: each result's score split into its parts
};

struct FacetValue {
    std::string value;
    std::size_t count = 0;
};

/// A filter the searcher proposes for one that matches no article ("person:Blair" →
/// person:"Tony Blair").
struct FilterSuggestion {
    std::string filter;      ///< "type:value", value quoted when it has spaces
    std::size_t count = 0;   ///< articles with that value in the whole archive
    std::string instead_of;  ///< the request's filter it stands for
};

/// How many matching articles fall in each day, week, month or year (see SearchResults::dates).
struct DateBucket {
    std::string start;           ///< "YYYY-MM-DD", first day of the bucket
    std::string end;             ///< "YYYY-MM-DD", last day of the bucket
    std::size_t count = 0;       ///< matching articles dated in the bucket
    std::size_t file_dates = 0;  ///< of those, dated only by their file's time
};

struct DateHistogram {
    std::string interval;             ///< "day", "week", "month" or "year"; empty: no dates
    std::vector<DateBucket> buckets;  ///< contiguous, oldest first, empty buckets included
    std::size_t undated = 0;          ///< matching articles with no date at all
    std::size_t file_dates = 0;       ///< matching articles dated only by their file's time
};

/// The story an article belongs to: copies and rewrites of one report.
struct StoryRef {
    std::string id;
    std::size_t size = 0;              ///< articles in the story
    std::vector<std::string> sources;  ///< their outlets, distinct, in order of first seen
    /// Stories of other events about the same people (a verdict after a hearing), linked at
    /// index time rather than merged: their ids, sorted.
    std::vector<std::string> related;
};

/// One part of a result's score (SearchRequest::explain). The parts of a hit sum to its score.
struct ScorePart {
    /// "word": one query word's BM25 share (`term` names it); "headline": query words in the
    /// article's own headline; "lead": query words in the first sentence of an article without
    /// a headline; "proximity": query words close together; "feedback": words of
    /// the best matches added to the query; "recency": newest-relevant's bonus for a recent
    /// article; "other": what the rest of the query adds (phrases, synonyms' spellings, fields).
    std::string part;
    std::string term;  ///< for "word": the word as typed (or the spelling a synonym added)
    double score = 0;
};

struct Hit {
    std::size_t rank = 0;  ///< 1-based, counting from the first result overall
    std::string id;        ///< stable article id
    std::string path;
    std::string title;
    /// The title HTML-escaped, matched words wrapped in <mark>…</mark> (as in `snippet`).
    std::string title_html;
    std::string date;  ///< "YYYY-MM-DD" or empty
    std::string date_source;
    std::string source;  ///< outlet or empty
    std::string url;
    std::string byline;
    std::string dateline;
    double score = 0;
    /// HTML-escaped text with matched terms wrapped in <mark>…</mark>.
    std::string snippet;
    /// Canonical entity names by type ("person", "org", "place").
    std::map<std::string, std::vector<std::string>> entities;
    std::optional<StoryRef> story;   ///< set when the article belongs to a story
    std::vector<ScorePart> explain;  ///< with SearchRequest::explain: the score's parts
};

/// A filter of the request, and what the query finds without it (see SearchResults).
struct FilterEffect {
    /// "person", "org", "place", "source" (a --filter type, its values together) or "date" (the
    /// --since/--until range).
    std::string type;
    std::string filter;       ///< as the reader gave it: "place:Kursk", "since 2024-01-01"
    std::size_t without = 0;  ///< results without this filter, counted as `total` is
};

struct SearchResults {
    std::string query;
    std::size_t total = 0;     ///< results: stories when collapsed, else articles (exact)
    std::size_t articles = 0;  ///< matching articles, before collapsing (exact)
    /// Results (counted as `total` is) that hold only some of the query's words: a query of two
    /// to four words (stopwords aside) counts the articles holding all of them when any do, and
    /// these apart; a question (question_words > 0) counts those holding half its words, and the
    /// rest apart. 0 otherwise.
    std::size_t total_partial = 0;
    /// The `total_partial` matches are listed too, after the results (relevance order: a short
    /// query's articles holding all its words come first; a question ranks all by its words).
    /// Not in date order or with the recency bonus: then only the results are listed.
    bool partial_listed = false;
    /// A natural-language question (five words or more, stopwords aside): its number of words,
    /// and how many of them (half, rounded up) an article holds to count in `total`, `articles`
    /// and the facets. Both 0 for other queries.
    std::size_t question_words = 0;
    std::size_t words_needed = 0;
    std::size_t offset = 0;
    std::size_t limit = 0;
    std::vector<Hit> hits;
    /// Facet type ("person", "org", "place", "source") -> values, count descending then name.
    std::map<std::string, std::vector<FacetValue>> facets;
    /// Facet type -> how many distinct values it has over the matches (those with the type's
    /// prefix, when one was asked for): more exist than `facets` lists when this is larger.
    std::map<std::string, std::size_t> facet_values;
    /// Matching articles by date (computed with the facets): their `date`, file times included
    /// and counted apart; what `since` and `until` filter on.
    DateHistogram dates;
    std::string note;        ///< a remark for the reader, e.g. that the query was parsed literally
    std::string suggestion;  ///< "Did you mean": the query with unknown words corrected
    bool corrected = false;  ///< the hits answer `suggestion`, as the query found nothing
    /// Entity filters that match no article, with the values they may have meant (the note
    /// says so too); a one-word person filter also takes the archive's one name of note with
    /// that word ("person:Blair" → "Tony Blair"), said in the note.
    std::vector<FilterSuggestion> filter_suggestions;
    /// The request's filters as the reader gave them ("place:Kursk", "since 2024-01-01"), in
    /// order: what a header names.
    std::vector<std::string> filters;
    /// Set when nothing matched and filters were given: each filter (a type's values together, or
    /// the date range) without which the query finds results; when no single one does, one entry
    /// for all of them together (type "all"). Empty when the query finds nothing even unfiltered.
    std::vector<FilterEffect> filter_removed;
    std::string story;   ///< the request's story id, when it listed a story
    std::string like;    ///< the request's article id, when it listed related articles
    double took_ms = 0;  ///< time spent answering, in milliseconds
    /// Counting stopped at the time limit: total, articles, facets and dates are lower bounds.
    bool partial = false;
    /// On a cluster: the shards that could not be reached ("remote 10.0.0.2:33333"); the answer
    /// is from the others, and `partial` is set.
    std::vector<std::string> missing_shards;
};

class Searcher {
  public:
    /// Opens the database at `db_dir` read-only. Throws DatabaseError.
    explicit Searcher(const std::string& db_dir);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    SearchResults search(const SearchRequest& request);

    /// The stored article with public id `id`, or nullopt when there is none.
    std::optional<Article> article(const std::string& id);

    /// Number of articles in the database.
    std::size_t size() const;

    /// The database revision this Searcher reads (grows with every commit of the indexer).
    std::uint64_t revision() const;

    /// Moves to the latest committed revision if the indexer has committed since (cheap when
    /// nothing changed; follows a rebuilt database too). Returns true when the view changed.
    bool refresh();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace newsdesk
