#include "tokenizer.hpp"

#include <xapian.h>

#include <cstring>

namespace newsdesk::entities {

unsigned decode_utf8(std::string_view s, std::size_t i, std::size_t& len) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        len = 1;
        return b0;
    }
    auto cont = [&](std::size_t k) -> int {
        if (i + k >= s.size()) return -1;
        const auto b = static_cast<unsigned char>(s[i + k]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    len = 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        const int c1 = cont(1);
        if (c1 < 0) return 0xFFFD;
        len = 2;
        return ((b0 & 0x1Fu) << 6) | unsigned(c1);
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const int c1 = cont(1), c2 = c1 < 0 ? -1 : cont(2);
        if (c2 < 0) return 0xFFFD;
        const unsigned cp = ((b0 & 0x0Fu) << 12) | (unsigned(c1) << 6) | unsigned(c2);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
        len = 3;
        return cp;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const int c1 = cont(1), c2 = c1 < 0 ? -1 : cont(2), c3 = c2 < 0 ? -1 : cont(3);
        if (c3 < 0) return 0xFFFD;
        const unsigned cp =
            ((b0 & 0x07u) << 18) | (unsigned(c1) << 12) | (unsigned(c2) << 6) | unsigned(c3);
        if (cp < 0x10000 || cp > 0x10FFFF) return 0xFFFD;
        len = 4;
        return cp;
    }
    return 0xFFFD;
}

char char_class(unsigned cp) noexcept {
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z') return 'l';
        if (cp >= 'A' && cp <= 'Z') return 'u';
        if (cp >= '0' && cp <= '9') return 'd';
        return 0;
    }
    if (cp == 0xAD) return 'm';  // soft hyphen: invisible, part of the word it breaks
    using Xapian::Unicode::get_category;
    switch (get_category(cp)) {
        case Xapian::Unicode::UPPERCASE_LETTER:
        case Xapian::Unicode::TITLECASE_LETTER:
            return 'u';
        case Xapian::Unicode::LOWERCASE_LETTER:
        case Xapian::Unicode::MODIFIER_LETTER:
        case Xapian::Unicode::OTHER_LETTER:
            return 'l';
        case Xapian::Unicode::DECIMAL_DIGIT_NUMBER:
            return 'd';
        case Xapian::Unicode::NON_SPACING_MARK:
        case Xapian::Unicode::ENCLOSING_MARK:
        case Xapian::Unicode::COMBINING_SPACING_MARK:
            return 'm';
        default:
            return 0;
    }
}

namespace {

bool is_space(unsigned cp) noexcept {
    switch (cp) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case '\f':
        case '\v':
        case 0xA0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x3000:
        case 0x200B:
        case 0x200C:
        case 0x200D:
        case 0x2060:
        case 0xFEFF:
            return true;
        default:
            return cp >= 0x2000 && cp <= 0x200A;
    }
}

bool is_apostrophe(unsigned cp) noexcept {
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}
bool is_hyphen(unsigned cp) noexcept {
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}
bool is_word(char cls) noexcept {
    return cls != 0;
}

/// ASCII replacement of a typographic punctuation code point, or nullptr to keep it.
const char* fold_of(unsigned cp) noexcept {
    switch (cp) {
        case 0x2018:
        case 0x2019:
        case 0x201B:
        case 0x02BC:
        case 0x2032:
            return "'";
        case 0x201C:
        case 0x201D:
        case 0x201E:
        case 0x201F:
        case 0x00AB:
        case 0x00BB:
        case 0x2033:
            return "\"";
        case 0x2010:
        case 0x2011:
        case 0x2012:
        case 0x2013:
        case 0x2014:
        case 0x2015:
        case 0x2212:
            return "-";
        case 0x2026:
            return "...";
        default:
            return nullptr;
    }
}

/// Abbreviations whose final period belongs to the word (CoNLL keeps "Mr." and "Gen." whole).
bool is_abbreviation(std::string_view w) noexcept {
    static constexpr std::string_view kAbbrev[] = {
        "mr",   "mrs",  "ms",   "dr",     "prof", "gen",  "maj",  "col",  "lt",   "sgt",
        "capt", "cpl",  "sen",  "rep",    "gov",  "pres", "st",   "jr",   "sr",   "inc",
        "corp", "co",   "ltd",  "bros",   "no",   "jan",  "feb",  "mar",  "apr",  "jun",
        "jul",  "aug",  "sep",  "sept",   "oct",  "nov",  "dec",  "mt",   "ft",   "rev",
        "hon",  "adm",  "cmdr", "messrs", "mme",  "mlle", "plc",  "dept", "univ", "assn",
        "ave",  "blvd", "rd",   "esq",    "gov",  "brig", "supt", "insp", "det",  "cdr"};
    // Capitalised only: a lowercase "no." or "co." more likely ends a sentence.
    if (w.empty() || w.size() > 6 || !(w[0] >= 'A' && w[0] <= 'Z')) return false;
    char low[8];
    for (std::size_t i = 0; i < w.size(); ++i) {
        const char c = w[i];
        if (static_cast<unsigned char>(c) >= 0x80) return false;
        low[i] = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    }
    const std::string_view lw(low, w.size());
    for (std::string_view a : kAbbrev)
        if (a == lw) return true;
    return false;
}

class Scanner {
  public:
    Scanner(std::string_view text, std::vector<Token>& out, std::string& arena)
        : s_(text), out_(out), arena_(arena) {}

    void run();

  private:
    unsigned at(std::size_t i, std::size_t& len) const noexcept {
        if (i >= s_.size()) {
            len = 0;
            return 0;
        }
        return decode_utf8(s_, i, len);
    }
    char cls_at(std::size_t i) const noexcept {
        std::size_t len;
        return i < s_.size() ? char_class(at(i, len)) : 0;
    }
    std::size_t scan_word(std::size_t i);
    std::size_t scan_url(std::size_t i) const;
    std::size_t contraction_end(std::size_t apos) const noexcept;
    bool modifier_suffix_at(std::size_t i) const noexcept;
    void emit(std::size_t start, std::size_t end);

    std::string_view s_;
    std::vector<Token>& out_;
    std::string& arena_;
    bool boundary_ = true;      // the next token starts a sentence
    bool after_final_ = false;  // the last token ended a sentence ('.', '!', '?')
};

// Where a contraction or possessive starting at the apostrophe `apos` ends ("'s", "'re", "'ve",
// "'ll", "'d", "'m", and "t" for n't), or 0 when the apostrophe is not one.
std::size_t Scanner::contraction_end(std::size_t apos) const noexcept {
    std::size_t alen;
    at(apos, alen);
    std::size_t j = apos + alen;
    std::size_t k = j;
    while (k < s_.size() && k - j < 3) {
        const char c = s_[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
        ++k;
    }
    if (k == j || is_word(cls_at(k))) return 0;
    std::string_view suf = s_.substr(j, k - j);
    char low[3];
    for (std::size_t i = 0; i < suf.size(); ++i)
        low[i] = char(suf[i] | 0x20);
    const std::string_view l(low, suf.size());
    if (l == "s" || l == "re" || l == "ve" || l == "ll" || l == "d" || l == "m" || l == "t")
        return k;
    return 0;
}

// True when a lowercase modifier ("led", "backed", "born", "style") starts at `i` and is followed
// by a non-word character.
bool Scanner::modifier_suffix_at(std::size_t i) const noexcept {
    std::size_t k = i;
    while (k < s_.size() && s_[k] >= 'a' && s_[k] <= 'z')
        ++k;
    if (k == i || is_word(cls_at(k)) || k - i > 12) return false;
    const std::string_view w = s_.substr(i, k - i);
    if (w.size() < 3) return false;
    if (w.size() > 3 && w.substr(w.size() - 2) == "ed") return true;
    for (std::string_view m : {"led", "born", "run", "style", "made", "era", "type", "like", "wide",
                               "free", "bound", "friendly", "speaking", "held", "built"})
        if (w == m) return true;
    return false;
}

std::size_t Scanner::scan_url(std::size_t i) const {
    auto starts = [&](std::string_view p) {
        if (s_.size() - i < p.size()) return false;
        for (std::size_t k = 0; k < p.size(); ++k)
            if ((s_[i + k] | 0x20) != p[k]) return false;
        return true;
    };
    if (!starts("http://") && !starts("https://") && !starts("www.")) return 0;
    std::size_t j = i;
    while (j < s_.size()) {
        std::size_t len;
        const unsigned cp = at(j, len);
        if (is_space(cp) || cp == '"' || cp == '<' || cp == '>' || fold_of(cp)) break;
        j += len;
    }
    // Trailing sentence punctuation is not part of the address.
    while (j > i && (s_[j - 1] == '.' || s_[j - 1] == ',' || s_[j - 1] == ')' || s_[j - 1] == ';'))
        --j;
    return j;
}

// Scans a word starting at `i` (a letter, digit or mark); returns its end.
std::size_t Scanner::scan_word(std::size_t i) {
    if (std::size_t u = scan_url(i)) return u;
    std::size_t j = i;
    std::size_t seg_start = i;  // start of the current dot-separated segment
    bool dotted = true;         // every segment so far is one letter ("U.S")
    while (j < s_.size()) {
        std::size_t len;
        const unsigned cp = at(j, len);
        const char c = char_class(cp);
        if (is_word(c)) {
            j += len;
            continue;
        }
        // A connector continues the word only between word characters.
        std::size_t nlen;
        const char prev = j > i ? cls_at(j - 1) : 0;  // ASCII is enough for these tests
        const unsigned next_cp = at(j + len, nlen);
        const char next = j + len < s_.size() ? char_class(next_cp) : 0;
        if (!is_word(next)) break;
        if (is_hyphen(cp)) {
            // "Un-led", "U.S.-backed": a capitalised word with a modifier suffix is cut before the
            // hyphen so the name can be tagged on its own; "Son-hui" stays whole.
            if (cls_at(i) == 'u' && modifier_suffix_at(j + len)) return j;
            j += len;
            continue;
        }
        if (is_apostrophe(cp)) {
            if (contraction_end(j) != 0) {
                // "n't": the n belongs to the contraction when something precedes it.
                std::size_t alen;
                at(j, alen);
                const char t = s_[j + alen] | 0x20;
                if (t == 't' && j - 1 > i && (s_[j - 1] | 0x20) == 'n') return j - 1;
                if (t == 't') {  // "n't" on its own, or "can't" cut before the n already
                    j = contraction_end(j);
                    continue;
                }
                return j;
            }
            j += len;  // O'Brien, d'Ivoire
            continue;
        }
        if (cp == '.') {
            const bool one_letter = j - seg_start == 1 && (prev == 'u' || prev == 'l');
            dotted = dotted && one_letter;
            if ((dotted && (next == 'u' || next == 'l')) || (prev == 'd' && next == 'd')) {
                j += len;
                seg_start = j;
                continue;
            }
            break;
        }
        if ((cp == ',' || cp == ':' || cp == '/') && prev == 'd' && next == 'd') {
            j += len;
            continue;
        }
        if (cp == '&' && prev == 'u' && next == 'u') {
            j += len;
            continue;
        }
        if (cp == '@' && prev != 0) {  // an e-mail address: to the next space
            while (j < s_.size()) {
                const unsigned e = at(j, len);
                if (is_space(e) || e == '>' || e == ')' || e == ',') break;
                j += len;
            }
            while (j > i && s_[j - 1] == '.')
                --j;
            return j;
        }
        break;
    }
    // A final period belongs to "U.S.", "F." and "Mr.".
    if (j < s_.size() && s_[j] == '.') {
        const std::string_view w = s_.substr(i, j - i);
        const bool initials = dotted && seg_start > i && j - seg_start == 1;
        const bool initial = w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z';
        if (initials || initial || is_abbreviation(w)) ++j;
    }
    return j;
}

void Scanner::emit(std::size_t start, std::size_t end) {
    Token t;
    t.start = static_cast<std::uint32_t>(start);
    t.end = static_cast<std::uint32_t>(end);
    t.sentence_start = boundary_;
    boundary_ = false;
    // Fold typographic punctuation; most tokens are plain and view the source.
    const std::string_view raw = s_.substr(start, end - start);
    bool plain = true;
    for (char ch : raw)
        if (static_cast<unsigned char>(ch) >= 0x80) {
            plain = false;
            break;
        }
    if (plain) {
        t.norm = raw;
    } else {
        const std::size_t from = arena_.size();
        bool changed = false;
        for (std::size_t k = 0; k < raw.size();) {
            std::size_t len;
            const unsigned cp = decode_utf8(raw, k, len);
            if (const char* f = fold_of(cp)) {
                arena_.append(f);
                changed = true;
            } else {
                arena_.append(raw.data() + k, len);
            }
            k += len;
        }
        if (changed) {
            t.norm = std::string_view(arena_.data() + from, arena_.size() - from);
        } else {
            arena_.resize(from);
            t.norm = raw;
        }
    }
    out_.push_back(t);
}

void Scanner::run() {
    std::size_t i = 0;
    while (i < s_.size()) {
        std::size_t len;
        const unsigned cp = at(i, len);
        if (is_space(cp)) {
            // A blank line always ends a sentence; a single line break does unless the next
            // line continues in lowercase (hard-wrapped prose).
            int newlines = 0;
            std::size_t j = i;
            unsigned c = cp;
            std::size_t l = len;
            while (j < s_.size() && is_space(c)) {
                if (c == '\n') ++newlines;
                j += l;
                if (j < s_.size()) c = at(j, l);
            }
            if (newlines >= 2 || (newlines == 1 && j < s_.size() && char_class(c) != 'l'))
                boundary_ = true;
            i = j;
            continue;
        }
        const char c = char_class(cp);
        std::size_t end;
        if (is_word(c)) {
            end = scan_word(i);
        } else if (is_apostrophe(cp) && !out_.empty() && out_.back().end == i &&
                   contraction_end(i) != 0) {
            end = contraction_end(i);  // possessive 's after a word
        } else if (cp == '.' || cp == '-' || cp == '!' || cp == '?') {
            end = i + 1;  // runs: "...", "--", "?!"
            while (end < s_.size() && (s_[end] == s_[i] || (cp != '.' && cp != '-' &&
                                                            (s_[end] == '!' || s_[end] == '?'))))
                ++end;
        } else {
            end = i + len;
        }
        const bool final_punct =
            cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;  // also "..." and "…"
        const bool closer = cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D ||
                            cp == 0x2019 || cp == 0xBB;
        if (after_final_ && !final_punct && !closer && c != 'l') boundary_ = true;
        if (!final_punct && !closer) after_final_ = false;
        emit(i, end);
        if (final_punct) after_final_ = true;
        i = end;
    }
}

}  // namespace

void tokenize(std::string_view text, std::vector<Token>& out, std::string& arena) {
    out.clear();
    arena.clear();
    if (text.size() >= 0xFFFFFFFFu) text = text.substr(0, 0xFFFFFFFEu);
    arena.reserve(text.size());  // folding never lengthens: views into the arena stay valid
    out.reserve(text.size() / 5 + 16);
    Scanner(text, out, arena).run();
}

std::string fold_word(std::string_view word) {
    std::string out;
    out.reserve(word.size());
    bool changed = false;
    for (std::size_t k = 0; k < word.size();) {
        std::size_t len;
        const unsigned cp = decode_utf8(word, k, len);
        if (const char* f = fold_of(cp)) {
            out += f;
            changed = true;
        } else {
            out.append(word.data() + k, len);
        }
        k += len;
    }
    return changed ? out : std::string(word);
}

}  // namespace newsdesk::entities
