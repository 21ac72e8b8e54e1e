// End-to-end: how newsdesk-search reads a query as people type it (issue 13): capitals, stopwords,
// counts, malformed queries, empty answers, snippets and terminal output. The articles are written
// here, each built to tell one reading from another.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "../support/run.hpp"
#include "../support/temp_dir.hpp"

using newsdesk::test::Output;
using newsdesk::test::run;
using newsdesk::test::TempDir;
using nlohmann::json;

namespace {

const std::string kIndex = NEWSDESK_INDEX_BIN;
const std::string kSearch = NEWSDESK_SEARCH_BIN;

// file name -> headline and body.
const std::map<std::string, std::pair<std::string, std::string>>& articles() {
    static const std::map<std::string, std::pair<std::string, std::string>> a{
        {"elect1.txt",
         {"Elections called in the north",
          "Elections will be held in May. The council said the vote was overdue."}},
        {"elect2.txt",
         {"Council picks a mayor",
          "The election of a new mayor was close. Voters elected a teacher."}},
        {"elect3.txt", {"Mayor quits", "After the elections the mayor resigned from the council."}},
        {"blair-brown.txt",
         {"Brown sets out his budget",
          "Chancellor Gordon Brown said the budget would help families. Tony Blair and Brown met "
          "on Monday."}},
        {"blair.txt", {"Blair visits a school", "Tony Blair visited a school in the north."}},
        {"bread.txt",
         {"Bread recipes", "Brown bread and brown rice are on the menu of the school canteen."}},
        {"yukos.txt",
         {"Oil firm boss jailed",
          "Khodorkovsky's lawyers said the verdict of the court would be appealed."}},
        {"weather.txt",
         {"Weather", "It was cold and wet in the morning and in the afternoon of the day."}},
    };
    return a;
}

// One database of the articles above for all the test cases here.
const std::string& db() {
    static TempDir tmp;
    static const std::string path = [] {
        namespace fs = std::filesystem;
        const fs::path dir = tmp.path() / "news";
        fs::create_directories(dir);
        for (const auto& [name, article] : articles()) {
            std::ofstream(dir / name) << article.first << "\n\n" << article.second << "\n";
        }
        const std::string db = tmp / "db";
        Output o = run({kIndex, "--db", db, dir.string()});
        REQUIRE_MESSAGE(o.status == 0, o.err);
        return db;
    }();
    return path;
}

Output search(std::vector<std::string> args) {
    std::vector<std::string> argv{kSearch, "--db", db(), "--no-collapse", "--limit", "100"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

json search_json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    Output o = search(args);
    REQUIRE_MESSAGE(o.status == 0, o.err);
    return json::parse(o.out);
}

// The file names of the results, in order.
std::vector<std::string> files(const json& r) {
    std::vector<std::string> out;
    for (const auto& hit : r["results"])
        out.push_back(std::filesystem::path(hit["path"].get<std::string>()).filename().string());
    return out;
}

std::set<std::string> file_set(const json& r) {
    std::vector<std::string> v = files(r);
    return {v.begin(), v.end()};
}

}  // namespace

TEST_CASE("a capitalised query word is stemmed like its lower-case form") {
    const std::set<std::string> all{"elect1.txt", "elect2.txt", "elect3.txt"};
    CHECK(file_set(search_json({"elections"})) == all);
    CHECK(file_set(search_json({"Elections"})) == all);
    CHECK(file_set(search_json({"ELECTIONS"})) == all);
    CHECK(file_set(search_json({"title:Elections"})) == std::set<std::string>{"elect1.txt"});
    // A possessive is the name: "Khodorkovsky" finds "Khodorkovsky's", capitalised or not.
    CHECK(files(search_json({"Khodorkovsky"})) == std::vector<std::string>{"yukos.txt"});
    CHECK(files(search_json({"khodorkovsky"})) == std::vector<std::string>{"yukos.txt"});
}

TEST_CASE("a quoted word matches that form only") {
    CHECK(file_set(search_json({"\"Elections\""})) ==
          std::set<std::string>{"elect1.txt", "elect3.txt"});
    CHECK(file_set(search_json({"\"election\""})) == std::set<std::string>{"elect2.txt"});
}

TEST_CASE("a capitalised word gets the suggestion its lower-case form gets, and only then") {
    const json lower = search_json({"counsil"});
    const json upper = search_json({"Counsil"});
    CHECK(lower["suggestion"] == "council");
    CHECK(upper["suggestion"] == "Council");
    CHECK(files(upper) == files(lower));
    // Known in lower case, so known capitalised: answered, not "corrected".
    const json known = search_json({"Khodorkovsky"});
    CHECK(known["suggestion"].is_null());
    CHECK(known["corrected"] == false);
}

TEST_CASE("stopwords never decide whether an article matches") {
    // "and" and "the" are in nearly every article: they must not make one a match.
    const json stop = search_json({"Blair and the Brown"});
    CHECK(file_set(stop) == file_set(search_json({"Blair Brown"})));
    CHECK(file_set(stop).count("weather.txt") == 0);
    CHECK(file_set(stop).count("elect1.txt") == 0);
    // At the start of a sentence too.
    CHECK(file_set(search_json({"The weather"})) == std::set<std::string>{"weather.txt"});
    // A query of stopwords only is searched as typed.
    CHECK(search_json({"the and"})["articles"].get<int>() >= 7);
}

TEST_CASE("a malformed query is one line saying how to write it, exit 2, and no search") {
    for (const char* query : {"troops AND", "AND troops", "troops OR", "troops NOT", "troops NEAR",
                              "(troops", "troops)", "\"Kursk region", "troops AND OR tanks"}) {
        CAPTURE(query);
        Output o = search({query});
        CHECK(o.status == 2);
        CHECK(o.out.empty());
        const std::string first = o.err.substr(0, o.err.find('\n'));
        CHECK(first.find(query) != std::string::npos);
        CHECK(first.find("Syntax") == std::string::npos);
        CHECK(first.find("<expression>") == std::string::npos);
        Output batch = run({kSearch, "--db", db(), "--batch", "-"}, std::string(query) + "\n");
        CHECK(batch.status == 2);
        CHECK(json::parse(batch.out)["error"].get<std::string>() ==
              first.substr(first.find(": ") + 2));
    }
    // Well-formed operators still work.
    CHECK(file_set(search_json({"Blair AND Brown"})) == std::set<std::string>{"blair-brown.txt"});
    CHECK(file_set(search_json({"Brown NOT Blair"})) == std::set<std::string>{"bread.txt"});
    CHECK(file_set(search_json({"NOT Brown"})).count("bread.txt") == 0);
}

TEST_CASE("no results with filters: the answer says which filter removed everything") {
    // The articles are dated by their files' times: today, long after 2000.
    const json dated = search_json({"--until", "2000-01-01", "Khodorkovsky"});
    CHECK(dated["total"] == 0);
    CHECK(dated["filters"] == json::array({"until 2000-01-01"}));
    REQUIRE(dated["filter_removed"].size() == 1);
    CHECK(dated["filter_removed"][0]["type"] == "date");
    CHECK(dated["filter_removed"][0]["filter"] == "until 2000-01-01");
    CHECK(dated["filter_removed"][0]["without"] == 1);
    Output text = search({"--until", "2000-01-01", "Khodorkovsky"});
    CHECK(text.out ==
          "No results for \"Khodorkovsky\" until 2000-01-01.\n"
          "Without the dates (until 2000-01-01): 1 result.\n");

    // Each filter is tried alone; when no single one is to blame, all of them together are.
    const json two = search_json({"--filter", "place:Atlantis", "--since", "2100", "weather"});
    CHECK(two["total"] == 0);
    REQUIRE(two["filter_removed"].size() == 1);
    CHECK(two["filter_removed"][0]["type"] == "all");
    CHECK(two["filter_removed"][0]["filter"] == "place:Atlantis, since 2100");
    CHECK(two["filter_removed"][0]["without"] == 1);
    const json one = search_json({"--filter", "place:Atlantis", "weather"});
    REQUIRE(one["filter_removed"].size() == 1);
    CHECK(one["filter_removed"][0]["filter"] == "place:Atlantis");
    CHECK(one["filter_removed"][0]["without"] == 1);

    // A query that finds nothing even unfiltered: no filter is blamed.
    CHECK(search_json({"--filter", "place:Atlantis", "zzyzx"})["filter_removed"].empty());
    // A filter-only search names its filters in the header.
    Output only = search({"--since", "2000-01-01"});
    CHECK(only.out.rfind("8 results since 2000-01-01", 0) == 0);
}
