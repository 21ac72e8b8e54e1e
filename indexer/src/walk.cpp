#include "walk.hpp"

#include <algorithm>

namespace newsdesk::indexer {

namespace fs = std::filesystem;

namespace {

void walk_dir(const fs::path& dir, const std::function<void(const fs::path&)>& file,
              const std::function<void(const IndexProblem&)>& problem) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        problem({dir.string(), 0, "cannot read directory: " + ec.message()});
        return;
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
            problem({dir.string(), 0, "error while listing directory: " + ec.message()});
            break;
        }
        if (it->path().filename().string().rfind('.', 0) == 0) continue;
        entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& e : entries) {
        std::error_code sec;
        if (e.is_symlink(sec)) {
            // Follow links to files (so a broken link is reported), never links to directories.
            if (fs::is_directory(e.path(), sec)) continue;
            file(e.path());
        } else if (e.is_directory(sec)) {
            walk_dir(e.path(), file, problem);
        } else {
            file(e.path());
        }
    }
}

}  // namespace

void walk(const std::vector<std::string>& roots, const std::function<void(const fs::path&)>& file,
          const std::function<void(const IndexProblem&)>& problem) {
    for (const auto& root : roots) {
        std::error_code ec;
        fs::file_status st = fs::status(root, ec);
        if (!fs::exists(st)) {
            if (fs::is_symlink(fs::symlink_status(root, ec))) {
                problem({root, 0, "broken symbolic link"});
            } else {
                problem({root, 0, "no such file or directory"});
            }
            continue;
        }
        if (fs::is_directory(st)) {
            walk_dir(root, file, problem);
        } else {
            file(root);
        }
    }
}

}  // namespace newsdesk::indexer
