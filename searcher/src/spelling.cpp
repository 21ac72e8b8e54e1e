#include "spelling.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stopwords.hpp"

namespace newsdesk::searcher {

namespace {

bool is_lower_ascii_word(std::string_view w) {
    return std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string lower(std::string_view w) {
    std::string out(w);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
}

// Writes `replacement` with the capitalisation pattern of `original` (Kursck -> Kursk,
// KURSCK -> KURSK).
std::string recase(std::string_view original, std::string replacement) {
    bool all_upper =
        original.size() > 1 &&
        std::all_of(original.begin(), original.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (all_upper) {
        for (char& c : replacement)
            c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    } else if (!original.empty() && original[0] >= 'A' && original[0] <= 'Z' &&
               !replacement.empty() && replacement[0] >= 'a' && replacement[0] <= 'z') {
        replacement[0] = static_cast<char>(replacement[0] - 32);
    }
    return replacement;
}

// Scoring: log(articles holding the candidate) + kNameBonus for a word mainly of entity names
// (kNameArticles or more articles name an entity it is part of, and they are half the articles
// holding it or more: "blair", not "economist"), minus kEditPenalty per edit. A second edit must be
// bought by a candidate held e^2.5 (about 12) times as often, or by a name; a candidate two edits
// away scoring below 0 (held by fewer than e^5, about 150, articles; 55 for a name) is none.
constexpr double kEditPenalty = 2.5;
constexpr double kNameBonus = 1.0;
constexpr Xapian::doccount kNameArticles = 3;
// Confident (worth answering instead of the query): each correction within one edit, or two for
// a word of kLongWord letters or more, and held by kConfidentArticles articles or more.
constexpr std::size_t kLongWord = 8;
constexpr Xapian::doccount kConfidentArticles = 3;
// A held word that may be a typo of the archive's own copy: no English word, kMinHeldTypo letters
// or more (shorter ones are codes and acronyms: "shr", "cts"), held by at most one article in
// kRareShare (kRareFloor at least), and a known word is close and far more frequent:
// kHeldRatio1 times the articles one edit away, kHeldRatio2 times two edits away (words of
// kLongWord letters or more). Typos are a small share of a word's spellings in edited copy (a
// thirtieth is generous); a rare correct word beside a frequent one one edit away is English
// ("holes" beside "holds") or a name ("Dubin" beside "Dublin", 18 articles).
constexpr std::size_t kMinHeldTypo = 5;
constexpr double kRareShare = 0.001;
constexpr Xapian::doccount kRareFloor = 3;
constexpr Xapian::doccount kHeldRatio1 = 30;
constexpr Xapian::doccount kHeldRatio2 = 100;

Xapian::doccount name_articles(const EntityWords* names, const std::string& word) {
    if (!names) return 0;
    auto it = names->articles.find(word);
    return it == names->articles.end() ? 0 : it->second;
}

// Whether `word`, held by `articles` articles, is mainly a word of entity names.
bool mainly_a_name(const EntityWords* names, const std::string& word, Xapian::doccount articles,
                   Xapian::doccount at_least) {
    const Xapian::doccount named = name_articles(names, word);
    return named >= at_least && 2 * static_cast<std::uint64_t>(named) >= articles;
}

// Whether `a` and `b` differ only by a doubled letter moved: one is the other with a letter's
// double undone in one place and another's made a little further on ("carribean", "caribbean";
// "tommorow", "tomorrow"). Typed as one slip, though it is two edits.
bool moved_double(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    std::size_t p = 0;
    while (p < a.size() && a[p] == b[p])
        ++p;
    if (p == a.size() || p == 0) return false;
    std::size_t q = a.size() - 1;
    while (a[q] == b[q])
        --q;
    if (q + 1 >= a.size()) return false;
    auto one_way = [&](std::string_view x, std::string_view y) {
        // x doubles x[p] (x[p - 1] == x[p]), y doubles y[q] (y[q] == y[q + 1]), between them
        // the same letters.
        return x[p - 1] == x[p] && y[q] == y[q + 1] && x[p] != y[q] &&
               x.substr(p + 1, q - p) == y.substr(p, q - p);
    };
    return one_way(a, b) || one_way(b, a);
}

struct Candidate {
    std::string word;
    unsigned distance = 0;
    Xapian::doccount articles = 0;
};

// What a correction of one word may be.
struct Wanted {
    // Only forms of `stem` (`same_stem` set) and, with `no_endings` too, none that is the word with
    // an ending added or dropped.
    const Xapian::Stem* same_stem = nullptr;
    std::string stem;
    bool no_endings = false;
    // The word is held, by `held` articles (0: not held): only a known word of another stem
    // (`stemmer`), far more frequent; only a name when the word is mainly a name (`name`).
    Xapian::doccount held = 0;
    const Xapian::Stem* stemmer = nullptr;
    bool name = false;
    // Typed with a capital: a name no farther away than the best candidate is preferred to it
    // ("Bejing" is "Beijing", not "being"; "Suadi" is "Saudi", not "said").
    bool capitalised = false;
};

// The likeliest indexed spelling of `word`, or an empty word.
Candidate correct(const Xapian::Database& db, const std::string& word, const EntityWords* names,
                  const Wanted& wanted) {
    const unsigned limit =
        wanted.held > 0 ? (word.size() >= kLongWord ? 2 : 1) : (word.size() <= 4 ? 1 : 2);
    Candidate best, best_name;
    double best_score = 0, best_name_score = 0;
    // Candidates share the first letter: typos there are rare, and it bounds the scan.
    const std::string prefix = word.substr(0, 1);
    const std::string own_stem = wanted.held > 0 ? (*wanted.stemmer)(word) : std::string();
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const std::string& cand = *t;
        std::size_t diff =
            cand.size() > word.size() ? cand.size() - word.size() : word.size() - cand.size();
        if (diff > limit) continue;
        const Xapian::doccount freq = t.get_termfreq();
        // A held word's candidate is far more frequent: most terms are ruled out unread.
        if (wanted.held > 0 && freq < static_cast<std::uint64_t>(wanted.held) * kHeldRatio1)
            continue;
        if (!is_lower_ascii_word(cand)) continue;
        unsigned d = edit_distance(word, cand, std::max(limit, 2u));
        if (d == 2 && moved_double(word, cand)) d = 1;
        if (d > limit || d == 0) continue;
        if (wanted.same_stem && (*wanted.same_stem)(cand) != wanted.stem) continue;
        if (wanted.same_stem && wanted.no_endings &&
            (cand.compare(0, word.size(), word) == 0 || word.compare(0, cand.size(), cand) == 0))
            continue;
        const bool a_name = mainly_a_name(names, cand, freq, kNameArticles);
        if (wanted.held > 0) {
            const std::uint64_t needed =
                static_cast<std::uint64_t>(wanted.held) * (d == 1 ? kHeldRatio1 : kHeldRatio2);
            if (freq < needed) continue;
            if (wanted.name ? !a_name : !(a_name || is_english_word(cand))) continue;
            if ((*wanted.stemmer)(cand) == own_stem) continue;  // the search finds it already
        }
        double score = std::log(static_cast<double>(freq)) - kEditPenalty * d;
        if (a_name) score += kNameBonus;
        // Two edits away, a candidate must pay for them ("Mugabe" is not "Mccabe", 3 articles).
        if (d == 2 && score < 0) continue;
        if (best.word.empty() || score > best_score ||
            (score == best_score && freq > best.articles)) {
            best = {cand, d, freq};
            best_score = score;
        }
        if (a_name && (best_name.word.empty() || score > best_name_score ||
                       (score == best_name_score && freq > best_name.articles))) {
            best_name = {cand, d, freq};
            best_name_score = score;
        }
    }
    if (wanted.capitalised && !best_name.word.empty() && best_name.distance <= best.distance)
        return best_name;
    return best;
}

// Whether the archive holds `word` (held by no article as typed) through its stem: a held form
// of the stem is the word with an ending ("Mugabe's" for "Mugabe") or one edit from it ("tsunami"
// for "tsunamy"). A stem its forms share only by chance ("divid": "divide", "divided" for
// "divident") does not count. The forms of a stem are looked for among the terms it begins.
bool held_through_stem(const Xapian::Database& db, const Xapian::Stem& stemmer,
                       const std::string& word, const std::string& stem, const TermFreqs* freqs) {
    if ((freqs ? (*freqs)("Z" + stem) : db.get_termfreq("Z" + stem)) == 0) return false;
    constexpr std::size_t kMaxForms = 200;  // bounds the scan of a short stem's terms
    std::size_t seen = 0;
    for (auto t = db.allterms_begin(stem); t != db.allterms_end(stem) && seen < kMaxForms;
         ++t, ++seen) {
        const std::string& form = *t;
        if (!is_lower_ascii_word(form.substr(0, form.find('\''))) || stemmer(form) != stem)
            continue;
        if (form.compare(0, word.size(), word) == 0 || edit_distance(word, form, 1) <= 1)
            return true;
    }
    return false;
}

}  // namespace

unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    // Optimal string alignment distance, three rolling rows.
    std::vector<unsigned> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j)
        prev[j] = static_cast<unsigned>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = static_cast<unsigned>(i);
        unsigned row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            }
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], limit + 1);
}

EntityWords::EntityWords(const Xapian::Database& db) {
    for (const auto& facet : schema::kFacets) {
        if (facet.slot == schema::kSlotSource) continue;
        const std::string prefix(facet.prefix);
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            const std::string key = (*t).substr(prefix.size());  // "tony blair"
            std::size_t i = 0;
            while (i < key.size()) {
                std::size_t j = key.find(' ', i);
                if (j == std::string::npos) j = key.size();
                if (j > i) articles[key.substr(i, j - i)] += t.get_termfreq();
                i = j + 1;
            }
        }
    }
}

Suggestion suggest(const Xapian::Database& db, const Xapian::Stem& stemmer,
                   const std::string& query, const EntityWords* names, const TermFreqs* freqs) {
    auto termfreq = [&](const std::string& term) {
        return freqs ? (*freqs)(term) : db.get_termfreq(term);
    };
    std::string out;
    bool changed = false;
    bool confident = true;
    bool in_quotes = false;
    std::size_t i = 0;
    while (i < query.size()) {
        char c = query[i];
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter) {
            if (c == '"') in_quotes = !in_quotes;
            out += c;
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < query.size() &&
               ((query[j] >= 'a' && query[j] <= 'z') || (query[j] >= 'A' && query[j] <= 'Z'))) {
            ++j;
        }
        std::string_view word(query.data() + i, j - i);
        bool field = j < query.size() && query[j] == ':';
        if (field) {
            // Copy the prefix and its value: a name or a date, not words to correct.
            std::size_t k = j + 1;
            if (k < query.size() && query[k] == '"') {
                std::size_t close = query.find('"', k + 1);
                k = close == std::string::npos ? query.size() : close + 1;
            } else {
                while (k < query.size() && query[k] != ' ')
                    ++k;
            }
            out.append(query, i, k - i);
            i = k;
            continue;
        }
        bool wildcard = j < query.size() && query[j] == '*';
        bool inner = (i > 0 && (static_cast<unsigned char>(query[i - 1]) >= 0x80 ||
                                (query[i - 1] >= '0' && query[i - 1] <= '9'))) ||
                     (j < query.size() && (static_cast<unsigned char>(query[j]) >= 0x80 ||
                                           (query[j] >= '0' && query[j] <= '9')));
        bool op = word == "AND" || word == "OR" || word == "NOT" || word == "NEAR" ||
                  word == "ADJ" || word == "XOR";
        std::string replacement;
        // A form the archive does not hold may be corrected, and a rare one that looks like a
        // typo of the archive's own copy ("intrest"); an English word the archive holds, a
        // frequent word, and a stopword (it never decides what matches) are left alone.
        const std::string w = lower(word);
        if (!wildcard && !inner && !op && word.size() >= 3 && !text::is_stopword(w)) {
            const Xapian::doccount held = termfreq(w);
            const std::string stem = stemmer(w);
            // Found through its stem ("Mugabe" in "Mugabe's"): only another form of that stem
            // may be offered ("tsunamy": "tsunami"), never another word ("Mccabe"). A form that
            // only adds or drops an ending ("visit": "visits") is offered only to a name typed
            // with a capital ("Milburne": "Milburn"): the search finds it already.
            const bool through_stem = held == 0 && held_through_stem(db, stemmer, w, stem, freqs);
            const bool english = is_english_word(w);
            const bool capital = word[0] >= 'A' && word[0] <= 'Z';
            Candidate found;
            if ((held > 0 || through_stem) && !english && w.size() >= kMinHeldTypo) {
                const Xapian::doccount articles = held > 0 ? held : termfreq("Z" + stem);
                const auto rare = std::max<Xapian::doccount>(
                    kRareFloor, static_cast<Xapian::doccount>(db.get_doccount() * kRareShare));
                if (articles <= rare) {
                    Wanted typo;
                    typo.held = articles;
                    typo.stemmer = &stemmer;
                    typo.name = mainly_a_name(names, w, articles, 1);
                    typo.capitalised = capital;
                    found = correct(db, w, names, typo);
                }
            }
            if (found.word.empty() && held == 0) {
                Wanted unheld;
                unheld.same_stem = through_stem ? &stemmer : nullptr;
                unheld.stem = stem;
                unheld.no_endings = !capital;
                unheld.capitalised = capital;
                found = correct(db, w, names, unheld);
                const unsigned close = w.size() >= kLongWord ? 2 : 1;
                if (found.word.empty() || found.distance > close ||
                    found.articles < kConfidentArticles || english) {
                    confident = false;
                }
            } else if (!found.word.empty()) {
                confident = false;  // the word is held: a suggestion, never an answer instead
            }
            replacement = found.word;
        }
        if (!replacement.empty()) {
            out += recase(word, replacement);
            changed = true;
        } else {
            out.append(word);
        }
        i = j;
    }
    if (!changed) return {};
    return {out, confident};
}

}  // namespace newsdesk::searcher
