// "Did you mean": corrections for query words the archive does not hold in the form typed.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "term_freqs.hpp"

namespace newsdesk::searcher {

/// Edit distance (insertions, deletions, substitutions, adjacent transpositions) between `a`
/// and `b`, or `limit + 1` as soon as it must exceed `limit`.
unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit);

/// Whether `word` (lower case, letters a-z) is an English word: one of SCOWL's size-70 American
/// and British word lists (Debian's wamerican-large and wbritish-large), the names they hold
/// ("dublin", "mitterrand") included. The list is generated into the build and embedded in the
/// library (scripts/make-word-list.sh), so the searcher needs nothing beside the database.
bool is_english_word(std::string_view word);

/// How many words that list holds.
std::size_t english_word_count();

/// The words of the archive's entity names (people, organisations, places), each with the
/// articles naming an entity it is part of: "blair" -> the articles naming Tony Blair, Cherie
/// Blair... Built from the entity filter terms of a database view.
struct EntityWords {
    explicit EntityWords(const Xapian::Database& db);
    std::unordered_map<std::string, Xapian::doccount> articles;
};

struct Suggestion {
    /// The query with each word the archive does not hold replaced by its likeliest spelling
    /// ("Kursck troops" -> "Kursk troops"), operators, quotes, fields and capitals kept. Empty
    /// when there is nothing to correct.
    std::string query;
    /// Every word the archive does not hold was corrected, each to a word one edit away (two
    /// for long words) that many articles hold: safe to answer instead when the query as typed
    /// finds nothing. Never set when a word has no likely spelling at all ("xyzzyqq plugh"),
    /// nor when a corrected word is an English word or one the archive holds (see suggest()).
    bool confident = false;
};

/// Candidates are indexed words sharing the first letter, within one edit (words of up to four
/// letters) or two, ranked by how many articles hold them, a penalty per edit, and a bonus for
/// words mainly of entity names (`names`, may be null): "Blare" is "Blair" (a person in 169
/// articles, two edits), not "blame" (19 articles, one edit).
/// A word the archive holds in the form typed is corrected only when it looks like a typo of the
/// archive's own copy: no English word (is_english_word), five letters or more, held rarely, and
/// a known word (English, or mainly a name) of another stem is one edit away and held by 30 times
/// as many articles, or two edits away (words of eight letters or more) and held by 100 times as
/// many: "intrest" (1 article) is "interest" (1,845), "holes" (an English word) stays. A word
/// mainly of names the archive knows ("Fouad") is only offered another name ("found" is none).
/// Such a correction, and one of an English word the archive does not hold ("Blare"), is a
/// suggestion only, never confident.
/// `freqs`, when given, tells the words' frequencies (term_freqs.hpp) instead of `db`.
Suggestion suggest(const Xapian::Database& db, const Xapian::Stem& stemmer,
                   const std::string& query, const EntityWords* names = nullptr,
                   const TermFreqs* freqs = nullptr);

}  // namespace newsdesk::searcher
