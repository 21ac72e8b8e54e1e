#include "ingest/encoding.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "newsdesk/internal/text.hpp"

namespace newsdesk::ingest {

namespace {

// Windows-1252 for 0x80-0x9F; 0 where the byte is undefined.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017d, 0,      0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178};

char32_t cp1252(unsigned char c) {
    if (c < 0x80 || c >= 0xa0) return c;
    char32_t cp = kCp1252High[c - 0x80];
    return cp ? cp : 0xfffd;
}

// Length of the valid UTF-8 sequence starting at p (1-4), or 0 when it is not one.
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
    unsigned char c = *p;
    if (c < 0x80) return 1;
    std::size_t n;
    std::uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
        n = 2;
        cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3;
        cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (static_cast<std::size_t>(end - p) < n) return 0;
    for (std::size_t i = 1; i < n; ++i) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return n;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_cp1252_label(std::string_view label) {
    static constexpr std::string_view kLabels[] = {
        "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",       "latin-1",
        "l1",         "cp1252",    "x-cp1252",   "windows-1252", "cp819",
        "ibm819",     "us-ascii",  "ascii",      "iso-ir-100",   "csisolatin1"};
    std::string l = lower_ascii(text::trim(label));
    return std::find(std::begin(kLabels), std::end(kLabels), l) != std::end(kLabels);
}

bool is_utf8_label(std::string_view label) {
    std::string l = lower_ascii(text::trim(label));
    return l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8";
}

// Converts with ICU; false when ICU does not know `charset`. Bad bytes become U+FFFD.
bool icu_convert(std::string_view bytes, const std::string& charset, std::string& out) {
    UErrorCode ec = U_ZERO_ERROR;
    std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(charset.c_str(), &ec),
                                                            ucnv_close);
    if (U_FAILURE(ec) || !conv) return false;
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX / 2)) return false;
    icu::UnicodeString u;
    int32_t cap = static_cast<int32_t>(bytes.size()) + 1;
    char16_t* buf = u.getBuffer(cap);
    int32_t len =
        ucnv_toUChars(conv.get(), buf, cap, bytes.data(), static_cast<int32_t>(bytes.size()), &ec);
    u.releaseBuffer(U_SUCCESS(ec) ? len : 0);
    if (U_FAILURE(ec)) return false;
    out.clear();
    u.toUTF8String(out);
    return true;
}

// Valid sequences kept; each byte that starts no valid sequence decoded as Windows-1252.
std::string repair_utf8(std::string_view bytes, bool keep_valid_sequences) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    while (p < end) {
        if (*p < 0x80) {
            out += static_cast<char>(*p++);
            continue;
        }
        std::size_t n = keep_valid_sequences ? utf8_sequence(p, end) : 0;
        if (n) {
            out.append(reinterpret_cast<const char*>(p), n);
            p += n;
        } else {
            append_utf8(out, cp1252(*p++));
        }
    }
    return out;
}

const std::unordered_map<std::string_view, char32_t>& named_refs() {
    static const auto* table = [] {
        auto* m = new std::unordered_map<std::string_view, char32_t>();
        // HTML 4's Latin-1 block, U+00A0..U+00FF in order.
        static constexpr std::string_view kLatin1[] = {
            "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",
            "uml",    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",
            "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",  "para",   "middot",
            "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest",
            "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
            "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",
            "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",
            "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",
            "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
            "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
            "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
            "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};
        for (std::size_t i = 0; i < std::size(kLatin1); ++i)
            m->emplace(kLatin1[i], static_cast<char32_t>(0xa0 + i));
        // Greek capitals U+0391..U+03A9 (no U+03A2) and small letters U+03B1..U+03C9.
        static constexpr std::string_view kGreek[] = {
            "Alpha", "Beta",   "Gamma",   "Delta", "Epsilon", "Zeta",    "Eta",  "Theta", "Iota",
            "Kappa", "Lambda", "Mu",      "Nu",    "Xi",      "Omicron", "Pi",   "Rho",   "",
            "Sigma", "Tau",    "Upsilon", "Phi",   "Chi",     "Psi",     "Omega"};
        for (std::size_t i = 0; i < std::size(kGreek); ++i) {
            if (kGreek[i].empty()) continue;
            m->emplace(kGreek[i], static_cast<char32_t>(0x391 + i));
        }
        static constexpr std::string_view kGreekSmall[] = {
            "alpha", "beta",   "gamma",   "delta", "epsilon", "zeta",    "eta",  "theta", "iota",
            "kappa", "lambda", "mu",      "nu",    "xi",      "omicron", "pi",   "rho",   "sigmaf",
            "sigma", "tau",    "upsilon", "phi",   "chi",     "psi",     "omega"};
        for (std::size_t i = 0; i < std::size(kGreekSmall); ++i)
            m->emplace(kGreekSmall[i], static_cast<char32_t>(0x3b1 + i));
        static constexpr std::pair<std::string_view, char32_t> kOther[] = {
            {"quot", 34},     {"amp", 38},       {"apos", 39},     {"lt", 60},
            {"gt", 62},       {"OElig", 338},    {"oelig", 339},   {"Scaron", 352},
            {"scaron", 353},  {"Yuml", 376},     {"fnof", 402},    {"circ", 710},
            {"tilde", 732},   {"thetasym", 977}, {"upsih", 978},   {"piv", 982},
            {"ensp", 8194},   {"emsp", 8195},    {"thinsp", 8201}, {"zwnj", 8204},
            {"zwj", 8205},    {"lrm", 8206},     {"rlm", 8207},    {"ndash", 8211},
            {"mdash", 8212},  {"lsquo", 8216},   {"rsquo", 8217},  {"sbquo", 8218},
            {"ldquo", 8220},  {"rdquo", 8221},   {"bdquo", 8222},  {"dagger", 8224},
            {"Dagger", 8225}, {"bull", 8226},    {"hellip", 8230}, {"permil", 8240},
            {"prime", 8242},  {"Prime", 8243},   {"lsaquo", 8249}, {"rsaquo", 8250},
            {"oline", 8254},  {"frasl", 8260},   {"euro", 8364},   {"image", 8465},
            {"weierp", 8472}, {"real", 8476},    {"trade", 8482},  {"alefsym", 8501},
            {"larr", 8592},   {"uarr", 8593},    {"rarr", 8594},   {"darr", 8595},
            {"harr", 8596},   {"crarr", 8629},   {"lArr", 8656},   {"uArr", 8657},
            {"rArr", 8658},   {"dArr", 8659},    {"hArr", 8660},   {"forall", 8704},
            {"part", 8706},   {"exist", 8707},   {"empty", 8709},  {"nabla", 8711},
            {"isin", 8712},   {"notin", 8713},   {"ni", 8715},     {"prod", 8719},
            {"sum", 8721},    {"minus", 8722},   {"lowast", 8727}, {"radic", 8730},
            {"prop", 8733},   {"infin", 8734},   {"ang", 8736},    {"and", 8743},
            {"or", 8744},     {"cap", 8745},     {"cup", 8746},    {"int", 8747},
            {"there4", 8756}, {"sim", 8764},     {"cong", 8773},   {"asymp", 8776},
            {"ne", 8800},     {"equiv", 8801},   {"le", 8804},     {"ge", 8805},
            {"sub", 8834},    {"sup", 8835},     {"nsub", 8836},   {"sube", 8838},
            {"supe", 8839},   {"oplus", 8853},   {"otimes", 8855}, {"perp", 8869},
            {"sdot", 8901},   {"lceil", 8968},   {"rceil", 8969},  {"lfloor", 8970},
            {"rfloor", 8971}, {"lang", 9001},    {"rang", 9002},   {"loz", 9674},
            {"spades", 9824}, {"clubs", 9827},   {"hearts", 9829}, {"diams", 9830},
            {"QUOT", 34},     {"AMP", 38},       {"LT", 60},       {"GT", 62},
            {"nbhy", 8209},   {"hyphen", 8208},  {"dash", 8208},   {"horbar", 8213}};
        for (const auto& [name, cp] : kOther)
            m->emplace(name, cp);
        return m;
    }();
    return *table;
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_alpha(c) || is_digit(c);
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Decodes the reference starting at s[i] == '&'. On success appends it, sets `len` to the bytes
// consumed and returns true.
bool decode_one(std::string_view s, std::size_t i, std::string& out, std::size_t& len) {
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '#') {
        ++j;
        bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
        if (hex) ++j;
        std::size_t start = j;
        std::uint32_t cp = 0;
        while (j < s.size() && (hex ? is_hex(s[j]) : is_digit(s[j])) && j - start < 8) {
            char c = s[j];
            unsigned d = is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
            cp = cp * (hex ? 16 : 10) + d;
            ++j;
        }
        if (j == start || j >= s.size() || s[j] != ';') return false;
        if (cp >= 0x80 && cp < 0xa0) {
            cp = cp1252(static_cast<unsigned char>(cp));
        } else if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            cp = 0xfffd;
        }
        append_utf8(out, cp);
        len = j + 1 - i;
        return true;
    }
    std::size_t start = j;
    while (j < s.size() && is_alnum(s[j]) && j - start < 10)
        ++j;
    if (j == start || j >= s.size() || s[j] != ';') return false;
    const auto& table = named_refs();
    auto it = table.find(s.substr(start, j - start));
    if (it == table.end()) return false;
    append_utf8(out, it->second);
    len = j + 1 - i;
    return true;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
    Xapian::Unicode::append_utf8(out, static_cast<unsigned>(cp));
}

// The length of an incomplete UTF-8 sequence ending `bytes` (a file cut off inside a character),
// 0 when there is none.
std::size_t incomplete_tail(std::string_view bytes) {
    const std::size_t n = bytes.size();
    for (std::size_t k = 1; k <= 3 && k <= n; ++k) {
        const auto c = static_cast<unsigned char>(bytes[n - k]);
        if ((c & 0xc0) == 0x80) continue;  // a continuation byte: look further back
        const std::size_t need = c >= 0xf0 && c <= 0xf4   ? 4
                                 : c >= 0xe0 && c <= 0xef ? 3
                                 : c >= 0xc2 && c <= 0xdf ? 2
                                                          : 0;
        return need > k ? k : 0;
    }
    return 0;
}

Decoded to_utf8(std::string_view bytes, std::string_view declared) {
    Decoded d;
    auto starts = [&](std::string_view bom) { return bytes.substr(0, bom.size()) == bom; };
    if (starts("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
        declared = "UTF-8";
    } else if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
        const char* cs = starts("\xFF\xFE") ? "UTF-16LE" : "UTF-16BE";
        if (icu_convert(bytes.substr(2), cs, d.text)) {
            d.encoding = cs;
            return d;
        }
    }
    if (text::is_valid_utf8(bytes)) {
        d.text.assign(bytes);
        d.encoding = "UTF-8";
        return d;
    }
    // Cut off inside its last character, and UTF-8 before it (with at least one character that
    // is not ASCII to say so, however few): UTF-8 without the cut one ("Zürich" stays "Zürich",
    // not "ZÃ¼rich"). A lone "café" at the end of an ASCII file stays Windows-1252.
    const std::size_t cut = incomplete_tail(bytes);
    const std::string_view head = bytes.substr(0, bytes.size() - cut);
    if (cut && text::is_valid_utf8(head) &&
        std::any_of(head.begin(), head.end(), [](char c) { return (c & 0x80) != 0; })) {
        d.text.assign(head);
        d.encoding = "UTF-8 (repaired)";
        return d;
    }
    if (!declared.empty() && !is_cp1252_label(declared) && !is_utf8_label(declared)) {
        std::string cs(text::trim(declared));
        if (icu_convert(bytes, cs, d.text)) {
            d.encoding = cs;
            return d;
        }
    }
    // Count valid multi-byte sequences against bytes that start none.
    std::size_t valid = 0, invalid = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    while (p < end) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        std::size_t n = utf8_sequence(p, end);
        if (n) {
            ++valid;
            p += n;
        } else {
            ++invalid;
            ++p;
        }
    }
    const bool mostly_utf8 = valid > invalid || is_utf8_label(declared);
    d.text = repair_utf8(bytes, mostly_utf8);
    d.encoding = mostly_utf8 ? "UTF-8 (repaired)" : "windows-1252";
    return d;
}

bool has_char_refs(std::string_view s) noexcept {
    for (std::size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
        if (i + 1 < s.size() && (s[i + 1] == '#' || is_alpha(s[i + 1])) &&
            s.find(';', i) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

std::string decode_char_refs(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t amp = s.find('&', i);
        if (amp == std::string_view::npos) {
            out.append(s.substr(i));
            break;
        }
        out.append(s.substr(i, amp - i));
        std::size_t len = 0;
        if (decode_one(s, amp, out, len)) {
            i = amp + len;
        } else {
            out += '&';
            i = amp + 1;
        }
    }
    return out;
}

std::string normalize_text(std::string s) {
    // Pass 1: line ends and control characters, in place.
    bool non_ascii = false;
    std::size_t w = 0;
    const std::size_t n = s.size();
    for (std::size_t r = 0; r < n; ++r) {
        auto c = static_cast<unsigned char>(s[r]);
        if (c >= 0x20 && c != 0x7f) {
            if (c >= 0x80) {
                non_ascii = true;
                // U+0080..U+009F (C2 80..C2 9F) and U+FEFF (EF BB BF) are dropped.
                if (c == 0xc2 && r + 1 < n && static_cast<unsigned char>(s[r + 1]) < 0xa0) {
                    ++r;
                    continue;
                }
                if (c == 0xef && r + 2 < n && static_cast<unsigned char>(s[r + 1]) == 0xbb &&
                    static_cast<unsigned char>(s[r + 2]) == 0xbf) {
                    r += 2;
                    continue;
                }
            }
            s[w++] = static_cast<char>(c);
        } else if (c == '\n' || c == '\t') {
            s[w++] = static_cast<char>(c);
        } else if (c == '\r') {
            s[w++] = '\n';
            if (r + 1 < n && s[r + 1] == '\n') ++r;
        } else if (c == '\f' || c == '\v') {
            s[w++] = '\n';
        }
    }
    s.resize(w);
    if (!non_ascii) return s;

    UErrorCode ec = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(ec);
    if (U_FAILURE(ec) || !nfc) return s;
    icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
    if (nfc->isNormalizedUTF8(piece, ec) || U_FAILURE(ec)) return s;
    ec = U_ZERO_ERROR;
    std::string out;
    out.reserve(s.size());
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
    nfc->normalizeUTF8(0, piece, sink, nullptr, ec);
    return U_SUCCESS(ec) ? out : s;
}

}  // namespace newsdesk::ingest
