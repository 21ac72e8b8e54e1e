// From the user's query text and filters to a Xapian query, following common's schema.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "newsdesk/searcher.hpp"

namespace newsdesk::searcher {

struct ParsedQuery {
    Xapian::Query query;   ///< what is matched and ranked
    Xapian::Query match;   ///< the same matches without the ranking structure (for counting)
    Xapian::Query terms;   ///< the plain-text part, for highlighting
    Xapian::Query filter;  ///< boolean restrictions (facets, dates, story), may be empty
    std::string note;      ///< set when the query had to be read literally
};

class QueryBuilder {
  public:
    explicit QueryBuilder(const Xapian::Database& db);

    /// Parses request.query and applies request.filters, since, until and story. Several words:
    /// articles holding all of them rank above those holding only some, which are still
    /// returned. Throws UsageError for an empty query (without filters), a bad filter or date.
    ParsedQuery parse(const SearchRequest& request);

    const Xapian::Stem& stemmer() const { return stemmer_; }

  private:
    Xapian::Query parse_with(const std::string& text, unsigned flags, Xapian::Query::op op);
    Xapian::Query filter_query(const SearchRequest& request) const;

    Xapian::Stem stemmer_;
    Xapian::QueryParser parser_;
};

/// "YYYY-MM-DD" (also "YYYYMMDD", "YYYY-MM", "YYYY") as the YYYYMMDD bound of a date range:
/// the first day of a month or year for a lower bound, the last for an upper bound.
/// Throws UsageError naming `what` for anything else.
std::string date_bound(const std::string& date, bool upper, const char* what);

}  // namespace newsdesk::searcher
