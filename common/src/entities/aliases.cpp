#include "aliases.hpp"

#include <vector>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::entities {

Aliases::Aliases(std::string_view table) {
    std::size_t i = 0, line_no = 0;
    while (i < table.size()) {
        std::size_t nl = table.find('\n', i);
        if (nl == std::string_view::npos) nl = table.size();
        std::string_view line = text::trim(table.substr(i, nl - i));
        i = nl + 1;
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string_view> fields;
        std::size_t j = 0;
        while (true) {
            const std::size_t bar = line.find('|', j);
            fields.push_back(
                text::trim(line.substr(j, bar == std::string_view::npos ? bar : bar - j)));
            if (bar == std::string_view::npos) break;
            j = bar + 1;
        }
        auto bad = [&](const std::string& why) {
            return RuntimeError("aliases.txt line " + std::to_string(line_no) + ": " + why + ": " +
                                std::string(line));
        };
        if (fields.size() < 2 || fields[1].empty())
            throw bad("expected 'TYPE | Canonical | alias…'");
        Alias a;
        if (fields[0] == "person")
            a.type = EntityType::person;
        else if (fields[0] == "org")
            a.type = EntityType::org;
        else if (fields[0] == "place")
            a.type = EntityType::place;
        else
            throw bad("type must be person, org or place");
        a.canonical = std::string(fields[1]);
        AliasEntry entry{a.type, a.canonical, {}};
        for (std::size_t k = 1; k < fields.size(); ++k) {
            if (fields[k].empty()) continue;
            if (k > 1) entry.aliases.emplace_back(fields[k]);
            const std::string key = text::entity_key(fields[k]);
            auto [it, inserted] = by_key_.emplace(key, a);
            if (!inserted && it->second.canonical != a.canonical)
                throw bad("'" + std::string(fields[k]) + "' is already an alias of " +
                          it->second.canonical);
        }
        entries_.push_back(std::move(entry));
    }
}

const Alias* Aliases::find(const std::string& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? nullptr : &it->second;
}

}  // namespace newsdesk::entities
