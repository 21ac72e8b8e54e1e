#include "snippet.hpp"

#include <xapian.h>

#include <algorithm>
#include <cmath>

#include "newsdesk/internal/stopwords.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::searcher {

namespace {

using Word = Highlighter::Word;

// How far a snippet's ends move to take in the rest of a token (a figure, punctuation).
constexpr std::size_t kTokenReach = 24;

// The phrases of `q` whose words are plain terms, as word sequences.
void collect_phrases(const Xapian::Query& q, std::vector<std::vector<std::string>>& out) {
    if (q.get_type() == Xapian::Query::OP_PHRASE) {
        std::vector<std::string> words;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
            const Xapian::Query sub = q.get_subquery(i);
            if (sub.get_type() != Xapian::Query::LEAF_TERM) return;
            const std::string term = *sub.get_terms_begin();
            if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) return;
            words.push_back(term);
        }
        if (words.size() >= 2 && std::find(out.begin(), out.end(), words) == out.end()) {
            out.push_back(std::move(words));
        }
        return;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        collect_phrases(q.get_subquery(i), out);
}

std::string lowercase(std::string_view w) {
    std::string out;
    out.reserve(w.size());
    bool ascii = std::all_of(w.begin(), w.end(), [](char c) { return !(c & 0x80); });
    if (ascii) {
        for (char c : w)
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return out;
    }
    return Xapian::Unicode::tolower(text::fold_punctuation(w));
}

// Visits the words of text[0, limit): runs of word characters, with inner apostrophes.
bool ascii_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Visits the words of `text`: runs of word characters, with inner apostrophes. ASCII is
// classified directly; other characters through Xapian's Unicode tables.
template <typename F>
void for_each_word(std::string_view text, F&& f) {
    const char* base = text.data();
    const std::size_t n = text.size();
    // Length of the word character at i, 0 when it is not one.
    auto word_char = [&](std::size_t i) -> std::size_t {
        auto c = static_cast<unsigned char>(base[i]);
        if (c < 0x80) return ascii_word_byte(c) ? 1 : 0;
        Xapian::Utf8Iterator it(base + i, n - i);
        const std::size_t before = it.left();
        const unsigned cp = *it;
        ++it;
        return Xapian::Unicode::is_wordchar(cp) ? before - it.left() : 0;
    };
    // Length of an apostrophe at i (' or U+2019), 0 otherwise.
    auto apostrophe = [&](std::size_t i) -> std::size_t {
        if (base[i] == '\'') return 1;
        if (i + 2 < n && static_cast<unsigned char>(base[i]) == 0xe2 &&
            static_cast<unsigned char>(base[i + 1]) == 0x80 &&
            static_cast<unsigned char>(base[i + 2]) == 0x99) {
            return 3;
        }
        return 0;
    };
    std::size_t i = 0;
    while (i < n) {
        std::size_t len = word_char(i);
        if (len == 0) {
            auto c = static_cast<unsigned char>(base[i]);
            if (c < 0x80) {
                ++i;
            } else {
                Xapian::Utf8Iterator it(base + i, n - i);
                const std::size_t before = it.left();
                ++it;
                i += before - it.left();
            }
            continue;
        }
        const std::size_t start = i;
        i += len;
        while (i < n) {
            if ((len = word_char(i)) != 0) {
                i += len;
                continue;
            }
            const std::size_t a = apostrophe(i);
            if (a != 0 && i + a < n && word_char(i + a) != 0) {
                i += a;
                continue;
            }
            break;
        }
        f(start, i);
    }
}

bool is_sentence_start(std::string_view text, std::size_t pos) {
    if (pos == 0) return true;
    std::size_t i = pos;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '"'))
        --i;
    if (i == 0) return true;
    char c = text[i - 1];
    return c == '.' || c == '!' || c == '?' || c == '\n';
}

}  // namespace

Highlighter::Highlighter(const Xapian::Query& query, const Xapian::Stem& stemmer,
                         const Xapian::Database* db, const Xapian::MSet* stats)
    : stemmer_(stemmer) {
    auto weight_of = [&](const std::string& indexed_term) {
        if (!db || db->get_doccount() == 0) return 1.0;
        // A match set knows the frequencies of its query's terms (over the whole database) and
        // asks the database for any other.
        const Xapian::doccount freq =
            stats ? stats->get_termfreq(indexed_term) : db->get_termfreq(indexed_term);
        double tf = std::max<Xapian::doccount>(1, freq);
        return std::log(1.0 + db->get_doccount() / tf);
    };
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        std::string term = *t;
        bool stemmed = false;
        if (!term.empty() && term[0] == 'Z') {
            term.erase(0, 1);
            stemmed = true;
        }
        // Prefixed terms (fields, filters) begin with capitals: not body words.
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
        int index;
        auto found = std::find(terms_.begin(), terms_.end(), term);
        if (found == terms_.end()) {
            index = static_cast<int>(terms_.size());
            terms_.push_back(term);
            weights_.push_back(weight_of(*t));
        } else {
            index = static_cast<int>(found - terms_.begin());
        }
        if (stemmed) {
            stems_.emplace(term, index);
        } else {
            exact_.emplace(term, index);
            stems_.emplace(stemmer_(term), index);
        }
    }
    // Wildcards are not among the query's terms before expansion; find them in the description.
    std::string desc = query.get_description();
    for (std::size_t p = desc.find("WILDCARD"); p != std::string::npos;
         p = desc.find("WILDCARD", p + 1)) {
        std::size_t s = desc.find(' ', p);
        if (s == std::string::npos) break;
        s = desc.find(' ', s + 1);  // skip the combining operator name
        if (s == std::string::npos) break;
        std::size_t e = desc.find_first_of(" )", s + 1);
        std::string prefix = desc.substr(s + 1, e - s - 1);
        if (!prefix.empty() && !(prefix[0] >= 'A' && prefix[0] <= 'Z')) {
            wildcards_.push_back(prefix);
            terms_.push_back(prefix + "*");
            weights_.push_back(1.0);
        }
    }
    for (const auto& t : terms_)
        stop_.push_back(text::is_stopword(t));
    collect_phrases(query, phrases_);
    for (const auto& words : phrases_) {
        double w = 0;
        for (const auto& word : words) {
            auto it = exact_.find(word);
            if (it != exact_.end()) w += weights_[static_cast<std::size_t>(it->second)];
        }
        phrase_weights_.push_back(w);
    }
    auto mark = [&](const std::string& w) {
        if (!w.empty()) first_byte_[static_cast<unsigned char>(w[0])] = true;
    };
    for (const auto& e : exact_)
        mark(e.first);
    for (const auto& e : stems_)
        mark(e.first);
    for (const auto& w : wildcards_)
        mark(w);
}

int Highlighter::match(std::string_view word) const {
    if (terms_.empty() || word.empty()) return -1;
    // Most words of a text start with a letter no query word starts with: skip them cheaply.
    auto first = static_cast<unsigned char>(word[0]);
    if (first >= 'A' && first <= 'Z') first = static_cast<unsigned char>(first + 32);
    if (first < 0x80 && !first_byte_[first]) return -1;
    std::string lower = lowercase(word);
    if (auto it = exact_.find(lower); it != exact_.end()) return it->second;
    for (std::size_t i = 0; i < wildcards_.size(); ++i) {
        if (lower.compare(0, wildcards_[i].size(), wildcards_[i]) == 0) {
            return static_cast<int>(terms_.size() - wildcards_.size() + i);
        }
    }
    // Stemming is the costly part: only try words that share a stem's first characters.
    bool candidate = false;
    for (const auto& [stem, index] : stems_) {
        std::size_t n = std::min<std::size_t>({stem.size(), lower.size(), 3});
        if (n > 0 && lower.compare(0, n, stem, 0, n) == 0) {
            candidate = true;
            break;
        }
    }
    if (!candidate) return -1;
    if (auto it = stems_.find(stemmer_(lower)); it != stems_.end()) return it->second;
    return -1;
}

std::vector<Word> Highlighter::scan(std::string_view text) const {
    std::vector<Word> words;
    words.reserve(text.size() / 5);
    for_each_word(text, [&](std::size_t s, std::size_t e) {
        words.push_back({s, e, match(text.substr(s, e - s))});
    });
    // Occurrences of the phrases: their words, stopwords included, are matches.
    std::vector<bool> in_phrase(words.size(), false);
    for (std::size_t p = 0; p < phrases_.size(); ++p) {
        const auto& phrase = phrases_[p];
        for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i) {
            if (words[i].term < 0) continue;
            std::size_t k = 0;
            while (k < phrase.size() && words[i + k].term >= 0 &&
                   lowercase(text.substr(words[i + k].start,
                                         words[i + k].end - words[i + k].start)) == phrase[k]) {
                ++k;
            }
            if (k < phrase.size()) continue;
            words[i].phrase = static_cast<int>(p);
            for (k = 0; k < phrase.size(); ++k)
                in_phrase[i + k] = true;
        }
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        const int t = words[i].term;
        if (t >= 0 && static_cast<std::size_t>(t) < stop_.size() && stop_[t] && !in_phrase[i]) {
            words[i].term = -1;
        }
    }
    return words;
}

std::string Highlighter::snippet(std::string_view text, std::size_t bytes) const {
    if (bytes == 0) return {};
    std::string_view scan_text = text.substr(0, std::min(text.size(), kScanLimit));
    const std::vector<Word> words = scan(scan_text);

    // The window of `bytes` bytes starting at a word holding the most distinct query terms, then
    // the most matches; ties go to the earliest window.
    std::size_t best_start = 0;
    double best_distinct = 0;
    int best_hits = 0;
    if (!terms_.empty()) {
        // A phrase occurrence counts as one more distinct match, worth its words together: the
        // passage holding the phrase beats one holding its words apart.
        const std::size_t n_terms = terms_.size();
        auto weight = [&](std::size_t t) {
            return t < n_terms ? weights_[t] : phrase_weights_[t - n_terms];
        };
        std::vector<int> seen(n_terms + phrases_.size(), 0);
        std::size_t j = 0;
        double distinct = 0;
        int hits = 0;
        for (std::size_t i = 0; i < words.size(); ++i) {
            while (j < words.size() && (j == i || words[j].end <= words[i].start + bytes)) {
                if (words[j].term >= 0) {
                    ++hits;
                    auto t = static_cast<std::size_t>(words[j].term);
                    if (seen[t]++ == 0) distinct += weight(t);
                }
                if (words[j].phrase >= 0) {
                    auto t = n_terms + static_cast<std::size_t>(words[j].phrase);
                    if (seen[t]++ == 0) distinct += weight(t);
                }
                ++j;
            }
            if (words[i].term >= 0 && (distinct > best_distinct + 1e-9 ||
                                       (distinct > best_distinct - 1e-9 && hits > best_hits))) {
                best_distinct = distinct;
                best_hits = hits;
                best_start = i;
            }
            if (words[i].term >= 0) {
                --hits;
                auto t = static_cast<std::size_t>(words[i].term);
                if (--seen[t] == 0) distinct -= weight(t);
            }
            if (words[i].phrase >= 0) {
                auto t = n_terms + static_cast<std::size_t>(words[i].phrase);
                if (--seen[t] == 0) distinct -= weight(t);
            }
        }
    }

    // Start a little before the first match, at a sentence start when one is close.
    std::size_t start = words.empty() ? 0 : words[best_start].start;
    if (best_hits > 0) {
        std::size_t k = best_start;
        while (k > 0 && words[best_start].start - words[k - 1].start < bytes / 3 &&
               !is_sentence_start(text, words[k].start)) {
            --k;
        }
        start = words[k].start;
    }
    std::size_t end = std::min(text.size(), start + bytes);
    if (end < text.size()) {
        // End at a word boundary.
        auto it = std::upper_bound(words.begin(), words.end(), end,
                                   [](std::size_t v, const Word& w) { return v < w.end; });
        if (it != words.begin()) end = std::prev(it)->end;
        if (end <= start) end = std::min(text.size(), start + bytes);
    }
    // Whole tokens: "(£5.18bn)", not "18bn)"; "Yugansk," at the end, not "Yugansk" cut from it.
    auto space = [&](std::size_t i) {
        const char c = text[i];
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    };
    std::size_t token_start = start, token_end = end;
    while (token_start > 0 && !space(token_start - 1) && start - token_start < kTokenReach)
        --token_start;
    if (token_start == 0 || space(token_start - 1)) start = token_start;
    while (token_end < text.size() && !space(token_end) && token_end - end < kTokenReach)
        ++token_end;
    if (token_end == text.size() || space(token_end)) end = token_end;

    std::string out;
    out.reserve(bytes + 64);
    if (start > 0) out += "…";
    std::size_t pos = start;
    auto first = std::lower_bound(words.begin(), words.end(), start,
                                  [](const Word& w, std::size_t v) { return w.start < v; });
    for (auto w = first; w != words.end() && w->end <= end; ++w) {
        if (w->term < 0) continue;
        text::append_html_escaped(out, text.substr(pos, w->start - pos));
        out += "<mark>";
        text::append_html_escaped(out, text.substr(w->start, w->end - w->start));
        out += "</mark>";
        pos = w->end;
    }
    std::string_view tail = text.substr(pos, end - pos);
    text::append_html_escaped(out, tail);
    // Paragraph breaks read as single spaces in a snippet.
    std::size_t w = 0;
    for (std::size_t r = 0; r < out.size(); ++r) {
        char c = out[r];
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == ' ' && w > 0 && out[w - 1] == ' ') continue;
        out[w++] = c;
    }
    out.resize(w);
    if (end < text.size()) out += "…";
    return out;
}

std::string Highlighter::marked(std::string_view text) const {
    text = text.substr(0, std::min(text.size(), kScanLimit));
    std::string out;
    out.reserve(text.size() + 32);
    std::size_t pos = 0;
    for (const Word& w : scan(text)) {
        if (w.term < 0) continue;
        text::append_html_escaped(out, text.substr(pos, w.start - pos));
        out += "<mark>";
        text::append_html_escaped(out, text.substr(w.start, w.end - w.start));
        out += "</mark>";
        pos = w.end;
    }
    text::append_html_escaped(out, text.substr(pos));
    return out;
}

}  // namespace newsdesk::searcher
