#include "canonical.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <unordered_map>

#include "hashing.hpp"
#include "model.hpp"
#include "name_words.hpp"
#include "newsdesk/internal/stopwords.hpp"
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

std::string bare(std::string_view w) {
    return bare_word(w);
}

/// Days, months and holidays: dates, never entities on their own (holidays are CoNLL's MISC).
bool is_calendar_word(std::string_view lw) {
    return one_of(
        lw, {"monday",  "tuesday",      "wednesday", "thursday", "friday",   "saturday",  "sunday",
             "january", "february",     "march",     "april",    "may",      "june",      "july",
             "august",  "september",    "october",   "november", "december", "jan",       "jan.",
             "feb",     "feb.",         "mar",       "mar.",     "apr",      "apr.",      "jun",
             "jul",     "aug",          "aug.",      "sep",      "sept",     "sept.",     "oct",
             "oct.",    "nov",          "nov.",      "dec",      "dec.",     "christmas", "easter",
             "xmas",    "thanksgiving", "ramadan",   "hanukkah", "diwali",   "halloween", "lent",
             "eid"});
}

/// Nouns naming a kind of work: the name right after one is the work's ("the film Vera Drake",
/// "the album Hopes and Fears"), CoNLL's MISC. Verbs that are also such nouns (play, show) are
/// left out.
bool is_work_noun(std::string_view lw) {
    return one_of(lw, {"film", "movie", "album", "novel", "musical", "sitcom", "documentary",
                       "opera", "song", "book", "game", "series", "drama", "comedy", "thriller"});
}

/// Roles a person holds in a firm or a club: "X analyst Jane Doe" names Jane Doe's employer X.
/// Offices of places and parties (mayor, leader, minister) are left out: "London mayor".
bool is_role_noun(std::string_view lw) {
    return one_of(lw, {"analyst",    "analysts",  "economist",   "strategist",     "chairman",
                       "chairwoman", "spokesman", "spokeswoman", "boss",           "manager",
                       "coach",      "striker",   "midfielder",  "defender",       "goalkeeper",
                       "keeper",     "winger",    "executive",   "director",       "trader",
                       "dealer",     "broker",    "researcher",  "vice-president", "founder",
                       "owner"});
}

/// Roles held in a club or team: a town's name before one and a person's name is the club's
/// ("Chelsea boss Jose Mourinho", "Leicester coach John Wells").
bool is_club_role(std::string_view lw) {
    return one_of(lw, {"boss",        "manager",    "coach",      "striker",   "midfielder",
                       "defender",    "goalkeeper", "keeper",     "winger",    "forward",
                       "skipper",     "captain",    "full-back",  "left-back", "right-back",
                       "centre-back", "fly-half",   "scrum-half", "flanker",   "chairman"});
}

/// Roles held in a firm, not for a person: "an analyst with X" names a firm X.
bool is_firm_role(std::string_view lw) {
    return one_of(lw, {"analyst",       "analysts",   "economist", "economists", "strategist",
                       "strategists",   "trader",     "traders",   "dealer",     "dealers",
                       "broker",        "brokers",    "executive", "executives", "director",
                       "meteorologist", "researcher", "chairman",  "chairwoman", "partner",
                       "vice-president"});
}

/// Nouns of what only companies have or are: "X shares", "X subsidiary".
bool is_company_noun(std::string_view lw) {
    return one_of(lw, {"shares", "stock", "stockholders", "shareholders", "subsidiary",
                       "subsidiaries", "unit", "units", "companies", "affiliate", "affiliates",
                       "division", "dividend", "earnings", "plant", "plants"});
}

/// Words that open a noun phrase: articles and possessive determiners ("an Oscar", "his Oscar").
/// ("that" is left out: it mostly joins clauses, "said that Reagan ...".)
bool is_determiner(std::string_view lw) {
    return one_of(lw, {"a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "this",
                       "these", "those", "every", "each", "another"});
}

/// Ordinals and like adjectives that stand between a determiner and a thing of a series ("the
/// sixth Harry Potter", "his first ever Oscar").
bool is_series_adjective(std::string_view lw) {
    return one_of(lw, {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                       "ninth", "tenth", "latest", "next", "ever", "new", "multiple"});
}

/// English number words: a name ending in one ("Chapter Eleven") is a thing's, not a person's.
bool is_number_word(std::string_view lw) {
    return one_of(
        lw, {"one",     "two",     "three",     "four",     "five",     "six",      "seven",
             "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen", "fourteen",
             "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",   "thirty",
             "forty",   "fifty",   "hundred",   "thousand"});
}

bool all_digits(std::string_view w) {
    return !w.empty() &&
           std::all_of(w.begin(), w.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

/// Titles that may close a person mention the tagger ran on ("U.K. Chancellor"); a surname that
/// is a rank ("John Major") is not among them.
bool is_trailing_title(std::string_view word) {
    return one_of(bare(word), {"chancellor", "president", "minister", "secretary", "premier",
                               "chairman", "chairwoman", "governor", "spokesman", "spokeswoman",
                               "ambassador", "envoy", "senator"});
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

/// Token i follows a capitalised word and a comma: "Pittsburgh, Pa.", "BOSTON, Mass.".
bool place_context(const Document& doc, std::size_t i) {
    if (i < 2 || doc.tokens[i - 1].norm != ",") return false;
    const Cap cap = doc.info[i - 2].cap;
    return cap == Cap::title || cap == Cap::upper;
}

/// A gazetteer's code: two or three capital letters ("MR", "CO", "GBR").
bool is_code(std::string_view d) {
    if (d.size() < 2 || d.size() > 3) return false;
    return std::all_of(d.begin(), d.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

/// The plural of an acronym: two or more capitals and a lowercase "s" ("PCs", "MPs").
bool is_acronym_plural(std::string_view w) {
    if (w.size() < 3 || w.back() != 's') return false;
    return std::all_of(w.begin(), w.end() - 1, [](char ch) { return ch >= 'A' && ch <= 'Z'; });
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

std::string strip_legal_suffixes(std::string_view name) {
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < name.size();) {
        std::size_t sp = name.find(' ', i);
        if (sp == std::string_view::npos) sp = name.size();
        if (sp > i) words.push_back(name.substr(i, sp - i));
        i = sp + 1;
    }
    auto unpunct = [](std::string_view w) {
        while (!w.empty() && w.back() == ',')
            w.remove_suffix(1);
        return w;
    };
    std::size_t n = words.size();
    while (n > 1) {
        const std::string_view w = unpunct(words[n - 1]);
        // "and"/"&" goes with a legal form after it: "Merrill Lynch and Co", "Smith & Co".
        if (is_legal_suffix(w) || (n < words.size() && (w == "and" || w == "&")))
            --n;
        else
            break;
    }
    if (n == words.size()) return std::string(name);
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i) out += ' ';
        out += i + 1 == n ? unpunct(words[i]) : words[i];
    }
    return out;
}

std::string Canonicaliser::display_name(EntityType& type, std::string_view text,
                                        bool* fixed) const {
    std::string name = normalise_name(type, text);
    if (const Alias* a = aliases_.find(text::entity_key(name))) {
        type = a->type;
        if (fixed) *fixed = true;
        return a->canonical;
    }
    if (fixed) *fixed = false;
    if (type == EntityType::org) {
        // One company, one name: "Ford Motor Co", "Ford Motor Co Inc" and "Ford Motor Company"
        // are "Ford Motor"; the alias table may still name the short form.
        std::string bare_name = strip_legal_suffixes(name);
        if (bare_name != name) {
            if (const Alias* a = aliases_.find(text::entity_key(bare_name))) {
                type = a->type;
                if (fixed) *fixed = true;
                return a->canonical;
            }
            name = std::move(bare_name);
        }
    }
    const std::string key = text::entity_key(name);
    if (type == EntityType::org || type == EntityType::place) {
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

    // A US state's abbreviation after a place and a comma ("Pittsburgh, Pa.", "Santa Clara,
    // Calif.-based", "Newark, NJ") is that state, whatever the tagger made of it. Elsewhere
    // "Mass", "Del" and "Miss" are words and names, and two-letter codes are words unless written
    // in capitals.
    if (c.last - c.first == 1 && place_context(doc, c.first)) {
        const std::string_view norm = tk[c.first].norm;
        const std::string_view word = norm.substr(0, std::min(norm.size(), norm.find('-')));
        const std::string_view state = us_state(word);
        const bool dotted = word.find('.') != std::string_view::npos ||
                            (c.first + 1 < tk.size() && tk[c.first + 1].norm == "." &&
                             tk[c.first + 1].start == tk[c.first].end);
        if (!state.empty() && (bare(word).size() > 2 || dotted || in[c.first].cap == Cap::upper)) {
            c.type = EntityType::place;
            c.canonical = std::string(state);
            c.key = text::entity_key(c.canonical);
            c.fixed = true;
            c.start = tk[c.first].start;
            c.end = c.start + static_cast<std::uint32_t>(word.size());
            return true;
        }
    }

    // Forms of address and titles are never part of a name: "Mr Blair" is the person Blair
    // whatever type the tagger gave it, "Prime Minister Tony Blair" is Tony Blair, "U.K.
    // Chancellor" is no person, and a title alone ("Mr", "President", "MS") is no entity. Names
    // of the alias table are left whole ("DR Congo").
    bool addressed = false;
    if (!aliases_.find(text::entity_key(
            doc.text.substr(tk[c.first].start, tk[c.last - 1].end - tk[c.first].start)))) {
        while (c.first < c.last &&
               (is_honorific(tk[c.first].norm) ||
                (c.type == EntityType::person && is_title_word(tk[c.first].norm)) ||
                (addressed && is_punct_token(tk[c.first], in[c.first])))) {
            addressed = addressed || is_honorific(tk[c.first].norm);
            ++c.first;
        }
        if (addressed) c.type = EntityType::person;
        if (c.type == EntityType::person)
            while (c.last > c.first && is_trailing_title(tk[c.last - 1].norm))
                --c.last;
        if (c.first == c.last) return false;
        if (c.type == EntityType::person && c.last - c.first == 1 && !addressed &&
            is_country_key(text::entity_key(tk[c.first].norm)))
            return false;  // "U.K." of "U.K. Chancellor": a country is no person
    }

    // A company's legal form alone ("Ltd.", "Co") is no entity; after a name it makes the name a
    // company's ("Chrysler Corp" is no person).
    if (is_legal_suffix(tk[c.last - 1].norm)) {
        bool only_forms = true;  // "Ltd. and Co"
        for (std::size_t k = c.first; k < c.last; ++k)
            only_forms = only_forms && (is_legal_suffix(tk[k].norm) || tk[k].norm == "and" ||
                                        tk[k].norm == "&" || is_punct_token(tk[k], in[k]));
        if (only_forms) return false;
        c.type = EntityType::org;
        c.company = true;
    }
    // The same noun written right after a name the tagger stopped before ("E.F. Hutton Group
    // analyst Michael Lewis") belongs to the name.
    if (c.type == EntityType::person && !addressed && c.last < tk.size() &&
        in[c.last].cap == Cap::title && !in[c.last].start && doc.tags[c.last] == Tag::O &&
        is_org_head_noun(tk[c.last].norm))
        ++c.last;
    // A name ending in a noun that heads organisations' names is an organisation's ("Brazilian
    // Coffee Institute", "Shearson Lehman Brothers"), unless a form of address made it a person.
    if (c.type == EntityType::person && !addressed && c.last - c.first > 1 &&
        is_org_head_noun(tk[c.last - 1].norm))
        c.type = EntityType::org;

    if (c.type == EntityType::person) {
        // Titles before a name: "Foreign Minister", "Maj. Gen.", "Mr." (never a first name,
        // and a common word only while a name of two words remains: "Per Zetterquist" stays).
        while (c.last - c.first > 1 && !name_word(c.first) &&
               ((common(c.first) && c.last - c.first > 2) ||
                (tk[c.first].norm.size() > 2 && tk[c.first].norm.back() == '.' &&
                 in[c.first].cap == Cap::title)))
            ++c.first;
        // The last word of an office written out before the name ("Minister of Mines and
        // Energy Subroto"): a word no given name after "of" or "and", a title a few words before.
        if (c.last - c.first == 2 && !name_word(c.first) && c.first >= 2 &&
            (lower(tk[c.first - 1].norm) == "of" || lower(tk[c.first - 1].norm) == "and")) {
            bool office = false;
            for (std::size_t k = c.first - 1; k-- > 0 && c.first - k <= 6 && !office;)
                office = is_title_word(tk[k].norm);
            if (office) ++c.first;
        }
        // A capitalised common word after a full name is a missed sentence break or a headline
        // word ("Lee Seong-kweun Legislators who attended"), not part of the name; a surname
        // that is a common word ("Walter Little") stays. A function word is no surname even
        // after one word ("Gartner More").
        while (c.last - c.first > 2 && common(c.last - 1) && !name_word(c.last - 1))
            --c.last;
        // A surname that is also a function word ("Thomas More", "Theresa May") follows a
        // given name; after another word it is the next sentence ("Gartner More than 167").
        if (c.last - c.first == 2 && text::is_stopword(lower(tk[c.last - 1].norm)) &&
            !(gaz_classes(doc, c.first, c.first + 1) & bit(Gaz::first_name)) &&
            !(gaz_classes(doc, c.first, c.last) & bit(Gaz::person)))
            --c.last;
        // A weekday after a name is the sentence's ("Reagan Friday said"); months are names too
        // ("Theresa May").
        while (c.last - c.first > 1 &&
               one_of(lower(tk[c.last - 1].norm), {"monday", "tuesday", "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"}))
            --c.last;
        // "Chapter Eleven", "Ocean's Eleven": a name ending in a number word is no person's.
        if (is_number_word(lower(tk[c.last - 1].norm))) c.type = EntityType::misc;
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
    // The plural of an acronym ("PCs", "MPs", "DVDs") is a common noun.
    if (n == 1 && is_acronym_plural(tk[c.first].norm)) return false;
    // "North", "West": directions are not places on their own.
    if (n == 1 && one_of(lower(tk[c.first].norm), {"north", "south", "east", "west", "northeast",
                                                   "northwest", "southeast", "southwest"}))
        return false;
    const std::uint16_t g = gaz_classes(doc, c.first, c.last);
    if ((g & bit(Gaz::demonym)) && !(g & (kPlaceBits | bit(Gaz::org)))) return false;
    // A "person" that the gazetteers know as a place and not as a person's name is that place
    // ("Sao Paulo"); so is a lone first name that is a place ("Denver" in a table of prices).
    // A name, a role and a person's name ("Drexel Burnham analyst Dale Gustafson", "Chelsea
    // boss Jose Mourinho") name the person's employer: an organisation, in every mention of it
    // in the text. A person's own aide is written with a possessive ("Blair's spokesman").
    // A town's name (a city of the gazetteers) before a club's role and a person's name is the
    // club's ("Chelsea boss Jose Mourinho", "Leicester coach John Wells"): clubs are named after
    // towns. A country or a home nation before one is its national side, which stays a place
    // ("England captain Michael Vaughan", "Wales coach Mike Ruddock").
    const bool before_role_and_person =
        c.last + 2 < tk.size() && in[c.last].cap == Cap::lower &&
        in[c.last + 1].cap == Cap::title &&
        (tag_class(doc.tags[c.last + 1]) == 1 ||
         (gaz_classes(doc, c.last + 1, c.last + 2) & bit(Gaz::first_name)));
    const bool employer = before_role_and_person && c.type == EntityType::person && !addressed &&
                          is_role_noun(lower(tk[c.last].norm));
    const bool town_club =
        before_role_and_person && c.type == EntityType::place &&
        is_club_role(lower(tk[c.last].norm)) && (g & bit(Gaz::city)) && !(g & bit(Gaz::country)) &&
        !is_country_key(text::entity_key(doc.text.substr(c.start, c.end - c.start)));
    if (employer || town_club) {
        c.type = EntityType::org;
        c.employer = true;
    }
    // So is a name after a person's name and "of", or after a role in a firm and "with", "at",
    // "for" or "of" ("Caroline Levy of E.F. Hutton", "an analyst with E.F. Hutton"). Roles held
    // for a person ("a spokesman for Tony Blair") are not among them.
    if (c.type == EntityType::person && !addressed && c.first >= 2) {
        const std::string prep = lower(tk[c.first - 1].norm);
        const bool of = prep == "of";
        const bool firm_role = in[c.first - 2].cap == Cap::lower &&
                               is_firm_role(lower(tk[c.first - 2].norm)) &&
                               (of || prep == "with" || prep == "at" || prep == "for");
        const bool after_person =
            of && in[c.first - 2].cap == Cap::title && tag_class(doc.tags[c.first - 2]) == 1;
        if (firm_role || after_person) {
            c.type = EntityType::org;
            c.employer = true;
        }
    }
    // A name before a noun only companies have ("Chrysler shares", "the regional Bell
    // companies", "a Bell unit") is a company's.
    if (c.type == EntityType::person && !addressed && c.last < tk.size() &&
        in[c.last].cap == Cap::lower && is_company_noun(lower(tk[c.last].norm))) {
        c.type = EntityType::org;
        c.employer = true;
    }
    const bool known_person = (g & bit(Gaz::person)) || (n > 1 && (g & kNameBits));
    // Not among people, though: a name the tagger typed a person with another person's name a
    // few words away is a person's ("Cork c Smith b Mullally" in a scorecard).
    auto among_people = [&] {
        for (std::size_t k = c.first >= 3 ? c.first - 3 : 0; k < std::min(tk.size(), c.last + 3);
             ++k)
            if ((k < c.first || k >= c.last) && tag_class(doc.tags[k]) == 1 &&
                in[k].cap == Cap::title)
                return true;
        return false;
    };
    if (c.type == EntityType::person && (g & kPlaceBits) && !known_person &&
        !(c.first > 0 && is_honorific(tk[c.first - 1].norm)) && !among_people())
        c.type = EntityType::place;
    // A code of the gazetteers (ISO "MR", "CO", "ID") is a place only as written in capitals
    // and after a place and a comma ("Bogota, CO"): otherwise it is a word ("Mr", "Co", "ID
    // cards"). Codes of the alias table ("US", "UK") are names and stay.
    if (c.type == EntityType::place && n == 1 && (g & kPlaceBits)) {
        const std::string key = text::entity_key(tk[c.first].norm);
        if (!aliases_.find(key) && is_code(lex_.display_name(key)) &&
            !(in[c.first].cap == Cap::upper && place_context(doc, c.first)))
            return false;
    }
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
    // A person is not named with an article or a possessive ("an Oscar for best screenplay",
    // "the sixth Harry Potter,", "a Scot living in England"): a "person" right after one that
    // closes the noun phrase (the end, punctuation, or a function word next) is a thing's name,
    // CoNLL's MISC. A name that goes on to a noun is a modifier and stays ("the Blair
    // government", "the Baker plan", "a Steven Gerrard own goal"), as does a possessive.
    if (c.type == EntityType::person && !addressed && c.first > 0) {
        std::size_t d = c.first - 1;
        while (d > 0 && d + 3 > c.first && in[d].cap == Cap::lower &&
               is_series_adjective(lower(tk[d].norm)))
            --d;
        const bool closes =
            c.last == tk.size() ||
            (in[c.last].cap == Cap::punct && tk[c.last].norm != "-" && tk[c.last].norm != "'") ||
            (in[c.last].cap == Cap::lower && tk[c.last].norm != "'s" && tk[c.last].norm != "own" &&
             text::is_stopword(lower(tk[c.last].norm)));
        // (As written, not as a title-case line was shown to the tagger; a capitalised
        // determiner only opening a sentence, and never "A": "A Lo Cicero" in a team list is
        // an initial.)
        const std::string_view det = doc.text.substr(tk[d].start, tk[d].end - tk[d].start);
        const bool lower_det = !det.empty() && det[0] >= 'a' && det[0] <= 'z';
        if (closes && (lower_det || (in[d].start && det.size() > 1)) &&
            is_determiner(lower(tk[d].norm)))
            c.type = EntityType::misc;
    }
    // A word and a number ("Chapter 11", "Halo 2"): a thing's name, no person's, unless the word
    // is known as a name or stands among people (a score: "Atherton lbw b Mullally 61" in a
    // cricket scorecard). A name right after a noun of a kind of work is the work's.
    if (c.type == EntityType::person && n == 1 && c.last < tk.size() &&
        all_digits(tk[c.last].norm) && !(g & kNameBits) && !among_people())
        c.type = EntityType::misc;
    // ("the game Cameroon won": a known place or organisation stays what it is).
    if (c.type != EntityType::org && !(g & (kPlaceBits | bit(Gaz::org))) && c.first > 0 &&
        in[c.first - 1].cap == Cap::lower && is_work_noun(lower(tk[c.first - 1].norm))) {
        c.type = EntityType::misc;
        c.work = true;
    }
    // A lone common word that is also a name ("Read", "Young") stands only as the short form
    // of a full name in the same text (merge decides).
    // So does a word opening a sentence that the same text writes in lowercase elsewhere
    // ("Bankers said ... bankers said": the capital is the sentence's), and a word no gazetteer
    // knows opening a sentence before a comma, which is how sentence adverbs stand ("Moreover,").
    const bool known = (g & (kPlaceBits | bit(Gaz::org))) != 0;
    // (A scan of the text, only for the few one-word mentions that open a sentence.)
    auto written_lower = [&](std::uint64_t h) {
        return std::any_of(in.begin(), in.end(),
                           [h](const TokenInfo& t) { return t.cap == Cap::lower && t.lower == h; });
    };
    const bool opens = in[c.first].start || (c.first > 0 && tk[c.first - 1].norm == "\"");
    c.weak = n == 1 && !known &&
             (common(c.first) || (opens && written_lower(in[c.first].lower)) ||
              (opens && c.type == EntityType::person && !(g & kNameBits) && c.last < tk.size() &&
               tk[c.last].norm == ","));
    return true;
}

namespace {

bool has_letter(std::string_view w) {
    return std::any_of(w.begin(), w.end(), [](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
               static_cast<unsigned char>(ch) >= 0x80;
    });
}

/// Tokens [from, end) of a wire dateline opening the text or its second paragraph (after a
/// headline): "HOUSTON, Feb 26 -", "WILMINGTON, Del., April 9 -", "SEOUL, Oct 23 (Reuters) -":
/// a word in capitals, a date, a dash. {0, 0} when there is none.
std::pair<std::size_t, std::size_t> dateline(const Document& doc) {
    const auto& tk = doc.tokens;
    auto ends_at = [&](std::size_t from) -> std::size_t {
        if (from >= tk.size() || doc.info[from].cap != Cap::upper) return 0;
        bool date = false;
        for (std::size_t i = from + 1; i < tk.size() && i < from + 16; ++i) {
            const std::string_view w = tk[i].norm;
            if (w == "-" || w == "--") return date ? i + 1 : 0;
            if (i + 1 < tk.size() && is_calendar_word(lower(w)) && !tk[i + 1].norm.empty() &&
                tk[i + 1].norm[0] >= '0' && tk[i + 1].norm[0] <= '9')
                date = true;
        }
        return 0;
    };
    if (const std::size_t end = ends_at(0)) return {0, end};
    // The first paragraph break within the first 64 tokens.
    for (std::size_t i = 1; i < tk.size() && i < 64; ++i) {
        const std::string_view gap = doc.text.substr(tk[i - 1].end, tk[i].start - tk[i - 1].end);
        if (gap.find("\n\n") == std::string_view::npos) continue;
        if (const std::size_t end = ends_at(i)) return {i, end};
        break;
    }
    return {0, 0};
}

/// The first token of a sign-off closing the text: one word set apart after the last sentence
/// ("...(33.7).        REUTER", a last line "Reuter"), with nothing but punctuation after it.
/// tokens.size() when there is none.
std::size_t signoff_at(const Document& doc) {
    const auto& tk = doc.tokens;
    std::size_t last = tk.size();
    while (last > 0 && !has_letter(tk[last - 1].norm))
        --last;
    if (last < 2) return tk.size();
    const std::size_t w = last - 1;
    const std::string_view gap = doc.text.substr(tk[w - 1].end, tk[w].start - tk[w - 1].end);
    const bool apart =
        gap.find('\n') != std::string_view::npos || gap.find("   ") != std::string_view::npos;
    const std::string_view before = tk[w - 1].norm;
    const bool after_sentence = before == "." || before == ")" || before == "\"" || before == "!" ||
                                before == "?" || gap.find('\n') != std::string_view::npos;
    return apart && after_sentence ? w : tk.size();
}

/// Tokens [from, to) of a byline opening a paragraph: "By John Smith" on a line of its own.
bool in_byline(const Document& doc, std::size_t first, std::size_t last) {
    if (first == 0) return false;
    const auto& tk = doc.tokens;
    if (lower(tk[first - 1].norm) != "by" || !tk[first - 1].sentence_start) return false;
    const std::size_t line_start = doc.text.rfind('\n', tk[first - 1].start);
    const std::string_view lead = doc.text.substr(
        line_start == std::string_view::npos ? 0 : line_start + 1,
        tk[first - 1].start - (line_start == std::string_view::npos ? 0 : line_start + 1));
    if (lead.find_first_not_of(" \t") != std::string_view::npos) return false;
    const std::size_t end = tk[last - 1].end;
    const std::size_t eol = doc.text.find('\n', end);
    const std::string_view rest =
        doc.text.substr(end, (eol == std::string_view::npos ? doc.text.size() : eol) - end);
    return rest.find_first_not_of(" \t,") == std::string_view::npos ||
           rest.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

std::vector<Candidate> Canonicaliser::mentions(const Document& doc) const {
    std::vector<Candidate> out;
    const std::size_t n = doc.tokens.size();
    // Sign-offs, datelines and bylines name the wire, the dateline's town and the reporter, not
    // what the story is about: no entities.
    const auto [dateline_from, dateline_to] = dateline(doc);
    const std::size_t signoff = signoff_at(doc);
    std::size_t i = 0;
    while (i < n) {
        if (i >= dateline_from && i < dateline_to) {
            i = dateline_to;
            continue;
        }
        int cls = tag_class(doc.tags[i]);
        // A state's abbreviation the tagger left out after a place it found ("Pittsburgh,
        // Pa."): clean() decides on it as on any one-word mention.
        const bool state_after_place =
            cls == 0 && place_context(doc, i) && tag_class(doc.tags[i - 2]) == 3 &&
            !us_state(doc.tokens[i].norm.substr(0, doc.tokens[i].norm.find('-'))).empty();
        if (state_after_place) cls = 3;
        if (cls == 0) {
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        if (!state_after_place)
            while (j < n && !tag_is_begin(doc.tags[j]) && tag_class(doc.tags[j]) == cls)
                ++j;
        // "Harris Upham and Co": a legal form after "and" closes a company's name.
        if (j + 1 < n && (doc.tokens[j].norm == "and" || doc.tokens[j].norm == "&") &&
            is_legal_suffix(doc.tokens[j + 1].norm)) {
            j += 2;
            cls = 2;
        }
        // A ticker code in angle brackets ("Bond Corp Holdings Ltd <BONA.S>") names no entity.
        const bool ticker = i > 0 && doc.tokens[i - 1].norm == "<" && j < n &&
                            (doc.tokens[j].norm == ">" || doc.tokens[j].norm.substr(0, 1) == ".");
        if (!ticker && !(i == signoff && j == signoff + 1)) {
            Candidate c;
            c.first = i;
            c.last = j;
            c.type = cls == 1   ? EntityType::person
                     : cls == 2 ? EntityType::org
                     : cls == 3 ? EntityType::place
                                : EntityType::misc;
            if (clean(doc, c) && !in_byline(doc, c.first, c.last)) {
                if (!c.fixed) {
                    c.canonical =
                        display_name(c.type, doc.text.substr(c.start, c.end - c.start), &c.fixed);
                    c.key = text::entity_key(c.canonical);
                }
                out.push_back(std::move(c));
            }
        }
        i = j;
    }
    // A company's name may hold a comma or an initial the tagger cut at ("Kidder, Peabody and
    // Co Inc", "Alex. Brown and Sons Inc"): a mention right before a company mention, or a comma
    // before it, is the start of the company's name.
    std::vector<Candidate> joined;
    joined.reserve(out.size());
    for (Candidate& c : out) {
        // A company named by one common word ("Poor's Corp") cannot stand alone: the
        // capitalised word before "and" starts its name, whether the tagger took it for an
        // organisation or for nothing ("Standard and Poor's Corp"), unlike "Ford and Chrysler
        // Corp".
        bool lone_common = false;
        if (c.company) {
            std::size_t words = 0;
            for (std::size_t k = c.first; k < c.last; ++k) {
                if (is_punct_token(doc.tokens[k], doc.info[k]) ||
                    is_legal_suffix(doc.tokens[k].norm))
                    continue;
                ++words;
                lone_common = doc.info[k].common;
            }
            lone_common = lone_common && words == 1;
        }
        if (lone_common && c.first >= 2 &&
            (doc.tokens[c.first - 1].norm == "and" || doc.tokens[c.first - 1].norm == "&") &&
            (doc.info[c.first - 2].cap == Cap::title || doc.info[c.first - 2].cap == Cap::upper) &&
            (joined.empty() || joined.back().last < c.first ||
             (!joined.back().fixed && !joined.back().company))) {
            const bool tagged = !joined.empty() && joined.back().last >= c.first - 1;
            c.first -= 2;
            c.start = doc.tokens[c.first].start;
            if (tagged) {
                c.first = joined.back().first;
                c.start = joined.back().start;
                joined.pop_back();
            }
        }
        // Two companies ("General Motors Corp and Ford Motor Co") stay two, and so does an
        // organisation before "and" ("Ford and Chrysler Corp").
        while (c.company && !joined.empty() && !joined.back().fixed && !joined.back().company) {
            const Candidate& a = joined.back();
            const std::string_view between = a.last < c.first ? doc.tokens[a.last].norm : "";
            const bool adjacent = c.first == a.last && !doc.tokens[c.first].sentence_start;
            // A one-word name with the dot of an abbreviation ("Alex. Brown and Sons Inc").
            const bool abbreviated = between == "." && a.last - a.first == 1 &&
                                     doc.tokens[a.last].start == doc.tokens[a.last - 1].end;
            const bool joiner =
                c.first == a.last + 1 &&
                (between == "," || abbreviated ||
                 ((between == "and" || between == "&") && a.type != EntityType::org));
            if (!adjacent && !joiner) break;
            c.first = a.first;
            c.start = a.start;
            joined.pop_back();
        }
        if (c.company) {
            c.type = EntityType::org;
            c.canonical = display_name(c.type, doc.text.substr(c.start, c.end - c.start), &c.fixed);
            c.key = text::entity_key(c.canonical);
        }
        joined.push_back(std::move(c));
    }
    return joined;
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
            std::array<int, 4> n{};  // by EntityType, misc included
            std::size_t first_type = 4;
            bool company = false;  // a mention with a legal form settles it
            bool work = false;     // so does one after a noun of a kind of work
        };
        std::unordered_map<std::string, Votes> votes;
        for (const Candidate& c : ms) {
            if (c.fixed) continue;
            Votes& v = votes[c.key];
            ++v.n[static_cast<std::size_t>(c.type)];
            if (v.first_type == 4) v.first_type = static_cast<std::size_t>(c.type);
            v.company = v.company || c.company || c.employer;
            v.work = v.work || c.work;
        }
        for (Candidate& c : ms) {
            if (c.fixed) continue;
            const Votes& v = votes[c.key];
            // Ties go to the type the gazetteers know the name as, else to the first mention's.
            std::size_t best = v.first_type;
            const std::uint16_t g = lex_.classes_of_key(c.key);
            const std::size_t known = (g & kPlaceBits) && !(g & bit(Gaz::org))   ? 2
                                      : (g & bit(Gaz::org)) && !(g & kPlaceBits) ? 1
                                                                                 : 4;
            if (known < 4 && v.n[known] == v.n[best]) best = known;
            for (std::size_t t = 0; t < 4; ++t)
                if (v.n[t] > v.n[best]) best = t;
            // A town's name names the town and its club ("NEW YORK" over a baseball table
            // datelined NEW YORK, "at Chelsea" and "Chelsea beat Arsenal"): for a name the
            // gazetteers know as a place, the tagger's place and organisation are both kept.
            constexpr auto kOrg = static_cast<std::size_t>(EntityType::org);
            constexpr auto kPlace = static_cast<std::size_t>(EntityType::place);
            const auto own = static_cast<std::size_t>(c.type);
            if ((g & kPlaceBits) && (own == kOrg || own == kPlace) &&
                (best == kOrg || best == kPlace) && v.n[kOrg] > 0 && v.n[kPlace] > 0)
                best = own;
            if (v.company)
                best = static_cast<std::size_t>(EntityType::org);
            else if (v.work)
                best = static_cast<std::size_t>(EntityType::misc);
            if (best != static_cast<std::size_t>(c.type)) {
                c.type = static_cast<EntityType>(best);
                c.canonical =
                    display_name(c.type, doc.text.substr(c.start, c.end - c.start), &c.fixed);
                c.key = text::entity_key(c.canonical);
            }
        }
    }

    // 3a. A name of two or more words that opens an organisation's longer name in the same text
    // is that organisation's short form ("E.F. Hutton" of "E.F. Hutton Group", "Shearson Lehman"
    // of "Shearson Lehman Brothers"), whatever type the tagger gave it, unless it is a place the
    // gazetteers know.
    {
        std::unordered_map<std::string, std::size_t> openings;  // key of a name's opening words
        for (std::size_t i = 0; i < ms.size(); ++i) {
            if (ms[i].type != EntityType::org) continue;
            const auto parts = name_parts(ms[i].canonical);
            std::string prefix;
            for (std::size_t w = 0; w + 1 < parts.size(); ++w) {
                if (w) prefix += ' ';
                prefix += parts[w];
                if (w >= 1) openings.emplace(text::entity_key(prefix), i);
            }
        }
        if (!openings.empty())
            for (Candidate& c : ms) {
                if (c.fixed || c.type == EntityType::org || c.key.find(' ') == std::string::npos)
                    continue;
                // A place the gazetteers know opens the names of its institutions and clubs
                // ("New York" of "New York Stock Exchange", "San Francisco" of "San Francisco
                // Giants") and stays the place.
                if (c.type == EntityType::place && (lex_.classes_of_key(c.key) & kPlaceBits))
                    continue;
                const auto it = openings.find(c.key);
                if (it == openings.end()) continue;
                c.type = EntityType::org;
                c.canonical = ms[it->second].canonical;
                c.key = ms[it->second].key;
            }
    }

    // 3. Short mentions resolve to a longer name in the same text: a person's surname or given
    // name ("Blair", "Mr Kennedy", "Choe") to the person's full name, a company's first word
    // ("Chrysler", "Goldman") to the organisation's name; the nearest such name before, else
    // the first after. A single word typed otherwise that is no known place or organisation
    // becomes what it resolves to. The long names are indexed by word, so this is linear in the
    // mentions (a scan of every name per short mention was quadratic: issue 11).
    std::unordered_map<std::string, std::vector<std::size_t>> by_word;  // word key -> mentions
    // An organisation's last word, the noun its name is of ("Commission" of "European
    // Commission", "United" of "Manchester United"): alone, it is the organisation the text named.
    std::unordered_map<std::string, std::vector<std::size_t>> by_head;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        const Candidate& c = ms[i];
        if (c.type == EntityType::place || c.type == EntityType::misc) continue;
        const auto parts = name_parts(c.canonical);
        if (parts.size() < 2) continue;
        std::string_view front = parts.front();
        if (front.size() > 2 && front.substr(front.size() - 2) == "'s")
            front.remove_suffix(2);  // "Moody's Investors Service" is "Moody"
        const std::string first = text::entity_key(front);
        by_word[first].push_back(i);
        const std::string last = text::entity_key(parts.back());
        if (c.type == EntityType::person) {
            if (last != first) by_word[last].push_back(i);
        } else if (last != first) {
            by_head[last].push_back(i);
        }
    }
    if (!by_word.empty() || !by_head.empty()) {
        // A company named with its legal form ("Chrysler Corp") is what its short name means.
        std::unordered_map<std::string, bool> companies;
        for (const Candidate& c : ms)
            if (c.company) companies[c.key] = true;
        for (std::size_t i = 0; i < ms.size(); ++i) {
            Candidate& c = ms[i];
            if (c.fixed || c.key.empty() || c.key.find(' ') != std::string::npos ||
                companies.count(c.key))
                continue;
            const std::uint16_t g = lex_.classes_of_key(c.key);
            auto it = by_word.find(c.key);
            if (it == by_word.end()) {
                // By its last word only an organisation's lone word the gazetteers do not know
                // as a name of its own ("Labour" is one, and not "Scottish Labour"'s).
                if (c.type != EntityType::org || (g & (kPlaceBits | bit(Gaz::org)))) continue;
                it = by_head.find(c.key);
                if (it == by_head.end()) continue;
            }
            const std::vector<std::size_t>& at = it->second;  // ascending
            const auto after = std::upper_bound(at.begin(), at.end(), i);
            // A name of the mention's own type first ("Reagan" is Ronald Reagan's, not the
            // Reagan Administration's), looking a few names each way (bounded: linear).
            std::size_t best = after != at.begin() ? *(after - 1) : *after;
            bool same = false;
            for (auto p = after; !same && p != at.begin() && after - p < 8;) {
                --p;
                if (ms[*p].type == c.type) best = *p, same = true;
            }
            for (auto p = after; !same && p != at.end() && p - after < 8; ++p)
                if (ms[*p].type == c.type) best = *p, same = true;
            const Candidate& full = ms[best];
            // (The tagger's own type, before the rules of clean(): a surname the gazetteers know
            // as a town, "Cork" of Dominic Cork, that the tagger typed a person is his.)
            const int tagged = tag_class(doc.tags[c.first]);
            const bool tagged_like_full =
                tagged >= 1 && tagged <= 3 && static_cast<EntityType>(tagged - 1) == full.type;
            if (c.type != full.type && !tagged_like_full && (g & (kPlaceBits | bit(Gaz::org))))
                continue;
            c.type = full.type;
            c.canonical = full.canonical;
            c.key = full.key;
        }
    }

    // Two lone surnames joined by "and" that no full name of the text explains name a firm
    // ("Wagner and Brown", "Procter and Gamble"): people are introduced by their full names.
    {
        std::vector<Candidate> kept;
        kept.reserve(ms.size());
        auto lone_person = [](const Candidate& c) {
            return c.type == EntityType::person && !c.fixed && !c.weak &&
                   c.canonical.find(' ') == std::string::npos;
        };
        for (Candidate& c : ms) {
            if (!kept.empty() && lone_person(c) && lone_person(kept.back()) &&
                c.first == kept.back().last + 1 &&
                (tk[c.first - 1].norm == "and" || tk[c.first - 1].norm == "&")) {
                Candidate& a = kept.back();
                a.last = c.last;
                a.end = c.end;
                a.type = EntityType::org;
                a.canonical =
                    display_name(a.type, doc.text.substr(a.start, a.end - a.start), &a.fixed);
                a.key = text::entity_key(a.canonical);
                continue;
            }
            kept.push_back(std::move(c));
        }
        ms = std::move(kept);
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
