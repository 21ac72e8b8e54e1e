#include "ingest/metadata.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <vector>

#include "ingest/encoding.hpp"
#include "ingest/lines.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::ingest {

namespace {

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return lower(a) == lower(b);
}

bool istarts_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && iequals(s.substr(0, p.size()), p);
}

// Decodes one code point at s[i], advancing i; -1 for a malformed sequence.
UChar32 next_cp(std::string_view s, std::size_t& i) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    int32_t j = static_cast<int32_t>(i), n = static_cast<int32_t>(s.size());
    UChar32 c;
    U8_NEXT(p, j, n, c);
    i = static_cast<std::size_t>(j);
    return c;
}

// Length of a dash separator (ASCII '-', "--", en, em or horizontal bar) at s[i], else 0.
std::size_t dash_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    if (s[i] == '-') return (i + 1 < s.size() && s[i + 1] == '-') ? 2 : 1;
    std::string_view r = s.substr(i, 3);
    if (r == "\xE2\x80\x94" || r == "\xE2\x80\x93" || r == "\xE2\x80\x95") return 3;
    return 0;
}

std::string_view strip(std::string_view s, std::string_view chars) {
    while (!s.empty() && chars.find(s.front()) != std::string_view::npos)
        s.remove_prefix(1);
    while (!s.empty() && chars.find(s.back()) != std::string_view::npos)
        s.remove_suffix(1);
    return s;
}

// Removes leading/trailing spaces, dashes (any kind), parentheses, bars and bullets.
std::string_view strip_decoration(std::string_view s) {
    for (;;) {
        std::string_view before = s;
        s = strip(text::trim(s), " \t()[]|,;:*\xC2\xB7");
        if (dash_at(s, 0)) s.remove_prefix(dash_at(s, 0));
        if (s.size() >= 3) {
            std::string_view tail = s.substr(s.size() - 3);
            if (tail == "\xE2\x80\x94" || tail == "\xE2\x80\x93") s.remove_suffix(3);
        }
        if (!s.empty() && s.back() == '-') s.remove_suffix(1);
        if (s == before) return s;
    }
}

// Lower-case, folded, single-spaced key for outlet lookup.
std::string outlet_key(std::string_view name) {
    std::string k = line_key(strip_decoration(name));
    while (!k.empty() && (k.back() == '.' || k.back() == ' '))
        k.pop_back();
    return k;
}

const std::unordered_map<std::string, std::string>& outlets() {
    static const auto* table = [] {
        auto* m = new std::unordered_map<std::string, std::string>();
        static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
            {"ap", "AP"},
            {"a.p", "AP"},
            {"associated press", "AP"},
            {"the associated press", "AP"},
            {"ap news", "AP"},
            {"reuters", "Reuters"},
            {"reuter", "Reuters"},
            {"thomson reuters", "Reuters"},
            {"afp", "AFP"},
            {"agence france-presse", "AFP"},
            {"agence france presse", "AFP"},
            {"upi", "UPI"},
            {"united press international", "UPI"},
            {"bbc", "BBC"},
            {"the bbc", "BBC"},
            {"bbc news", "BBC"},
            {"bbc news online", "BBC"},
            {"cnn", "CNN"},
            {"dpa", "dpa"},
            {"deutsche presse-agentur", "dpa"},
            {"xinhua", "Xinhua"},
            {"xinhua news agency", "Xinhua"},
            {"yonhap", "Yonhap"},
            {"yonhap news agency", "Yonhap"},
            {"kyodo", "Kyodo News"},
            {"kyodo news", "Kyodo News"},
            {"kcna", "KCNA"},
            {"korean central news agency", "KCNA"},
            {"bloomberg", "Bloomberg"},
            {"bloomberg news", "Bloomberg"},
            {"ansa", "ANSA"},
            {"efe", "EFE"},
            {"pa", "PA Media"},
            {"pa media", "PA Media"},
            {"press association", "PA Media"},
            {"tass", "TASS"},
            {"ria novosti", "RIA Novosti"},
            {"interfax", "Interfax"},
            {"anadolu", "Anadolu"},
            {"anadolu agency", "Anadolu"},
            {"al jazeera", "Al Jazeera"},
            {"npr", "NPR"},
            {"cnbc", "CNBC"},
            {"abc news", "ABC News"},
            {"nbc news", "NBC News"},
            {"cbs news", "CBS News"},
            {"fox news", "Fox News"},
            {"sky news", "Sky News"},
            {"voa", "VOA"},
            {"voice of america", "VOA"},
            {"dw", "DW"},
            {"deutsche welle", "DW"},
            {"france 24", "France 24"},
            {"euronews", "Euronews"},
            {"nyt", "The New York Times"},
            {"new york times", "The New York Times"},
            {"the new york times", "The New York Times"},
            {"washington post", "The Washington Post"},
            {"the washington post", "The Washington Post"},
            {"the guardian", "The Guardian"},
            {"wsj", "The Wall Street Journal"},
            {"wall street journal", "The Wall Street Journal"},
            {"the wall street journal", "The Wall Street Journal"},
            {"financial times", "Financial Times"},
            {"the financial times", "Financial Times"},
            {"usa today", "USA Today"},
            {"politico", "Politico"},
            {"axios", "Axios"},
            {"newsweek", "Newsweek"},
            {"the independent", "The Independent"},
            {"nk news", "NK News"},
            {"the korea herald", "The Korea Herald"},
            {"korea herald", "The Korea Herald"},
            {"the korea times", "The Korea Times"},
            {"korea times", "The Korea Times"},
            {"nikkei", "Nikkei"},
            {"nikkei asia", "Nikkei"},
        };
        for (const auto& [alias, name] : kAliases)
            m->emplace(std::string(alias), std::string(name));
        return m;
    }();
    return *table;
}

// Title-cases a place written in capitals: "SEOUL" -> "Seoul", "RIO DE JANEIRO" -> "Rio de
// Janeiro", "PORT-AU-PRINCE" -> "Port-au-Prince", "ST. LOUIS" -> "St. Louis".
std::string title_case_place(std::string_view caps) {
    static constexpr std::string_view kParticles[] = {
        "de",    "da",  "do",  "dos", "das",  "du", "des", "la",  "le", "les", "el",
        "al",    "of",  "the", "on",  "upon", "am", "an",  "y",   "e",  "di",  "del",
        "della", "van", "von", "der", "den",  "au", "aux", "sur", "en", "and"};
    std::string out;
    out.reserve(caps.size());
    std::size_t i = 0;
    bool first_word = true;
    while (i < caps.size()) {
        // One word part: up to a space or hyphen.
        std::size_t j = i;
        while (j < caps.size() && caps[j] != ' ' && caps[j] != '-')
            ++j;
        std::string_view part = caps.substr(i, j - i);
        std::string low;
        // Lower-case everything (ICU for non-ASCII), then raise the first letter.
        for (std::size_t k = 0; k < part.size();) {
            UChar32 c = next_cp(part, k);
            if (c < 0) continue;
            append_utf8(low, static_cast<char32_t>(u_tolower(c)));
        }
        // Initials keep their capitals: "U.S.", "N.Y.".
        bool initials = part.size() >= 4 && part.size() % 2 == 0;
        for (std::size_t k = 0; initials && k < part.size(); k += 2)
            initials = is_upper(part[k]) && part[k + 1] == '.';
        if (initials) {
            out += part;
            first_word = false;
            if (j < caps.size()) out += caps[j];
            i = j + 1;
            continue;
        }
        bool particle = !first_word && std::find(std::begin(kParticles), std::end(kParticles),
                                                 low) != std::end(kParticles);
        if (!particle && !low.empty()) {
            std::size_t k = 0;
            UChar32 c = next_cp(low, k);
            std::string head;
            append_utf8(head, static_cast<char32_t>(u_toupper(c)));
            low = head + low.substr(k);
            // "N'DJAMENA" -> "N'Djamena"
            if (low.size() > 3 && low[1] == '\'') low[2] = static_cast<char>(std::toupper(low[2]));
        }
        out += low;
        first_word = false;
        if (j < caps.size()) out += caps[j];
        i = j + 1;
    }
    return out;
}

// Reads the capitalised place of a dateline at s[0..]: words of capitals (any script), dots,
// apostrophes and hyphens, single spaces between. Returns its length (0 when none).
std::size_t place_length(std::string_view s) {
    std::size_t i = 0, end = 0, letters = 0;
    for (;;) {
        std::size_t w = i;
        std::size_t word_letters = 0;
        while (i < s.size()) {
            std::size_t k = i;
            char c = s[i];
            if (static_cast<unsigned char>(c) < 0x80) {
                if (is_upper(c)) {
                    ++word_letters;
                } else if (c != '.' && c != '\'' && c != '-') {
                    break;
                }
                ++i;
            } else {
                UChar32 cp = next_cp(s, k);
                if (cp == 0x2019) {
                    i = k;
                    continue;
                }
                if (cp < 0 || !u_isupper(cp)) break;
                ++word_letters;
                i = k;
            }
        }
        if (i == w || word_letters == 0) {
            i = w;
            break;
        }
        if (i < s.size() && is_lower(s[i])) return 0;  // "NATO's", "McALLEN": not a dateline
        letters += word_letters;
        end = i;
        if (i + 1 < s.size() && s[i] == ' ' &&
            (is_upper(s[i + 1]) || static_cast<unsigned char>(s[i + 1]) >= 0x80)) {
            ++i;
            continue;
        }
        break;
    }
    return letters >= 2 ? end : 0;
}

// Reads a place written in title case ("Toronto", "Winnipeg", "New York"): 1-4 words, each a
// capital and then lower-case letters, dots or hyphens. Returns its length (0 when none).
std::size_t titled_place_length(std::string_view s) {
    std::size_t i = 0, end = 0, words = 0;
    while (i < s.size() && words < 4) {
        if (!is_upper(s[i])) break;
        std::size_t j = i + 1;
        while (j < s.size() && (is_lower(s[j]) || s[j] == '.' || s[j] == '-' || s[j] == '\''))
            ++j;
        if (j - i < 2 || (j < s.size() && s[j] != ' ' && s[j] != ',')) break;
        end = j;
        ++words;
        if (j < s.size() && s[j] == ' ' && j + 1 < s.size() && is_upper(s[j + 1])) {
            i = j + 1;
            continue;
        }
        break;
    }
    return end;
}

// "Feb 26", "March 2", "Oct. 29, 2024" at reg[i]: a month name and a day number.
bool month_day_at(std::string_view reg, std::size_t i) {
    std::size_t j = i;
    while (j < reg.size() && std::isalpha(static_cast<unsigned char>(reg[j])))
        ++j;
    if (!month_number(reg.substr(i, j - i))) return false;
    if (j < reg.size() && reg[j] == '.') ++j;
    while (j < reg.size() && reg[j] == ' ')
        ++j;
    return j < reg.size() && is_digit(reg[j]);
}

// A month and day at the start of a word of `reg` ("Ontario, Feb 26").
bool has_month_day(std::string_view reg) {
    for (std::size_t i = 0; i < reg.size(); ++i) {
        if ((i == 0 || reg[i - 1] == ' ') && month_day_at(reg, i)) return true;
    }
    return false;
}

// Reads "(Outlet)" at s[i]; on success sets `outlet` and returns the bytes read.
std::size_t outlet_in_parens(std::string_view s, std::size_t i, std::string& outlet) {
    if (i >= s.size() || s[i] != '(') return 0;
    std::size_t close = s.find(')', i);
    if (close == std::string_view::npos || close - i > 45) return 0;
    std::string_view inner = text::trim(s.substr(i + 1, close - i - 1));
    if (inner.empty() || !(is_upper(inner[0]) || is_lower(inner[0]))) return 0;
    for (char c : inner)
        if (is_digit(c)) return 0;
    outlet = canonical_outlet(inner);
    return close + 1 - i;
}

// Length of spaces, a dash separator and spaces at s[i] ("— ", " - ", "--", ":"), 0 if none.
std::size_t separator_at(std::string_view s, std::size_t i) {
    std::size_t j = i;
    while (j < s.size() && s[j] == ' ')
        ++j;
    std::size_t d = dash_at(s, j);
    if (!d) return 0;
    j += d;
    // "-word" is a hyphen, not a dash, unless a space before it sets it off ("March 2 -The").
    if (j < s.size() && s[j] != ' ' && d == 1 && !(j >= 2 && s[j - 2] == ' ' && is_upper(s[j]))) {
        return 0;
    }
    while (j < s.size() && s[j] == ' ')
        ++j;
    return j - i;
}

bool is_name_word(std::string_view w) {
    static constexpr std::string_view kParticles[] = {"de",  "van", "von", "der", "da",  "di",
                                                      "del", "la",  "le",  "bin", "al",  "el",
                                                      "ibn", "du",  "dos", "den", "ten", "ter"};
    if (w.empty()) return false;
    for (char c : w)
        if (is_digit(c)) return false;
    if (std::find(std::begin(kParticles), std::end(kParticles), w) != std::end(kParticles)) {
        return true;
    }
    std::size_t k = 0;
    UChar32 c = next_cp(w, k);
    return c >= 0 && u_isupper(c);
}

// A person's name: 1-5 words, capitalised (particles and initials allowed).
bool looks_like_name(std::string_view part) {
    std::size_t words = 0;
    std::size_t i = 0;
    while (i < part.size()) {
        std::size_t j = part.find(' ', i);
        if (j == std::string_view::npos) j = part.size();
        std::string_view w = part.substr(i, j - i);
        if (!w.empty()) {
            if (!is_name_word(w)) return false;
            ++words;
        }
        i = j + 1;
    }
    return words >= 1 && words <= 5;
}

}  // namespace

std::optional<std::string> known_outlet(std::string_view name) {
    std::string key = outlet_key(name);
    if (key.empty() || key.size() > 40) return std::nullopt;
    const auto& table = outlets();
    auto it = table.find(key);
    if (it != table.end()) return it->second;
    return std::nullopt;
}

std::string canonical_outlet(std::string_view name) {
    if (auto k = known_outlet(name)) return *k;
    std::string_view t = strip_decoration(name);
    return std::string(t);
}

std::optional<Dateline> parse_dateline(std::string_view s) {
    Dateline d;
    std::size_t i = 0;
    if (!s.empty() && s[0] == '(') {
        // "(CNN) — ": only a known outlet; "(CORRECTED) - " is an editor's note.
        std::size_t n = outlet_in_parens(s, 0, d.outlet);
        if (!n || !known_outlet(d.outlet)) return std::nullopt;
        std::size_t sep = separator_at(s, n);
        if (!sep) return std::nullopt;
        d.length = n + sep;
        return d;
    }
    std::size_t place = place_length(s);
    bool capitals = place > 0;
    if (!place) place = titled_place_length(s);
    if (!place) return std::nullopt;
    i = place;
    bool region = false;
    if (i < s.size() && s[i] == ',') {
        // ", South Korea", ", Oct 29", ", Calif." up to the outlet or the separator.
        std::size_t limit = std::min(s.size(), i + 60);
        std::size_t j = i + 1;
        while (j < limit && s[j] != '(' && !separator_at(s, j))
            ++j;
        if (j >= limit) return std::nullopt;
        std::string_view reg = text::trim(s.substr(i + 1, j - i - 1));
        const bool month_day = has_month_day(reg);
        if (reg.empty() || !(is_upper(reg[0]) || is_digit(reg[0]) || month_day_at(reg, 0))) {
            return std::nullopt;
        }
        std::size_t b = 0, e = 0;
        if (auto date = find_date(reg, b, e)) d.date = date;
        // A place not in capitals needs a date to be a dateline: "Toronto, Feb 26 - ".
        if (!capitals && !month_day) return std::nullopt;
        i = j;
        region = true;
    }
    if (!capitals && !region) return std::nullopt;
    std::size_t sp = i;
    while (sp < s.size() && s[sp] == ' ')
        ++sp;
    if (std::size_t n = outlet_in_parens(s, sp, d.outlet)) i = sp + n;
    std::size_t sep = separator_at(s, i);
    if (!sep) return std::nullopt;
    // A lone capitalised word and a hyphen is too weak ("UK - ..."): want a region, an outlet,
    // or a real dash.
    if (!region && d.outlet.empty() && dash_at(s, i + (s[i] == ' ' ? 1 : 0)) == 1 && place < 4) {
        return std::nullopt;
    }
    d.place = capitals ? title_case_place(s.substr(0, place)) : std::string(s.substr(0, place));
    d.length = i + sep;
    return d;
}

bool opens_with_dateline(std::string_view paragraph) {
    paragraph = text::trim(paragraph);
    auto d = parse_dateline(paragraph);
    if (!d) return false;
    // What follows a dateline is a sentence: words in lower case. A headline in capitals with a
    // dash in it ("BRAZIL NEEDS MORE FINANCING - VOLCKER", "U.S. ANALYSTS - March 3") has none.
    std::string_view rest = text::trim(paragraph.substr(d->length));
    if (rest.empty()) return true;
    std::size_t lower_words = 0;
    bool in_word = false, counted = false;
    for (char c : rest) {
        if (c == ' ') {
            in_word = false;
            continue;
        }
        if (!in_word) counted = false;
        in_word = true;
        if (is_lower(c) && !counted) {
            ++lower_words;
            counted = true;
        }
    }
    return lower_words >= 2;
}

std::optional<Byline> parse_byline(std::string_view line) {
    line = text::trim(line);
    if (line.size() > 160) return std::nullopt;
    static constexpr std::string_view kPrefixes[] = {
        "by ",       "written by ", "words by ",  "story by ", "reported by ", "author: ",
        "authors: ", "byline: ",    "posted by ", "author ",   "by:"};
    std::string_view rest;
    bool found = false;
    for (std::string_view p : kPrefixes) {
        if (istarts_with(line, p)) {
            rest = text::trim(line.substr(p.size()));
            found = true;
            break;
        }
    }
    if (!found || rest.empty()) return std::nullopt;
    Byline b;
    // A trailing date: "By Jane Doe | Published October 29, 2024".
    std::size_t db = 0, de = 0;
    if (auto date = find_date(rest, db, de)) {
        if (db == 0) return std::nullopt;
        b.date = date;
        rest = rest.substr(0, db);
        for (;;) {
            std::string_view before = rest;
            rest = strip_decoration(rest);
            for (std::string_view label : {"published on", "updated on", "published", "updated",
                                           "posted on", "posted", "on"}) {
                if (rest.size() >= label.size() &&
                    iequals(rest.substr(rest.size() - label.size()), label)) {
                    rest.remove_suffix(label.size());
                    break;
                }
            }
            if (rest == before) break;
        }
    }
    // Split into parts on ", ", " and ", " & ", " | ", ";", dashes.
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= rest.size(); ++i) {
        std::size_t skip = 0;
        if (i == rest.size()) {
            skip = 1;
        } else if (rest[i] == ',' || rest[i] == ';' || rest[i] == '|') {
            skip = 1;
        } else if (rest.substr(i, 5) == " and ") {
            skip = 5;
        } else if (rest.substr(i, 3) == " & ") {
            skip = 3;
        } else if (rest[i] == ' ' && separator_at(rest, i)) {
            skip = separator_at(rest, i);
        }
        if (!skip) continue;
        std::string_view part = text::trim(rest.substr(start, i - start));
        if (!part.empty()) parts.push_back(part);
        start = i + skip;
        i = start - 1;
    }
    std::string names;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        std::string_view part = parts[k];
        if (auto o = known_outlet(part)) {
            if (b.outlet.empty()) b.outlet = *o;
            continue;
        }
        if (istarts_with(part, "the ") && k > 0) {
            if (b.outlet.empty()) b.outlet = canonical_outlet(part);
            continue;
        }
        if (!looks_like_name(part)) {
            if (k == 0) return std::nullopt;
            break;  // a role: "BBC defence correspondent"
        }
        if (!names.empty()) names += ", ";
        names += part;
    }
    if (names.empty()) return std::nullopt;
    b.names = std::move(names);
    return b;
}

std::string credit_outlet(std::string_view paragraph) {
    std::string_view p = text::trim(paragraph);
    if (p.size() > 300 || p.empty()) return {};
    if (is_signoff(p)) return *known_outlet(p);
    const std::string l = lower(p);
    if (l.find("contribut") == std::string::npos && l.find("reporting by") == std::string::npos) {
        return {};
    }
    // "(Reporting by X; Editing by Y)" is how Reuters credits.
    std::string_view ls = l;
    if ((starts_with(ls, "(reporting by") || starts_with(ls, "reporting by")) &&
        ls.find("editing by") != std::string_view::npos) {
        return "Reuters";
    }
    static constexpr std::string_view kRoles[] = {
        " writers ",        " writer ",        " reporters ",       " reporter ",
        " correspondents ", " correspondent ", " staff ",           " journalists ",
        " journalist ",     " photographer ",  " researcher ",      " news researcher ",
        " contributed",     " contributing",   " video journalist "};
    std::size_t cut = std::string::npos;
    for (std::string_view r : kRoles) {
        std::size_t at = l.find(r);
        if (at != std::string::npos && at < cut) cut = at;
    }
    if (cut == std::string::npos || cut == 0) return {};
    if (auto o = known_outlet(p.substr(0, cut))) return *o;
    return {};
}

bool is_signoff(std::string_view paragraph) {
    std::string_view p = text::trim(paragraph);
    return p.size() <= 30 && known_outlet(p).has_value();
}

std::optional<Date> parse_date_line(std::string_view line, bool need_label) {
    line = text::trim(line);
    if (line.size() > 120 || line.empty()) return std::nullopt;
    static constexpr std::string_view kLabels[] = {"first published on",
                                                   "first published",
                                                   "last updated on",
                                                   "last updated",
                                                   "last modified",
                                                   "published on",
                                                   "published date",
                                                   "publish date",
                                                   "publication date",
                                                   "published",
                                                   "updated on",
                                                   "updated",
                                                   "posted on",
                                                   "posted",
                                                   "release date",
                                                   "released",
                                                   "pubdate",
                                                   "dated",
                                                   "date",
                                                   "created",
                                                   "modified"};
    std::string_view rest = line;
    bool label = false;
    for (std::string_view l : kLabels) {
        if (istarts_with(rest, l) && (rest.size() == l.size() ||
                                      !std::isalnum(static_cast<unsigned char>(rest[l.size()])))) {
            rest = rest.substr(l.size());
            label = true;
            break;
        }
    }
    if (need_label && !label) return std::nullopt;
    std::size_t b = 0, e = 0;
    auto date = find_date(rest, b, e);
    if (!date) return std::nullopt;
    // Before the date: only punctuation, "on", "at" and a weekday.
    std::string_view before = rest.substr(0, b);
    std::size_t i = 0;
    while (i < before.size()) {
        char c = before[i];
        if (std::isalpha(static_cast<unsigned char>(c))) {
            std::size_t j = i;
            while (j < before.size() && std::isalpha(static_cast<unsigned char>(before[j])))
                ++j;
            std::string_view w = before.substr(i, j - i);
            if (!is_weekday(w) && !iequals(w, "on") && !iequals(w, "at")) return std::nullopt;
            i = j;
        } else if (is_digit(c)) {
            return std::nullopt;
        } else {
            ++i;
        }
    }
    // After the date: a time, a zone, a section name — a few short words at most.
    std::string_view after = text::trim(rest.substr(e));
    if (after.size() > 40) return std::nullopt;
    std::size_t words = 0;
    bool in_word = false;
    for (char c : after) {
        bool w = c != ' ' && c != '\t';
        if (w && !in_word) ++words;
        in_word = w;
    }
    if (words > 5) return std::nullopt;
    return date;
}

std::optional<LabelLine> parse_label_line(std::string_view line) {
    line = text::trim(line);
    if (line.size() > 300) return std::nullopt;
    static constexpr std::pair<std::string_view, LabelLine::Field> kLabels[] = {
        {"source url:", LabelLine::Field::url},
        {"original url:", LabelLine::Field::url},
        {"url:", LabelLine::Field::url},
        {"link:", LabelLine::Field::url},
        {"canonical:", LabelLine::Field::url},
        {"originally published at ", LabelLine::Field::url},
        {"source:", LabelLine::Field::source},
        {"outlet:", LabelLine::Field::source},
        {"publisher:", LabelLine::Field::source},
    };
    for (const auto& [label, field] : kLabels) {
        if (!istarts_with(line, label)) continue;
        std::string_view value = text::trim(line.substr(label.size()));
        if (value.empty()) return std::nullopt;
        if (field == LabelLine::Field::url) {
            if (!istarts_with(value, "http://") && !istarts_with(value, "https://")) {
                return std::nullopt;
            }
            if (value.find(' ') != std::string_view::npos) return std::nullopt;
        } else if (value.size() > 60) {
            return std::nullopt;
        }
        return LabelLine{field, std::string(value)};
    }
    return std::nullopt;
}

bool looks_like_headline(std::string_view p) {
    p = text::trim(p);
    if (p.empty() || p.size() > 200 || p.find('\n') != std::string_view::npos) return false;
    if (ends_with(p, "...") || ends_with(p, "\xE2\x80\xA6")) return true;
    char last = p.back();
    if (last == ',' || last == ';' || last == ':') return false;
    if (last != '.') return true;
    // A final abbreviation ("... TO U.S.") or a line in capitals is still a headline.
    std::size_t w = p.rfind(' ');
    std::string_view word = p.substr(w == std::string_view::npos ? 0 : w + 1);
    if (word.size() >= 4 && word.substr(0, word.size() - 1).find('.') != std::string_view::npos) {
        return true;
    }
    bool letters = false;
    for (char c : p) {
        if (is_lower(c)) return false;
        letters = letters || is_upper(c);
    }
    return letters;
}

std::string headline_from_sentence(std::string_view para, std::size_t max_bytes) {
    para = text::trim(para);
    if (auto d = parse_dateline(para)) para = text::trim(para.substr(d->length));
    static constexpr std::string_view kAbbrev[] = {
        "mr",   "mrs", "ms",     "dr",   "st",   "jr",  "sr",   "prof", "gen", "maj", "col",
        "lt",   "sgt", "capt",   "rep",  "sen",  "gov", "pres", "no",   "vs",  "etc", "inc",
        "corp", "co",  "ltd",    "jan",  "feb",  "mar", "apr",  "jun",  "jul", "aug", "sep",
        "sept", "oct", "nov",    "dec",  "u.s",  "u.k", "u.n",  "a.m",  "p.m", "mt",  "ft",
        "rev",  "fig", "approx", "dept", "univ", "e.g", "i.e",  "cmdr", "adm", "supt"};
    std::size_t end = para.size();
    for (std::size_t i = 0; i < para.size(); ++i) {
        char c = para[i];
        if (c != '.' && c != '!' && c != '?') continue;
        std::size_t j = i + 1;
        // Closing quotes after the mark belong to the sentence.
        while (j < para.size() && (para[j] == '"' || para[j] == '\''))
            ++j;
        if (para.substr(j, 3) == "\xE2\x80\x9D" || para.substr(j, 3) == "\xE2\x80\x99") j += 3;
        if (j < para.size() && para[j] != ' ') continue;
        if (i < 20) continue;
        if (c == '.') {
            // The word before the dot: an abbreviation or an initial does not end a sentence.
            std::size_t w = i;
            while (w > 0 && para[w - 1] != ' ')
                --w;
            std::string word = lower(para.substr(w, i - w));
            while (!word.empty() && (word[0] == '(' || word[0] == '"'))
                word.erase(0, 1);
            if (word.size() == 1 && std::isalpha(static_cast<unsigned char>(word[0]))) continue;
            if (std::find(std::begin(kAbbrev), std::end(kAbbrev), word) != std::end(kAbbrev)) {
                continue;
            }
            // Followed by a lower-case word: not a sentence end ("approx. five").
            std::size_t k = j;
            while (k < para.size() && para[k] == ' ')
                ++k;
            if (k < para.size() && is_lower(para[k])) continue;
        }
        end = j;
        break;
    }
    std::string_view sentence = text::trim(para.substr(0, end));
    if (sentence.size() > max_bytes) {
        // A cut sentence says so: at a word boundary, then an ellipsis, within max_bytes.
        static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
        std::string_view cut = text::cut_at_word(
            sentence, max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0);
        while (!cut.empty() && (cut.back() == '.' || cut.back() == '(' || cut.back() == '"')) {
            cut.remove_suffix(1);
        }
        return std::string(cut) + std::string(kEllipsis);
    }
    std::string out(sentence);
    if (!out.empty() && out.back() == '.' && !ends_with(out, "...")) out.pop_back();
    return out;
}

std::string strip_site_suffix(std::string_view title, std::string_view site_name,
                              std::string* site) {
    title = text::trim(title);
    auto matches_site = [&](std::string_view part) {
        if (known_outlet(part)) return true;
        if (!site_name.empty() && line_key(part) == line_key(site_name)) return true;
        // A domain: "example.com", "News.co.uk".
        std::string_view t = text::trim(part);
        // Not initials ("U.S."): the last label has two letters or more.
        std::size_t dot = t.rfind('.');
        if (t.find(' ') == std::string_view::npos && dot != std::string_view::npos &&
            t.find('.') > 0 && dot + 2 < t.size()) {
            return true;
        }
        return false;
    };
    // "A | B | C": the longest segment is the headline when all others are short.
    for (std::string_view bar : {" | ", " :: ", " \xC2\xB7 ", " \xC2\xBB "}) {
        if (title.find(bar) == std::string_view::npos) continue;
        std::vector<std::string_view> segs;
        std::size_t start = 0;
        for (;;) {
            std::size_t at = title.find(bar, start);
            segs.push_back(text::trim(title.substr(start, at - start)));
            if (at == std::string_view::npos) break;
            start = at + bar.size();
        }
        std::size_t best = 0;
        for (std::size_t k = 1; k < segs.size(); ++k)
            if (segs[k].size() > segs[best].size()) best = k;
        bool others_short = true;
        std::string removed;
        for (std::size_t k = 0; k < segs.size(); ++k) {
            if (k == best) continue;
            others_short = others_short && segs[k].size() <= 40;
            if (!removed.empty()) removed += " | ";
            removed += segs[k];
        }
        if (others_short && !segs[best].empty()) {
            if (site) *site = removed;
            return std::string(segs[best]);
        }
        break;
    }
    // "Headline - Site": only for a recognisable site.
    for (std::string_view dash : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "}) {
        std::size_t at = title.rfind(dash);
        if (at == std::string_view::npos || at == 0) continue;
        std::string_view suffix = text::trim(title.substr(at + dash.size()));
        if (suffix.size() <= 40 && matches_site(suffix)) {
            if (site) *site = std::string(suffix);
            return std::string(text::trim(title.substr(0, at)));
        }
        std::size_t first = title.find(dash);
        std::string_view prefix = text::trim(title.substr(0, first));
        if (prefix.size() <= 40 && matches_site(prefix)) {
            if (site) *site = std::string(prefix);
            return std::string(text::trim(title.substr(first + dash.size())));
        }
    }
    return std::string(title);
}

}  // namespace newsdesk::ingest
