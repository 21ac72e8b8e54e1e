// "Did you mean": corrections for query words the database does not know.
#pragma once

#include <xapian.h>

#include <string>

namespace newsdesk::searcher {

/// Edit distance (insertions, deletions, substitutions, adjacent transpositions) between `a`
/// and `b`, or `limit + 1` as soon as it must exceed `limit`.
unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit);

/// The query with each word that matches no article replaced by the most frequent indexed word
/// within a small edit distance ("Kursck troops" -> "Kursk troops"), keeping the query's
/// operators, quotes, fields and capitalisation. Empty when there is nothing to correct.
std::string suggest(const Xapian::Database& db, const Xapian::Stem& stemmer,
                    const std::string& query);

}  // namespace newsdesk::searcher
