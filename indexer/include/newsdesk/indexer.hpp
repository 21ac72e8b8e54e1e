// newsdesk/indexer.hpp — building and updating a newsdesk database from article files.
//
// The indexer walks files and directories, turns each file into articles (plain text, HTML,
// JSON Lines, JSON), and writes one Xapian document per article. Re-indexing the same file
// replaces its documents instead of duplicating them.
//
// Errors: a bad parameter throws UsageError; a database that cannot be created or opened throws
// DatabaseError; another writer holding the database throws LockedError. Problems with single
// input files are never thrown: they are reported through IndexCallbacks::warning and counted.
// Thread-safety: index_paths() may run in any thread; callbacks are called from that thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "newsdesk/article.hpp"

namespace newsdesk {

/// $NEWSDESK_DB when set and not empty, else "./newsdesk-db".
std::string default_db_path();

struct IndexParams {
    std::string db = default_db_path();  ///< database directory (created when missing)
    std::vector<std::string> paths;      ///< files and directories to index, walked recursively
    std::uintmax_t max_file_size = 10u << 20;  ///< larger files are skipped (bytes)
    std::size_t batch_size = 1000;             ///< documents per commit
};

/// One line about one input that was skipped or failed: "path[:line]: reason".
struct IndexProblem {
    std::string path;
    std::size_t line = 0;  ///< 1-based line within the file, 0 for the whole file
    std::string reason;
    std::string to_string() const;
};

struct IndexReport {
    std::size_t files_seen = 0;
    std::size_t added = 0;      ///< articles new to the database
    std::size_t updated = 0;    ///< articles whose stored form changed
    std::size_t unchanged = 0;  ///< articles already indexed exactly so
    std::size_t skipped = 0;    ///< inputs skipped on purpose (empty, binary, too large, ...)
    std::size_t failed = 0;     ///< inputs that could not be read or parsed
    double seconds = 0;
    std::vector<IndexProblem> problems;

    /// "5 files seen: 5 added, 0 updated, 0 unchanged, 0 skipped, 0 failed in 0.04 s"
    std::string summary() const;
};

struct IndexCallbacks {
    /// Called once per skipped or failed input, as it happens.
    std::function<void(const IndexProblem&)> warning;
};

/// Indexes `params.paths` into `params.db`.
IndexReport index_paths(const IndexParams& params, const IndexCallbacks& callbacks = {});

/// Reads and parses `paths` exactly as index_paths() would, without touching a database, calling
/// `sink` for each article (the --dump tool). Problems go to `callbacks.warning`.
IndexReport dump_paths(const IndexParams& params, const std::function<void(const Article&)>& sink,
                       const IndexCallbacks& callbacks = {});

}  // namespace newsdesk
