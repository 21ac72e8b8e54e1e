// Walking the paths given on the command line.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdesk/indexer.hpp"

namespace newsdesk::indexer {

/// The file in a root directory that lists globs to leave out (WalkFilter).
inline constexpr const char* kIgnoreFile = ".newsdeskignore";

/// What a walk leaves out besides hidden entries: --exclude globs, the globs of a root's
/// .newsdeskignore, and (unless include_readmes) README-like files.
///
/// A glob without '/' matches the name of a file or directory anywhere below a root ("*.jpg",
/// "drafts"); a glob with '/' matches the path relative to the root ("2024/*/notes.txt",
/// "/inbox" for the root's own inbox). Globs are fnmatch(3) patterns; a directory that matches
/// is not entered. README-like: a file whose name up to its first '.', '-' or '_' is README,
/// SOURCE(S), LICENSE/LICENCE, CHANGES or CHANGELOG, in any case (README.TXT, SOURCE.md,
/// LICENSE-MIT).
class WalkFilter {
  public:
    WalkFilter() = default;
    WalkFilter(std::vector<std::string> globs, bool include_readmes);

    /// The globs of `root`/.newsdeskignore: one a line, blank lines and '#' comments ignored.
    static std::vector<std::string> ignore_file_globs(const std::filesystem::path& root);

    /// True when `rel` (a path relative to its root, '/'-separated) is left out; `dir` when it
    /// names a directory. `root_globs` are the root's .newsdeskignore globs.
    bool excluded(const std::string& rel, bool dir,
                  const std::vector<std::string>& root_globs) const;

  private:
    std::vector<std::string> globs_;
    bool include_readmes_ = true;
};

/// True for a README-like file name (WalkFilter).
bool readme_like(std::string_view name);

/// Calls `file` for every file under `roots` (directories recursively, in name order; hidden
/// entries, whose names start with '.', are left out, and so is what `filter` excludes: counted
/// in `*excluded` when given) and `problem` for a root that does not exist or a directory that
/// cannot be read. Symbolic links to files are followed, links to directories are not (no
/// cycles). A file given as a root is never excluded.
void walk(const std::vector<std::string>& roots,
          const std::function<void(const std::filesystem::path&)>& file,
          const std::function<void(const IndexProblem&)>& problem, const WalkFilter& filter = {},
          std::size_t* excluded = nullptr);

}  // namespace newsdesk::indexer
