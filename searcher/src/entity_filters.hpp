// Filters that forgive (issue 12): an entity filter naming one word of a name ("person:Blair")
// finds the archive's one entity of note with that word, or the answer says which values exist.
//
// Decided at query time, over the facet table of the database being read: whether "Blair" is
// the archive's one Blair of note depends on the whole archive, which every indexing run changes,
// so the stored values keep what each article wrote (docs/ENTITIES.md).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <vector>

#include "facet_spy.hpp"
#include "newsdesk/searcher.hpp"

namespace newsdesk::searcher {

/// A key left out of the facet lists (lone_name_targets).
inline constexpr std::uint32_t kLeftOut = std::numeric_limits<std::uint32_t>::max();

/// How the facet lists count one-word person names ("Bush", "Mr Blair" of an article naming no
/// full Blair): for each key of `names` (of facet `types[key]`, with `articles[key]` articles),
/// the key it is counted as. A one-word person name is counted as the archive's one full person
/// name with that first or last word when that name has at least three times the articles of any
/// other such name; it stays itself when it has at least as many articles as all those full
/// names together ("Reagan"), or none shares its word (a mononym: "Ronaldo"); it is left out
/// (kLeftOut) when several full names share the word and none is of note. Other keys are
/// themselves.
std::vector<std::uint32_t> lone_name_targets(const std::deque<std::string>& names,
                                             const std::vector<std::uint8_t>& types,
                                             std::size_t person_type,
                                             const std::vector<std::uint32_t>& articles);

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
