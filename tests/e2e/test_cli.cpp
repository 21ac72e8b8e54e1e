// End-to-end: the real newsdesk-index and newsdesk-search on the sample corpus, asserting what a
// user sees. Each test case works in its own temporary directory. The seeds are copies and
// rewrites of one report, so searches that count articles say --no-collapse.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "../support/files.hpp"
#include "../support/run.hpp"
#include "../support/temp_dir.hpp"

using newsdesk::test::Output;
using newsdesk::test::run;
using newsdesk::test::TempDir;
using nlohmann::json;

namespace {

const std::string kIndex = NEWSDESK_INDEX_BIN;
const std::string kSearch = NEWSDESK_SEARCH_BIN;
const std::string kCorpus = NEWSDESK_CORPUS_DIR;

Output index(const std::string& db, std::vector<std::string> args = {kCorpus}) {
    std::vector<std::string> argv{kIndex, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

Output search(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv{kSearch, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

json search_json(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    Output o = search(db, args);
    REQUIRE_MESSAGE(o.status == 0, o.err);
    return json::parse(o.out);
}

bool mentions_kursk(const std::string& path) {
    return newsdesk::test::slurp(path).find("Kursk") != std::string::npos;
}

bool one_line(const std::string& s) {
    return !s.empty() && s.find('\n') == s.size() - 1;
}

}  // namespace

TEST_CASE("indexing the sample corpus reports what it did, and twice leaves five documents") {
    TempDir tmp;
    const std::string db = tmp / "db";
    Output first = index(db);
    REQUIRE_MESSAGE(first.status == 0, first.err);
    CHECK(first.out.find("5 files seen: 5 added, 0 updated, 0 unchanged, 0 skipped, 0 failed") ==
          0);
    Output second = index(db);
    REQUIRE(second.status == 0);
    CHECK(second.out.find("5 files seen: 0 added, 0 updated, 5 unchanged") == 0);

    json all = search_json(db, {"--no-collapse", "--limit", "100", "korea"});
    CHECK(all["total"] == 5);
    std::set<std::string> ids;
    for (const auto& r : all["results"])
        ids.insert(r["id"].get<std::string>());
    CHECK(ids.size() == 5);
}

TEST_CASE(
    "\"Kursk troops\" returns the four articles that mention Kursk first, Kursk highlighted") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(index(db).status == 0);

    json r = search_json(db, {"--no-collapse", "Kursk", "troops"});
    REQUIRE(r["results"].size() >= 4);
    for (std::size_t i = 0; i < 4; ++i) {
        const auto& hit = r["results"][i];
        CAPTURE(hit.dump());
        CHECK(mentions_kursk(hit["path"].get<std::string>()));
        CHECK(hit["snippet"].get<std::string>().find("<mark>Kursk</mark>") != std::string::npos);
        CHECK(hit["rank"] == i + 1);
    }
    // The fifth seed does not mention Kursk but speaks of troops: counted apart, listed after.
    CHECK(r["total"] == 4);
    CHECK(r["total_partial"] == 1);
    CHECK(r["partial_listed"] == true);
    REQUIRE(r["results"].size() == 5);
    CHECK(!mentions_kursk(r["results"][4]["path"].get<std::string>()));

    // Text output: readable, with the plain-marker highlight when not on a terminal.
    Output text = search(db, {"--no-collapse", "Kursk", "troops"});
    REQUIRE(text.status == 0);
    CHECK(text.out.find("4 results for \"Kursk troops\"") == 0);
    CHECK(text.out.find("\n1 more match some of the words (listed after those holding all)") !=
          std::string::npos);
    CHECK(text.out.find("[Kursk]") != std::string::npos);
    CHECK(text.out.find("\033[") == std::string::npos);
    Output color = search(db, {"--no-collapse", "--color=always", "Kursk", "troops"});
    CHECK(color.out.find("\033[1mKursk\033[0m") != std::string::npos);
}

TEST_CASE("--json has the documented schema") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(index(db).status == 0);
    json r = search_json(db, {"--no-collapse", "--limit", "2", "--offset", "1", "troops"});
    CHECK(r["query"] == "troops");
    CHECK(r["total"].is_number_integer());
    CHECK(r["offset"] == 1);
    CHECK(r["limit"] == 2);
    CHECK(r["facets"].is_object());
    REQUIRE(r["results"].size() == 2);
    CHECK(r["results"][0]["rank"] == 2);
    for (const auto& hit : r["results"]) {
        CHECK(hit["id"].is_string());
        CHECK(hit["id"].get<std::string>().size() == 16);
        CHECK(hit["path"].is_string());
        CHECK(hit["title"].is_string());
        CHECK((hit["date"].is_null() ||
               (hit["date"].is_string() && hit["date"].get<std::string>().size() == 10)));
        CHECK((hit["source"].is_null() || hit["source"].is_string()));
        CHECK(hit["score"].is_number());
        CHECK(hit["snippet"].is_string());
    }
}

TEST_CASE("ids are stable across re-indexing into a new database") {
    TempDir tmp;
    REQUIRE(index(tmp / "a").status == 0);
    REQUIRE(index(tmp / "b").status == 0);
    json a = search_json(tmp / "a", {"Kursk"});
    json b = search_json(tmp / "b", {"Kursk"});
    CHECK(a["results"][0]["id"] == b["results"][0]["id"]);
}

TEST_CASE("--batch answers one JSON line per query, in order") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(index(db).status == 0);
    std::ofstream(tmp / "queries") << "Kursk troops\n\nNATO\n\"Kursk region\"\n";
    Output o = search(db, {"--no-collapse", "--batch", tmp / "queries"});
    REQUIRE_MESSAGE(o.status == 0, o.err);
    std::vector<json> lines;
    std::istringstream in(o.out);
    for (std::string line; std::getline(in, line);)
        lines.push_back(json::parse(line));
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["query"] == "Kursk troops");
    CHECK(lines[1]["query"] == "NATO");
    CHECK(lines[2]["total"] == 2);
}

TEST_CASE("--batch survives bad dates and bytes that are not UTF-8, answering every line") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(index(db).status == 0);
    Output o = run({kSearch, "--db", db, "--no-collapse", "--batch", "-"},
                   "Kursk\n-date:x troops\ndate:2024-13-45 \xff\n\xfe\xfftroops\nNATO\n");
    CHECK(o.status == 2);  // some lines were bad queries
    std::vector<json> lines;
    std::istringstream in(o.out);
    for (std::string line; std::getline(in, line);)
        lines.push_back(json::parse(line));
    REQUIRE(lines.size() == 5);
    CHECK(lines[0]["total"] == 4);
    CHECK(lines[1]["error"].get<std::string>().find("'x' is not a date") != std::string::npos);
    CHECK(lines[2]["query"] == "date:2024-13-45 \uFFFD");
    CHECK(lines[3]["query"].get<std::string>().find("troops") != std::string::npos);
    CHECK(lines[4]["query"] == "NATO");
}

TEST_CASE("user mistakes get one clear line and a non-zero exit, never a stack trace") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(index(db).status == 0);

    Output missing = search(tmp / "nope", {"Kursk"});
    CHECK(missing.status == 3);
    CHECK(one_line(missing.err));
    CHECK(missing.err.find("no database at") != std::string::npos);

    Output empty = search(db, {""});
    CHECK(empty.status == 2);
    CHECK(empty.err.find("empty query") != std::string::npos);

    Output none = search(db, {});
    CHECK(none.status == 2);

    // Malformed: read literally and answered, or refused with a reason; never an exception.
    for (std::string q : {"Kursk AND", "((troops", "\"Kursk", "NOT", "troops OR OR x", "title:"}) {
        CAPTURE(q);
        Output o = search(db, {q});
        CHECK((o.status == 0 || o.status == 2));
        CHECK(o.err.find("terminate") == std::string::npos);
        CHECK(o.err.find("Xapian::") == std::string::npos);
        if (o.status == 2) CHECK(o.err.find("newsdesk-search: ") == 0);
    }

    Output bad_option = search(db, {"--limit", "lots", "x"});
    CHECK(bad_option.status == 2);
    Output bad_color = search(db, {"--color=sometimes", "x"});
    CHECK(bad_color.status == 2);
    Output bad_filter = search(db, {"--filter", "colour:red", "x"});
    CHECK(bad_filter.status == 2);
    CHECK(bad_filter.err.find("unknown filter type 'colour'") != std::string::npos);
}

TEST_CASE("the indexer refuses to write into something that is not its database") {
    TempDir tmp;
    std::filesystem::create_directories(tmp / "notdb");
    std::ofstream(tmp / "notdb/important.txt") << "keep me";
    Output o = index(tmp / "notdb");
    CHECK(o.status == 3);
    CHECK(std::filesystem::exists(tmp / "notdb/important.txt"));
    Output nothing = index(tmp / "db", {});
    CHECK(nothing.status == 2);
    Output missing = index(tmp / "db", {tmp / "no-such-dir"});
    CHECK(missing.status == 0);
    CHECK(missing.err.find("no-such-dir: no such file or directory") != std::string::npos);
    CHECK(missing.out.find("1 failed") != std::string::npos);
}

TEST_CASE("--db defaults to $NEWSDESK_DB") {
    TempDir tmp;
    Output o = run({kIndex, kCorpus}, {}, {"NEWSDESK_DB=" + (tmp / "envdb")});
    REQUIRE_MESSAGE(o.status == 0, o.err);
    Output s = run({kSearch, "--no-collapse", "Kursk"}, {}, {"NEWSDESK_DB=" + (tmp / "envdb")});
    CHECK(s.status == 0);
    CHECK(s.out.find("4 results") == 0);
}

TEST_CASE("a file's name and title cannot forge a line or send an escape to the terminal") {
    TempDir tmp;
    const std::string dir = tmp / "archive";
    std::filesystem::create_directories(dir);
    const std::string name = "evil\n2. Forged result\x1b[2J.txt";
    {
        std::ofstream f(dir + "/" + name);
        f << "Quarry council\x1b]0;owned\x07 votes\n\nThe quarry council voted on Tuesday to close "
             "the old quarry road, officials said.\n";
    }
    const std::string db = tmp / "db";
    Output ix = index(db, {dir});
    REQUIRE_MESSAGE(ix.status == 0, ix.err);
    Output text = search(db, {"quarry"});
    REQUIRE_MESSAGE(text.status == 0, text.err);
    CAPTURE(text.out);
    CHECK(text.out.find('\x1b') == std::string::npos);
    CHECK(text.out.find('\x07') == std::string::npos);
    CHECK(text.out.find("\n2. Forged") == std::string::npos);
    CHECK(text.out.find("evil\\n2. Forged result\\x1b[2J.txt") != std::string::npos);
    // JSON carries the name as it is, for programs.
    json r = search_json(db, {"quarry"});
    REQUIRE(r["results"].size() == 1);
    CHECK(r["results"][0]["path"].get<std::string>().find(name) != std::string::npos);
}
