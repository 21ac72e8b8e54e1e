// Filters that forgive (issue 12): an entity filter naming one word of a name ("person:Blair")
// finds the archive's one entity of note with that word, or the answer says which values exist.
//
// Decided at query time, over the facet table of the database being read: whether "Blair" is
// the archive's one Blair of note depends on the whole archive, which every indexing run changes,
// so the stored values keep what each article wrote (docs/ENTITIES.md).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "facet_spy.hpp"
#include "newsdesk/searcher.hpp"

namespace newsdesk::searcher {

struct ResolvedFilters {
    std::vector<std::string> filters;           ///< the request's, plus resolved values
    std::vector<FilterSuggestion> suggestions;  ///< for filters that match no article
    std::string note;                           ///< what was resolved or suggested, for people
};

/// Resolves the entity filters of `filters` ("type:value", as SearchRequest::filters) against
/// `db` and its facet `table`:
/// - a one-word person value ("Blair") whose word is the first or last word of full names in
///   the archive, one of which has at least three times the articles of any other, is taken as
///   that name too ("person:Blair" also finds "Tony Blair"), said in the note;
/// - otherwise a value no article carries gets suggestions: the values of that type having the
///   value as a word, most articles first (at most five), and the note says
///   `no person "Blair"; did you mean person:"Tony Blair" (154)?`.
/// Malformed filters are left for the query builder to reject.
ResolvedFilters resolve_entity_filters(const Xapian::Database& db, const FacetTable& table,
                                       const std::vector<std::string>& filters);

}  // namespace newsdesk::searcher
