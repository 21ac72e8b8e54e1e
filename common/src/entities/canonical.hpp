// From tags to entity mentions: span clean-up by rules of kind, display names, and the merging
// of variants within one text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aliases.hpp"
#include "features.hpp"
#include "lexicon.hpp"
#include "newsdesk/article.hpp"
#include "tokenizer.hpp"

namespace newsdesk::entities {

/// A text after tokenisation and tagging.
struct Document {
    std::string_view text;
    std::vector<Token> tokens;
    std::vector<TokenInfo> info;     ///< per token (features.hpp)
    std::string truecased;           ///< lowercased forms of headline words (Impl::analyse)
    std::vector<std::uint8_t> tags;  ///< per token, model.hpp Tag values
    std::string arena;               ///< folded token forms (tokenize)
};

/// One mention being built: a token range, the byte span (which may end inside the last token,
/// "Kim Jong Un" of "Un-led"), its type and names.
struct Candidate {
    std::size_t first = 0, last = 0;  ///< tokens [first, last)
    std::size_t start = 0, end = 0;   ///< bytes [start, end) of Document::text
    EntityType type = EntityType::person;
    std::string canonical;
    std::string key;        ///< text::entity_key(canonical)
    bool fixed = false;     ///< type and name come from the alias table or an acronym definition
    bool company = false;   ///< ends in a legal form ("Chrysler Corp"): an organisation
    bool work = false;      ///< right after a noun of a kind of work ("the film X"): misc
    bool employer = false;  ///< before a role and a person ("X analyst Jane Doe"): an organisation
    bool weak = false;      ///< a lone common word known as a name ("Read", "Young"): kept only if
                            ///< merging resolves it to a full person name in the same text
};

class Canonicaliser {
  public:
    Canonicaliser(const Lexicon& lexicon, const Aliases& aliases)
        : lex_(lexicon), aliases_(aliases) {}

    /// The PER/ORG/LOC mentions of a tagged document, spans cleaned (titles, trailing common
    /// words, punctuation and "-led" suffixes cut; weekdays, demonyms and lone common words
    /// dropped), each with the display name of its own spelling.
    std::vector<Candidate> mentions(const Document& doc) const;

    /// Merges variants within the document: acronyms defined in it, the type most mentions of
    /// a name have, short person names resolved to the full name, one spelling per entity.
    void merge(const Document& doc, std::vector<Candidate>& mentions) const;

    /// The display name of a mention or a user-typed value: typographic punctuation folded,
    /// spaces collapsed, person names spaced ("Son-hui" → "Son Hui"), all-caps names in title
    /// case, then the alias table and the gazetteers' spelling. May change `type` (aliases).
    std::string display_name(EntityType& type, std::string_view text, bool* fixed = nullptr) const;

  private:
    bool clean(const Document& doc, Candidate& c) const;
    /// A country by the gazetteers, or a place of the alias table (entity key).
    bool is_country_key(const std::string& key) const;
    /// Two or more countries joined by hyphens, and no place as a whole: "Russia-North Korea".
    bool joins_places(std::string_view text) const;
    std::uint16_t gaz_classes(const Document& doc, std::size_t first, std::size_t last) const;

    const Lexicon& lex_;
    const Aliases& aliases_;
};

/// Spelling normalisation used by display_name (no alias or gazetteer look-up).
std::string normalise_name(EntityType type, std::string_view text);

/// An organisation's name without its legal forms at the end: "Ford Motor Co Inc" -> "Ford
/// Motor", "Merrill Lynch and Co" -> "Merrill Lynch", "Chrysler Corp." -> "Chrysler". A name that
/// is a legal form alone is returned as it is.
std::string strip_legal_suffixes(std::string_view name);

}  // namespace newsdesk::entities
