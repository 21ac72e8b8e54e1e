#include "newsdesk/indexer.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "ingest/ingest.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/reading.hpp"
#include "newsdesk/internal/text.hpp"
#include "run_log.hpp"
#include "shards.hpp"
#include "signals.hpp"
#include "store.hpp"
#include "sync.hpp"
#include "sync_state.hpp"
#include "walk.hpp"

namespace newsdesk {

namespace fs = std::filesystem;

std::string default_db_path() {
    const char* env = std::getenv("NEWSDESK_DB");
    return env && *env ? env : "./newsdesk-db";
}

unsigned default_index_shards() {
    return std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

unsigned default_index_threads() {
    const unsigned cores = std::thread::hardware_concurrency();
    return std::clamp(cores > 1 ? cores - 1 : 1u, 1u, 4u);
}

std::string IndexProblem::to_string() const {
    // Names and reasons come from the files: escaped, so that one problem is one line.
    std::string s = text::printable(path);
    if (line) s += ":" + std::to_string(line);
    return s + ": " + text::printable(reason);
}

std::string IndexReport::summary() const {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", seconds);
    std::string s = std::to_string(files_seen) + " files seen: " + std::to_string(added) +
                    " added, " + std::to_string(updated) + " updated, " +
                    std::to_string(unchanged) + " unchanged, " + std::to_string(skipped) +
                    " skipped, " + std::to_string(failed) + " failed, " + std::to_string(deleted) +
                    " deleted, " + std::to_string(moved) + " moved in " + secs + " s";
    if (excluded) s += "; " + std::to_string(excluded) + " excluded";
    if (known) {
        s += "; " + std::to_string(known) + " known problem" + (known == 1 ? "" : "s") +
             " as in the last run (--verbose lists them)";
    }
    if (rebuilt) s += "; rebuilt";
    if (compacted) s += "; compacted";
    if (interrupted) s += "; interrupted (the next run completes the work)";
    return s;
}

namespace {

nlohmann::json report_object(const IndexReport& r, std::size_t max_problems) {
    nlohmann::json problems = nlohmann::json::array();
    nlohmann::json details = nlohmann::json::array();
    for (std::size_t i = 0; i < r.problems.size() && i < max_problems; ++i) {
        const IndexProblem& p = r.problems[i];
        problems.push_back(p.to_string());
        details.push_back(
            {{"path", p.path}, {"line", p.line}, {"reason", p.reason}, {"known", p.known}});
    }
    return {{"status", r.interrupted ? "interrupted" : "completed"},
            {"started", r.started},
            {"seconds", r.seconds},
            {"files_seen", r.files_seen},
            {"files_read", r.files_read},
            {"added", r.added},
            {"updated", r.updated},
            {"unchanged", r.unchanged},
            {"deleted", r.deleted},
            {"moved", r.moved},
            {"skipped", r.skipped},
            {"failed", r.failed},
            {"known", r.known},
            {"excluded", r.excluded},
            {"rebuilt", r.rebuilt},
            {"compacted", r.compacted},
            {"commits", r.commits},
            {"problems_total", r.problems.size()},
            {"problems", problems},
            {"problem_details", details}};
}

std::string dump_json(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string IndexReport::to_json() const {
    return dump_json(report_object(*this, problems.size()));
}

namespace {

using Clock = std::chrono::steady_clock;

// How long an old generation stays after a switch, for readers that read the old stub an
// instant before and are opening it now.
constexpr auto kRetireGrace = std::chrono::seconds(1);
// Problems kept in the database's record of the last run.
constexpr std::size_t kProblemsRecorded = 100;

void validate(const IndexParams& p) {
    if (p.paths.empty()) throw UsageError("nothing to index: give at least one file or directory");
    if (p.batch_size == 0) throw UsageError("--batch-size must be at least 1");
    if (!(p.commit_interval >= 0) || p.commit_interval > 3600)
        throw UsageError("--commit-interval must be between 0 and 3600 seconds");
    if (p.max_file_size == 0) throw UsageError("--max-file-size must be at least 1");
    if (p.db.empty()) throw UsageError("--db must not be empty");
    if (p.threads > 64) throw UsageError("--threads must be at most 64");
    if (p.shards > 64) throw UsageError("--shards must be at most 64");
}

void add_entities(ingest::FileResult& r, const IndexParams& params) {
    if (!params.entities) return;
    for (auto& a : r.articles)
        extract_entities(a);
}

// The one call into ingestion: a file to its articles, with their entities (before the document
// is built and stories are assigned: story detection compares entities). Runs on the parsing
// threads, so extraction runs in parallel.
ingest::FileResult read_articles(const fs::path& path, const IndexParams& params,
                                 std::string* bytes = nullptr) {
    ingest::Options options;
    options.max_file_size = params.max_file_size;
    ingest::FileResult r = bytes ? ingest::read_file(path, options, std::move(*bytes))
                                 : ingest::read_file(path, options);
    add_entities(r, params);
    return r;
}

// Counts the outcome of one file in `report`, passing its problems to `warn` and its articles
// to `article`.
void take_result(ingest::FileResult& r, IndexReport& report,
                 const std::function<void(const IndexProblem&)>& warn,
                 const std::function<void(Article&&)>& article) {
    for (const auto& p : r.problems)
        warn(p);
    switch (r.outcome) {
        case ingest::Outcome::skipped:
            ++report.skipped;
            break;
        case ingest::Outcome::failed:
            ++report.failed;
            break;
        case ingest::Outcome::ok:
            // Bad records of a file that still gave articles (JSON Lines) count one each.
            report.skipped += r.records_skipped;
            report.failed += r.records_failed;
            for (auto& a : r.articles)
                article(std::move(a));
            break;
    }
}

// Reads every file under params.paths, calling `article` for each article and counting the
// outcome of each file in `report` (the --dump path; index_paths goes through sync()).
void ingest_all(const IndexParams& params, const IndexCallbacks& cb, IndexReport& report,
                const std::function<void(Article&&)>& article) {
    auto warn = [&](const IndexProblem& p) {
        report.problems.push_back(p);
        if (cb.warning) cb.warning(p);
    };
    indexer::walk(
        params.paths,
        [&](const std::filesystem::path& path) {
            ++report.files_seen;
            ingest::FileResult r = read_articles(path, params);
            take_result(r, report, warn, article);
        },
        [&](const IndexProblem& p) {
            ++report.failed;
            warn(p);
        },
        indexer::WalkFilter(params.exclude, params.include_readmes), &report.excluded);
}

std::string run_marker() {
    return dump_json(
        {{"pid", static_cast<long>(::getpid())}, {"started", indexer::local_timestamp()}});
}

// Adds the run's summary to the pending changes of `shards` and commits them.
void commit_run(indexer::ShardSet& shards, IndexReport& report, const indexer::RunContext& ctx) {
    ++report.commits;  // this one, recorded with it
    report.seconds = ctx.elapsed();
    shards.meta().set_metadata(std::string(indexer::kLastRunKey),
                               dump_json(report_object(report, kProblemsRecorded)));
    shards.meta().set_metadata(std::string(indexer::kRunInProgressKey), "");
    shards.commit();
}

// Records the run's summary in the live generation of `dir` on its own.
void record_run(const std::string& dir, IndexReport& report, const indexer::RunContext& ctx) {
    const indexer::Layout live = indexer::live_layout(dir);
    Xapian::WritableDatabase meta((fs::path(dir) / live.shards.at(0)).string(), Xapian::DB_OPEN);
    ++report.commits;
    report.seconds = ctx.elapsed();
    meta.set_metadata(std::string(indexer::kLastRunKey),
                      dump_json(report_object(report, kProblemsRecorded)));
    meta.set_metadata(std::string(indexer::kRunInProgressKey), "");
    meta.commit();
}

// --shards on an existing database: only a rebuild changes the number.
void check_shards(const IndexParams& params, const indexer::Layout& live) {
    if (params.shards != 0 && !live.shards.empty() && params.shards != live.shards.size()) {
        throw UsageError(params.db + " has " + std::to_string(live.shards.size()) + " shard" +
                         (live.shards.size() == 1 ? "" : "s") + "; --shards " +
                         std::to_string(params.shards) + " takes effect with --rebuild");
    }
}

// After a switch: give readers a moment, then remove the generations that are no longer live.
void retire_old_generations(const std::string& dir) {
    std::this_thread::sleep_for(kRetireGrace);
    indexer::remove_other_generations(dir);
}

// Compacts after --compact, and after a run that built the database from nothing (a first full
// index, a rebuild): its shards were written in many small commits.
void compact_after_run(const IndexParams& params, bool built, IndexReport& report,
                       const indexer::RunContext& ctx) {
    if (!(params.compact || built) || report.interrupted) return;
    indexer::compact(params.db);
    report.compacted = true;
    record_run(params.db, report, ctx);
    retire_old_generations(params.db);
}

// Brings the live generation in step with the files.
void update(const IndexParams& params, const indexer::ReadFile& read, indexer::RunContext& ctx) {
    indexer::remove_other_generations(params.db);  // left by an interrupted rebuild or compaction
    check_shards(params, indexer::live_layout(params.db));
    const indexer::Layout layout =
        indexer::ensure_database(params.db, params.shards ? params.shards : default_index_shards());
    indexer::ShardSet shards(params.db, layout);
    // Built from nothing: no article and no file record yet.
    const std::string records(indexer::kFileRecordPrefix);
    const bool from_empty =
        shards.all().get_doccount() == 0 &&
        shards.meta().metadata_keys_begin(records) == shards.meta().metadata_keys_end(records);
    ctx.remember_last_run(shards.meta().get_metadata(std::string(indexer::kLastRunKey)));
    indexer::Plan plan = indexer::walk_roots(params);
    indexer::finish_plan(plan, shards.all(), ctx);
    // The marker goes out with the run's first commit, not in a commit of its own: a run then
    // commits each shard once per batch, and a reader opened before a small run keeps reading
    // its revision (Xapian lets it fall one commit behind, not two). A run killed before its
    // first commit changed nothing, so there is nothing unfinished to report.
    shards.meta().set_metadata(std::string(indexer::kRunInProgressKey), run_marker());
    indexer::sync(shards, plan, params, read, ctx);
    commit_run(shards, ctx.report, ctx);
    const bool built = from_empty && shards.all().get_doccount() > 0;
    shards.close();
    compact_after_run(params, built, ctx.report, ctx);
}

// Builds a new generation from scratch and switches to it when complete.
void rebuild(const IndexParams& params, const indexer::ReadFile& read, indexer::RunContext& ctx) {
    indexer::check_database_dir(params.db);
    const indexer::Layout live = indexer::live_layout(params.db);
    if (live.shards.empty()) {
        update(params, read, ctx);  // nothing to rebuild: a first index is a fresh one
        return;
    }
    IndexReport& report = ctx.report;
    indexer::Plan plan = indexer::walk_roots(params);
    {
        Xapian::Database current(params.db);
        ctx.remember_last_run(current.get_metadata(std::string(indexer::kLastRunKey)));
        if (std::size_t lost = indexer::finish_plan(plan, current, ctx)) {
            throw RuntimeError("refusing to --rebuild " + params.db + ": " + std::to_string(lost) +
                               " indexed files are under paths that are missing, unreadable or "
                               "empty (see above) and would be lost; the database is unchanged");
        }
    }
    // A rebuild keeps the number of shards unless told otherwise.
    const unsigned n = params.shards ? params.shards : static_cast<unsigned>(live.shards.size());
    const indexer::Layout gen = indexer::create_generation(params.db, n);
    const fs::path gen_path = fs::path(params.db) / gen.generation;
    try {
        indexer::ShardSet shards(params.db, gen);
        indexer::sync(shards, plan, params, read, ctx);
        if (report.interrupted) {
            shards.close();
            fs::remove_all(gen_path);
            record_run(params.db, report, ctx);  // the live database says what happened
            return;
        }
        // It ends compacted: compacted before it goes live (the summary goes along).
        report.rebuilt = true;
        report.compacted = true;
        commit_run(shards, report, ctx);
        shards.close();
        const indexer::Layout compacted = indexer::compact_generation(params.db, gen);
        fs::remove_all(gen_path);
        indexer::switch_generation(params.db, compacted);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(gen_path, ec);
        throw;
    }
    retire_old_generations(params.db);
}

}  // namespace

IndexReport index_paths(const IndexParams& params, const IndexCallbacks& cb) {
    validate(params);
    IndexReport report;
    report.started = indexer::local_timestamp();
    indexer::RunLog log(params.log_file);

    std::optional<indexer::StopSignals> signals;
    if (params.stop_on_signals) signals.emplace();
    IndexCallbacks callbacks = cb;
    callbacks.should_stop = [&] {
        return (signals && indexer::StopSignals::requested()) ||
               (cb.should_stop && cb.should_stop());
    };
    indexer::RunContext ctx(report, callbacks, log, params.verbose);
    const indexer::ReadFile read = [&params](const fs::path& path, std::string* bytes) {
        return read_articles(path, params, bytes);
    };

    log.line("start: --db " + text::printable(params.db) + (params.rebuild ? " --rebuild" : "") +
             (params.compact ? " --compact" : "") + " (" + std::to_string(params.paths.size()) +
             " path" + (params.paths.size() == 1 ? ")" : "s)"));
    try {
        indexer::WriterLock lock(params.db, params.wait_seconds);
        if (params.rebuild) {
            rebuild(params, read, ctx);
        } else {
            update(params, read, ctx);
        }
    } catch (const Xapian::Error& e) {
        const std::string msg = "indexing into " + params.db + " failed: " + e.get_description() +
                                " (the database keeps its last committed state)";
        log.line("failed: " + text::printable(msg));
        throw RuntimeError(msg);
    } catch (const std::exception& e) {
        log.line("failed: " + text::printable(e.what()));
        throw;
    }
    report.seconds = ctx.elapsed();
    ctx.progress(report.files_read, report.files_read);
    log.line(report.summary());
    return report;
}

IndexReport dump_paths(const IndexParams& params, const std::function<void(const Article&)>& sink,
                       const IndexCallbacks& cb) {
    if (params.paths.empty()) throw UsageError("nothing to dump: give at least one file");
    const auto start = Clock::now();
    IndexReport report;
    ingest_all(params, cb, report, [&](Article&& a) {
        ++report.added;
        sink(a);
    });
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return report;
}

IndexReport dump_bytes(const IndexParams& params, std::string bytes, const std::string& name,
                       const std::function<void(const Article&)>& sink, const IndexCallbacks& cb) {
    if (params.max_file_size == 0) throw UsageError("--max-file-size must be at least 1");
    const auto start = Clock::now();
    IndexReport report;
    report.files_seen = 1;
    ingest::Options options;
    options.max_file_size = params.max_file_size;
    ingest::FileResult r = ingest::parse_bytes(std::move(bytes), name, "", options);
    add_entities(r, params);
    take_result(
        r, report,
        [&](const IndexProblem& p) {
            report.problems.push_back(p);
            if (cb.warning) cb.warning(p);
        },
        [&](Article&& a) {
            ++report.added;
            sink(a);
        });
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return report;
}

IndexStatus index_status(const std::string& dir) {
    if (indexer::live_generation(dir).empty()) {
        throw DatabaseError("no database at " + dir + " (create one with: newsdesk-index --db " +
                            dir + " PATH...)");
    }
    IndexStatus st;
    try {
        // Read while an indexer may be committing: see newsdesk/internal/reading.hpp.
        Xapian::Database db = reading::open(dir);
        reading::retrying(
            [&] {
                st = IndexStatus{};
                const indexer::Layout layout = indexer::live_layout(dir);
                st.generation = layout.generation;
                st.shards = layout.shards.size();
                st.articles = db.get_doccount();
                const std::string prefix(indexer::kFileRecordPrefix);
                for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix);
                     ++k)
                    ++st.files;
                st.last_run_json = db.get_metadata(std::string(indexer::kLastRunKey));
                const std::string marker = db.get_metadata(std::string(indexer::kRunInProgressKey));
                const indexer::LockHolder holder = indexer::lock_holder(dir);
                st.running_pid = holder.pid;
                st.running_since = holder.since;
                if (!marker.empty()) {
                    nlohmann::json m = nlohmann::json::parse(marker, nullptr, false);
                    if (m.is_object()) {
                        const long pid = m.value("pid", 0L);
                        if (pid != holder.pid) {
                            st.unfinished_pid = pid;
                            st.unfinished_started = m.value("started", "");
                        }
                    }
                }
            },
            [&] { return reading::renew(db, dir); });
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database " + dir + ": " + e.get_description());
    }
    return st;
}

}  // namespace newsdesk
