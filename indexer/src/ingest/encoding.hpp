// Bytes to clean Unicode text: charset detection and conversion, character references, NFC.
//
// All functions are pure and thread-safe. None throws for bad input: undecodable bytes become
// U+FFFD or are decoded as Windows-1252, so the result is always valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace newsdesk::ingest {

struct Decoded {
    std::string text;      ///< valid UTF-8, byte-order mark removed
    std::string encoding;  ///< what the bytes were taken to be: "UTF-8", "windows-1252", ...
};

/// Converts `bytes` to UTF-8.
///  - A UTF-8, UTF-16LE or UTF-16BE byte-order mark decides.
///  - Valid UTF-8 is kept as it is (whatever `declared` says: a page declaring Latin-1 but holding
///    valid UTF-8 is nearly always mislabelled).
///  - Otherwise a charset `declared` by the document (an HTML meta tag) is used when ICU knows it
///    and it is not a Latin-1/Windows-1252 label.
///  - Otherwise the bytes are Windows-1252 (which HTML5 also uses for "ISO-8859-1"): 0x80-0x9F are
///    curly quotes, dashes, the euro sign..., not Latin-1's C1 controls. When most non-ASCII
///    sequences are valid UTF-8 (a UTF-8 file with a few stray bytes), only the invalid bytes are
///    decoded as Windows-1252 and the encoding is reported as "UTF-8 (repaired)".
Decoded to_utf8(std::string_view bytes, std::string_view declared = {});

/// Decodes HTML/SGML character references: named ("&amp;", "&eacute;", "&rsquo;"; the common
/// HTML set), decimal ("&#8217;") and hexadecimal ("&#x2019;"). Only references closed by ';'
/// are decoded; anything unknown is left as written. Numeric references to 0x80-0x9F are read as
/// Windows-1252 (as browsers do), to NUL, surrogates or beyond U+10FFFF as U+FFFD. References
/// to control characters (Reuters' "&#3;") decode to those characters: normalize_text() drops
/// them.
std::string decode_char_refs(std::string_view s);

/// True when `s` holds something decode_char_refs() would change (an '&' followed by '#' or a
/// letter and a later ';').
bool has_char_refs(std::string_view s) noexcept;

/// The last step for every text: line ends to "\n", control characters dropped (except tab and
/// newline; form feed becomes a newline), U+FEFF and C1 controls dropped, then NFC (ICU
/// Normalizer2). Input must be valid UTF-8; ASCII-only input takes a fast path.
std::string normalize_text(std::string s);

/// Appends the UTF-8 encoding of code point `cp` (U+FFFD for an invalid one).
void append_utf8(std::string& out, char32_t cp);

}  // namespace newsdesk::ingest
