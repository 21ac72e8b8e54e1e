#include "spelling.hpp"

#include <algorithm>
#include <cmath>
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

// Scoring: log(articles holding the candidate) + kNameBonus for a word of an entity name held
// by kNameArticles or more articles, minus kEditPenalty per edit. A second edit must be bought by
// a candidate held e^2.5 (about 12) times as often, or by a name; a candidate two edits away
// scoring below 0 (held by fewer than e^5, about 150, articles; 55 for a name) is none.
constexpr double kEditPenalty = 2.5;
constexpr double kNameBonus = 1.0;
constexpr Xapian::doccount kNameArticles = 3;
// Confident (worth answering instead of the query): each correction within one edit, or two for
// a word of kLongWord letters or more, and held by kConfidentArticles articles or more.
constexpr std::size_t kLongWord = 8;
constexpr Xapian::doccount kConfidentArticles = 3;

struct Candidate {
    std::string word;
    unsigned distance = 0;
    Xapian::doccount articles = 0;
};

// The likeliest indexed spelling of `word`, which the archive does not hold, or an empty word.
// With `same_stem`, only forms of `stem`; with `no_endings` too, none that is `word` with an
// ending added or dropped.
Candidate correct(const Xapian::Database& db, const std::string& word, const EntityWords* names,
                  const Xapian::Stem* same_stem, const std::string& stem, bool no_endings) {
    const unsigned limit = word.size() <= 4 ? 1 : 2;
    Candidate best;
    double best_score = 0;
    // Candidates share the first letter: typos there are rare, and it bounds the scan.
    const std::string prefix = word.substr(0, 1);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const std::string& cand = *t;
        std::size_t diff =
            cand.size() > word.size() ? cand.size() - word.size() : word.size() - cand.size();
        if (diff > limit || !is_lower_ascii_word(cand)) continue;
        unsigned d = edit_distance(word, cand, limit);
        if (d > limit || d == 0) continue;
        if (same_stem && (*same_stem)(cand) != stem) continue;
        if (same_stem && no_endings &&
            (cand.compare(0, word.size(), word) == 0 || word.compare(0, cand.size(), cand) == 0))
            continue;
        const Xapian::doccount freq = t.get_termfreq();
        double score = std::log(static_cast<double>(freq)) - kEditPenalty * d;
        if (names) {
            auto it = names->articles.find(cand);
            if (it != names->articles.end() && it->second >= kNameArticles) score += kNameBonus;
        }
        // Two edits away, a candidate must pay for them ("Mugabe" is not "Mccabe", 3 articles).
        if (d == 2 && score < 0) continue;
        if (best.word.empty() || score > best_score ||
            (score == best_score && freq > best.articles)) {
            best = {cand, d, freq};
            best_score = score;
        }
    }
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
        // Only a form the archive does not hold is corrected: "Milburne" (found through its
        // stem) may be offered "Milburn"; a rare word the archive holds is left alone, and so is
        // a stopword, which never decides what matches.
        const std::string w = lower(word);
        if (!wildcard && !inner && !op && word.size() >= 3 && !text::is_stopword(w) &&
            termfreq(w) == 0) {
            // Found through its stem ("Mugabe" in "Mugabe's"): only another form of that stem
            // may be offered ("tsunamy": "tsunami"), never another word ("Mccabe"). A form that
            // only adds or drops an ending ("visit": "visits") is offered only to a name typed
            // with a capital ("Milburne": "Milburn"): the search finds it already.
            const std::string stem = stemmer(w);
            const bool held = held_through_stem(db, stemmer, w, stem, freqs);
            const bool name = word[0] >= 'A' && word[0] <= 'Z';
            const Candidate found = correct(db, w, names, held ? &stemmer : nullptr, stem, !name);
            replacement = found.word;
            const unsigned close = w.size() >= kLongWord ? 2 : 1;
            if (found.word.empty() || found.distance > close ||
                found.articles < kConfidentArticles) {
                confident = false;
            }
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
