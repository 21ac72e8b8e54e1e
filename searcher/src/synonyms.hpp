// Query-side synonyms from the alias table (data/aliases.txt, the one the entity extractor uses):
// a query word or phrase that is a whole spelling of an entity ("DPRK", "U.S.", "North Korea")
// also matches the entity's other spellings, each a term or a phrase ("DPRK" finds articles that
// say "North Korea"). Editing data/aliases.txt and rebuilding changes both sides.
//
// The expansion rewrites the query the parser made, so no synonym table is needed in the
// database. It is bounded: only a whole spelling is expanded (a single term, a quoted phrase, or
// a run of consecutive words of one AND/OR), never a part of one, and a word typed in lower case
// only when it has at least four letters ("us" and "un" are words; "US" and "UN" are aliases).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "newsdesk/entities.hpp"

namespace newsdesk::searcher {

/// True for operators that only combine their subqueries (AND, OR, FILTER, SYNONYM...), whose
/// term leaves may be rewritten one by one; false for positional (NEAR, PHRASE) and parametrised
/// ones (SCALE_WEIGHT, wildcards, value ranges), whose leaves must stay as they are.
bool is_combining(Xapian::Query::op op);

class Synonyms {
  public:
    /// From an alias table; spellings are split into words as the indexer splits text, and
    /// `stemmer` is the query parser's (stemmed query terms are "Z" + stem).
    Synonyms(const std::vector<AliasEntry>& table, const Xapian::Stem& stemmer);

    /// The synonyms of newsdesk::alias_table() with the English stemmer, built once. Its const
    /// members may be called from several threads at once (each with its own stemmer).
    static const Synonyms& builtin();

    /// `query` (as Xapian::QueryParser made it) with each whole spelling of an entity replaced by
    /// OP_SYNONYM of itself and the entity's other spellings. Under OP_OR, a run of words that
    /// spells an entity keeps its words and gains the other spellings beside them. Field terms
    /// (title:, person:, ...) and queries the parser builds with parameters (NEAR, wildcards,
    /// weight scaling) are left as they are. `stemmer` is the parser's, the same language as the
    /// constructor's; a Xapian::Stem is not thread-safe, so each thread passes its own.
    Xapian::Query expand(const Xapian::Query& query, const Xapian::Stem& stemmer) const;

    /// expand() for the highlighter: spellings with a stopword ("Republic of Korea") are left
    /// out, so that matching them does not mark every "of" in a snippet.
    Xapian::Query expand_for_highlighting(const Xapian::Query& query,
                                          const Xapian::Stem& stemmer) const;

  private:
    using Words = std::vector<std::string>;
    struct Group {
        std::vector<Words> spellings;   ///< distinct word sequences, canonical first
        std::vector<std::string> keys;  ///< key_of each spelling
        std::vector<bool> has_stopword;
    };

    struct Pass {
        const Xapian::Stem& stem;
        bool highlighting = false;  ///< leave out spellings with a stopword
        bool changed = false;       ///< something was expanded
    };
    Xapian::Query rewrite(const Xapian::Query& query, Pass& pass) const;
    Xapian::Query rewrite_children(const Xapian::Query& query, Pass& pass) const;
    /// The stem key of a plain word term (unstemmed or "Z"-stemmed), or "" for a field's term.
    static std::string word_key(const std::string& term, const Xapian::Stem& stem);
    /// OP_SYNONYM of `original` and the group's spellings other than `matched`.
    Xapian::Query synonym(const Xapian::Query& original, std::size_t group,
                          const std::string& matched, const Pass& pass) const;
    std::vector<Xapian::Query> alternatives(std::size_t group, const std::string& matched,
                                            const Pass& pass) const;
    static std::string key_of(const Words& words, const Xapian::Stem& stem);

    std::vector<Group> groups_;
    /// Single-word spellings: the unstemmed term, and "Z" + stem for words of 4+ letters.
    std::unordered_map<std::string, std::size_t> single_;
    /// Multi-word spellings by key_of (stems joined by spaces).
    std::unordered_map<std::string, std::size_t> multi_;
    std::size_t longest_ = 0;  ///< words in the longest multi-word spelling
};

}  // namespace newsdesk::searcher
