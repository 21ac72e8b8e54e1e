// End-to-end: facets a newsroom can trust (issue 12) — the seeds' facets and acronym filters,
// and, when ../shared/data is present, the top facet values of the BBC set and of Reuters-21578.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
const std::string kShared = NEWSDESK_SHARED_DATA_DIR;
const std::string kReutersToFiles = NEWSDESK_SOURCE_DIR "/bench/reuters-to-files.py";

std::string index_into(const TempDir& tmp, const std::string& name,
                       const std::vector<std::string>& paths) {
    const std::string db = tmp / name;
    std::vector<std::string> argv{kIndex, "--quiet", "--db", db};
    argv.insert(argv.end(), paths.begin(), paths.end());
    Output o = run(argv);
    REQUIRE_MESSAGE(o.status == 0, o.err);
    return db;
}

json search(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv{kSearch, "--db", db, "--json", "--no-collapse", "--limit", "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    Output o = run(argv);
    REQUIRE_MESSAGE(o.status == 0, o.err);
    return json::parse(o.out);
}

/// The top `n` values of each facet over every article: type -> value -> articles.
std::map<std::string, std::map<std::string, long>> top(const std::string& db, int n) {
    const json r = search(db, {"--facets", std::to_string(n), "date:1900.."});
    std::map<std::string, std::map<std::string, long>> out;
    for (const char* type : {"person", "org", "place"})
        for (const auto& f : r["facets"][type])
            out[type][f["value"].get<std::string>()] = f["count"].get<long>();
    return out;
}

/// No value of `type` opens with a form of address or a title.
void check_no_titles(const std::map<std::string, long>& people) {
    for (const auto& entry : people)
        for (const char* title : {"Mr ", "Mrs ", "Ms ", "Dr ", "Sir ", "Lord ", "President "})
            CHECK_MESSAGE(entry.first.rfind(title, 0) != 0, entry.first);
}

}  // namespace

TEST_CASE("seeds keep their facets, and an acronym of the text filters its organisation") {
    TempDir tmp;
    const std::string db = index_into(tmp, "db", {kCorpus});
    const auto f = top(db, 100);
    CHECK(f.at("person").at("Choe Son Hui") == 5);
    CHECK(f.at("org").at("National Intelligence Service") == 5);
    CHECK(f.at("org").at("NATO") == 4);
    CHECK(f.at("place").at("Kursk") == 4);
    CHECK(f.at("org").count("NIS") == 0);
    CHECK(search(db, {"--filter", "org:NIS"})["total"] == 5);
    CHECK(search(db, {"org:NIS"})["total"] == 5);
    check_no_titles(f.at("person"));
}

TEST_CASE("filters that forgive: one word of a name finds its one entity of note, or suggests") {
    TempDir tmp;
    const std::string db = index_into(tmp, "db", {kCorpus});
    // "Rutte" alone: the archive's one Rutte is Mark Rutte.
    const json rutte = search(db, {"--filter", "person:Rutte"});
    CHECK(rutte["total"] == search(db, {"--filter", "person:\"Mark Rutte\""})["total"]);
    CHECK(rutte["total"].get<long>() > 0);
    CHECK(rutte["note"].get<std::string>().find("Mark Rutte") != std::string::npos);
    // "Korea" is no place of its own: the places with the word are offered, most articles first.
    const json korea = search(db, {"--filter", "place:Korea"});
    CHECK(korea["total"] == 0);
    REQUIRE(korea.contains("filter_suggestions"));
    std::vector<std::string> offered;
    for (const auto& s : korea["filter_suggestions"]) {
        offered.push_back(s["filter"].get<std::string>());
        CHECK(s["count"].get<long>() > 0);
        CHECK(s["instead_of"] == "place:Korea");
    }
    CHECK(std::find(offered.begin(), offered.end(), "place:\"North Korea\"") != offered.end());
    CHECK(korea["note"].get<std::string>().find("did you mean place:") != std::string::npos);
    // The CLI says it too.
    Output text = run({kSearch, "--db", db, "--filter", "place:Korea", "troops"});
    CHECK(text.out.find("no place \"Korea\"; did you mean") != std::string::npos);
    // A value nobody carries is said to be absent, not met with silence.
    const json none = search(db, {"--filter", "person:Xyzzy"});
    CHECK(none["total"] == 0);
    CHECK(none["note"].get<std::string>().find("no person \"Xyzzy\"") != std::string::npos);
}

TEST_CASE("an entity filter typed in the query forgives as --filter does") {
    TempDir tmp;
    const std::string db = index_into(tmp, "db", {kCorpus});
    // "person:Rutte" in the query string finds what --filter person:Rutte finds, and says why.
    const json flag = search(db, {"--filter", "person:Rutte"});
    const json typed = search(db, {"person:Rutte"});
    CHECK(typed["total"].get<long>() > 0);
    CHECK(typed["total"] == flag["total"]);
    CHECK(typed["note"].get<std::string>().find("Mark Rutte") != std::string::npos);
    // With words, and negated: the same rule inside the query's structure.
    CHECK(search(db, {"NATO person:Rutte"})["total"] ==
          search(db, {"--filter", "person:Rutte", "NATO"})["total"]);
    const long all = search(db, {"date:1900.."})["total"];
    CHECK(search(db, {"date:1900.. -person:Rutte"})["total"] == all - flag["total"].get<long>());
    // Suggestions for a value no article carries, once however often the parser reads it.
    const json korea = search(db, {"place:Korea"});
    CHECK(korea["total"] == 0);
    REQUIRE(korea.contains("filter_suggestions"));
    std::vector<std::string> offered;
    for (const auto& s : korea["filter_suggestions"])
        offered.push_back(s["filter"].get<std::string>());
    CHECK(std::count(offered.begin(), offered.end(), "place:\"North Korea\"") == 1);
    Output text = run({kSearch, "--db", db, "troops place:Korea"});
    CHECK(text.out.find("no place \"Korea\"; did you mean") != std::string::npos);
}

TEST_CASE("BBC set: top facet values carry no titles, codes from words or unmerged parties") {
    const std::string bbc = kShared + "/bbc";
    if (!std::filesystem::exists(bbc)) {
        std::cout << "skipped: " << bbc << " is absent\n";
        return;
    }
    TempDir tmp;
    std::vector<std::string> dirs;
    for (const auto& e : std::filesystem::directory_iterator(bbc))
        if (e.is_directory()) dirs.push_back(e.path().string());
    const std::string db = index_into(tmp, "db", dirs);
    const auto f = top(db, 60);
    check_no_titles(f.at("person"));
    // The archive's one Blair of note.
    const json blair = search(db, {"--filter", "person:Blair"});
    CHECK(blair["total"].get<long>() >= f.at("person").at("Tony Blair"));
    CHECK(blair["note"].get<std::string>().find("Tony Blair") != std::string::npos);
    for (const char* junk : {"Mr Blair", "Mr Brown", "Mr Howard", "Tory", "Christmas"})
        CHECK_MESSAGE(f.at("person").count(junk) == 0, junk);
    for (const char* junk : {"MR", "MS", "ID"})
        CHECK_MESSAGE(f.at("place").count(junk) == 0, junk);
    for (const char* junk :
         {"Tories", "Conservative Party", "Lib Dems", "Lib Dem", "Labour Party", "Commons"})
        CHECK_MESSAGE(f.at("org").count(junk) == 0, junk);
    for (const char* real : {"Tony Blair", "Gordon Brown", "Michael Howard", "Charles Kennedy"})
        CHECK_MESSAGE(f.at("person").count(real) == 1, real);
    for (const char* real : {"Labour", "Conservatives", "Liberal Democrats", "House of Commons"})
        CHECK_MESSAGE(f.at("org").count(real) == 1, real);
}

TEST_CASE("Reuters-21578: no sign-offs, suffixes or state codes as entities, states by name") {
    const std::string reuters = kShared + "/reuters21578";
    if (!std::filesystem::exists(reuters + "/reut2-000.sgm")) {
        std::cout << "skipped: " << reuters << " is absent\n";
        return;
    }
    TempDir tmp;
    // The first three of the 22 files (3,000 stories) keep the case short.
    std::filesystem::create_directories(tmp / "sgm");
    for (const char* f : {"reut2-000.sgm", "reut2-001.sgm", "reut2-002.sgm"})
        std::filesystem::copy_file(reuters + "/" + f, tmp / (std::string("sgm/") + f));
    Output conv =
        run({"/usr/bin/env", "python3", kReutersToFiles, tmp / "files", "--data", tmp / "sgm"});
    REQUIRE_MESSAGE(conv.status == 0, conv.err);
    const std::string db = index_into(tmp, "db", {tmp / "files"});
    const auto f = top(db, 60);
    check_no_titles(f.at("person"));
    for (const char* junk : {"Reuter", "Conn", "Calif", "Chrysler", "Mass", "Del", "Rev"})
        CHECK_MESSAGE(f.at("person").count(junk) == 0, junk);
    for (const char* junk : {"Ltd.", "Co", "Ltd", "SEC", "Inc"})
        CHECK_MESSAGE(f.at("org").count(junk) == 0, junk);
    const long sec = search(db, {"--filter", "org:SEC"})["total"];
    CHECK(sec > 0);
    CHECK(search(db, {"--filter", "org:\"Securities and Exchange Commission\""})["total"] == sec);
    for (const char* junk : {"CO", "PA", "Calif.", "NJ", "Fla"})
        CHECK_MESSAGE(f.at("place").count(junk) == 0, junk);
    for (const char* real : {"California", "New Jersey", "Texas", "New York", "Japan"})
        CHECK_MESSAGE(f.at("place").count(real) == 1, real);
}
