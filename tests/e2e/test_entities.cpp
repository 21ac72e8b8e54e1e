// End-to-end: entity facets and filters on the sample corpus (issue 4's acceptance), query-side
// synonyms, and newsdesk-entities.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "../support/files.hpp"
#include "../support/run.hpp"
#include "../support/temp_dir.hpp"

using newsdesk::test::Output;
using newsdesk::test::run;
using newsdesk::test::slurp;
using newsdesk::test::TempDir;
using nlohmann::json;

namespace {

const std::string kIndex = NEWSDESK_INDEX_BIN;
const std::string kSearch = NEWSDESK_SEARCH_BIN;
const std::string kEntities = NEWSDESK_ENTITIES_BIN;
const std::string kCorpus = NEWSDESK_CORPUS_DIR;

// One database of the seeds for all the test cases here.
const std::string& seed_db() {
    static TempDir tmp;
    static const std::string db = [] {
        const std::string path = tmp / "db";
        Output o = run({kIndex, "--db", path, kCorpus});
        REQUIRE_MESSAGE(o.status == 0, o.err);
        return path;
    }();
    return db;
}

json search(std::vector<std::string> args) {
    std::vector<std::string> argv{kSearch,         "--db",    seed_db(), "--json",
                                  "--no-collapse", "--limit", "100"};
    argv.insert(argv.end(), args.begin(), args.end());
    Output o = run(argv);
    REQUIRE_MESSAGE(o.status == 0, o.err);
    return json::parse(o.out);
}

// facet value -> count, for one type.
std::map<std::string, long> facet(const json& results, const std::string& type) {
    std::map<std::string, long> out;
    for (const auto& f : results["facets"][type])
        out[f["value"].get<std::string>()] = f["count"].get<long>();
    return out;
}

}  // namespace

TEST_CASE("facets of \"troops\" over the seeds: merged entities, counted per article") {
    const json r = search({"--facets", "100", "troops"});
    REQUIRE(r["total"] == 5);
    CHECK(facet(r, "person")["Choe Son Hui"] == 5);
    CHECK(facet(r, "org")["NATO"] == 4);
    CHECK(facet(r, "org")["National Intelligence Service"] == 5);
    CHECK(facet(r, "org").count("NIS") == 0);  // merged into its long form
    CHECK(facet(r, "person").count("Choe Son-hui") == 0);
    CHECK(facet(r, "place")["Kursk"] == 4);
    for (const char* type : {"person", "org", "place", "source"}) {
        for (const auto& entry : facet(r, type)) {
            const std::string& value = entry.first;  // (clang 14 cannot capture a binding)
            for (const char* junk : {"Tuesday", "Western", "North Korean", "The"}) {
                CHECK_MESSAGE(value != junk, type << ": " << value);
            }
            CHECK_MESSAGE(value.rfind("The ", 0) != 0, type << ": " << value);
        }
    }
}

TEST_CASE("facet counts equal the shown results that carry the entity") {
    const json r = search({"--facets", "100", "troops"});
    std::map<std::string, std::map<std::string, long>> shown;
    for (const auto& hit : r["results"]) {
        REQUIRE(hit.contains("entities"));
        for (const char* type : {"person", "org", "place"}) {
            REQUIRE(hit["entities"][type].is_array());
            std::set<std::string> names;
            for (const auto& name : hit["entities"][type])
                names.insert(name.get<std::string>());
            for (const auto& name : names)
                ++shown[type][name];
        }
    }
    for (const char* type : {"person", "org", "place"}) {
        const auto counts = facet(r, type);
        CHECK(!counts.empty());
        for (const auto& [name, count] : counts) {
            const std::string& value = name;  // (clang 14 cannot capture a binding)
            CHECK_MESSAGE(shown[type][value] == count, type << ": " << value);
        }
    }
}

TEST_CASE("a variant spelling or an alias in a filter finds the canonical entity") {
    CHECK(search({"--filter", "person:\"Choe Son-hui\""})["total"] == 5);
    CHECK(search({"--filter", "person:Choe Son-hui"})["total"] == 5);
    CHECK(search({"person:\"Choe Son-hui\" troops"})["total"] == 5);
    CHECK(search({"person:\"Choe Son Hui\" troops"})["total"] == 5);
    CHECK(search({"org:NATO"})["total"] == 4);
    CHECK(search({"--filter", "org:nato"})["total"] == 4);
    const json dprk = search({"--filter", "place:DPRK"});
    CHECK(dprk["total"] == 5);
    CHECK(search({"place:\"North Korea\""})["total"] == dprk["total"]);
    CHECK(search({"--filter", "place:U.S."})["total"] ==
          search({"place:\"United States\""})["total"]);
    // Values of one type OR, types AND.
    CHECK(search({"--filter", "place:Kursk", "--filter", "org:NATO"})["total"].get<long>() <= 4);
}

TEST_CASE("a query word that is an alias also finds the entity's other spellings") {
    // Only one seed writes "DPRK"; all five name North Korea.
    std::size_t literal = 0;
    const json korea = search({"korea"});
    REQUIRE(korea["total"] == 5);
    for (const auto& hit : korea["results"]) {
        const std::string path = hit["path"].get<std::string>();
        if (slurp(path).find("DPRK") != std::string::npos) ++literal;
    }
    CHECK(literal == 1);
    CHECK(search({"DPRK"})["total"] == 5);
    CHECK(search({"DPRK troops"})["total"] == 5);
}

TEST_CASE("newsdesk-entities --raw --json: offsets slice the input bytes exactly") {
    for (const auto& name : {"000_4f83ae8c8527dc36.txt", "002_39fff8feea976b1f.txt"}) {
        const std::string path = kCorpus + "/" + name;
        const std::string bytes = slurp(path);
        Output o = run({kEntities, "--raw", "--json", path});
        REQUIRE_MESSAGE(o.status == 0, o.err);
        REQUIRE(o.out.find('\n') == o.out.size() - 1);  // one line per input
        const json j = json::parse(o.out);
        CHECK(j["path"] == path);
        REQUIRE(j["entities"].size() > 10);
        std::set<std::string> people;
        for (const auto& e : j["entities"]) {
            const auto start = e["start"].get<std::size_t>(), end = e["end"].get<std::size_t>();
            REQUIRE(end <= bytes.size());
            CHECK(bytes.substr(start, end - start) == e["text"].get<std::string>());
            if (e["type"] == "person") people.insert(e["canonical"].get<std::string>());
        }
        CHECK(people.count("Choe Son Hui") == 1);
    }
    // Standard input, with curly quotes and a variant spelling.
    const std::string text =
        "North Korea\xE2\x80\x99s Choe Son-hui met \xE2\x80\x9CNATO\xE2\x80\x9D";
    Output o = run({kEntities, "--raw", "--json"}, text);
    REQUIRE_MESSAGE(o.status == 0, o.err);
    const json j = json::parse(o.out);
    CHECK(j["path"] == "-");
    REQUIRE(!j["entities"].empty());
    REQUIRE(j["entities"].size() >= 2);
    const json& choe = j["entities"][1];
    CHECK(choe["text"] == "Choe Son-hui");
    CHECK(choe["canonical"] == "Choe Son Hui");
    CHECK(choe["start"] == 16);  // after "North Korea’s ": the apostrophe is three bytes
    CHECK(choe["end"] == 28);
}

TEST_CASE("newsdesk-entities reads files as the indexer does, offsets into the cleaned body") {
    const std::string path = kCorpus + "/001_59659c919547118f.txt";
    Output dump = run({kIndex, "--dump", path});
    REQUIRE_MESSAGE(dump.status == 0, dump.err);
    const json article = json::parse(dump.out);
    const std::string body = article["text"].get<std::string>();
    Output o = run({kEntities, "--json", path});
    REQUIRE_MESSAGE(o.status == 0, o.err);
    const json j = json::parse(o.out);
    REQUIRE(!j["entities"].empty());
    CHECK(j["entities"] == article["entities"]);
    for (const auto& e : j["entities"]) {
        const auto start = e["start"].get<std::size_t>(), end = e["end"].get<std::size_t>();
        CHECK(body.substr(start, end - start) == e["text"].get<std::string>());
    }

    Output text = run({kEntities, path});
    REQUIRE(text.status == 0);
    CHECK(text.out.find("person (") != std::string::npos);
    CHECK(text.out.find("Choe Son Hui") != std::string::npos);

    Output missing = run({kEntities, "/nonexistent/file.txt"});
    CHECK(missing.status == 1);
    CHECK(missing.err.find("/nonexistent/file.txt") != std::string::npos);
    CHECK(run({kEntities, "--no-such-option"}).status == 2);
}

TEST_CASE("--no-entities (for measuring) indexes no entities, and a re-index adds them") {
    TempDir tmp;
    const std::string db = tmp / "db";
    Output o = run({kIndex, "--db", db, "--no-entities", kCorpus});
    REQUIRE_MESSAGE(o.status == 0, o.err);
    auto facets_of = [&](const std::string& query) {
        Output s = run({kSearch, "--db", db, "--json", "--no-collapse", query});
        REQUIRE_MESSAGE(s.status == 0, s.err);
        return json::parse(s.out);
    };
    json r = facets_of("troops");
    CHECK(r["facets"]["person"].empty());
    CHECK(r["results"][0]["entities"]["person"].empty());
    // The stored articles differ once entities are extracted: a rebuild writes them all.
    o = run({kIndex, "--db", db, "--rebuild", kCorpus});
    REQUIRE_MESSAGE(o.status == 0, o.err);
    r = facets_of("troops");
    CHECK(facet(r, "person")["Choe Son Hui"] == 5);
}

TEST_CASE("a name only the headline has is a facet value and a filter, listed apart") {
    TempDir tmp;
    std::filesystem::create_directories(tmp / "in");
    const std::string path = tmp / "in/floods.txt";
    std::ofstream(path) << "Floods hit Kursk as rivers rise\n\n"
                           "Rescue teams worked through the night on Tuesday after two rivers "
                           "burst their banks, officials said. Hundreds of homes were flooded.\n";
    Output o = run({kEntities, "--json", path});
    REQUIRE_MESSAGE(o.status == 0, o.err);
    const json j = json::parse(o.out);
    CHECK(j["entities"].empty());
    REQUIRE(j["title_entities"].size() == 1);
    CHECK(j["title_entities"][0]["canonical"] == "Kursk");
    CHECK(j["title_entities"][0]["type"] == "place");
    CHECK(j["title_entities"][0]["start"] == 11);
    CHECK(run({kEntities, path}).out.find("headline: place Kursk") != std::string::npos);

    const std::string db = tmp / "db";
    Output ix = run({kIndex, "--quiet", "--db", db, tmp / "in"});
    REQUIRE_MESSAGE(ix.status == 0, ix.err);
    Output s =
        run({kSearch, "--db", db, "--json", "--facets", "5", "--filter", "place:Kursk", "rivers"});
    REQUIRE_MESSAGE(s.status == 0, s.err);
    const json r = json::parse(s.out);
    CHECK(r["total"] == 1);
    CHECK(facet(r, "place")["Kursk"] == 1);
    REQUIRE(r["results"].size() == 1);
    CHECK(r["results"][0]["entities"]["place"] == json::array({"Kursk"}));
}
