#include "synonyms.hpp"

#include <algorithm>
#include <utility>

#include "newsdesk/internal/stopwords.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::searcher {

bool is_combining(Xapian::Query::op op) {
    switch (op) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX:
            return true;
        default:
            return false;  // NEAR and PHRASE (positions), SCALE_WEIGHT (a factor), wildcards...
    }
}

namespace {

// Single words typed in lower case shorter than this are not expanded: "us", "un", "uk".
constexpr std::size_t kMinLowercaseLetters = 4;

// A spelling's words as the indexer's TermGenerator splits them ("U.S." -> "us",
// "People's Republic of China" -> "people's", "republic", "of", "china").
std::vector<std::string> split_words(const std::string& spelling) {
    Xapian::TermGenerator gen;
    Xapian::Document doc;
    gen.set_document(doc);
    gen.index_text(text::fold_punctuation(spelling));
    std::vector<std::pair<Xapian::termpos, std::string>> at;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            at.emplace_back(*p, *t);
    }
    std::sort(at.begin(), at.end());
    std::vector<std::string> words;
    for (auto& [pos, word] : at)
        words.push_back(std::move(word));
    return words;
}

bool is_plain_leaf(const Xapian::Query& q) {
    return q.get_type() == Xapian::Query::LEAF_TERM;
}

std::string leaf_term(const Xapian::Query& q) {
    return *q.get_terms_begin();
}

}  // namespace

Synonyms::Synonyms(const std::vector<AliasEntry>& table, const Xapian::Stem& stemmer) {
    for (const auto& entry : table) {
        Group group;
        std::vector<std::string> spellings{entry.canonical};
        spellings.insert(spellings.end(), entry.aliases.begin(), entry.aliases.end());
        for (const auto& spelling : spellings) {
            Words words = split_words(spelling);
            if (words.empty()) continue;
            std::string key = key_of(words, stemmer);
            if (std::find(group.keys.begin(), group.keys.end(), key) != group.keys.end()) continue;
            group.keys.push_back(std::move(key));
            bool stop = false;
            for (const auto& w : words)
                stop = stop || text::is_stopword(w);
            group.has_stopword.push_back(stop);
            group.spellings.push_back(std::move(words));
        }
        if (group.spellings.size() < 2) continue;  // nothing to expand to
        const std::size_t id = groups_.size();
        for (const auto& words : group.spellings) {
            if (words.size() == 1) {
                const std::string& w = words.front();
                single_.emplace(w, id);  // first entry wins on a clash
                if (w.size() >= kMinLowercaseLetters) single_.emplace("Z" + stemmer(w), id);
            } else {
                multi_.emplace(key_of(words, stemmer), id);
                longest_ = std::max(longest_, words.size());
            }
        }
        groups_.push_back(std::move(group));
    }
}

const Synonyms& Synonyms::builtin() {
    static const Synonyms synonyms(alias_table(), Xapian::Stem("english"));
    return synonyms;
}

std::string Synonyms::key_of(const Words& words, const Xapian::Stem& stem) {
    std::string key;
    for (const auto& w : words) {
        if (!key.empty()) key += ' ';
        key += stem(w);
    }
    return key;
}

std::string Synonyms::word_key(const std::string& term, const Xapian::Stem& stem) {
    if (term.empty()) return {};
    if (term[0] == 'Z') return term.substr(1);
    if (term[0] >= 'A' && term[0] <= 'Z') return {};  // a field's term
    return stem(term);
}

std::vector<Xapian::Query> Synonyms::alternatives(std::size_t group, const std::string& matched,
                                                  const Pass& pass) const {
    std::vector<Xapian::Query> out;
    const Group& g = groups_[group];
    for (std::size_t i = 0; i < g.spellings.size(); ++i) {
        const Words& words = g.spellings[i];
        if (g.keys[i] == matched || (pass.highlighting && g.has_stopword[i])) continue;
        if (words.size() == 1) {
            out.emplace_back(words.front());
        } else {
            std::vector<Xapian::Query> terms(words.begin(), words.end());
            out.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                             static_cast<Xapian::termcount>(words.size()));
        }
    }
    return out;
}

Xapian::Query Synonyms::synonym(const Xapian::Query& original, std::size_t group,
                                const std::string& matched, const Pass& pass) const {
    std::vector<Xapian::Query> subs{original};
    for (auto& q : alternatives(group, matched, pass))
        subs.push_back(std::move(q));
    if (subs.size() == 1) return original;
    return Xapian::Query(Xapian::Query::OP_SYNONYM, subs.begin(), subs.end());
}

Xapian::Query Synonyms::expand(const Xapian::Query& q, const Xapian::Stem& stemmer) const {
    Pass pass{stemmer};
    return groups_.empty() ? q : rewrite(q, pass);
}

Xapian::Query Synonyms::expand_for_highlighting(const Xapian::Query& q,
                                                const Xapian::Stem& stemmer) const {
    Pass pass{stemmer};
    pass.highlighting = true;
    return groups_.empty() ? q : rewrite(q, pass);
}

Xapian::Query Synonyms::rewrite(const Xapian::Query& q, Pass& pass) const {
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM: {
            const std::string term = leaf_term(q);
            auto it = single_.find(term);
            if (it == single_.end()) return q;
            pass.changed = true;
            return synonym(q, it->second, word_key(term, pass.stem), pass);
        }
        case Xapian::Query::OP_PHRASE: {
            // A quoted spelling: "North Korea". Its words are unstemmed terms.
            Words words;
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                const Xapian::Query sub = q.get_subquery(i);
                if (!is_plain_leaf(sub)) return q;
                words.push_back(leaf_term(sub));
                if (word_key(words.back(), pass.stem).empty()) return q;
            }
            const std::string key = key_of(words, pass.stem);
            auto it = multi_.find(key);
            if (it == multi_.end()) return q;
            pass.changed = true;
            return synonym(q, it->second, key, pass);
        }
        default:
            return is_combining(q.get_type()) ? rewrite_children(q, pass) : q;
    }
}

Xapian::Query Synonyms::rewrite_children(const Xapian::Query& q, Pass& pass) const {
    const auto op = static_cast<Xapian::Query::op>(q.get_type());
    const std::size_t n = q.get_num_subqueries();
    std::vector<Xapian::Query> kids;
    kids.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        kids.push_back(q.get_subquery(i));
    const bool runs = op == Xapian::Query::OP_AND || op == Xapian::Query::OP_OR;

    std::vector<Xapian::Query> out;
    bool changed = false;
    std::size_t i = 0;
    while (i < n) {
        // The longest run of plain words from here that spells an entity: North Korea troops.
        std::size_t matched_len = 0, group = 0;
        std::string matched_key;
        if (runs && longest_ >= 2) {
            std::vector<std::string> keys;
            for (std::size_t j = i; j < n && j - i < longest_ && is_plain_leaf(kids[j]); ++j) {
                std::string k = word_key(leaf_term(kids[j]), pass.stem);
                if (k.empty()) break;
                keys.push_back(std::move(k));
            }
            for (std::size_t len = keys.size(); len >= 2 && matched_len == 0; --len) {
                std::string key;
                for (std::size_t k = 0; k < len; ++k)
                    key += (k ? " " : "") + keys[k];
                if (auto it = multi_.find(key); it != multi_.end()) {
                    matched_len = len;
                    group = it->second;
                    matched_key = key;
                }
            }
        }
        if (matched_len == 0) {
            Pass inner{pass.stem, pass.highlighting};
            out.push_back(rewrite(kids[i], inner));
            changed = changed || inner.changed;
            ++i;
            continue;
        }
        changed = true;
        const auto first = kids.begin() + static_cast<std::ptrdiff_t>(i);
        const auto last = first + static_cast<std::ptrdiff_t>(matched_len);
        if (op == Xapian::Query::OP_AND) {
            // All of the words, or another spelling, in the place of the words.
            out.push_back(synonym(Xapian::Query(Xapian::Query::OP_AND, first, last), group,
                                  matched_key, pass));
        } else {
            // Any of the words, or another spelling.
            out.insert(out.end(), first, last);
            for (auto& alt : alternatives(group, matched_key, pass))
                out.push_back(std::move(alt));
        }
        i += matched_len;
    }
    if (!changed) return q;
    pass.changed = true;
    return Xapian::Query(op, out.begin(), out.end());
}

}  // namespace newsdesk::searcher
