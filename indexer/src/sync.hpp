// Bringing a database in step with the files under some roots: the heart of index_paths().
//
// A run walks the roots (walk_roots), then compares each file with its sync state record
// (sync_state.hpp): same size and modification time -> unchanged, nothing read; otherwise the
// file is read, and if its bytes hash as before only its record is updated. New and changed files
// are parsed on worker threads (pipeline.hpp) and written in walk order, each file's documents,
// removals and record together between two commits. Files that vanished are recognised as moved
// when a new file has their exact content, else their articles are removed — never under a root
// that is missing, unreadable or suddenly empty (an unmounted archive must not empty the index).
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "newsdesk/indexer.hpp"
#include "pipeline.hpp"
#include "run_log.hpp"
#include "shards.hpp"

namespace newsdesk::indexer {

/// Where a run reports to: its report, the caller's callbacks, the log file; and whether it
/// has been asked to stop.
class RunContext {
  public:
    /// `verbose`: known problems are told and logged too (IndexParams::verbose).
    RunContext(IndexReport& report, const IndexCallbacks& callbacks, RunLog& log,
               bool verbose = false);

    /// Counts nothing but known problems; records the problem, and tells the caller and logs it
    /// unless it is known (and the run is not verbose).
    void problem(IndexProblem p);
    /// Reads the problems of the last run from its record (IndexReport::to_json() as stored).
    void remember_last_run(const std::string& last_run_json);
    /// True when the last run reported exactly this problem (for failures, which are retried
    /// each run: the same failure again is known).
    bool reported_last_run(const IndexProblem& p) const;
    /// True once a stop was asked for (SIGINT/SIGTERM with stop_on_signals, should_stop).
    bool stop_requested() const;
    void progress(std::size_t done, std::size_t total) const;
    double elapsed() const;
    void log(const std::string& line) { log_.line(line); }

    IndexReport& report;

  private:
    const IndexCallbacks& callbacks_;
    RunLog& log_;
    bool verbose_ = false;
    std::unordered_set<std::string> last_run_problems_;
    std::chrono::steady_clock::time_point start_;
};

/// A file found by the walk.
struct WalkedFile {
    std::filesystem::path path;  ///< as walked
    std::string abs;             ///< absolute, lexically normal
    std::string term;            ///< XF term
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    bool stat_ok = false;  ///< false: stat(2) failed (a broken link); always read (and reported)
};

struct Plan {
    std::vector<WalkedFile> files;  ///< walk order, each path once
    /// Directory roots that were walked (absolute): where vanished files are looked for.
    std::vector<std::string> dir_roots;
    /// Absolute paths under which nothing is treated as vanished: missing roots, directories
    /// that could not be read, directory roots that came out empty although files are indexed.
    std::vector<std::string> protected_paths;
    /// Problems met by the walk, reported by finish_plan().
    std::vector<IndexProblem> walk_problems;
    /// Files and directories the walk left out (IndexParams::exclude, .newsdeskignore,
    /// README-like).
    std::size_t excluded = 0;
};

/// Walks `params.paths` (no database needed), leaving out what the walk filter excludes
/// (walk.hpp) and everything under `params.db` (a database kept inside the archive must not
/// index itself).
Plan walk_roots(const IndexParams& params);

/// Reports the walk's problems (counted as failed), saying how many indexed files each keeps,
/// and protects directory roots that came out empty while `db` has files under them (an
/// unmounted archive), with a warning counted as failed. Returns the number of indexed files
/// under protected paths (what a rebuild would lose).
std::size_t finish_plan(Plan& plan, const Xapian::Database& db, RunContext& ctx);

/// Brings the database of `shards` in step with `plan`. Commits every `params.batch_size`
/// documents; leaves the last batch uncommitted for the caller (who adds the run's summary to it).
/// Stops early, between files, when ctx.stop_requested() (report.interrupted is then set). Throws
/// Xapian::Error.
void sync(ShardSet& shards, const Plan& plan, const IndexParams& params, const ReadFile& read,
          RunContext& ctx);

}  // namespace newsdesk::indexer
