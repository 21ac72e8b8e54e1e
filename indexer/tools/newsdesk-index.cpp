// newsdesk-index: index article files into a newsdesk database, and keep it in step.
#include <iostream>
#include <nlohmann/json.hpp>

#include "newsdesk/cli.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/indexer.hpp"
#include "progress.hpp"

namespace po = boost::program_options;

namespace {

nlohmann::json entities_json(const newsdesk::Article& a) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : a.entities) {
        out.push_back({{"text", m.text},
                       {"type", newsdesk::to_string(m.type)},
                       {"start", m.start},
                       {"end", m.end},
                       {"canonical", m.canonical}});
    }
    return out;
}

nlohmann::json article_json(const newsdesk::Article& a) {
    return {{"key", a.key},
            {"path", a.path},
            {"line", a.line},
            {"format", a.format},
            {"title", a.title},
            {"date", a.date},
            {"date_source", newsdesk::to_string(a.date_source)},
            {"source", a.source},
            {"url", a.url},
            {"byline", a.byline},
            {"dateline", a.dateline},
            {"text", a.text},
            {"entities", entities_json(a)}};
}

// --wait, --wait=SECONDS, --wait=forever -> IndexParams::wait_seconds.
double parse_wait(const std::string& v) {
    if (v == "forever") return -1;
    char* end = nullptr;
    const double s = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || !(s >= 0)) {
        throw newsdesk::UsageError("--wait takes a number of seconds (--wait=30), not '" + v + "'");
    }
    return s;
}

// "--wait" alone means "--wait=forever": Boost would otherwise take the next word (a PATH) as
// its value.
std::vector<std::string> spell_out_wait(int argc, char** argv) {
    std::vector<std::string> args(argv, argv + argc);
    for (auto& a : args) {
        if (a == "--") break;
        if (a == "--wait") a = "--wait=forever";
    }
    return args;
}

// The summary line of a run recorded as JSON (IndexReport::to_json) in the database.
std::string summary_of(const nlohmann::json& run) {
    newsdesk::IndexReport r;
    r.files_seen = run.value("files_seen", std::size_t{0});
    r.added = run.value("added", std::size_t{0});
    r.updated = run.value("updated", std::size_t{0});
    r.unchanged = run.value("unchanged", std::size_t{0});
    r.skipped = run.value("skipped", std::size_t{0});
    r.failed = run.value("failed", std::size_t{0});
    r.known = run.value("known", std::size_t{0});
    r.excluded = run.value("excluded", std::size_t{0});
    r.deleted = run.value("deleted", std::size_t{0});
    r.moved = run.value("moved", std::size_t{0});
    r.seconds = run.value("seconds", 0.0);
    r.rebuilt = run.value("rebuilt", false);
    r.compacted = run.value("compacted", false);
    r.interrupted = run.value("status", "") != "completed";
    return r.summary();
}

// --status: what the database says about its last run. Exit 0 when it completed, 4 when it did
// not (interrupted, killed) or when no run is recorded.
int print_status(const std::string& db, bool json) {
    const newsdesk::IndexStatus st = newsdesk::index_status(db);
    nlohmann::json last = st.last_run_json.empty()
                              ? nlohmann::json()
                              : nlohmann::json::parse(st.last_run_json, nullptr, false);
    if (last.is_discarded()) last = nullptr;
    const bool ok =
        last.is_object() && last.value("status", "") == "completed" && st.unfinished_pid == 0;
    if (json) {
        nlohmann::json out = {{"db", db},
                              {"generation", st.generation},
                              {"shards", st.shards},
                              {"articles", st.articles},
                              {"files", st.files},
                              {"last_run", last},
                              {"running", nullptr},
                              {"unfinished", nullptr}};
        if (st.running_pid) out["running"] = {{"pid", st.running_pid}, {"since", st.running_since}};
        if (st.unfinished_pid) {
            out["unfinished"] = {{"pid", st.unfinished_pid}, {"started", st.unfinished_started}};
        }
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
        std::cout << db << ": " << st.articles << " articles from " << st.files << " files ("
                  << st.generation
                  << (st.shards > 1 ? ", " + std::to_string(st.shards) + " shards" : "") << ")\n";
        if (last.is_object()) {
            std::cout << "last run: " << last.value("status", "?") << ", started "
                      << last.value("started", "?") << ": " << summary_of(last) << '\n';
        } else {
            std::cout << "last run: none recorded\n";
        }
        if (last.is_object() && last.contains("problems") && last["problems"].is_array() &&
            !last["problems"].empty()) {
            const std::size_t total = last.value("problems_total", last["problems"].size());
            std::cout << "skipped or failed in the last run (" << total << "):\n";
            for (const auto& p : last["problems"])
                if (p.is_string()) std::cout << "  " << p.get<std::string>() << '\n';
            if (total > last["problems"].size()) {
                std::cout << "  … and " << total - last["problems"].size()
                          << " more (the database keeps the first " << last["problems"].size()
                          << ")\n";
            }
        }
        if (st.running_pid) {
            std::cout << "running now: pid " << st.running_pid << " since " << st.running_since
                      << '\n';
        }
        if (st.unfinished_pid) {
            std::cout << "unfinished: a run started " << st.unfinished_started << " (pid "
                      << st.unfinished_pid
                      << ") stopped without finishing; the next run completes its work\n";
        }
    }
    return ok ? newsdesk::cli::kOk : newsdesk::cli::kIncomplete;
}

}  // namespace

int main(int argc, char** argv) {
    return newsdesk::cli::run("newsdesk-index", [&]() -> int {
        newsdesk::IndexParams params;
        params.stop_on_signals = true;
        bool quiet = false, json = false, dump = false, strict = false, status = false;
        bool no_entities = false;
        std::string wait;

        po::options_description general("Indexing");
        general.add_options()("help,h", "show this help and exit")(
            "batch-size", po::value(&params.batch_size)->default_value(params.batch_size),
            "documents per commit")(
            "commit-interval",
            po::value(&params.commit_interval)
                ->default_value(params.commit_interval)
                ->value_name("SECONDS"),
            "at least this long between two commits of a run, so that searches always finish "
            "between them (0: commit every batch)")(
            "max-file-size", po::value(&params.max_file_size)->default_value(params.max_file_size),
            "skip files larger than this many bytes")(
            "keep-deleted", po::bool_switch(&params.keep_deleted),
            "keep the articles of files that vanished (default: remove them)")(
            "rebuild", po::bool_switch(&params.rebuild),
            "build a fresh database beside the live one, then switch to it")(
            "compact", po::bool_switch(&params.compact), "compact the database after the run")(
            "wait", po::value(&wait)->implicit_value("forever")->value_name("SECONDS"),
            "when another newsdesk-index is updating the database, wait for it (--wait=SECONDS: "
            "at most that long) instead of exiting with code 75")(
            "threads", po::value(&params.threads)->default_value(params.threads),
            "threads reading and parsing files (0: none besides the writer)")(
            "shards", po::value(&params.shards)->value_name("N"),
            ("shards of a new database, or of the rebuilt one with --rebuild (default: the "
             "number it has; " +
             std::to_string(newsdesk::default_index_shards()) + " for a new one on this machine)")
                .c_str())("strict", po::bool_switch(&strict),
                          "exit 1 when any input was skipped or failed")(
            "quiet,q", po::bool_switch(&quiet),
            "print nothing when all went well (problems already reported for unchanged files "
            "do not count)")("verbose,v", po::bool_switch(&params.verbose),
                             "list again the problems of unchanged files that an earlier run "
                             "reported (default: counted as known, not repeated)")(
            "exclude", po::value(&params.exclude)->composing()->value_name("GLOB"),
            "leave out files and directories matching GLOB (repeatable): without '/' it "
            "matches a name anywhere ('*.jpg', 'drafts'), with '/' a path under the root; a "
            "root's .newsdeskignore holds more, one a line")(
            "include-readmes", po::bool_switch(&params.include_readmes),
            "index README-like files too (README*, SOURCE*, LICENSE*, CHANGES*), which are "
            "left out by default")("json", po::bool_switch(&json),
                                   "print the summary as one JSON object")(
            "log-file", po::value(&params.log_file)->value_name("FILE"),
            "append timestamped lines (start, problems, summary) to FILE")(
            "status", po::bool_switch(&status),
            "print what the database records of the last run and exit (0: it completed)")(
            "dump", po::bool_switch(&dump),
            "print what would be indexed for each article as JSON lines; no database is touched");
        po::options_description hidden;
        // --no-entities: skip entity extraction, only to measure its cost
        // (bench/ner/index-cost.sh); the database then has no entity facets.
        hidden.add_options()("path", po::value(&params.paths)->composing(), "")(
            "no-entities", po::bool_switch(&no_entities), "");
        po::options_description visible;
        visible.add(newsdesk::cli::database_options(params.db)).add(general);
        po::options_description all;
        all.add(visible).add(hidden);
        po::positional_options_description positional;
        positional.add("path", -1);

        po::variables_map vm;
        const std::vector<std::string> args = spell_out_wait(argc, argv);
        std::vector<const char*> cargs;
        for (const auto& a : args)
            cargs.push_back(a.c_str());
        newsdesk::cli::parse(argc, cargs.data(), all, positional, vm);
        if (vm.count("help")) {
            std::cout
                << "Usage: newsdesk-index [--db DIR] [OPTIONS] PATH...\n"
                   "       newsdesk-index [--db DIR] --status [--json]\n"
                   "Index article files (plain text, HTML, JSON Lines, JSON) under PATH into a\n"
                   "newsdesk database. Re-running over the same paths updates it: only new and\n"
                   "changed files are read, articles of vanished files are removed, moved files\n"
                   "are recognised. SIGINT/SIGTERM stop after committing the work done.\n\n"
                << visible << '\n'
                << newsdesk::cli::exit_codes_help(true);
            return newsdesk::cli::kOk;
        }
        if (!wait.empty()) params.wait_seconds = parse_wait(wait);
        params.entities = !no_entities;
        if (status) return print_status(params.db, json);

        newsdesk::indexer::ProgressBar bar(2);
        newsdesk::IndexCallbacks cb;
        cb.warning = [&](const newsdesk::IndexProblem& p) {
            bar.clear();
            if (!json) {
                std::cerr << "newsdesk-index: " << p.to_string()
                          << (p.known ? " (as in the last run)" : "") << '\n';
            }
        };
        if (!quiet && !json && !dump && bar.enabled()) {
            cb.progress = [&](const newsdesk::IndexProgress& p) { bar.update(p); };
        }

        newsdesk::IndexReport report;
        if (dump) {
            report = newsdesk::dump_paths(
                params,
                [](const newsdesk::Article& a) {
                    std::cout << article_json(a).dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace)
                              << '\n';
                },
                cb);
        } else {
            report = newsdesk::index_paths(params, cb);
            bar.clear();
            if (json) {
                std::cout << report.to_json() << '\n';
            } else if (!quiet || report.news()) {
                std::cout << report.summary() << '\n';
            }
        }
        if (report.interrupted) return newsdesk::cli::kIncomplete;
        if (strict && (report.skipped || report.failed)) return newsdesk::cli::kFailed;
        return newsdesk::cli::kOk;
    });
}
