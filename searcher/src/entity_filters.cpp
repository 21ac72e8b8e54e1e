#include "entity_filters.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "newsdesk/entities.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::searcher {

namespace {

// A name the archive holds this many times more often than any other with the word is the
// word's one entity of note.
constexpr std::size_t kOfNote = 3;
constexpr std::size_t kSuggestions = 5;

std::vector<std::string> words_of(const std::string& key) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < key.size()) {
        std::size_t sp = key.find(' ', i);
        if (sp == std::string::npos) sp = key.size();
        if (sp > i) out.push_back(key.substr(i, sp - i));
        i = sp + 1;
    }
    return out;
}

std::string quoted_filter(std::string_view type, const std::string& value) {
    const bool quote = value.find(' ') != std::string::npos;
    return std::string(type) + ":" + (quote ? "\"" + value + "\"" : value);
}

}  // namespace

std::vector<std::uint32_t> lone_name_targets(const std::deque<std::string>& names,
                                             const std::vector<std::uint8_t>& types,
                                             std::size_t person_type,
                                             const std::vector<std::uint32_t>& articles) {
    std::vector<std::uint32_t> target(names.size());
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_word;  // word -> full names
    std::vector<std::string> keys(names.size());
    for (std::uint32_t k = 0; k < names.size(); ++k) {
        target[k] = k;
        if (types[k] != person_type) continue;
        keys[k] = text::entity_key(names[k]);
        const std::vector<std::string> words = words_of(keys[k]);
        if (words.size() < 2) continue;
        by_word[words.front()].push_back(k);
        if (words.back() != words.front()) by_word[words.back()].push_back(k);
    }
    for (std::uint32_t k = 0; k < names.size(); ++k) {
        if (types[k] != person_type || keys[k].empty() || keys[k].find(' ') != std::string::npos)
            continue;
        const auto it = by_word.find(keys[k]);
        if (it == by_word.end()) continue;
        std::uint32_t best = kLeftOut;
        std::uint32_t best_n = 0, second_n = 0;
        for (std::uint32_t c : it->second) {
            const std::uint32_t n = articles[c];
            if (best == kLeftOut || n > best_n || (n == best_n && names[c] < names[best])) {
                second_n = best == kLeftOut ? 0 : best_n;
                best = c;
                best_n = n;
            } else {
                second_n = std::max(second_n, n);
            }
        }
        // Not of note: a lone name more common than all its full names together is the name
        // the archive knows the entity by ("Reagan" beside a few "Ronald Reagan"), and stays.
        std::uint64_t all = 0;
        for (std::uint32_t c : it->second)
            all += articles[c];
        if (best_n >= kOfNote * second_n && best_n > second_n)
            target[k] = best;
        else
            target[k] = articles[k] >= all ? k : kLeftOut;
    }
    return target;
}

ResolvedFilters resolve_entity_filters(const Xapian::Database& db, const FacetTable& table,
                                       const std::vector<std::string>& filters) {
    ResolvedFilters out;
    out.filters = filters;
    std::vector<std::uint32_t> counts;  // articles per facet key, computed on first need
    auto article_counts = [&]() -> const std::vector<std::uint32_t>& {
        if (counts.empty()) {
            counts.assign(table.keys(), 0);
            const Xapian::docid last = db.get_lastdocid();
            for (Xapian::docid id = 1; id <= last; ++id) {
                auto [b, e] = table.row(id);
                for (; b != e; ++b)
                    ++counts[*b];
            }
        }
        return counts;
    };
    for (const std::string& f : filters) {
        const std::size_t colon = f.find(':');
        if (colon == std::string::npos) continue;
        const std::string type(text::trim(f.substr(0, colon)));
        std::string value(text::trim(f.substr(colon + 1)));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        std::size_t facet = schema::kFacets.size();
        EntityType etype = EntityType::person;
        for (EntityType t : {EntityType::person, EntityType::org, EntityType::place}) {
            if (schema::facet_for(t).name == type) {
                etype = t;
                for (std::size_t i = 0; i < schema::kFacets.size(); ++i)
                    if (schema::kFacets[i].name == type) facet = i;
            }
        }
        if (facet == schema::kFacets.size() || text::trim(value).empty()) continue;
        const std::string key = text::entity_key(resolve_alias(etype, value));
        if (key.empty()) continue;
        const bool exact = db.term_exists(schema::term(schema::kFacets[facet].prefix, key));
        const std::vector<std::string> wanted = words_of(key);

        // The values of this type having the typed words as words of their own (a one-word value:
        // as first or last word for people, any word otherwise), by articles.
        std::vector<std::pair<std::size_t, std::uint32_t>> found;  // (articles, key)
        std::uint32_t counted_as = kLeftOut;                       // the table's decision
        bool stored = false;
        for (std::uint32_t k = 0; k < table.keys(); ++k) {
            if (table.type(k) != facet) continue;
            const std::string name_key = text::entity_key(table.name(k));
            if (name_key == key) {
                stored = true;
                counted_as = table.counted_as(k);
                // The lone names the facet lists count as this one are found with it.
                for (std::uint32_t lone : table.counted_here(k))
                    out.filters.push_back(quoted_filter(type, table.name(lone)));
                continue;
            }
            const std::vector<std::string> words = words_of(name_key);
            bool match;
            if (wanted.size() == 1 && etype == EntityType::person) {
                match = words.size() >= 2 && (words.front() == key || words.back() == key);
            } else {
                match = std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
                    return std::find(words.begin(), words.end(), w) != words.end();
                });
            }
            if (match) found.emplace_back(article_counts()[k], k);
        }
        if (found.empty()) {
            if (!exact) {
                out.note += std::string(out.note.empty() ? "" : "; ") + "no " + type + " \"" +
                            value + "\" in the archive";
            }
            continue;
        }
        std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first
                                      : table.name(a.second) < table.name(b.second);
        });
        // A lone name stored as such follows the facet lists' decision; a name never stored
        // alone is decided here by the same rule.
        std::uint32_t note_key = kLeftOut;
        if (stored) {
            if (counted_as != kLeftOut && text::entity_key(table.name(counted_as)) != key)
                note_key = counted_as;
        } else if (wanted.size() == 1 && etype == EntityType::person &&
                   (found.size() == 1 || found[0].first >= kOfNote * found[1].first)) {
            note_key = found[0].second;
        }
        if (note_key != kLeftOut) {
            const std::string& name = table.name(note_key);
            out.filters.push_back(quoted_filter(type, name));
            out.note += std::string(out.note.empty() ? "" : "; ") + type + ":" + value +
                        " also finds " + quoted_filter(type, name) + " (" +
                        std::to_string(article_counts()[note_key]) + "), the archive's one " +
                        value + " of note";
            continue;
        }
        if (exact) continue;
        std::string said = "no " + type + " \"" + value + "\"; did you mean ";
        for (std::size_t i = 0; i < found.size() && i < kSuggestions; ++i) {
            FilterSuggestion s;
            s.instead_of = f;
            s.filter = quoted_filter(type, table.name(found[i].second));
            s.count = found[i].first;
            if (i) said += i + 1 == std::min(found.size(), kSuggestions) ? " or " : ", ";
            said += s.filter + " (" + std::to_string(s.count) + ")";
            out.suggestions.push_back(std::move(s));
        }
        out.note += std::string(out.note.empty() ? "" : "; ") + said + "?";
    }
    return out;
}

}  // namespace newsdesk::searcher
