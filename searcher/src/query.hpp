// From the user's query text and filters to a Xapian query, following common's schema.
#pragma once

#include <xapian.h>

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "newsdesk/internal/schema.hpp"
#include "newsdesk/searcher.hpp"
#include "ranking.hpp"
#include "term_freqs.hpp"

namespace newsdesk::searcher {

struct ParsedQuery {
    Xapian::Query query;   ///< what is matched and ranked
    Xapian::Query match;   ///< the same matches without the ranking structure (for counting)
    Xapian::Query terms;   ///< the plain-text part, for highlighting
    Xapian::Query filter;  ///< boolean restrictions (facets, dates, story), may be empty
    std::string note;      ///< a remark for the reader
    /// Set when the query has 2 to kMaxAllWordsTier words (stopwords aside) ORed by default: the
    /// same as `query` and `match` restricted to articles holding every word. The engine answers
    /// with these when any article does, and counts the rest apart (SearchResults::total_partial).
    Xapian::Query all_query, all_match;
    /// Set for a natural-language question (more than kMaxAllWordsTier words, stopwords aside):
    /// its words ORed, each scoring exactly 1 under Xapian::CoordWeight (a word's forms, such as
    /// an alias's spellings or a wildcard's expansions, are one word), and how many of them an
    /// article must hold to count as a result: half, rounded up. The list still holds every
    /// article `match` matches, ranked by all the words; those holding fewer are counted apart
    /// (SearchResults::total_partial).
    Xapian::Query question_words;
    Xapian::termcount most_words = 0;
    RankedQuery ranked;  ///< the words' ranking query, for feedback (empty without words)
};

/// Per query: at most this many wildcards (troop*), which together stand for at most
/// kWildcardTerms words (the most frequent of each wildcard's expansions, shared evenly).
constexpr std::size_t kMaxWildcards = 8;
constexpr Xapian::termcount kWildcardTerms = 100;

class QueryBuilder {
  public:
    explicit QueryBuilder(const Xapian::Database& db);

    /// Parses request.query and applies request.filters, since, until and story. Several words:
    /// articles holding all of them rank above those holding only some, which are still
    /// returned. Throws UsageError for an empty query (without filters), a bad filter or date,
    /// or more than kMaxWildcards wildcards.
    ParsedQuery parse(const SearchRequest& request);

    const Xapian::Stem& stemmer() const { return stemmer_; }

    /// For an entity facet's value typed in the query ("person:Blair"): the other values of that
    /// facet it also finds, as a --filter of the same value would (entity_filters.hpp). Values
    /// are ORed with the typed one. Unset (the default): the typed value alone.
    using FacetResolver =
        std::function<std::vector<std::string>(const schema::Facet&, const std::string& value)>;
    void set_facet_resolver(FacetResolver resolver) { *resolver_ = std::move(resolver); }

    /// Where the parser finds term frequencies (term_freqs.hpp; unset, the default: the
    /// database). Must outlive its use.
    void set_term_freqs(const TermFreqs* freqs) { freqs_ = freqs; }

  private:
    Xapian::Query parse_with(const std::string& text, unsigned flags, Xapian::Query::op op);
    Xapian::Query filter_query(const SearchRequest& request) const;
    /// A word's unstemmed term (body or text field) as its stemmed "Z" term: the indexer stems
    /// every word whatever its case, the parser only words typed in lower case, so "Elections"
    /// would find only "elections". `leaf` itself when the stem is not indexed (an unknown word,
    /// for the spelling suggestion) or the term is no word (a filter's).
    Xapian::Query stemmed(const std::string& term, const Xapian::Query& leaf) const;
    /// `q` with each unstemmed word term stemmed(), but for `quoted` words (that form only).
    Xapian::Query any_case(const Xapian::Query& q,
                           const std::unordered_set<std::string>& quoted) const;
    /// `q` without the stopwords among the alternatives of its ANDs and ORs (not in phrases),
    /// unless nothing else is left. `acronyms`: words typed in capitals, never stopwords (WHO).
    Xapian::Query without_stopwords(const Xapian::Query& q,
                                    const std::unordered_set<std::string>& acronyms) const;
    bool is_stop_leaf(const Xapian::Query& q,
                      const std::unordered_set<std::string>& acronyms) const;

    /// `q` with each wildcard replaced by its expansions over the whole database (query.cpp).
    Xapian::Query expand_wildcards(const Xapian::Query& q) const;
    Xapian::Query expand_wildcards(const Xapian::Query& q, std::size_t limit) const;

    Xapian::Database db_;  ///< shares the engine's view (a reopen moves both)
    Xapian::Stem stemmer_;
    Xapian::QueryParser parser_;
    /// A field processor's error during parse_query(), raised once it returned.
    std::shared_ptr<std::exception_ptr> field_error_;
    /// Shared with the facet field processors the parser owns.
    std::shared_ptr<FacetResolver> resolver_;
    const TermFreqs* freqs_ = nullptr;
};

/// "YYYY-MM-DD" (also "YYYYMMDD", "YYYY-MM", "YYYY") as the YYYYMMDD bound of a date range:
/// the first day of a month or year for a lower bound, the last for an upper bound.
/// Throws UsageError naming `what` for anything else.
std::string date_bound(const std::string& date, bool upper, const char* what);

}  // namespace newsdesk::searcher
