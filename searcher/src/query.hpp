// From the user's query text and filters to a Xapian query, following common's schema.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace newsdesk::searcher {

struct ParsedQuery {
    Xapian::Query query;  ///< what is matched and ranked
    Xapian::Query terms;  ///< the plain-text part, for highlighting
    std::string note;     ///< set when the query had to be read literally
};

class QueryBuilder {
  public:
    explicit QueryBuilder(const Xapian::Database& db);

    /// Parses `text`. Several words: articles holding all of them rank above those holding
    /// only some, which are still returned. Throws UsageError for an empty query, or one with
    /// nothing searchable in it.
    ParsedQuery parse(const std::string& text, const std::vector<std::string>& filters);

    const Xapian::Stem& stemmer() const { return stemmer_; }

  private:
    Xapian::Query parse_with(const std::string& text, unsigned flags, Xapian::Query::op op);
    Xapian::Query filter_query(const std::vector<std::string>& filters) const;

    Xapian::Stem stemmer_;
    Xapian::QueryParser parser_;
};

}  // namespace newsdesk::searcher
