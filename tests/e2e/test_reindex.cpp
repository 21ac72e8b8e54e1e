// End-to-end: the nightly re-index (issue 5). The real newsdesk-index and newsdesk-search on
// corpora written into each test's temporary directory: incremental updates (files added,
// changed, touched, moved, deleted; JSON Lines records added, changed, removed), roots that go
// missing, SIGKILL and SIGTERM in the middle of a run, two indexers at once, and searches that
// keep answering through a re-index and a --rebuild.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "../support/files.hpp"
#include "../support/run.hpp"
#include "../support/temp_dir.hpp"

using newsdesk::test::Output;
using newsdesk::test::run;
using newsdesk::test::slurp;
using newsdesk::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

extern char** environ;

namespace {

const std::string kIndex = NEWSDESK_INDEX_BIN;
const std::string kSearch = NEWSDESK_SEARCH_BIN;

Output index(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv{kIndex, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

// A run with --json: its report.
json index_json(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    Output o = index(db, args);
    REQUIRE_MESSAGE(o.status == 0, o.err);
    return json::parse(o.out);
}

json search_json(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv{kSearch, "--db", db, "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    Output o = run(argv);
    REQUIRE_MESSAGE(o.status == 0, o.err);
    return json::parse(o.out);
}

// Matching articles (not stories) for a query.
std::size_t articles(const std::string& db, const std::string& query) {
    return search_json(db, {query})["articles"].get<std::size_t>();
}

// `newsdesk-index --status --json`, or null while there is no database yet.
json status_json(const std::string& db) {
    Output o = run({kIndex, "--db", db, "--status", "--json"});
    if (o.status != 0 && o.status != 4) return nullptr;
    return json::parse(o.out, nullptr, false);
}

void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

// A small plain-text article, different for every `n`: a headline, a date line (unless
// `dated` is false: the file's time is then its date), two paragraphs of words drawn from a fixed
// list, the word "harbour" and the unique word "itemN", and `extra` as a last paragraph.
std::string article(int n, const std::string& extra = "", bool dated = true) {
    static const char* kWords[] = {
        "council",  "river",   "budget",   "school",   "market",   "election", "bridge",  "farmers",
        "railway",  "museum",  "festival", "storm",    "hospital", "airport",  "factory", "village",
        "minister", "court",   "police",   "teachers", "harvest",  "energy",   "tourism", "fishing",
        "library",  "stadium", "garden",   "traffic",  "housing",  "water",    "forest",  "coast",
        "mayor",    "union",   "exports",  "wages",    "prices",   "rainfall", "ferry",   "castle"};
    constexpr std::size_t kCount = sizeof kWords / sizeof kWords[0];
    std::uint64_t state = 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(n + 1);
    auto word = [&]() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return std::string(kWords[state % kCount]);
    };
    std::string title = "Report " + std::to_string(n) + ": the " + word() + " and the " + word();
    std::string body = dated ? "\n\ndate 2024-03-" + std::to_string(10 + n % 18) : "";
    for (int p = 0; p < 2; ++p) {
        body += "\n\nThe";
        for (int w = 0; w < 24; ++w)
            body += " " + word();
        body += " near the harbour, item" + std::to_string(n) + " says.";
    }
    if (!extra.empty()) body += "\n\n" + extra;
    return title + body + "\n";
}

// Writes `count` articles as DIR/dNN/aNNNN.txt (100 per folder).
void write_corpus(const fs::path& dir, int count, const std::string& extra = "") {
    for (int i = 0; i < count; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "d%02d/a%05d.txt", i / 100, i);
        write_file(dir / name, article(i, extra));
    }
}

// A program running in the background, its output going to files.
class Background {
  public:
    Background(const std::vector<std::string>& argv, const fs::path& out_prefix)
        : out_(out_prefix.string() + ".out"), err_(out_prefix.string() + ".err") {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        std::vector<char*> cargv;
        for (const auto& a : argv)
            cargv.push_back(const_cast<char*>(a.c_str()));
        cargv.push_back(nullptr);
        const int rc = ::posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        REQUIRE(rc == 0);
    }
    ~Background() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int sig) { ::kill(pid_, sig); }
    bool running() {
        if (pid_ <= 0) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == 0) return true;
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        pid_ = -1;
        return false;
    }
    /// Exit code, or 128 + signal.
    int wait() {
        if (pid_ > 0) {
            int status = 0;
            ::waitpid(pid_, &status, 0);
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            pid_ = -1;
        }
        return status_;
    }
    std::string out() const { return slurp(out_); }
    std::string err() const { return slurp(err_); }

  private:
    std::string out_, err_;
    pid_t pid_ = -1;
    int status_ = -1;
};

// Polls `done` every 20 ms for up to `seconds`; true when it came true.
template <typename F>
bool eventually(F&& done, double seconds = 15) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

std::size_t committed_articles(const std::string& db) {
    json st = status_json(db);
    return st.is_object() ? st["articles"].get<std::size_t>() : 0;
}

std::size_t count_lines(const std::string& s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST_CASE("a re-run over unchanged files reads none of them and changes nothing") {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_corpus(tmp / "news", 12);
    json first = index_json(db, {tmp / "news"});
    CHECK(first["added"] == 12);
    CHECK(first["files_read"] == 12);
    json again = index_json(db, {tmp / "news"});
    CHECK(again["files_seen"] == 12);
    CHECK(again["files_read"] == 0);
    CHECK(again["unchanged"] == 12);
    CHECK(again["added"] == 0);
    CHECK(again["updated"] == 0);
    CHECK(again["deleted"] == 0);
    CHECK(again["status"] == "completed");
    CHECK(articles(db, "harbour") == 12);
}

TEST_CASE("added, changed, touched and deleted files show in the next run and in search") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const fs::path news = tmp.path() / "news";
    write_corpus(news, 6);
    REQUIRE(index(db, {news}).status == 0);

    write_file(news / "d00/new.txt", article(100));                           // added
    write_file(news / "d00/a00001.txt", article(1, "A zeppelin was seen."));  // changed
    fs::last_write_time(news / "d00/a00002.txt",
                        fs::last_write_time(news / "d00/a00002.txt") + std::chrono::hours(1));
    fs::remove(news / "d00/a00003.txt");  // deleted

    json r = index_json(db, {news});
    CHECK(r["files_seen"] == 6);
    CHECK(r["added"] == 1);
    CHECK(r["updated"] == 1);
    CHECK(r["deleted"] == 1);
    CHECK(r["unchanged"] == 4);  // 0, 2 (touched: read, same bytes), 4, 5
    CHECK(r["files_read"] == 3);
    CHECK(articles(db, "harbour") == 6);
    CHECK(articles(db, "zeppelin") == 1);
    CHECK(articles(db, "item100") == 1);
    CHECK(articles(db, "item3") == 0);

    // --keep-deleted keeps the articles of vanished files; the next plain run removes them.
    fs::remove(news / "d00/a00004.txt");
    json kept = index_json(db, {"--keep-deleted", news});
    CHECK(kept["deleted"] == 0);
    CHECK(articles(db, "item4") == 1);
    json gone = index_json(db, {news});
    CHECK(gone["deleted"] == 1);
    CHECK(articles(db, "item4") == 0);
}

TEST_CASE("a file touched to another day takes that day as its date when it names none") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const fs::path file = tmp.path() / "news/undated.txt";
    write_file(file, article(7, "", false));
    REQUIRE(index(db, {tmp / "news"}).status == 0);
    json before = search_json(db, {"item7"});
    REQUIRE(before["results"].size() == 1);
    CHECK(before["results"][0]["date_source"] == "mtime");

    // Same bytes, a time 400 days earlier: the date follows the file.
    fs::last_write_time(file, fs::last_write_time(file) - std::chrono::hours(24 * 400));
    json r = index_json(db, {tmp / "news"});
    CHECK(r["updated"] == 1);
    json after = search_json(db, {"item7"});
    REQUIRE(after["results"].size() == 1);
    CHECK(after["results"][0]["date"] != before["results"][0]["date"]);
}

TEST_CASE("a moved file is recognised by its content: same story, new path, no duplicate") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const fs::path news = tmp.path() / "news";
    write_corpus(news, 4);
    REQUIRE(index(db, {news}).status == 0);
    json before = search_json(db, {"item2"});
    REQUIRE(before["results"].size() == 1);

    fs::create_directories(news / "archive/2024");
    fs::rename(news / "d00/a00002.txt", news / "archive/2024/renamed.txt");
    json r = index_json(db, {news});
    CHECK(r["moved"] == 1);
    CHECK(r["added"] == 0);
    CHECK(r["deleted"] == 0);
    CHECK(r["files_read"] == 1);

    json after = search_json(db, {"item2"});
    REQUIRE(after["articles"] == 1);
    const json& hit = after["results"][0];
    CHECK(hit["path"] == (news / "archive/2024/renamed.txt").string());
    CHECK(hit["story"]["id"] == before["results"][0]["story"]["id"]);
    CHECK(hit["title"] == before["results"][0]["title"]);
    CHECK(articles(db, "harbour") == 4);
    // And the next run sees nothing to do.
    CHECK(index_json(db, {news})["files_read"] == 0);
}

TEST_CASE("JSON Lines files are reconciled record by record, facets following") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const fs::path feed = tmp.path() / "feeds/wire.jsonl";
    auto line = [](const std::string& url, const std::string& source, const std::string& text) {
        return json{{"url", url},
                    {"title", "Wire " + url},
                    {"date", "2024-03-01"},
                    {"source", source},
                    {"text", text}}
                   .dump() +
               "\n";
    };
    write_file(feed, line("https://x.test/1", "Reuters", "Ships crowd the harbour at dawn.") +
                         line("https://x.test/2", "Reuters", "The harbour master resigns.") +
                         line("https://x.test/3", "AP", "Harbour dues rise for ferries."));
    json first = index_json(db, {tmp / "feeds"});
    CHECK(first["added"] == 3);
    json facets = search_json(db, {"harbour"})["facets"]["source"];
    CHECK(facets == json::parse(R"([{"value":"Reuters","count":2},{"value":"AP","count":1}])"));

    // Record 1 unchanged, record 2 removed, record 3 changed (now Reuters), record 4 added.
    write_file(feed,
               line("https://x.test/1", "Reuters", "Ships crowd the harbour at dawn.") +
                   line("https://x.test/3", "Reuters", "Harbour dues rise for ferries again.") +
                   line("https://x.test/4", "AP", "A new quay opens at the harbour."));
    json r = index_json(db, {tmp / "feeds"});
    CHECK(r["unchanged"] == 1);
    CHECK(r["updated"] == 1);
    CHECK(r["added"] == 1);
    CHECK(r["deleted"] == 1);
    json after = search_json(db, {"harbour"});
    CHECK(after["articles"] == 3);
    CHECK(after["facets"]["source"] ==
          json::parse(R"([{"value":"Reuters","count":2},{"value":"AP","count":1}])"));
    CHECK(articles(db, "resigns") == 0);
    CHECK(articles(db, "quay") == 1);

    // The whole file gone: its articles go with it.
    fs::remove(feed);
    write_file(tmp.path() / "feeds/other.txt", article(1));
    json gone = index_json(db, {tmp / "feeds"});
    CHECK(gone["deleted"] == 3);
    CHECK(articles(db, "harbour") == 1);
}

TEST_CASE("a missing or emptied root never empties the index (an unmounted archive)") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const fs::path news = tmp.path() / "archive";
    write_corpus(news, 5);
    REQUIRE(index(db, {news}).status == 0);

    // Unmounted: the mount point is there, empty.
    fs::rename(news, tmp.path() / "elsewhere");
    fs::create_directories(news);
    Output empty = index(db, {news});
    CHECK(empty.status == 0);
    CHECK(empty.err.find("directory is empty, but 5 files were indexed from it") !=
          std::string::npos);
    CHECK(empty.out.find("0 deleted") != std::string::npos);
    CHECK(articles(db, "harbour") == 5);

    // Gone altogether.
    fs::remove(news);
    Output missing = index(db, {news});
    CHECK(missing.status == 0);
    CHECK(missing.err.find("no such file or directory; its 5 indexed files stay in the index") !=
          std::string::npos);
    CHECK(articles(db, "harbour") == 5);
    CHECK(index(db, {"--strict", news}).status == 1);

    // A rebuild would lose them: refused, the database untouched.
    Output rebuild = index(db, {"--rebuild", news});
    CHECK(rebuild.status == 4);
    CHECK(rebuild.err.find("refusing to --rebuild") != std::string::npos);
    CHECK(articles(db, "harbour") == 5);

    // Mounted again: nothing to do.
    fs::rename(tmp.path() / "elsewhere", news);
    json back = index_json(db, {news});
    CHECK(back["files_read"] == 0);
    CHECK(back["unchanged"] == 5);
}

TEST_CASE("kill -9 in the middle of a run: the database opens, and the next run completes it") {
    TempDir tmp;
    const std::string db = tmp / "db";
    constexpr int kFiles = 1500;
    write_corpus(tmp / "news", kFiles);

    Background indexer({kIndex, "--db", db, "--batch-size", "20", "--commit-interval", "0",
                        "--quiet", tmp / "news"},
                       tmp / "killed");
    REQUIRE(eventually([&] { return committed_articles(db) >= 60; }));
    indexer.signal(SIGKILL);
    REQUIRE(indexer.wait() == 128 + SIGKILL);  // it really was stopped in the middle

    // The database opens at its last commit, and says a run did not finish.
    json st = status_json(db);
    REQUIRE(st.is_object());
    const std::size_t committed = st["articles"].get<std::size_t>();
    CHECK(committed >= 60);
    CHECK(committed < kFiles);
    CHECK(st["unfinished"].is_object());
    CHECK(articles(db, "harbour") == committed);

    json r = index_json(db, {tmp / "news"});
    CHECK(r["files_seen"] == kFiles);
    CHECK(r["unchanged"].get<std::size_t>() + r["added"].get<std::size_t>() +
              r["updated"].get<std::size_t>() ==
          kFiles);
    // Shards commit one after the other and the sync state last, so a kill between two shards'
    // commits leaves articles whose files are not yet recorded: those files are read again (and
    // replace themselves), never skipped.
    CHECK(r["files_read"].get<std::size_t>() >= kFiles - committed);
    CHECK(r["files_read"].get<std::size_t>() < kFiles);
    CHECK(articles(db, "harbour") == kFiles);
    for (int n : {0, 1, 750, kFiles - 1})
        CHECK(articles(db, "item" + std::to_string(n)) == 1);
    CHECK(index_json(db, {tmp / "news"})["files_read"] == 0);
    CHECK(status_json(db)["unfinished"].is_null());
}

TEST_CASE("kill -9 again and again in a 3-shard run: the next run has each article exactly once") {
    TempDir tmp;
    const std::string db = tmp / "db";
    constexpr int kFiles = 1200;
    write_corpus(tmp / "news", kFiles);

    // Killed at ever later moments: while the shards are being created, then after some commits
    // (the shards commit one after the other: a kill can fall between them).
    int kills = 0;
    for (std::size_t at : {0, 40, 200, 500}) {
        Background indexer({kIndex, "--db", db, "--shards", "3", "--batch-size", "20",
                            "--commit-interval", "0", "--quiet", tmp / "news"},
                           tmp / ("killed-" + std::to_string(at)));
        if (at == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        } else {
            eventually([&] { return committed_articles(db) >= at || !indexer.running(); });
        }
        indexer.signal(SIGKILL);
        kills += indexer.wait() == 128 + SIGKILL;
        json st = status_json(db);
        if (st.is_object()) CHECK(st["articles"].get<std::size_t>() <= kFiles);  // none twice
    }
    CHECK(kills >= 3);

    // Files changed meanwhile come in with their new text; every file's article is there once.
    write_corpus(tmp / "news", 100, "A late correction was issued.");
    json r = index_json(db, {tmp / "news"});
    CHECK(r["status"] == "completed");
    json st = status_json(db);
    CHECK(st["shards"] == 3);
    CHECK(st["articles"] == kFiles);
    CHECK(st["files"] == kFiles);
    CHECK(articles(db, "harbour") == kFiles);
    CHECK(articles(db, "correction") == 100);
    for (int n : {0, 1, 99, 100, 600, kFiles - 1})
        CHECK(articles(db, "item" + std::to_string(n)) == 1);
    CHECK(index_json(db, {tmp / "news"})["files_read"] == 0);
}

TEST_CASE("SIGTERM stops after committing: exit 4, 'interrupted', and the next run completes") {
    TempDir tmp;
    const std::string db = tmp / "db";
    constexpr int kFiles = 1200;
    write_corpus(tmp / "news", kFiles);

    Background indexer(
        {kIndex, "--db", db, "--batch-size", "20", "--commit-interval", "0", tmp / "news"},
        tmp / "term");
    REQUIRE(eventually([&] { return committed_articles(db) >= 40; }));
    indexer.signal(SIGTERM);
    CHECK(indexer.wait() == 4);
    CHECK(indexer.out().find("; interrupted (the next run completes the work)") !=
          std::string::npos);

    Output st = run({kIndex, "--db", db, "--status"});
    CHECK(st.status == 4);
    CHECK(st.out.find("last run: interrupted") != std::string::npos);
    const std::size_t committed = articles(db, "harbour");
    CHECK(committed >= 40);
    CHECK(committed < kFiles);

    json r = index_json(db, {tmp / "news"});
    CHECK(r["files_read"].get<std::size_t>() == kFiles - committed);
    CHECK(articles(db, "harbour") == kFiles);
    CHECK(run({kIndex, "--db", db, "--status"}).status == 0);
}

TEST_CASE("two indexers at once: the second exits 75 at once naming the first, or waits") {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_corpus(tmp / "news", 900);
    write_corpus(tmp / "more", 3);

    Background first({kIndex, "--db", db, "--batch-size", "50", tmp / "news"}, tmp / "first");
    REQUIRE(eventually([&] {
        json st = status_json(db);
        return st.is_object() && st["running"].is_object();
    }));

    const auto start = std::chrono::steady_clock::now();
    Output second = index(db, {tmp / "more"});
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(second.status == 75);
    CHECK(took < 3);
    CHECK(count_lines(second.err) == 1);
    CHECK(second.err.find("newsdesk-index: another newsdesk-index (pid " +
                          std::to_string(first.pid()) + ") is updating " + db + " since ") == 0);
    CHECK(second.out.empty());

    Output timed_out = index(db, {"--wait=0.3", tmp / "more"});
    CHECK(timed_out.status == 75);
    CHECK(timed_out.err.find(") is updating " + db + " since ") != std::string::npos);
    CHECK(timed_out.err.find("(waited 0.3 s)") != std::string::npos);

    // --wait: starts when the first is done.
    Output waited = index(db, {"--wait", tmp / "more"});
    CHECK_MESSAGE(waited.status == 0, waited.err);
    CHECK(first.wait() == 0);
    CHECK(articles(db, "harbour") == 903);
}

TEST_CASE("--commit-interval keeps a run's commits that far apart, and 0 commits every batch") {
    TempDir tmp;
    constexpr std::size_t kFiles = 200;
    write_corpus(tmp / "news", kFiles);

    json every =
        index_json(tmp / "every", {"--batch-size", "1", "--commit-interval", "0", tmp / "news"});
    CHECK(every["commits"].get<std::size_t>() >= kFiles);  // each file's article on its own

    // By default a second at least between two commits, however small the batch: the first
    // batch at once, one more per second the run lasts, then the run's own record.
    const auto start = std::chrono::steady_clock::now();
    json spaced = index_json(tmp / "spaced", {"--batch-size", "1", tmp / "news"});
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(spaced["commits"].get<std::size_t>() <= 3 + static_cast<std::size_t>(took));
    CHECK(articles(tmp / "spaced", "harbour") == kFiles);  // the run commits all it did

    Output bad = index(tmp / "spaced", {"--commit-interval", "-1", tmp / "news"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--commit-interval must be between 0 and 3600 seconds") !=
          std::string::npos);
}

TEST_CASE("searches keep answering, with every article, through a whole re-index") {
    TempDir tmp;
    const std::string db = tmp / "db";
    constexpr std::size_t kFiles = 500;
    write_corpus(tmp / "news", kFiles);
    REQUIRE(index(db, {tmp / "news"}).status == 0);
    write_corpus(tmp / "news", kFiles, "A lighthouse keeper was interviewed.");  // all changed

    // Batches of 5 files: a search must finish within two commits (Xapian keeps the two newest
    // revisions readable), and --commit-interval (default 1 s) keeps commits that far apart
    // however small the batches and however slow the reader.
    Background indexer({kIndex, "--db", db, "--batch-size", "5", "--quiet", tmp / "news"},
                       tmp / "reindex");
    int searches = 0, failures = 0, wrong = 0;
    while (indexer.running()) {
        Output o = run({kSearch, "--db", db, "--json", "harbour"});
        ++searches;
        if (o.status != 0) {
            ++failures;
            MESSAGE(o.err);
            continue;
        }
        if (json::parse(o.out)["articles"] != kFiles) ++wrong;
    }
    CHECK(indexer.wait() == 0);
    CHECK(searches >= 3);
    CHECK(failures == 0);
    CHECK(wrong == 0);  // replacing a document never shows a moment without it
    CHECK(articles(db, "lighthouse") == kFiles);
}

TEST_CASE("--rebuild while searches run: every search sees a complete database") {
    TempDir tmp;
    const std::string db = tmp / "db";
    constexpr std::size_t kFiles = 400;
    write_corpus(tmp / "news", kFiles);
    REQUIRE(index(db, {tmp / "news"}).status == 0);
    const std::string before = status_json(db)["generation"];
    CHECK(status_json(db)["last_run"]["compacted"] == true);  // a first index ends compacted

    Background rebuild({kIndex, "--db", db, "--rebuild", "--batch-size", "25", tmp / "news"},
                       tmp / "rebuild");
    int searches = 0, failures = 0, wrong = 0;
    while (rebuild.running()) {
        Output o = run({kSearch, "--db", db, "--json", "harbour"});
        ++searches;
        if (o.status != 0) {
            ++failures;
            MESSAGE(o.err);
            continue;
        }
        if (json::parse(o.out)["articles"] != kFiles) ++wrong;
    }
    CHECK_MESSAGE(rebuild.wait() == 0, rebuild.err());
    CHECK(rebuild.out().find("; rebuilt") != std::string::npos);
    CHECK(searches >= 3);
    CHECK(failures == 0);
    CHECK(wrong == 0);
    json st = status_json(db);
    CHECK(st["generation"] != before);
    CHECK(st["last_run"]["rebuilt"] == true);
    CHECK(st["last_run"]["compacted"] == true);  // and so does a rebuild
    CHECK_FALSE(fs::exists(tmp.path() / "db" / before));
    // Nothing but the live generation is left: not the uncompacted one either.
    std::size_t generations = 0;
    for (const auto& e : fs::directory_iterator(tmp.path() / "db"))
        generations += e.path().filename().string().rfind("gen-", 0) == 0;
    CHECK(generations == 1);
    CHECK(articles(db, "harbour") == kFiles);
    CHECK(index_json(db, {tmp / "news"})["files_read"] == 0);  // sync state came along
}

TEST_CASE("--compact switches to a compacted generation with the same results") {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_corpus(tmp / "news", 30);
    REQUIRE(index(db, {tmp / "news"}).status == 0);
    const std::string before = status_json(db)["generation"];
    fs::remove(tmp.path() / "news/d00/a00000.txt");
    json r = index_json(db, {"--compact", tmp / "news"});
    CHECK(r["compacted"] == true);
    CHECK(r["deleted"] == 1);
    json st = status_json(db);
    CHECK(st["generation"] != before);
    CHECK(st["last_run"]["compacted"] == true);
    CHECK_FALSE(fs::exists(tmp.path() / "db" / before));
    CHECK(articles(db, "harbour") == 29);
    CHECK(index_json(db, {tmp / "news"})["files_read"] == 0);
}

TEST_CASE("made for cron: --quiet, --log-file, --json, --status and the exit codes in --help") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const std::string log = tmp / "index.log";
    write_corpus(tmp / "news", 3);

    Output quiet = index(db, {"--quiet", "--log-file", log, tmp / "news"});
    CHECK(quiet.status == 0);
    CHECK(quiet.out.empty());
    CHECK(quiet.err.empty());

    write_file(tmp.path() / "news/empty.txt", "");
    Output noisy = index(db, {"--quiet", "--log-file", log, tmp / "news"});
    CHECK(noisy.status == 0);
    CHECK(noisy.out.find("4 files seen: 0 added, 0 updated, 3 unchanged, 1 skipped") == 0);
    CHECK(noisy.err.find("empty.txt: empty file") != std::string::npos);

    const std::string lines = slurp(log);
    CHECK(count_lines(lines) == 5);  // start, summary; start, problem, summary
    CHECK(lines.find(" newsdesk-index[") != std::string::npos);
    CHECK(lines.find("]: start: --db " + db) != std::string::npos);
    CHECK(lines.find("empty.txt: empty file") != std::string::npos);
    CHECK(lines.find("]: 3 files seen: 3 added") != std::string::npos);
    CHECK(lines.rfind("20", 0) == 0);  // each line starts with its timestamp

    json r = index_json(db, {tmp / "news"});
    for (const char* key :
         {"status", "started", "seconds", "files_seen", "files_read", "added", "updated",
          "unchanged", "deleted", "moved", "skipped", "failed", "problems"}) {
        CHECK_MESSAGE(r.contains(key), key);
    }
    CHECK(r["problems"].size() == 1);

    Output st = run({kIndex, "--db", db, "--status"});
    CHECK(st.status == 0);
    CHECK(st.out.find(": 3 articles from 4 files (gen-") != std::string::npos);
    CHECK(st.out.find("last run: completed, started ") != std::string::npos);
    CHECK(run({kIndex, "--db", tmp / "nodb", "--status"}).status == 3);

    Output help = run({kIndex, "--help"});
    for (const char* s : {"--rebuild", "--compact", "--keep-deleted", "--wait", "--log-file",
                          "--status", "75", "interrupted"}) {
        CHECK_MESSAGE(help.out.find(s) != std::string::npos, s);
    }
    CHECK(index(db, {"--wait=soon", tmp / "news"}).status == 2);
}

TEST_CASE(
    "a cron-style re-run with known skips prints nothing, and --verbose and --status list them") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const fs::path news = tmp / "news";
    // The log's directory does not exist yet, as /var/log/newsdesk on a new machine.
    const std::string log = tmp / "log/newsdesk/index.log";
    write_corpus(news, 3);
    write_file(news / "SOURCE.md", "# Where these files come from\n");
    write_file(news / "README.TXT", "Notes about the collection.\n");
    write_file(news / "photo.jpg", "\xFF\xD8\xFF\xE0 not an article");
    write_file(news / "empty.txt", "");

    Output first = index(db, {"--quiet", "--log-file", log, news});
    CHECK(first.status == 0);
    CHECK(first.out.find("5 files seen: 3 added, 0 updated, 0 unchanged, 2 skipped") == 0);
    CHECK(first.out.find("; 2 excluded") != std::string::npos);
    CHECK(first.err.find("photo.jpg: unsupported file type .jpg") != std::string::npos);
    CHECK(first.err.find("empty.txt: empty file") != std::string::npos);
    CHECK(first.err.find("README") == std::string::npos);  // left out, not an article
    CHECK(first.err.find("SOURCE") == std::string::npos);
    CHECK(fs::exists(log));

    // The nightly job: nothing changed, nothing new to say.
    Output night = index(db, {"--quiet", "--log-file", log, news});
    CHECK(night.status == 0);
    CHECK(night.out.empty());
    CHECK(night.err.empty());
    CHECK(slurp(log).find("2 known problems") != std::string::npos);

    json r = index_json(db, {news});
    CHECK(r["skipped"] == 2);
    CHECK(r["known"] == 2);
    CHECK(r["excluded"] == 2);
    REQUIRE(r["problem_details"].size() == 2);
    for (const auto& p : r["problem_details"])
        CHECK(p["known"] == true);

    Output verbose = index(db, {"--verbose", news});
    CHECK(verbose.status == 0);
    CHECK(verbose.err.find("photo.jpg: unsupported file type .jpg") != std::string::npos);
    CHECK(verbose.err.find("empty.txt: empty file") != std::string::npos);

    Output st = run({kIndex, "--db", db, "--status"});
    CHECK(st.status == 0);
    CHECK(st.out.find("skipped or failed in the last run (2):") != std::string::npos);
    CHECK(st.out.find((news / "photo.jpg").string() + ": unsupported file type .jpg") !=
          std::string::npos);
    CHECK(st.out.find((news / "empty.txt").string() + ": empty file") != std::string::npos);
    json sj = status_json(db);
    REQUIRE(sj["last_run"]["problem_details"].size() == 2);
    CHECK(sj["last_run"]["problem_details"][0]["path"] == (news / "empty.txt").string());

    // A new problem is news again, even among known ones.
    write_file(news / "blank.txt", "   \n");
    Output noisy = index(db, {"--quiet", news});
    CHECK(noisy.out.find("6 files seen") == 0);
    CHECK(noisy.err.find("blank.txt") != std::string::npos);
    CHECK(noisy.err.find("photo.jpg") == std::string::npos);
}

TEST_CASE(
    "--exclude and .newsdeskignore leave files out, and README-like files come in only on "
    "request") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const fs::path news = tmp / "news";
    write_corpus(news / "wire", 2);
    write_corpus(news / "drafts", 2);
    write_file(news / "wire/notes.txt", article(50));
    write_file(news / "README.txt", "Archive\n\nNotes about the archive, not an article.\n");
    write_file(news / "LICENSE-DATA.txt", article(51));
    write_file(news / "Changes in the harbour.txt", article(52));  // an article, not CHANGES

    json r = index_json(db, {"--exclude", "drafts", "--exclude", "wire/notes.*", news});
    CHECK(r["added"] == 3);     // wire's two, "Changes in the harbour"
    CHECK(r["excluded"] == 4);  // drafts/, wire/notes.txt, README.txt, LICENSE-DATA.txt
    CHECK(r["problems"].empty());

    // The same globs in the root's .newsdeskignore; without them the drafts come in.
    write_file(news / ".newsdeskignore", "# not for the index\n\ndrafts/\n  wire/notes.*\n");
    r = index_json(db, {news});
    CHECK(r["added"] == 0);
    CHECK(r["unchanged"] == 3);
    CHECK(r["excluded"] == 4);
    fs::remove(news / ".newsdeskignore");
    r = index_json(db, {news});
    CHECK(r["added"] == 3);

    // Excluding what is indexed removes it, as a vanished file.
    r = index_json(db, {"--exclude", "wire", news});
    CHECK(r["deleted"] == 3);

    r = index_json(db, {"--include-readmes", news});
    CHECK(r["added"] == 5);  // wire's 3 back, README.txt and LICENSE-DATA.txt
    CHECK(r["excluded"] == 0);

    // --dump leaves out the same files.
    Output d = run({kIndex, "--dump", "--exclude", "drafts", news.string()});
    CHECK(d.status == 0);
    CHECK(d.out.find("drafts") == std::string::npos);
    CHECK(d.out.find("README") == std::string::npos);
    CHECK(d.out.find("wire") != std::string::npos);
}
