// Features of the named-entity tagger: hashed, per token, over a sentence.
//
// For each token the featurizer writes 64-bit feature keys (hashing.hpp's feature_key of a
// template id and a value): the word and its neighbours, word shape, affixes, capitalisation in
// context, whether the word is a lowercase-dominant common word, and gazetteer membership with the
// token's position in the matched name. The keys index the model's weights; the set of templates
// and their ids are part of the model format (kFeatureVersion).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lexicon.hpp"
#include "tokenizer.hpp"

namespace newsdesk::entities {

/// Bumped whenever a feature template changes meaning: a model trained with another version is
/// refused at load time.
inline constexpr std::uint32_t kFeatureVersion = 5;

/// Capitalisation classes of a token.
enum class Cap : std::uint8_t {
    punct,    ///< no letters or digits
    number,   ///< digits, no letters
    lower,    ///< first letter lowercase: "troops", "iPhone"
    title,    ///< first letter uppercase, some lowercase: "Choe", "McDonald"
    upper,    ///< two or more letters, all uppercase: "NATO", "U.S."
    initial,  ///< one uppercase letter: "F", "F."
};

/// What the featurizer knows of one token; computed once per token.
struct TokenInfo {
    std::uint64_t lower = 0;  ///< hash of the lowercase form
    std::uint64_t shape = 0;  ///< hash of the compressed shape ("Xx-x", "X.X.", "d,d")
    std::uint64_t prefix[4] = {};
    std::uint64_t suffix[4] = {};
    std::uint32_t gaz =
        0;  ///< 3 bits per Gaz class: 0 none, 1 whole name, 2 begin, 3 inside, 4 end
    Cap cap = Cap::punct;
    bool common = false;      ///< lowercase-dominant word (Lexicon::is_common_word)
    std::uint8_t hyphen = 0;  ///< hyphenated word: 1 + case of its last part * 2 + common last part
    bool start = false;       ///< first token of its sentence
};

/// Reusable buffers of one caller (one thread): no allocation per token once warmed up.
struct FeatureScratch {
    std::vector<TokenInfo> info;
    std::vector<std::uint64_t> keys;     ///< feature keys of all tokens of the sentence
    std::vector<std::uint32_t> offsets;  ///< token i's keys: [offsets[i], offsets[i+1])
    std::string lower, shape;
};

class Featurizer {
  public:
    explicit Featurizer(const Lexicon& lexicon) : lex_(lexicon) {}

    /// Computes token infos and feature keys of the sentence `toks[0..n)` into `s`.
    void sentence(const Token* toks, std::size_t n, FeatureScratch& s) const;

    /// Gazetteer position of token info `t` for class `c` (0 none, 1 whole, 2 begin, 3 in, 4 end).
    static unsigned gaz_position(const TokenInfo& t, Gaz c) noexcept {
        return (t.gaz >> (3 * static_cast<unsigned>(c))) & 7u;
    }

    const Lexicon& lexicon() const noexcept { return lex_; }

  private:
    void token_info(const Token& tok, FeatureScratch& s, TokenInfo& out) const;
    void mark_gazetteers(std::size_t n, FeatureScratch& s) const;

    const Lexicon& lex_;
};

}  // namespace newsdesk::entities
