// Walking the paths given on the command line.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "newsdesk/indexer.hpp"

namespace newsdesk::indexer {

/// Calls `file` for every file under `roots` (directories recursively, in name order; hidden
/// entries, whose names start with '.', are left out) and `problem` for a root that does not exist
/// or a directory that cannot be read. Symbolic links to files are followed, links to directories
/// are not (no cycles).
void walk(const std::vector<std::string>& roots,
          const std::function<void(const std::filesystem::path&)>& file,
          const std::function<void(const IndexProblem&)>& problem);

}  // namespace newsdesk::indexer
