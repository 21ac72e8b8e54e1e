#include "newsdesk/internal/text.hpp"

#include <xapian.h>

#include <cstdio>

namespace newsdesk::text {

std::uint64_t fnv1a64(std::string_view data) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : data) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::string hex64(std::uint64_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4)
        out[static_cast<std::size_t>(i)] = kDigits[v & 0xf];
    return out;
}

std::string article_id(std::string_view key) {
    return hex64(fnv1a64(key));
}

bool is_valid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int n;
        std::uint32_t cp;
        if ((c & 0xe0) == 0xc0) {
            n = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (end - p <= n) return false;
        for (int i = 1; i <= n; ++i) {
            if ((p[i] & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        p += n + 1;
    }
    return true;
}

namespace {

// What a code point folds to; nullptr when it is kept as is.
const char* fold_of(unsigned cp) noexcept {
    switch (cp) {
        case 0x2018:
        case 0x2019:
        case 0x201a:
        case 0x201b:
        case 0x2032:
        case 0x02bc:
        case 0xff07:
            return "'";
        case 0x201c:
        case 0x201d:
        case 0x201e:
        case 0x201f:
        case 0x2033:
        case 0x00ab:
        case 0x00bb:
            return "\"";
        case 0x2010:
        case 0x2011:
        case 0x2012:
        case 0x2013:
        case 0x2014:
        case 0x2015:
        case 0x2212:
        case 0xfe58:
        case 0xfe63:
        case 0xff0d:
            return "-";
        case 0x00a0:
        case 0x2002:
        case 0x2003:
        case 0x2004:
        case 0x2005:
        case 0x2006:
        case 0x2007:
        case 0x2008:
        case 0x2009:
        case 0x200a:
        case 0x202f:
        case 0x205f:
        case 0x3000:
            return " ";
        case 0x00ad:
        case 0x200b:
        case 0x200c:
        case 0x200d:
        case 0x2060:
        case 0xfeff:
            return "";
        default:
            return nullptr;
    }
}

}  // namespace

std::string printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [&](const char* prefix, std::uint32_t v, int digits) {
        char buf[12];
        std::snprintf(buf, sizeof buf, "%s%0*x", prefix, digits, static_cast<unsigned>(v));
        out += buf;
    };
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c == '\\') {
                out += "\\\\";
            } else if (c == '\n') {
                out += "\\n";
            } else if (c == '\t') {
                out += "\\t";
            } else if (c == '\r') {
                out += "\\r";
            } else if (c < 0x20 || c == 0x7f) {
                hex("\\x", c, 2);
            } else {
                out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        // The longest valid sequence starting here, if any.
        std::size_t n = (c & 0xe0) == 0xc0   ? 2
                        : (c & 0xf0) == 0xe0 ? 3
                        : (c & 0xf8) == 0xf0 ? 4
                                             : 0;
        if (n == 0 || i + n > s.size() || !is_valid_utf8(s.substr(i, n))) {
            hex("\\x", c, 2);
            ++i;
            continue;
        }
        std::uint32_t cp = c & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
        for (std::size_t k = 1; k < n; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
        if ((cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
            hex("\\u", cp, 4);
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    return out;
}

std::string fold_punctuation(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        Xapian::Utf8Iterator it(s.data() + i, s.size() - i);
        const std::size_t before = it.left();
        const unsigned cp = *it;
        ++it;
        const std::size_t len = before - it.left();
        if (const char* f = fold_of(cp)) {
            out += f;
        } else {
            out.append(s.data() + i, len);
        }
        i += len;
    }
    return out;
}

std::string entity_key(std::string_view name) {
    std::string folded = fold_punctuation(name);
    std::string out;
    out.reserve(folded.size());
    bool pending_space = false;
    for (Xapian::Utf8Iterator it(folded); it != Xapian::Utf8Iterator(); ++it) {
        unsigned cp = *it;
        if (cp == '.' || cp == '\'') continue;  // "U.S." -> "us", "O'Brien" -> "obrien"
        if (cp == '-' || cp == '_' || Xapian::Unicode::is_whitespace(cp) || cp == ',') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(cp));
    }
    return out;
}

void append_html_escaped(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    append_html_escaped(out, s);
    return out;
}

std::string_view trim(std::string_view s) noexcept {
    auto is_space = [](std::string_view v, std::size_t i, std::size_t& len) {
        unsigned char c = static_cast<unsigned char>(v[i]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            len = 1;
            return true;
        }
        if (c == 0xc2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0xa0) {
            len = 2;
            return true;
        }
        return false;
    };
    std::size_t len = 0;
    while (!s.empty() && is_space(s, 0, len))
        s.remove_prefix(len);
    while (!s.empty()) {
        unsigned char last = static_cast<unsigned char>(s.back());
        if (last == ' ' || last == '\t' || last == '\n' || last == '\r' || last == '\f' ||
            last == '\v') {
            s.remove_suffix(1);
        } else if (last == 0xa0 && s.size() >= 2 &&
                   static_cast<unsigned char>(s[s.size() - 2]) == 0xc2) {
            s.remove_suffix(2);
        } else {
            break;
        }
    }
    return s;
}

std::string_view cut_at_word(std::string_view s, std::size_t max_bytes) noexcept {
    if (s.size() <= max_bytes) return s;
    std::size_t cut = max_bytes;
    // Back off to a space; if there is none in a reasonable distance, to a character boundary.
    std::size_t space = s.rfind(' ', cut);
    if (space != std::string_view::npos && space >= max_bytes / 2) {
        cut = space;
    } else {
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80)
            --cut;
    }
    s = s.substr(0, cut);
    while (!s.empty() && (s.back() == ' ' || s.back() == ',' || s.back() == ';' ||
                          s.back() == ':' || s.back() == '-')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace newsdesk::text
