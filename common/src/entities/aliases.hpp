// The alias table (data/aliases.txt): well-known acronyms and alternative names of entities.
//
// Format, one canonical entity a line:  TYPE | Canonical Name | alias | alias ...
// TYPE is person, org or place; '#' starts a comment line; blank lines are ignored. Names are
// matched by text::entity_key, so case, dots and hyphens do not matter ("U.S." = "US" = "u.s").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "newsdesk/article.hpp"
#include "newsdesk/entities.hpp"

namespace newsdesk::entities {

struct Alias {
    EntityType type;
    std::string canonical;
};

class Aliases {
  public:
    /// Parses the table. Throws newsdesk::RuntimeError naming the line that is malformed.
    explicit Aliases(std::string_view table);

    /// The entry whose canonical name or alias has entity key `key`, or nullptr.
    const Alias* find(const std::string& key) const;

    /// The table's lines in file order: canonical name and aliases as written.
    const std::vector<AliasEntry>& entries() const { return entries_; }

  private:
    std::unordered_map<std::string, Alias> by_key_;
    std::vector<AliasEntry> entries_;
};

}  // namespace newsdesk::entities
