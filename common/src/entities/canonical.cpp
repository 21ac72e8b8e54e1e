#include "canonical.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <unordered_map>

#include "hashing.hpp"
#include "model.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::entities {

namespace {

constexpr std::uint16_t bit(Gaz g) {
    return static_cast<std::uint16_t>(1u << static_cast<unsigned>(g));
}
constexpr std::uint16_t kPlaceBits =
    bit(Gaz::country) | bit(Gaz::region) | bit(Gaz::city) | bit(Gaz::place);
constexpr std::uint16_t kNameBits = bit(Gaz::first_name) | bit(Gaz::person);

bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

std::string lower(std::string_view w) {
    std::string s;
    lowercase_into(w, s);
    return s;
}

/// Days and months: dates, never entities on their own.
bool is_calendar_word(std::string_view lw) {
    return one_of(
        lw, {"monday",  "tuesday",   "wednesday", "thursday", "friday",   "saturday", "sunday",
             "january", "february",  "march",     "april",    "may",      "june",     "july",
             "august",  "september", "october",   "november", "december", "jan.",     "feb.",
             "aug.",    "sept.",     "oct.",      "nov.",     "dec."});
}

/// Lowercase particles that may open or sit inside a name ("von der Leyen", "al-Assad").
bool is_name_particle(std::string_view lw) {
    return one_of(lw, {"von", "van", "de",  "der", "den", "del", "della", "da",  "di",  "du",  "le",
                       "la",  "al",  "el",  "bin", "ibn", "ben", "dos",   "das", "ter", "ten", "zu",
                       "y",   "of",  "and", "&",   "for", "the", "on",    "'s",  "in",  "at"});
}

/// Words after a hyphen that turn a name into a modifier: "Kim Jong Un-led", "U.S.-backed".
bool is_compound_suffix(std::string_view lw) {
    if (lw.size() < 3) return false;
    if (lw.size() > 3 && lw.substr(lw.size() - 2) == "ed") return true;
    return one_of(lw, {"born", "run", "style", "made", "era", "type", "like", "wide", "free",
                       "bound", "friendly", "speaking", "owned", "held", "built"});
}

bool is_punct_token(const Token& t, const TokenInfo& info) {
    return info.cap == Cap::punct || t.norm == "'s" || t.norm == "'";
}

std::string title_case(std::string_view s) {
    std::string out;
    bool start = true;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        const unsigned cp = decode_utf8(s, i, len);
        i += len;
        const char c = char_class(cp);
        if (c == 'u' || c == 'l') {
            Xapian::Unicode::append_utf8(
                out, start ? Xapian::Unicode::toupper(cp) : Xapian::Unicode::tolower(cp));
            start = false;
        } else {
            Xapian::Unicode::append_utf8(out, cp);
            start = c != 'd' && c != 'm' && cp != '\'';
        }
    }
    return out;
}

}  // namespace

std::string normalise_name(EntityType type, std::string_view raw) {
    const std::string folded = text::fold_punctuation(raw);
    std::string s;
    s.reserve(folded.size());
    for (char c : folded) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space) {
            if (!s.empty() && s.back() != ' ') s += ' ';
        } else {
            s += c;
        }
    }
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    if (s.size() > 2 &&
        (s.compare(s.size() - 2, 2, "'s") == 0 || s.compare(s.size() - 2, 2, "'S") == 0))
        s.resize(s.size() - 2);
    while (!s.empty() && (s.back() == '\'' || s.back() == ' '))
        s.pop_back();

    // Letters: all capitals ("CHOE SON HUI", "KURSK") become title case, except acronyms.
    std::size_t letters = 0, upper = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        const char c = char_class(decode_utf8(s, i, len));
        i += len;
        letters += c == 'u' || c == 'l';
        upper += c == 'u';
    }
    const bool multiword = s.find(' ') != std::string::npos;
    if (letters > 0 && upper == letters &&
        ((type == EntityType::person && letters > 1) ||
         (type == EntityType::place && letters > 3) || (type == EntityType::org && multiword)))
        s = title_case(s);

    // Person names are spaced: "Choe Son-hui" and "Choe Son Hui" display alike.
    if (type == EntityType::person) {
        std::string out;
        out.reserve(s.size());
        for (std::size_t i = 0; i < s.size();) {
            std::size_t len;
            const unsigned cp = decode_utf8(s, i, len);
            if (cp == '-' && !out.empty() && i + 1 < s.size()) {
                std::size_t nlen;
                const unsigned next = decode_utf8(s, i + 1, nlen);
                const char pc = char_class(static_cast<unsigned char>(out.back()) < 0x80
                                               ? static_cast<unsigned char>(out.back())
                                               : 'a');
                if ((pc == 'u' || pc == 'l') &&
                    (char_class(next) == 'u' || char_class(next) == 'l')) {
                    out += ' ';
                    Xapian::Unicode::append_utf8(out, Xapian::Unicode::toupper(next));
                    i += 1 + nlen;
                    continue;
                }
            }
            out.append(s, i, len);
            i += len;
        }
        s = std::move(out);
    }
    return s;
}

std::string Canonicaliser::display_name(EntityType& type, std::string_view text,
                                        bool* fixed) const {
    std::string name = normalise_name(type, text);
    const std::string key = text::entity_key(name);
    if (const Alias* a = aliases_.find(key)) {
        type = a->type;
        if (fixed) *fixed = true;
        return a->canonical;
    }
    if (fixed) *fixed = false;
    if (type != EntityType::person) {
        const std::uint16_t want = type == EntityType::place ? kPlaceBits : bit(Gaz::org);
        if (lex_.classes_of_key(key) & want) {
            const std::string_view d = lex_.display_name(key);
            if (!d.empty()) return text::fold_punctuation(d);
        }
    }
    return name;
}

std::uint16_t Canonicaliser::gaz_classes(const Document& doc, std::size_t first,
                                         std::size_t last) const {
    std::uint64_t h = 0;
    for (std::size_t i = first; i < last; ++i)
        h = ngram_extend(h, doc.info[i].lower);
    return lex_.classes_of(h);
}

bool Canonicaliser::is_country_key(const std::string& key) const {
    if (key.empty()) return false;
    if (const Alias* a = aliases_.find(key)) return a->type == EntityType::place;
    return (lex_.classes_of_key(key) & bit(Gaz::country)) != 0;
}

bool Canonicaliser::joins_places(std::string_view raw) const {
    const std::string text = text::fold_punctuation(raw);
    if (text.find('-') == std::string::npos ||
        (lex_.classes_of_key(text::entity_key(text)) & kPlaceBits) ||
        aliases_.find(text::entity_key(text)))
        return false;
    std::size_t parts = 0;
    for (std::size_t i = 0; i <= text.size();) {
        std::size_t h = text.find('-', i);
        if (h == std::string::npos) h = text.size();
        if (!is_country_key(text::entity_key(std::string_view(text).substr(i, h - i))))
            return false;
        ++parts;
        i = h + 1;
    }
    return parts >= 2;
}

bool Canonicaliser::clean(const Document& doc, Candidate& c) const {
    const auto& tk = doc.tokens;
    const auto& in = doc.info;
    auto common = [&](std::size_t i) { return in[i].common; };
    auto name_word = [&](std::size_t i) {
        const std::uint16_t g = gaz_classes(doc, i, i + 1);
        return (g & kNameBits) != 0;
    };
    // A hyphenated given name right after a person's name continues it: "Lee Seong-kweun",
    // "Mao Tse-tung" (capitalised, a lowercase part after the hyphen that is no English word).
    if (c.type == EntityType::person && c.last < tk.size() && !in[c.last].start &&
        in[c.last].cap == Cap::title && in[c.last].hyphen == 1 && !in[c.last].common &&
        (c.last + 1 == tk.size() || doc.tags[c.last + 1] == Tag::O))
        ++c.last;
    // Punctuation and possessives at the edges.
    while (c.first < c.last && is_punct_token(tk[c.first], in[c.first]))
        ++c.first;
    while (c.last > c.first && is_punct_token(tk[c.last - 1], in[c.last - 1]))
        --c.last;
    if (c.first == c.last) return false;
    if (c.type == EntityType::person) {
        // Titles before a name: "Foreign Minister", "Maj. Gen.", "Mr." (never a first name,
        // and a common word only while a name of two words remains: "Per Zetterquist" stays).
        while (c.last - c.first > 1 && !name_word(c.first) &&
               ((common(c.first) && c.last - c.first > 2) ||
                (tk[c.first].norm.size() > 2 && tk[c.first].norm.back() == '.' &&
                 in[c.first].cap == Cap::title)))
            ++c.first;
        // A capitalised common word after a full name is a missed sentence break or a headline
        // word ("Lee Seong-kweun Legislators who attended"), not part of the name; a surname
        // that is a common word ("Walter Little") stays.
        while (c.last - c.first > 2 && common(c.last - 1) && !name_word(c.last - 1))
            --c.last;
    }
    // Lowercase words at the edges, except name particles opening a name ("von der Leyen").
    while (c.first < c.last && in[c.first].cap == Cap::lower &&
           !(c.type == EntityType::person && is_name_particle(lower(tk[c.first].norm))))
        ++c.first;
    while (c.last > c.first &&
           (in[c.last - 1].cap == Cap::lower || is_punct_token(tk[c.last - 1], in[c.last - 1])))
        --c.last;
    if (c.first == c.last) return false;

    // A capitalised function word inside a mention marks a title-case headline ("Reports Of
    // Troop Deployment"), not a name ("Bank of England" writes it in lowercase); at the end it
    // is a missed sentence break ("weapons to Ukraine At the same time").
    auto function_word = [&](std::size_t i) {
        return in[i].cap == Cap::title &&
               one_of(lower(tk[i].norm), {"of", "for", "the", "and", "to", "in", "on", "at", "with",
                                          "by", "from", "as", "a", "an", "amid", "after", "over"});
    };
    while (c.last - c.first > 1 && function_word(c.last - 1))
        --c.last;
    for (std::size_t i = c.first + 1; i + 1 < c.last; ++i)
        if (function_word(i)) return false;

    c.start = tk[c.first].start;
    c.end = tk[c.last - 1].end;
    // "Un-led", "U.S.-backed": cut the modifier after the last hyphen.
    {
        const std::string_view last = tk[c.last - 1].norm;
        const std::size_t h = last.rfind('-');
        if (h != std::string_view::npos && h > 0 && is_compound_suffix(lower(last.substr(h + 1)))) {
            const std::string_view raw =
                doc.text.substr(tk[c.last - 1].start, tk[c.last - 1].end - tk[c.last - 1].start);
            // Find the same hyphen in the raw bytes (a typographic hyphen is 3 bytes).
            std::size_t cut = raw.size();
            for (std::size_t k = raw.size(); k-- > 0;) {
                const auto b = static_cast<unsigned char>(raw[k]);
                if (b == '-' || (b == 0xE2 && k + 2 < raw.size())) {
                    cut = k;
                    break;
                }
            }
            if (cut == 0) return false;
            c.end = tk[c.last - 1].start + cut;
        }
    }

    // Drop what is never an entity on its own.
    const std::size_t n = c.last - c.first;
    bool all_calendar = true, all_common = true, any_upper = false;
    for (std::size_t i = c.first; i < c.last; ++i) {
        all_calendar = all_calendar && is_calendar_word(lower(tk[i].norm));
        all_common = all_common && (common(i) || in[i].cap == Cap::lower) && !name_word(i);
        any_upper = any_upper || in[i].cap == Cap::title || in[i].cap == Cap::upper ||
                    in[i].cap == Cap::initial;
    }
    if (all_calendar || !any_upper || c.end - c.start < 2) return false;
    // "North", "West": directions are not places on their own.
    if (n == 1 && one_of(lower(tk[c.first].norm), {"north", "south", "east", "west", "northeast",
                                                   "northwest", "southeast", "southwest"}))
        return false;
    const std::uint16_t g = gaz_classes(doc, c.first, c.last);
    if ((g & bit(Gaz::demonym)) && !(g & (kPlaceBits | bit(Gaz::org)))) return false;
    // Countries joined by hyphens name a relation between them ("the Russia-Ukraine war",
    // "US-China talks", "Russia-North Korea cooperation"), not one place; a place so named as a
    // whole ("Guinea-Bissau", "Austria-Hungary") stays. Only countries (and the alias table's
    // places): many a town shares its name with a word ("al-Ram").
    if (c.type == EntityType::place && joins_places(doc.text.substr(c.start, c.end - c.start)))
        return false;
    if (all_common && !(g & (kPlaceBits | bit(Gaz::org) | kNameBits))) {
        // "The", "Sends", "Troop Deployment"; multi-word organisations ("National Intelligence
        // Service") are made of common words and stay.
        if (n == 1 || c.type != EntityType::org) return false;
    }
    // A lone common word that is also a name ("Read", "Young") stands only as the short form
    // of a full name in the same text (merge decides).
    c.weak = n == 1 && common(c.first) && !(g & (kPlaceBits | bit(Gaz::org)));
    return true;
}

std::vector<Candidate> Canonicaliser::mentions(const Document& doc) const {
    std::vector<Candidate> out;
    const std::size_t n = doc.tokens.size();
    std::size_t i = 0;
    while (i < n) {
        const int cls = tag_class(doc.tags[i]);
        if (cls == 0) {
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < n && !tag_is_begin(doc.tags[j]) && tag_class(doc.tags[j]) == cls)
            ++j;
        if (cls <= 3) {
            Candidate c;
            c.first = i;
            c.last = j;
            c.type = cls == 1 ? EntityType::person : cls == 2 ? EntityType::org : EntityType::place;
            if (clean(doc, c)) {
                c.canonical =
                    display_name(c.type, doc.text.substr(c.start, c.end - c.start), &c.fixed);
                c.key = text::entity_key(c.canonical);
                out.push_back(std::move(c));
            }
        }
        i = j;
    }
    return out;
}

namespace {

/// Letters of an acronym token ("NIS", "N.I.S."), or empty when it is not one.
std::string acronym_letters(const Token& t, const TokenInfo& info) {
    if (info.cap != Cap::upper) return {};
    std::string a;
    for (char ch : t.norm) {
        if (ch >= 'A' && ch <= 'Z')
            a += ch;
        else if (ch != '.' && ch != '&')
            return {};
    }
    return a.size() >= 2 && a.size() <= 8 ? a : std::string();
}

/// Uppercase initial of a token, or 0 when it is lowercase or punctuation.
char initial_of(const Token& t, const TokenInfo& info) {
    if (info.cap != Cap::title && info.cap != Cap::upper && info.cap != Cap::initial) return 0;
    const char c = t.norm[0];
    return (c >= 'A' && c <= 'Z') ? c : 0;
}

std::vector<std::string_view> name_parts(std::string_view s) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t sp = s.find(' ', i);
        if (sp == std::string_view::npos) sp = s.size();
        if (sp > i) parts.push_back(s.substr(i, sp - i));
        i = sp + 1;
    }
    return parts;
}

}  // namespace

void Canonicaliser::merge(const Document& doc, std::vector<Candidate>& ms) const {
    const auto& tk = doc.tokens;
    const auto& in = doc.info;
    const std::size_t n = tk.size();

    // 1. Acronyms defined in the text: "National Intelligence Service (NIS)".
    struct Definition {
        EntityType type;
        std::string canonical;
    };
    std::unordered_map<std::string, Definition> defined;  // acronym key -> long form
    for (std::size_t i = 1; i + 2 < n; ++i) {
        if (tk[i].norm != "(" || tk[i + 2].norm != ")") continue;
        const std::string acr = acronym_letters(tk[i + 1], in[i + 1]);
        if (acr.empty()) continue;
        // The shortest run of words before "(" whose capitalised initials spell the acronym.
        std::size_t k = i, matched = acr.size();
        bool ok = false;
        while (k > 0 && i - k < 12) {
            --k;
            const char ini = initial_of(tk[k], in[k]);
            if (!ini) {
                if (is_name_particle(lower(tk[k].norm))) continue;
                break;
            }
            if (ini != acr[matched - 1]) break;
            if (--matched == 0) {
                ok = true;
                break;
            }
        }
        if (!ok) continue;
        // The long form's mention: a tagged one covering it, else a new organisation.
        EntityType type = EntityType::org;
        auto covering = std::find_if(ms.begin(), ms.end(), [&](const Candidate& c) {
            return c.first <= k && c.last >= i && c.last <= i;
        });
        for (const Candidate& c : ms)
            if (c.first < i && c.last > k) type = c.type;  // overlapping: trust its type
        if (covering == ms.end() || covering->first != k) {
            ms.erase(std::remove_if(ms.begin(), ms.end(),
                                    [&](const Candidate& c) { return c.first < i && c.last > k; }),
                     ms.end());
            Candidate c;
            c.first = k;
            c.last = i;
            c.start = tk[k].start;
            c.end = tk[i - 1].end;
            c.type = type;
            c.canonical = display_name(c.type, doc.text.substr(c.start, c.end - c.start), &c.fixed);
            c.key = text::entity_key(c.canonical);
            ms.push_back(std::move(c));
            covering = ms.end() - 1;
        }
        defined[text::entity_key(acr)] = {covering->type, covering->canonical};
    }
    if (!defined.empty()) {
        // Mentions of the acronym, tagged or not, take the long form's name and type.
        std::vector<bool> covered(n, false);
        for (const Candidate& c : ms)
            for (std::size_t t = c.first; t < c.last; ++t)
                covered[t] = true;
        for (std::size_t t = 0; t < n; ++t) {
            if (covered[t]) continue;
            const std::string acr = acronym_letters(tk[t], in[t]);
            if (acr.empty() || !defined.count(text::entity_key(acr))) continue;
            Candidate c;
            c.first = t;
            c.last = t + 1;
            c.start = tk[t].start;
            c.end = tk[t].end;
            ms.push_back(std::move(c));
        }
        for (Candidate& c : ms) {
            auto it = defined.find(text::entity_key(doc.text.substr(c.start, c.end - c.start)));
            if (it == defined.end()) continue;
            c.type = it->second.type;
            c.canonical = it->second.canonical;
            c.key = text::entity_key(c.canonical);
            c.fixed = true;
        }
    }
    std::sort(ms.begin(), ms.end(),
              [](const Candidate& a, const Candidate& b) { return a.start < b.start; });

    // 2. One type per name: the type most of its mentions have; the first mention breaks ties.
    {
        struct Votes {
            std::array<int, 3> n{};
            std::size_t first_type = 3;
        };
        std::unordered_map<std::string, Votes> votes;
        for (const Candidate& c : ms) {
            if (c.fixed) continue;
            Votes& v = votes[c.key];
            ++v.n[static_cast<std::size_t>(c.type)];
            if (v.first_type == 3) v.first_type = static_cast<std::size_t>(c.type);
        }
        for (Candidate& c : ms) {
            if (c.fixed) continue;
            const Votes& v = votes[c.key];
            // Ties go to the type the gazetteers know the name as, else to the first mention's.
            std::size_t best = v.first_type;
            const std::uint16_t g = lex_.classes_of_key(c.key);
            const std::size_t known = (g & kPlaceBits) && !(g & bit(Gaz::org))   ? 2
                                      : (g & bit(Gaz::org)) && !(g & kPlaceBits) ? 1
                                                                                 : 3;
            if (known < 3 && v.n[known] == v.n[best]) best = known;
            for (std::size_t t = 0; t < 3; ++t)
                if (v.n[t] > v.n[best]) best = t;
            if (best != static_cast<std::size_t>(c.type)) {
                c.type = static_cast<EntityType>(best);
                c.canonical =
                    display_name(c.type, doc.text.substr(c.start, c.end - c.start), &c.fixed);
                c.key = text::entity_key(c.canonical);
            }
        }
    }

    // 3. Short person names ("Rutte", "Choe") resolve to a full name in the same text: the
    // nearest one before, else the first after. A single word typed otherwise that is part of
    // a person's name and no known place or organisation becomes that person.
    struct FullName {
        std::size_t at;
        std::string first, last;  // entity keys of the first and last word
    };
    std::vector<FullName> full;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        if (ms[i].type != EntityType::person) continue;
        const auto parts = name_parts(ms[i].canonical);
        if (parts.size() >= 2)
            full.push_back({i, text::entity_key(parts.front()), text::entity_key(parts.back())});
    }
    if (!full.empty()) {
        for (std::size_t i = 0; i < ms.size(); ++i) {
            Candidate& c = ms[i];
            if (c.fixed || c.key.empty() || c.key.find(' ') != std::string::npos) continue;
            if (c.type != EntityType::person &&
                (lex_.classes_of_key(c.key) & (kPlaceBits | bit(Gaz::org))))
                continue;
            std::size_t best = SIZE_MAX;
            for (const FullName& f : full) {
                if (f.first != c.key && f.last != c.key) continue;
                if (f.at < i)
                    best = f.at;  // nearest before wins
                else if (best == SIZE_MAX)
                    best = f.at;
                if (f.at > i) break;
            }
            if (best == SIZE_MAX) continue;
            c.type = EntityType::person;
            c.canonical = ms[best].canonical;
            c.key = ms[best].key;
        }
    }

    // Weak mentions not resolved to a full name are dropped.
    ms.erase(std::remove_if(ms.begin(), ms.end(),
                            [](const Candidate& c) {
                                return c.weak && c.canonical.find(' ') == std::string::npos;
                            }),
             ms.end());

    // 4. One spelling per entity: the most frequent display name among its mentions.
    {
        std::map<std::pair<int, std::string>, std::map<std::string, int>> spellings;
        for (const Candidate& c : ms)
            ++spellings[{static_cast<int>(c.type), c.key}][c.canonical];
        for (Candidate& c : ms) {
            const auto& sp = spellings[{static_cast<int>(c.type), c.key}];
            if (sp.size() < 2) continue;
            const std::string* best = nullptr;
            int best_n = 0;
            for (const auto& [name, count] : sp)
                if (count > best_n) best = &name, best_n = count;  // ties: byte order, stable
            c.canonical = *best;
        }
    }
}

}  // namespace newsdesk::entities
