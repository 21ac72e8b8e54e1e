// newsdesk/indexer.hpp — building and updating a newsdesk database from article files.
//
// The indexer walks files and directories, turns each file into articles (plain text, HTML,
// JSON Lines, JSON), and writes one Xapian document per article. It is incremental: a re-run over
// the same paths reads only files whose size or modification time changed (and re-indexes them
// only when their content did), removes the articles of files that vanished, recognises a moved
// file by its content, and reconciles JSON Lines files record by record. Changes are committed in
// batches, each file's documents together with its sync state, so a run stopped at any point
// (even by SIGKILL) leaves a consistent database that the next run completes. Readers keep
// working during a run. docs/OPERATIONS.md describes running it from cron or systemd.
//
// Errors: a bad parameter throws UsageError; a database that cannot be created or opened throws
// DatabaseError; another writer holding the database throws LockedError; an I/O or database
// failure during the run throws RuntimeError (the database keeps its last commit). Problems with
// single input files are never thrown: they are reported through IndexCallbacks::warning and
// counted. Thread-safety: index_paths() may run in any thread (it starts worker threads of its
// own); callbacks are called from that thread.
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

/// Parsing threads used when IndexParams::threads is left at its default: one less than the
/// machine's cores, at least 1, at most 4.
unsigned default_index_threads();

/// Shards of a new database when IndexParams::shards is left at 0: the machine's cores, at least
/// 1, at most 8.
unsigned default_index_shards();

struct IndexParams {
    std::string db = default_db_path();  ///< database directory (created when missing)
    std::vector<std::string> paths;      ///< files and directories to index, walked recursively
    std::uintmax_t max_file_size = 10u << 20;  ///< larger files are skipped (bytes)
    /// Documents (added, replaced or deleted) per commit. Commits fall between files, so a file
    /// with more articles than this is committed whole.
    std::size_t batch_size = 1000;
    /// Seconds at least between two commits of a run (the first full batch commits at once):
    /// Xapian keeps only a database's two newest revisions readable, so a search slower than
    /// two commits fails however often it retries. A batch fills up while the gap lasts, so
    /// memory holds at most a batch or this many seconds of parsing, whichever is more.
    /// 0 commits every batch_size changes.
    double commit_interval = 1.0;
    /// Keep the articles of files that vanished from their directory (default: remove them).
    bool keep_deleted = false;
    /// Build a new database from scratch beside the live one and switch to it when complete.
    bool rebuild = false;
    /// Compact the database after the run (into a new generation, switched to atomically).
    bool compact = false;
    /// When another indexer holds the database: 0 fails at once (LockedError), > 0 waits up to
    /// this many seconds, < 0 waits as long as it takes.
    double wait_seconds = 0;
    /// Threads reading and parsing files while the calling thread writes; 0 parses in the
    /// calling thread.
    unsigned threads = default_index_threads();
    /// Shards of the database (each a complete Xapian database; an article's shard is a function
    /// of its id). Chosen when the database is created or rebuilt; 0 keeps the number it has (or
    /// default_index_shards() for a new one). Another number on an existing database without
    /// `rebuild` is a UsageError.
    unsigned shards = 0;
    /// Stop cleanly on SIGINT/SIGTERM: commit what is done, report `interrupted`. Installs
    /// process-wide signal handlers for the duration of the run (for command-line tools).
    bool stop_on_signals = false;
    /// When not empty, timestamped lines (start, problems, summary) are appended to this file.
    std::string log_file;
    /// Extract people, organisations and places (extract_entities) on the parsing threads.
    /// false leaves Article::entities empty: only for measuring what extraction costs
    /// (bench/ner/index-cost.sh); such a database has no entity facets.
    bool entities = true;
    /// Globs of files and directories to leave out (--exclude), added to each directory root's
    /// .newsdeskignore: without '/' a glob matches a name anywhere ("*.jpg", "drafts"), with '/'
    /// the path relative to the root ("2024/*/notes.txt"). fnmatch(3) patterns. What is left
    /// out is not indexed (an excluded file indexed before is removed as vanished) and is
    /// counted in IndexReport::excluded.
    std::vector<std::string> exclude;
    /// Index README-like files (README*, SOURCE*, LICENSE*, CHANGES*: notes about a collection,
    /// not articles), which are left out by default.
    bool include_readmes = false;
    /// Report again, through IndexCallbacks::warning and the log, the problems of files that
    /// are unchanged since an earlier run reported them (default: counted as known, recorded in
    /// the report, not repeated).
    bool verbose = false;
};

/// One line about one input that was skipped or failed: "path[:line]: reason".
struct IndexProblem {
    std::string path;
    std::size_t line = 0;  ///< 1-based line within the file, 0 for the whole file
    std::string reason;
    /// Reported by an earlier run for the same unchanged file (or the same failure again): not
    /// repeated through IndexCallbacks::warning unless IndexParams::verbose.
    bool known = false;
    std::string to_string() const;
};

struct IndexReport {
    std::size_t files_seen = 0;
    std::size_t added = 0;       ///< articles new to the database
    std::size_t updated = 0;     ///< articles whose stored form changed
    std::size_t unchanged = 0;   ///< articles already indexed exactly so
    std::size_t skipped = 0;     ///< inputs skipped on purpose (empty, binary, too large, ...)
    std::size_t failed = 0;      ///< inputs that could not be read or parsed
    std::size_t deleted = 0;     ///< articles removed: their file or record vanished
    std::size_t moved = 0;       ///< files recognised by content at a new path (not re-indexed)
    std::size_t files_read = 0;  ///< files actually read (new, changed, or touched)
    std::size_t known = 0;       ///< problems that are known (IndexProblem::known)
    std::size_t excluded = 0;    ///< files and directories left out (IndexParams::exclude, ...)
    bool interrupted = false;    ///< stopped early (signal or should_stop); work committed so far
    bool rebuilt = false;        ///< a fresh database replaced the live one
    bool compacted = false;      ///< the database was compacted after the run
    std::size_t commits = 0;     ///< commits of the run (all shards' together count once)
    std::string started;         ///< local time the run started, "YYYY-MM-DDTHH:MM:SS+ZZZZ"
    double seconds = 0;
    std::vector<IndexProblem> problems;

    /// "5 files seen: 5 added, 0 updated, 0 unchanged, 0 skipped, 0 failed, 0 deleted, 0 moved
    /// in 0.04 s", then "; 2 excluded" and "; 3 known problems as in the last run (--verbose
    /// lists them)" when there are any, ending "; interrupted (the next run completes the work)"
    /// when interrupted.
    std::string summary() const;

    /// True when the run has something to tell: a problem that is not known, or an interruption.
    /// (A quiet run prints nothing otherwise.)
    bool news() const { return interrupted || problems.size() > known; }

    /// The report as one JSON object: {"status": "completed"|"interrupted", "started",
    /// "seconds", "files_seen", "files_read", "added", "updated", "unchanged", "deleted",
    /// "moved", "skipped", "failed", "known", "excluded", "rebuilt", "compacted", "commits",
    /// "problems": ["path: reason", ...], "problem_details": [{"path", "line", "reason",
    /// "known"}, ...]}.
    std::string to_json() const;
};

/// How far a run has got, for progress bars.
struct IndexProgress {
    std::size_t files_done = 0;   ///< files to read (new or changed) done so far
    std::size_t files_total = 0;  ///< files to read in this run
    std::size_t articles = 0;     ///< articles written so far
    double seconds = 0;           ///< since the run started
};

struct IndexCallbacks {
    /// Called once per skipped or failed input, as it happens.
    std::function<void(const IndexProblem&)> warning;
    /// Called after each file read, and once more at the end.
    std::function<void(const IndexProgress&)> progress;
    /// Polled between files: returning true stops the run cleanly, as a signal does.
    std::function<bool()> should_stop;
};

/// Indexes `params.paths` into `params.db`, incrementally (or from scratch with `rebuild`).
IndexReport index_paths(const IndexParams& params, const IndexCallbacks& callbacks = {});

/// Reads and parses `paths` exactly as index_paths() would, without touching a database, calling
/// `sink` for each article (the --dump tool). Problems go to `callbacks.warning`.
IndexReport dump_paths(const IndexParams& params, const std::function<void(const Article&)>& sink,
                       const IndexCallbacks& callbacks = {});

/// Like dump_paths() for bytes already read (standard input): parsed as a file named `name`
/// would be (its extension and the bytes decide the format), with `params.max_file_size` and
/// `params.entities`; `params.paths` is not used.
IndexReport dump_bytes(const IndexParams& params, std::string bytes, const std::string& name,
                       const std::function<void(const Article&)>& sink,
                       const IndexCallbacks& callbacks = {});

/// Fills `article.entities` as the indexer does: EntityExtractor::builtin() over the title and
/// the body together (a headline's full name resolves a later short mention in the body), keeping
/// the mentions in the body, with byte offsets into `article.text`; the mentions of a headline
/// that is not the body's first sentence go to `article.title_entities`, with offsets into
/// `article.title` (facet values and filter terms too). Thread-safe.
void extract_entities(Article& article);

/// What a database says about itself and its indexer (newsdesk-index --status).
struct IndexStatus {
    std::string generation;  ///< the live generation ("gen-3")
    std::size_t shards = 0;  ///< its shards
    std::size_t articles = 0;
    std::size_t files = 0;      ///< files with sync state
    std::string last_run_json;  ///< IndexReport::to_json() of the last run, "" if none
    long running_pid = 0;       ///< an indexer updating the database now, 0 if none
    std::string running_since;
    std::string unfinished_started;  ///< a run that started and never finished (killed), or ""
    long unfinished_pid = 0;
};

/// Reads the status of `db` without taking its lock. Throws DatabaseError when there is no
/// database there.
IndexStatus index_status(const std::string& db);

}  // namespace newsdesk
