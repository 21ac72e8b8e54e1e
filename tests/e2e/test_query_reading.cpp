// End-to-end: how newsdesk-search reads a query as people type it (issue 13): capitals, stopwords,
// counts, malformed queries, empty answers, snippets and terminal output. The articles are written
// here, each built to tell one reading from another.
#include <doctest/doctest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
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
        {"wmd.txt",
         {"Inspectors leave",
          "Weapons inspectors left the capital on Monday. The Archbishop of Canterbury spoke of "
          "peace, and of the families waiting at home for news of the talks. Later the officials "
          "of the commission met again behind closed doors for most of the day, and the "
          "ministers of the region sent word of their support. In the end, the inspectors said "
          "that no weapons of mass destruction were found in any of the sites they visited."}},
        {"figures.txt",
         {"Rosneft buys the unit",
          "State-owned Rosneft paid $9.35bn (£5.18bn) for Yugansk, the main production unit, at "
          "an auction in December; analysts at U.S.-based banks said the price (about 60% of "
          "the unit's worth) was low. Rosneft's offer for Yugansk ended the sale. The buyers, "
          "Baikal Finance Group, were unknown (registered at a 'cafe' address in Tver); "
          "Yugansk pumps 1m barrels a day."}},
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

// A wire archive whose copy holds a typo once ("intrest") beside the word 40 articles spell right,
// a rare English word ("holes") beside a frequent neighbour ("holds"), and a rare name ("Fouad")
// beside a frequent word ("found").
const std::string& wire_db() {
    static TempDir tmp;
    static const std::string path = [] {
        namespace fs = std::filesystem;
        const fs::path dir = tmp.path() / "wire";
        fs::create_directories(dir);
        for (int i = 0; i < 40; ++i) {
            std::ofstream(dir / ("rates" + std::to_string(i) + ".txt"))
                << "Bank report " << i << "\n\nThe bank holds interest rates at " << i
                << " pct, the minister said. Dealers found the market quiet.\n";
        }
        std::ofstream(dir / "typo.txt") << "Rates steady\n\nThe bank left intrest rates steady, "
                                           "dealers said. The roads had holes.\n";
        std::ofstream(dir / "fouad.txt")
            << "Talks in Beirut\n\nFouad Lahoud, the central bank governor, said talks went "
               "well.\n";
        const std::string db = tmp / "db";
        Output o = run({kIndex, "--db", db, dir.string()});
        REQUIRE_MESSAGE(o.status == 0, o.err);
        return db;
    }();
    return path;
}

json wire_json(const std::string& query) {
    Output o = run({kSearch, "--db", wire_db(), "--json", "--no-collapse", query});
    REQUIRE_MESSAGE(o.status == 0, o.err);
    return json::parse(o.out);
}

TEST_CASE("spelling: a typo the archive holds gets a suggestion, English words and names stay") {
    const json typo = wire_json("intrest rates");
    CHECK(typo["suggestion"] == "interest rates");
    CHECK(typo["corrected"] == false);  // its own article is found, as typed
    CHECK(typo["total"] == 1);
    Output text = run({kSearch, "--db", wire_db(), "intrest rates"});
    CHECK(text.out.find("Did you mean: interest rates?") != std::string::npos);
    CHECK(wire_json("holes")["suggestion"].is_null());  // an English word, however rare
    CHECK(wire_json("Fouad")["suggestion"].is_null());  // a name the archive knows
    CHECK(wire_json("interest")["suggestion"].is_null());
    // An English word the archive does not hold: suggested, never answered instead.
    const json minster = wire_json("minster");
    CHECK(minster["suggestion"] == "minister");
    CHECK(minster["corrected"] == false);
    CHECK(minster["total"] == 0);
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
    CHECK(search_json({"the and"})["articles"].get<int>() > 0);
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
    CHECK(only.out.rfind("10 results since 2000-01-01", 0) == 0);
}

TEST_CASE("counts describe the articles holding every word, listed first, the rest counted apart") {
    const json both = search_json({"Blair Brown"});
    REQUIRE(files(both).size() == 3);
    CHECK(files(both).front() == "blair-brown.txt");
    CHECK(file_set(both) == std::set<std::string>{"blair-brown.txt", "blair.txt", "bread.txt"});
    CHECK(both["total"] == 1);
    CHECK(both["articles"] == 1);
    CHECK(both["total_partial"] == 2);  // blair.txt, bread.txt: one of the words each
    CHECK(both["partial_listed"] == true);
    // In date order only the articles holding every word are listed.
    const json by_date = search_json({"--sort", "date", "Blair Brown"});
    CHECK(files(by_date) == std::vector<std::string>{"blair-brown.txt"});
    CHECK(by_date["total_partial"] == 2);
    CHECK(by_date["partial_listed"] == false);
    // Facets count what is listed.
    for (const auto& facet : both["facets"].items()) {
        for (const auto& v : facet.value())
            CHECK_MESSAGE(v["count"] == 1, facet.key() << ": " << v["value"]);
    }
    Output text = search({"Blair and Brown"});
    CHECK(text.out.rfind("1 result for \"Blair and Brown\"", 0) == 0);
    CHECK(text.out.find("\n2 more match some of the words (listed after those holding all)") !=
          std::string::npos);
    CHECK(search({"--sort", "date", "Blair and Brown"})
              .out.find("\n2 more match some of the words (join them with OR") !=
          std::string::npos);
    // OR asks for either word: all are listed.
    const json either = search_json({"Blair OR Brown"});
    CHECK(either["total"] == 3);
    CHECK(either["total_partial"] == 0);
    // When no article holds every word, those holding some are listed, and a note says so.
    const json some = search_json({"Blair rice"});
    CHECK(file_set(some) == std::set<std::string>{"blair.txt", "blair-brown.txt", "bread.txt"});
    CHECK(some["total_partial"] == 0);
    CHECK(some["note"].get<std::string>().find("no article holds every word") != std::string::npos);
}

TEST_CASE("a long question lists every article holding its words, but counts those holding half") {
    // Six words (stopwords aside): tony blair visit school north monday. blair.txt holds five,
    // blair-brown.txt three (tony, blair, monday): results. wmd.txt holds two (visit, monday),
    // elect1.txt and bread.txt one: listed after them, counted apart.
    const std::string question = "did Tony Blair visit a school in the north on Monday";
    const json r = search_json({"--facets", "50", question});
    CHECK(r["question_words"] == 6);
    CHECK(r["words_needed"] == 3);
    CHECK(r["total"] == 2);
    CHECK(r["articles"] == 2);
    CHECK(r["total_partial"] == 3);
    CHECK(file_set(r) == std::set<std::string>{"blair.txt", "blair-brown.txt", "wmd.txt",
                                               "elect1.txt", "bread.txt"});
    CHECK(files(r).front() == "blair.txt");
    // Facets count the results, not every article listed: nothing of wmd.txt's.
    for (const auto& facet : r["facets"].items()) {
        for (const auto& v : facet.value()) {
            CHECK_MESSAGE(v["count"] <= 2, facet.key() << ": " << v["value"]);
            CHECK_MESSAGE(v["value"] != "Canterbury", facet.key());
        }
    }
    Output text = search({question});
    CHECK(text.out.rfind("2 results for \"" + question + "\"", 0) == 0);
    CHECK(text.out.find("\n3 more hold fewer than 3 of the 6 words") != std::string::npos);
    // Four words are not a question: every word, or the articles holding some.
    const json four = search_json({"Tony Blair visit school"});
    CHECK(four["question_words"] == 0);
    CHECK(four["words_needed"] == 0);
    CHECK(four["total"] == 1);
    CHECK(files(four).front() == "blair.txt");
}

TEST_CASE("snippets: the phrase when the article has it, stopwords marked only inside it") {
    const json r = search_json({"\"weapons of mass destruction\""});
    REQUIRE(files(r) == std::vector<std::string>{"wmd.txt"});
    const std::string snippet = r["results"][0]["snippet"];
    CHECK(snippet.find("<mark>weapons</mark> <mark>of</mark> <mark>mass</mark> "
                       "<mark>destruction</mark>") != std::string::npos);
    std::size_t marked_of = 0;
    for (std::size_t p = snippet.find("<mark>of</mark>"); p != std::string::npos;
         p = snippet.find("<mark>of</mark>", p + 1)) {
        ++marked_of;
    }
    CHECK(marked_of == 1);
    CHECK(snippet.find("Archbishop") == std::string::npos);
    // Titles too: no stopword marked outside a phrase.
    const json t = search_json({"the inspectors"});
    for (const auto& hit : t["results"])
        CHECK(hit["title_html"].get<std::string>().find("<mark>the</mark>") == std::string::npos);
}

TEST_CASE("snippets: the passage with most of the query's words, whole tokens at both ends") {
    const json r = search_json({"Yugansk Baikal"});
    REQUIRE(files(r) == std::vector<std::string>{"figures.txt"});
    const std::string snippet = r["results"][0]["snippet"];
    CHECK(snippet.find("<mark>Baikal</mark>") != std::string::npos);
    CHECK(snippet.find("<mark>Yugansk</mark>") != std::string::npos);
    // Whatever the query, a snippet starts and ends on whitespace of the article (or its ends).
    const std::string body = articles().at("figures.txt").second;
    for (const char* q :
         {"Yugansk", "auction", "Tver", "pumps barrels", "analysts price", "sale"}) {
        CAPTURE(q);
        const json one = search_json({q});
        REQUIRE(one["results"].size() >= 1);
        std::string s = one["results"][0]["snippet"];
        for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{{"<mark>", ""},
                                                                                {"</mark>", ""},
                                                                                {"&#39;", "'"},
                                                                                {"&quot;", "\""},
                                                                                {"&amp;", "&"}}) {
            for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p))
                s.replace(p, from.size(), to);
        }
        const std::string ellipsis = "…";
        const bool cut_start = s.rfind(ellipsis, 0) == 0;
        const bool cut_end = s.size() >= ellipsis.size() &&
                             s.compare(s.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0;
        if (cut_start) s.erase(0, ellipsis.size());
        if (cut_end) s.erase(s.size() - ellipsis.size());
        const std::size_t at = body.find(s);
        REQUIRE_MESSAGE(at != std::string::npos, s);
        if (cut_start) CHECK(body[at - 1] == ' ');
        const std::size_t after = at + s.size();
        if (cut_end) CHECK((after == body.size() || body[after] == ' '));
    }
}

// On a terminal (util-linux `script` gives the program one, `stty` its width): snippets and facet
// lines fit the width, a facet value keeps its count beside it.
TEST_CASE("terminal output: on a terminal, every line fits its width") {
    namespace fs = std::filesystem;
    if (!fs::exists("/usr/bin/script") || !fs::exists("/bin/stty")) {
        std::cout << "skipped: util-linux script or stty is absent\n";
        return;
    }
    TempDir tmp;
    const std::string seeds = tmp / "seeds";
    REQUIRE(run({kIndex, "--db", seeds, NEWSDESK_CORPUS_DIR}).status == 0);
    for (const int width : {40, 72}) {
        const std::string command = "stty cols " + std::to_string(width) + " rows 50; " + kSearch +
                                    " --db '" + seeds + "' --color never --no-collapse troops";
        Output o = run({"/usr/bin/script", "-qec", command, "/dev/null"});
        REQUIRE_MESSAGE(o.status == 0, o.err);
        std::vector<std::string> lines;
        std::string line;
        for (char c : o.out) {
            if (c == '\r') continue;
            if (c == '\n') {
                lines.push_back(line);
                line.clear();
            } else {
                line += c;
            }
        }
        CAPTURE(width);
        std::size_t snippet_lines = 0;
        // Snippets and facet lines; the header, titles, paths and story references stay whole.
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const std::string& l = lines[i];
            if (l.find('/') != std::string::npos || l.rfind("   +", 0) == 0 ||
                (!l.empty() && std::isdigit(static_cast<unsigned char>(l[0]))) ||
                l.rfind("More:", 0) == 0)
                continue;
            std::size_t cols = 0;
            for (unsigned char c : l)
                cols += (c & 0xC0) != 0x80;
            CAPTURE(l);
            CHECK(cols <= static_cast<std::size_t>(width));
            if (l.rfind("   ", 0) == 0) ++snippet_lines;
        }
        CHECK(snippet_lines > 10);  // snippets wrapped, not cut
        // The person facet: each line holds whole "value count" items ("Ursula von der Leyen 2").
        std::size_t items = 0;
        bool in_block = false;
        for (const auto& l : lines) {
            if (l.rfind("person: ", 0) == 0) {
                in_block = true;
            } else if (!in_block || l.rfind("        ", 0) != 0) {
                in_block = false;
                continue;
            }
            std::string rest = l.substr(l.find_first_not_of(' ', l.find(' ')));
            for (std::size_t p = 0;;) {
                const std::size_t e = rest.find(" · ", p);
                const std::string item = rest.substr(p, e == std::string::npos ? e : e - p);
                CAPTURE(l);
                CHECK((!item.empty() && std::isdigit(static_cast<unsigned char>(item.back()))));
                ++items;
                if (e == std::string::npos) break;
                p = e + 4;  // " · " is 4 bytes
            }
        }
        CHECK(items == 6);
    }
}

TEST_CASE("terminal output: --facets N, plain lines when piped, headers for --story and --like") {
    // The sample corpus: five articles, one story, many people.
    TempDir tmp;
    const std::string seeds = tmp / "seeds";
    REQUIRE(run({kIndex, "--db", seeds, NEWSDESK_CORPUS_DIR}).status == 0);
    auto text = [&](std::vector<std::string> args) {
        std::vector<std::string> argv{kSearch, "--db", seeds};
        argv.insert(argv.end(), args.begin(), args.end());
        Output o = run(argv);
        REQUIRE_MESSAGE(o.status == 0, o.err);
        return o.out;
    };
    auto values_on = [](const std::string& out, const std::string& type) {
        const std::size_t at = out.find("\n" + type + ": ");
        if (at == std::string::npos) return std::size_t{0};
        const std::string line = out.substr(at + 1, out.find('\n', at + 1) - at - 1);
        std::size_t n = 1;
        for (std::size_t p = line.find(" · "); p != std::string::npos; p = line.find(" · ", p + 1))
            ++n;
        return n;
    };
    CHECK(values_on(text({"troops"}), "person") == 6);
    CHECK(values_on(text({"--facets", "2", "troops"}), "person") == 2);
    CHECK(values_on(text({"--facets", "9", "troops"}), "person") == 9);
    // Piped: each snippet on one line, however long.
    const std::string piped = text({"--no-collapse", "troops"});
    std::size_t longest = 0;
    for (std::size_t p = 0, e; p < piped.size(); p = e + 1) {
        e = piped.find('\n', p);
        if (e == std::string::npos) e = piped.size();
        longest = std::max(longest, e - p);
    }
    CHECK(longest > 150);

    const json r = json::parse(run({kSearch, "--db", seeds, "--json", "troops"}).out);
    const std::string story = r["results"][0]["story"]["id"];
    const std::string id = r["results"][0]["id"];
    const std::string members = text({"--story", story});
    CHECK(members.rfind("5 results in story " + story, 0) == 0);
    CHECK(members.find("for \"\"") == std::string::npos);
    CHECK(members.find("more in this story") == std::string::npos);
    // A story id that names no story is a mistake (exit 2, one line); one whose articles the
    // words miss is an empty answer (exit 0).
    Output unknown = run({kSearch, "--db", seeds, "--story", "0000000000000000"});
    CHECK(unknown.status == 2);
    CHECK(unknown.err.rfind("newsdesk-search: --story: no story with id 0000000000000000", 0) == 0);
    Output missed = run({kSearch, "--db", seeds, "--story", story, "zebra"});
    CHECK(missed.status == 0);
    const std::string like = text({"--like", id});
    CHECK(like.find("related to article " + id) != std::string::npos);
    CHECK(like.find("for \"\"") == std::string::npos);
    const std::string filtered = text({"--filter", "place:Kursk"});
    CHECK(filtered.find("with place:Kursk") != std::string::npos);
    CHECK(filtered.find("for \"\"") == std::string::npos);
}
