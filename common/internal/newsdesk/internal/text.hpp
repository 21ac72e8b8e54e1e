// Small text utilities shared by the indexer and the searcher.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdesk::text {

/// 64-bit FNV-1a. Stable across platforms and releases: ids and content hashes are built on it.
std::uint64_t fnv1a64(std::string_view data) noexcept;

/// 16 lowercase hex digits of a 64-bit value.
std::string hex64(std::uint64_t v);

/// The public article id for an article key: 16 hex digits, stable across re-indexing.
std::string article_id(std::string_view key);

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

/// `s` made safe to print on one line of a terminal or a log: backslash, control characters
/// (C0, DEL, C1, U+2028/U+2029) and bytes that are not UTF-8 are written as \\, \n, \t, \r,
/// \xHH (a byte) or \uHHHH (a character); everything else is copied. A file named
/// "a<newline>newsdesk-index: fake" cannot forge a line, nor "\e[2J" clear a screen.
std::string printable(std::string_view s);

/// Folds typographic punctuation to ASCII for indexing and querying: curly apostrophes and quotes
/// to ' and ", dashes and Unicode hyphens to '-', no-break and other spaces to ' ', soft hyphens
/// and zero-width characters dropped. Everything else is copied unchanged.
std::string fold_punctuation(std::string_view s);

/// The key under which variants of one entity name meet: folded punctuation, case-folded,
/// hyphens and dots as word breaks removed ("Choe Son-hui" and "CHOE Son Hui" -> "choe son hui",
/// "U.S." -> "us"), runs of spaces collapsed.
std::string entity_key(std::string_view name);

/// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view s);
void append_html_escaped(std::string& out, std::string_view s);

/// Trims ASCII whitespace (and U+00A0) at both ends.
std::string_view trim(std::string_view s) noexcept;

/// Cuts `s` to at most `max_bytes` at a word boundary (never inside a UTF-8 sequence),
/// appending nothing. Returns `s` unchanged when it is short enough.
std::string_view cut_at_word(std::string_view s, std::size_t max_bytes) noexcept;

}  // namespace newsdesk::text
