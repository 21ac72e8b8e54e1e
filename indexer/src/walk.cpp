#include "walk.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <fstream>

namespace newsdesk::indexer {

namespace fs = std::filesystem;

namespace {

struct Walker {
    const std::function<void(const fs::path&)>& file;
    const std::function<void(const IndexProblem&)>& problem;
    const WalkFilter& filter;
    std::vector<std::string> root_globs;
    std::size_t excluded = 0;

    void dir(const fs::path& dir, const std::string& rel);
};

void Walker::dir(const fs::path& dir, const std::string& rel) {
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
        const std::string name = e.path().filename().string();
        const std::string sub = rel.empty() ? name : rel + "/" + name;
        if (e.is_symlink(sec)) {
            // Follow links to files (so a broken link is reported), never links to directories.
            if (fs::is_directory(e.path(), sec)) continue;
            if (filter.excluded(sub, false, root_globs)) {
                ++excluded;
                continue;
            }
            file(e.path());
        } else if (e.is_directory(sec)) {
            if (filter.excluded(sub, true, root_globs)) {
                ++excluded;
                continue;
            }
            this->dir(e.path(), sub);
        } else {
            if (filter.excluded(sub, false, root_globs)) {
                ++excluded;
                continue;
            }
            file(e.path());
        }
    }
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool readme_like(std::string_view name) {
    std::size_t end = name.find_first_of(".-_");
    std::string stem;
    for (char c : name.substr(0, end))
        stem += lower(c);
    return stem == "readme" || stem == "source" || stem == "sources" || stem == "license" ||
           stem == "licence" || stem == "changes" || stem == "changelog";
}

WalkFilter::WalkFilter(std::vector<std::string> globs, bool include_readmes)
    : globs_(std::move(globs)), include_readmes_(include_readmes) {}

std::vector<std::string> WalkFilter::ignore_file_globs(const fs::path& root) {
    std::vector<std::string> out;
    std::ifstream in(root / kIgnoreFile);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        std::size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') continue;
        out.push_back(line.substr(start));
    }
    return out;
}

bool WalkFilter::excluded(const std::string& rel, bool dir,
                          const std::vector<std::string>& root_globs) const {
    const std::size_t slash = rel.rfind('/');
    const std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
    if (!dir && !include_readmes_ && readme_like(name)) return true;
    auto matches = [&](const std::string& glob) {
        if (glob.find('/') == std::string::npos)
            return ::fnmatch(glob.c_str(), name.c_str(), 0) == 0;
        // "/inbox" anchors at the root, as "inbox/x" does; "dir/" matches only directories.
        std::string g = glob[0] == '/' ? glob.substr(1) : glob;
        if (!g.empty() && g.back() == '/') {
            if (!dir) return false;
            g.pop_back();
            if (g.find('/') == std::string::npos && glob[0] != '/') {
                return ::fnmatch(g.c_str(), name.c_str(), 0) == 0;
            }
        }
        return ::fnmatch(g.c_str(), rel.c_str(), FNM_PATHNAME) == 0;
    };
    return std::any_of(globs_.begin(), globs_.end(), matches) ||
           std::any_of(root_globs.begin(), root_globs.end(), matches);
}

void walk(const std::vector<std::string>& roots, const std::function<void(const fs::path&)>& file,
          const std::function<void(const IndexProblem&)>& problem, const WalkFilter& filter,
          std::size_t* excluded) {
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
            Walker w{file, problem, filter, WalkFilter::ignore_file_globs(root), 0};
            w.dir(root, "");
            if (excluded) *excluded += w.excluded;
        } else {
            file(root);
        }
    }
}

}  // namespace newsdesk::indexer
