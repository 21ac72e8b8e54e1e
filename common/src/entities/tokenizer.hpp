// Tokenisation of running text into CoNLL-like words with byte spans.
//
// The tagger was trained on CoNLL-2003 / GMB tokens, so raw text is cut the same way: punctuation
// split off, possessive 's and n't split, abbreviations ("U.S.", "Mr.", "Maj.") and hyphenated
// words ("Son-hui") kept whole, numbers with separators ("10,000", "3.5") kept whole. Typographic
// punctuation is folded in each token's `norm` form (’ → ', “ ” → ", – — → -) so that features
// see what the training data spelt; spans still index the original bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdesk::entities {

/// One token: a word or punctuation mark of the source text.
struct Token {
    std::uint32_t start = 0;      ///< byte offset of the token in the source text
    std::uint32_t end = 0;        ///< byte offset one past its last byte
    std::string_view norm;        ///< folded form; views the source text or the arena
    bool sentence_start = false;  ///< first token of a sentence (or of a paragraph)
};

/// The tokens of `text`, appended to `out` in order (`out` is cleared first). Folded forms that
/// differ from the source bytes are written to `arena`, which is cleared and reserved here so that
/// it never reallocates: the tokens' `norm` views stay valid while `text` and `arena` live and
/// are unchanged. Texts of 4 GiB or more are cut there (spans are 32-bit).
void tokenize(std::string_view text, std::vector<Token>& out, std::string& arena);

/// The folded form of one word as the tokenizer would write it (for training corpora whose
/// words come pre-tokenised). Returns `word` itself when nothing needs folding.
std::string fold_word(std::string_view word);

/// Decodes one UTF-8 code point at `s[i]`; sets `len` to its byte length (1 for an invalid byte,
/// which decodes as U+FFFD).
unsigned decode_utf8(std::string_view s, std::size_t i, std::size_t& len) noexcept;

/// Letter case of a code point: 'u' upper/titlecase letter, 'l' lowercase or other letter,
/// 'd' decimal digit, 'm' combining mark, 0 for anything else.
char char_class(unsigned cp) noexcept;

}  // namespace newsdesk::entities
