// The HTTP API against a real newsdesk-serve on a free loopback port, over the sample corpus plus
// the hostile articles in tests/api/data/hostile. Each test case indexes into its own temporary
// directory and starts its own server.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "../support/files.hpp"
#include "../support/run.hpp"
#include "../support/temp_dir.hpp"
#include "server_process.hpp"

using newsdesk::test::Output;
using newsdesk::test::run;
using newsdesk::test::ServerProcess;
using newsdesk::test::slurp;
using newsdesk::test::TempDir;
using nlohmann::json;

namespace {

const std::string kIndex = NEWSDESK_INDEX_BIN;
const std::string kSearch = NEWSDESK_SEARCH_BIN;
const std::string kServe = NEWSDESK_SERVE_BIN;
const std::string kCorpus = NEWSDESK_CORPUS_DIR;
const std::string kHostile = NEWSDESK_API_DATA_DIR "/hostile";
constexpr std::size_t kArticles = 7;  // 5 sample articles + 2 hostile ones

void index_into(const std::string& db, const std::vector<std::string>& paths) {
    std::vector<std::string> argv{kIndex, "--db", db, "--quiet"};
    argv.insert(argv.end(), paths.begin(), paths.end());
    Output o = run(argv);
    REQUIRE_MESSAGE(o.status == 0, o.err);
}

struct Reply {
    int status = 0;
    std::string body;
    json doc;
    httplib::Headers headers;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
};

/// A database of the corpus (unless `index` is false) and a server over it.
struct Served {
    explicit Served(bool index = true, std::vector<std::string> extra = {}) {
        if (index) index_into(db, {kCorpus, kHostile});
        server = std::make_unique<ServerProcess>(kServe, db, log, extra);
    }

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", server->port());
        c.set_read_timeout(10, 0);
        return c;
    }

    Reply get(const std::string& path, const httplib::Params& params = {},
              const httplib::Headers& headers = {}) const {
        auto c = client();
        auto res = params.empty() ? c.Get(path, headers) : c.Get(path, params, headers);
        REQUIRE_MESSAGE(res, "no response for " << path << ": " << httplib::to_string(res.error()));
        Reply r;
        r.status = res->status;
        r.body = res->body;
        r.headers = res->headers;
        if (res->get_header_value("Content-Type") == "application/json") {
            r.doc = json::parse(res->body);
        }
        return r;
    }

    json search(const httplib::Params& params) const {
        Reply r = get("/api/search", params);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return r.doc;
    }

    TempDir tmp;
    std::string db = tmp / "db";
    std::string log = tmp / "serve.log";
    std::unique_ptr<ServerProcess> server;
};

json cli_search(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv{kSearch, "--db", db, "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    Output o = run(argv);
    REQUIRE_MESSAGE(o.status == 0, o.err);
    return json::parse(o.out);
}

json without_timing(json j) {
    j.erase("took_ms");
    return j;
}

template <typename Pred>
bool eventually(Pred pred, int timeout_ms = 5000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return pred();
}

}  // namespace

TEST_CASE("/healthz reports the database revision and the number of articles") {
    Served s;
    Reply r = s.get("/healthz");
    CHECK(r.status == 200);
    CHECK(r.doc["status"] == "ok");
    CHECK(r.doc["documents"] == kArticles);
    CHECK(r.doc["revision"].get<std::uint64_t>() > 0);
}

TEST_CASE("/api/search answers exactly what newsdesk-search --json prints") {
    Served s;
    CHECK(without_timing(s.search({{"q", "Kursk troops"}})) ==
          without_timing(cli_search(s.db, {"Kursk troops"})));
    CHECK(without_timing(s.search({{"q", "korea"},
                                   {"filter", "source:AP"},
                                   {"limit", "3"},
                                   {"sort", "date"},
                                   {"collapse", "false"}})) ==
          without_timing(cli_search(s.db, {"--filter", "source:AP", "--limit", "3", "--sort",
                                           "date", "--no-collapse", "korea"})));
    CHECK(without_timing(s.search({{"q", "minister"}, {"since", "2026"}, {"until", "2026-12"}})) ==
          without_timing(cli_search(s.db, {"--since", "2026", "--until", "2026-12", "minister"})));
}

TEST_CASE("/api/search results follow the JSON schema of docs/JSON.md") {
    Served s;
    json j = s.search({{"q", "Kursk troops"}});
    CHECK(j["query"] == "Kursk troops");
    for (const char* key : {"total", "articles", "offset", "limit"}) {
        CHECK_MESSAGE(j[key].is_number_unsigned(), key);
    }
    CHECK(j["took_ms"].is_number());
    CHECK(j["corrected"].is_boolean());
    CHECK((j["suggestion"].is_null() || j["suggestion"].is_string()));
    REQUIRE(j["results"].is_array());
    REQUIRE(!j["results"].empty());
    REQUIRE(j["facets"].is_object());
    for (const char* type : {"person", "org", "place", "source"}) {
        REQUIRE_MESSAGE(j["facets"][type].is_array(), type);
        for (const auto& v : j["facets"][type]) {
            CHECK(v["value"].is_string());
            CHECK(v["count"].is_number_unsigned());
        }
    }
    std::size_t rank = 0;
    for (const auto& r : j["results"]) {
        CHECK(r["rank"] == ++rank);
        for (const char* key : {"id", "path", "title", "date_source", "snippet"}) {
            CHECK_MESSAGE(r[key].is_string(), key);
        }
        for (const char* key : {"date", "source", "url", "byline", "dateline"}) {
            CHECK_MESSAGE((r[key].is_null() || r[key].is_string()), key);
        }
        CHECK(r["score"].is_number());
        for (const char* type : {"person", "org", "place"}) {
            CHECK(r["entities"][type].is_array());
        }
        if (r.contains("story")) {
            CHECK(r["story"]["id"].is_string());
            CHECK(r["story"]["size"].get<int>() >= 1);
            CHECK(r["story"]["sources"].is_array());
        }
    }
}

TEST_CASE("bad parameters and queries get 400 with the reason, as JSON") {
    Served s;
    const std::string long_query(1025, 'a');
    const std::vector<std::pair<httplib::Params, std::string>> cases = {
        {{{"q", ""}}, "empty query"},
        {{{"q", "Kursk"}, {"limit", "101"}}, "limit must be at most 100"},
        {{{"q", "Kursk"}, {"limit", "ten"}}, "limit must be a whole number"},
        {{{"q", "Kursk"}, {"offset", "-1"}}, "offset must be a whole number"},
        {{{"q", "Kursk"}, {"offset", "10001"}}, "offset must be at most"},
        {{{"q", "Kursk"}, {"sort", "oldest"}}, "sort order"},
        {{{"q", "Kursk"}, {"since", "yesterday"}}, "since must be a date"},
        {{{"q", "Kursk"}, {"since", "2024-13-45"}}, "2024-13-45"},
        {{{"q", "Kursk"}, {"since", "2025"}, {"until", "2024"}}, "after"},
        {{{"q", "Kursk"}, {"collapse", "maybe"}}, "collapse must be true or false"},
        {{{"q", "Kursk"}, {"filter", "colour:red"}}, "unknown filter type"},
        {{{"q", "Kursk"}, {"filter", "nocolon"}}, "type:value"},
        {{{"q", "Kursk"}, {"q", "troops"}}, "given twice"},
        {{{"q", "Kursk"}, {"page", "2"}}, "unknown parameter 'page'"},
        {{{"q", long_query}}, "at most 1024"},
    };
    for (const auto& [params, reason] : cases) {
        Reply r = s.get("/api/search", params);
        CAPTURE(r.body);
        CHECK(r.status == 400);
        CHECK(r.header("Content-Type") == "application/json");
        REQUIRE(r.doc.contains("error"));
        CHECK(r.doc["error"].get<std::string>().find(reason) != std::string::npos);
    }
}

TEST_CASE("unknown routes, articles and stories get 404, and paths cannot leave the API") {
    Served s;
    for (const std::string path :
         {"/api/articles/0000000000000000", "/api/articles/..%2F..%2Fetc%2Fpasswd",
          "/api/stories/0000000000000000", "/api/nothing", "/../../etc/passwd",
          "/%2e%2e/%2e%2e/etc/passwd", "/index.html", "/web/app.js", "/server/web/index.html"}) {
        Reply r = s.get(path);
        CAPTURE(path);
        CHECK(r.status == 404);
        CHECK(r.doc.contains("error"));
        CHECK(r.body.find("root:") == std::string::npos);
    }
}

TEST_CASE("the API is read-only: other methods get 405, large bodies 413, many headers 431") {
    Served s;
    auto c = s.client();
    auto post = c.Post("/api/search", "q=x", "application/x-www-form-urlencoded");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(post->get_header_value("Allow") == "GET, HEAD, OPTIONS");
    auto del = c.Delete("/api/articles/abc");
    REQUIRE(del);
    CHECK(del->status == 405);
    auto big = c.Post("/api/search", std::string(100000, 'x'), "text/plain");
    REQUIRE(big);
    CHECK(big->status == 413);
    httplib::Headers many;
    for (int i = 0; i < 100; ++i)
        many.emplace("X-Padding-" + std::to_string(i), "x");
    auto crowded = c.Get("/healthz", many);
    REQUIRE(crowded);
    CHECK(crowded->status == 431);
    auto head = c.Head("/");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
}

TEST_CASE("filters narrow the results: one type ORed, different types ANDed") {
    Served s;
    json all = s.search({{"q", "Kursk troops"}, {"collapse", "false"}});
    json ap = s.search({{"q", "Kursk troops"}, {"collapse", "false"}, {"filter", "source:AP"}});
    REQUIRE(ap["total"] >= 1);
    CHECK(ap["total"] < all["total"]);
    for (const auto& r : ap["results"])
        CHECK(r["source"] == "AP");
    json either = s.search({{"q", "Kursk troops"},
                            {"collapse", "false"},
                            {"filter", "source:AP"},
                            {"filter", "source:<b>Evil</b> Wire"}});
    CHECK(either["total"] == ap["total"].get<int>() + 1);
    json both = s.search({{"q", "Kursk troops"},
                          {"collapse", "false"},
                          {"filter", "source:AP"},
                          {"filter", "place:Atlantis"}});
    CHECK(both["total"] == 0);
    // Filters alone, without words, browse.
    json browse = s.search({{"filter", "source:AP"}});
    CHECK(browse["total"] == ap["total"]);
}

TEST_CASE("a search a filter empties says which filter, and what the query finds without it") {
    Served s;
    const json unfiltered = s.search({{"q", "Kursk troops"}});
    REQUIRE(unfiltered["total"] > 0);
    CHECK(unfiltered["filter_removed"].empty());

    const json by_place = s.search({{"q", "Kursk troops"}, {"filter", "place:Atlantis"}});
    CHECK(by_place["total"] == 0);
    REQUIRE(by_place["filter_removed"].size() == 1);
    CHECK(by_place["filter_removed"][0]["type"] == "place");
    CHECK(by_place["filter_removed"][0]["filter"] == "place:Atlantis");
    CHECK(by_place["filter_removed"][0]["without"] == unfiltered["total"]);

    const json by_date = s.search({{"q", "Kursk troops"}, {"until", "2000-01-01"}});
    CHECK(by_date["total"] == 0);
    REQUIRE(by_date["filter_removed"].size() == 1);
    CHECK(by_date["filter_removed"][0]["type"] == "date");
    CHECK(by_date["filter_removed"][0]["without"] == unfiltered["total"]);

    // A filter that leaves some results removed nothing: nothing to say.
    const json by_source = s.search({{"q", "Kursk troops"}, {"filter", "source:AP"}});
    REQUIRE(by_source["total"] > 0);
    CHECK(by_source["filter_removed"].empty());
    // The API says what the command line says.
    CHECK(without_timing(by_place) ==
          without_timing(cli_search(s.db, {"--filter", "place:Atlantis", "Kursk troops"})));
}

TEST_CASE("pagination: pages are consecutive and never overlap") {
    Served s;
    json whole = s.search({{"q", "korea troops"}, {"collapse", "false"}, {"limit", "10"}});
    const std::size_t total = whole["total"];
    REQUIRE(total >= 5);
    // Articles holding only one of the words follow the results, on the same pages.
    const std::size_t listed =
        total + (whole["partial_listed"] == true ? whole["total_partial"].get<std::size_t>() : 0);
    REQUIRE(listed <= 10);
    std::vector<std::string> paged;
    for (std::size_t offset = 0; offset < listed; offset += 2) {
        json page = s.search({{"q", "korea troops"},
                              {"collapse", "false"},
                              {"limit", "2"},
                              {"offset", std::to_string(offset)}});
        CHECK(page["offset"] == offset);
        CHECK(page["limit"] == 2);
        CHECK(page["total"] == total);
        std::size_t rank = offset;
        for (const auto& r : page["results"]) {
            CHECK(r["rank"] == ++rank);
            paged.push_back(r["id"]);
        }
    }
    std::vector<std::string> ids;
    for (const auto& r : whole["results"])
        ids.push_back(r["id"]);
    CHECK(paged == ids);
    json beyond = s.search({{"q", "korea troops"}, {"offset", "500"}});
    CHECK(beyond["results"].empty());
}

TEST_CASE("/api/articles/{id} returns the whole article, its entities and its story") {
    Served s;
    json hit = s.search({{"q", "Kursk troops"}, {"filter", "source:AP"}})["results"][0];
    Reply r = s.get("/api/articles/" + hit["id"].get<std::string>());
    REQUIRE(r.status == 200);
    CHECK(r.doc["id"] == hit["id"]);
    CHECK(r.doc["title"] == hit["title"]);
    CHECK(r.doc["source"] == "AP");
    CHECK(r.doc["path"] == hit["path"]);
    CHECK(r.doc["text"].get<std::string>().find("Kursk") != std::string::npos);
    for (const char* type : {"person", "org", "place"})
        CHECK(r.doc["entities"][type].is_array());
    CHECK(r.doc["mentions"].is_array());
    if (hit.contains("story")) CHECK(r.doc["story"] == hit["story"]);
}

TEST_CASE("/api/stories/{id} lists the story's articles, newest first") {
    Served s;
    json hit = s.search({{"q", "Kursk troops"}})["results"][0];
    REQUIRE(hit.contains("story"));
    const std::string id = hit["story"]["id"];
    Reply r = s.get("/api/stories/" + id, {{"limit", "50"}});
    REQUIRE(r.status == 200);
    CHECK(r.doc["story"]["id"] == id);
    CHECK(r.doc["story"]["size"] == hit["story"]["size"]);
    CHECK(r.doc["results"].size() == hit["story"]["size"].get<std::size_t>());
    std::string previous = "9999-99-99";
    for (const auto& a : r.doc["results"]) {
        const std::string date = a["date"].is_string() ? a["date"].get<std::string>() : "";
        CHECK(date <= previous);
        previous = date;
    }
    CHECK(s.get("/api/stories/" + id, {{"limit", "500"}}).status == 400);
}

TEST_CASE("hostile article text comes back escaped in snippets, as data everywhere else") {
    Served s;
    json j = s.search({{"q", "Kursk troops"}, {"collapse", "false"}, {"limit", "20"}});
    bool saw_script_title = false;
    for (const auto& r : j["results"]) {
        const std::string snippet = r["snippet"];
        CHECK(snippet.find("<script") == std::string::npos);
        CHECK(snippet.find("<img") == std::string::npos);
        // Only <mark> tags are markup in a snippet.
        std::string stripped = snippet;
        for (const std::string tag : {"<mark>", "</mark>"}) {
            for (auto at = stripped.find(tag); at != std::string::npos; at = stripped.find(tag))
                stripped.erase(at, tag.size());
        }
        CHECK(stripped.find('<') == std::string::npos);
        if (r["title"].get<std::string>().find("<script>") != std::string::npos) {
            saw_script_title = true;
            CHECK(snippet.find("&lt;script&gt;") != std::string::npos);
        }
    }
    CHECK(saw_script_title);
    Reply evil = s.get("/api/search", {{"q", "<img src=x onerror=alert(1)>"}});
    CHECK(evil.status == 200);
    CHECK(evil.doc["query"] == "<img src=x onerror=alert(1)>");
}

TEST_CASE("responses carry the security headers, and the page's code is in separate files") {
    Served s;
    for (const std::string path :
         {"/", "/app.js", "/app.css", "/api/search?q=Kursk", "/healthz", "/nothing"}) {
        auto res = s.client().Get(path);
        REQUIRE(res);
        CAPTURE(path);
        CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
        const std::string csp = res->get_header_value("Content-Security-Policy");
        CHECK(csp.find("default-src 'none'") != std::string::npos);
        CHECK(csp.find("script-src 'self'") != std::string::npos);
        CHECK(csp.find("unsafe-inline") == std::string::npos);
    }
    Reply page = s.get("/");
    CHECK(page.status == 200);
    CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(page.body.find("<script src=\"/app.js\"") != std::string::npos);
    CHECK(page.body.find("<script>") == std::string::npos);  // no inline script
    CHECK(page.body.find("style=") == std::string::npos);    // no inline style
    CHECK(s.get("/app.js").header("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(s.get("/app.css").header("Content-Type") == "text/css; charset=utf-8");
    // Unchanged files are not sent again.
    const std::string etag = s.get("/app.js").header("ETag");
    REQUIRE(!etag.empty());
    CHECK(s.get("/app.js", {}, {{"If-None-Match", etag}}).status == 304);
}

TEST_CASE("CORS headers only with --cors-origin, and only for that origin") {
    {
        Served s;
        Reply r = s.get("/api/search", {{"q", "Kursk"}}, {{"Origin", "https://intranet.example"}});
        CHECK(r.header("Access-Control-Allow-Origin").empty());
    }
    Served s(true, {"--cors-origin", "https://intranet.example"});
    Reply ok = s.get("/api/search", {{"q", "Kursk"}}, {{"Origin", "https://intranet.example"}});
    CHECK(ok.header("Access-Control-Allow-Origin") == "https://intranet.example");
    Reply other = s.get("/api/search", {{"q", "Kursk"}}, {{"Origin", "https://evil.example"}});
    CHECK(other.header("Access-Control-Allow-Origin").empty());
    auto c = s.client();
    auto pre = c.Options("/api/search", {{"Origin", "https://intranet.example"},
                                         {"Access-Control-Request-Method", "GET"}});
    REQUIRE(pre);
    CHECK(pre->status == 204);
    CHECK(pre->get_header_value("Access-Control-Allow-Methods").find("GET") != std::string::npos);
}

TEST_CASE("without a database the server starts, answers 503, and serves once it appears") {
    Served s(false);
    Reply health = s.get("/healthz");
    CHECK(health.status == 503);
    CHECK(health.doc["status"] == "unavailable");
    CHECK(health.doc["error"].get<std::string>().find(s.db) != std::string::npos);
    Reply search = s.get("/api/search", {{"q", "Kursk"}});
    CHECK(search.status == 503);
    CHECK(search.doc.contains("error"));
    CHECK(s.get("/").status == 200);  // the page itself is always there

    index_into(s.db, {kCorpus});
    CHECK(eventually([&] { return s.get("/healthz").status == 200; }));
    CHECK(s.search({{"q", "Kursk"}})["total"] >= 1);
}

TEST_CASE("a reindex is picked up without a restart") {
    Served s;
    CHECK(s.get("/healthz").doc["documents"] == kArticles);
    CHECK(s.search({{"q", "zanzibar"}})["total"] == 0);
    TempDir more;
    std::ofstream(more / "new.txt")
        << "Zanzibar ferry timetable changes\n\nThe Zanzibar ferry will sail twice a day.\n";
    index_into(s.db, {more.path().string()});
    // Every worker notices within about a second; ask several times to reach several workers.
    CHECK(eventually([&] {
        for (int i = 0; i < 16; ++i) {
            if (s.search({{"q", "zanzibar"}})["total"] != 1) return false;
        }
        return true;
    }));
    CHECK(s.get("/healthz").doc["documents"] == kArticles + 1);
}

TEST_CASE("8 clients x 200 requests at once: every one answered, none failed") {
    Served s;
    const std::vector<std::pair<std::string, httplib::Params>> requests = {
        {"/api/search", {{"q", "Kursk troops"}}},
        {"/api/search", {{"q", "korea"}, {"limit", "5"}, {"offset", "2"}}},
        {"/api/search", {{"q", "minister"}, {"filter", "source:AP"}}},
        {"/api/search", {{"q", "\"foreign minister\""}, {"sort", "date"}}},
        {"/healthz", {}},
    };
    std::atomic<int> ok{0};
    std::atomic<int> failed{0};
    std::mutex first_failure_mutex;
    std::string first_failure;
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c) {
        clients.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", s.server->port());
            client.set_keep_alive(c % 2 == 0);  // half reuse connections, half do not
            for (int i = 0; i < 200; ++i) {
                const auto& [path, params] = requests[(c + i) % requests.size()];
                auto res = params.empty() ? client.Get(path)
                                          : client.Get(path, params, httplib::Headers{});
                if (res && res->status == 200 && json::accept(res->body)) {
                    ++ok;
                } else if (failed++ == 0) {
                    std::lock_guard<std::mutex> lock(first_failure_mutex);
                    first_failure = path + ": " +
                                    (res ? std::to_string(res->status) + " " + res->body
                                         : "transport error " + httplib::to_string(res.error()));
                }
            }
        });
    }
    for (auto& t : clients)
        t.join();
    CHECK_MESSAGE(failed == 0, first_failure);
    CHECK(ok == 1600);
}

TEST_CASE("SIGTERM lets requests in flight finish, then the server exits 0") {
    Served s;
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
        clients.emplace_back([&] {
            httplib::Client client("127.0.0.1", s.server->port());
            for (int i = 0; i < 50; ++i) {
                auto res = client.Get("/api/search", httplib::Params{{"q", "korea troops"}},
                                      httplib::Headers{});
                if (!res) return;  // refused once the server has stopped listening
                if (res->status == 200) ++answered;
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(s.server->stop(SIGTERM) == 0);
    for (auto& t : clients)
        t.join();
    CHECK(answered > 0);
    CHECK(slurp(s.log).find("newsdesk-serve: stopped") != std::string::npos);
    Served again;  // and SIGINT too
    CHECK(again.server->stop(SIGINT) == 0);
}

TEST_CASE("one access-log line per request, with control characters escaped") {
    TempDir logs;
    const std::string file = logs / "access.log";
    Served s(true, {"--access-log", file});
    s.get("/api/search", {{"q", "Kursk"}});
    s.get("/healthz");
    s.get("/api/search", {{"q", "line\nbreak \"quoted\""}});
    s.get("/nothing");
    std::string text;
    CHECK(eventually([&] {
        text = slurp(file);
        return std::count(text.begin(), text.end(), '\n') == 4;
    }));
    // Lines are written once a response has been sent, so they need not come in request order.
    CAPTURE(text);
    std::istringstream lines(text);
    std::vector<std::string> all;
    for (std::string line; std::getline(lines, line);)
        all.push_back(line);
    REQUIRE(all.size() == 4);
    auto line_with = [&](const std::string& part) {
        auto it = std::find_if(all.begin(), all.end(),
                               [&](const std::string& l) { return l.find(part) != l.npos; });
        return it == all.end() ? std::string() : *it;
    };
    const std::string search = line_with(" 127.0.0.1 \"GET /api/search?q=Kursk HTTP/1.1\" 200 ");
    REQUIRE(!search.empty());
    CHECK(search.substr(search.size() - 2) == "ms");
    CHECK(!line_with("\"GET /healthz HTTP/1.1\" 200 ").empty());
    CHECK(!line_with("\"GET /nothing HTTP/1.1\" 404 ").empty());
    // httplib sends the query percent-encoded; whatever arrives, a line stays one line.
    CHECK(!line_with("\"GET /api/search?q=line").empty());
    CHECK(slurp(s.log).find("GET /") == std::string::npos);  // not on stderr as well
}

TEST_CASE("--listen: loopback by default, a bad address is a usage error") {
    TempDir tmp;
    Output bad = run({kServe, "--db", tmp / "db", "--listen", "localhost:http"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--listen") != std::string::npos);
    Output threads = run({kServe, "--db", tmp / "db", "--threads", "0"});
    CHECK(threads.status == 2);
    Output help = run({kServe, "--help"});
    CHECK(help.status == 0);
    CHECK(help.out.find("--listen") != std::string::npos);
    Served s;
    CHECK(s.get("/healthz").status == 200);  // ServerProcess asks for 127.0.0.1:0
    Output taken =
        run({kServe, "--db", s.db, "--listen", "127.0.0.1:" + std::to_string(s.server->port())});
    CHECK(taken.status == 4);
    CHECK(taken.err.find("cannot listen on 127.0.0.1:") != std::string::npos);
}

namespace {

// A loopback connection to the server for requests httplib::Client will not send.
class RawConnection {
  public:
    explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(fd_ >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        timeval tv{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void send(const std::string& bytes) {
        REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(bytes.size()));
    }
    /// Everything the server sends until it closes the connection (or 10 s pass).
    std::string receive_all() {
        std::string out;
        char buf[65536];
        for (ssize_t n; (n = ::recv(fd_, buf, sizeof buf, 0)) > 0;)
            out.append(buf, static_cast<std::size_t>(n));
        return out;
    }

  private:
    int fd_;
};

std::string status_line(const std::string& response) {
    return response.substr(0, response.find("\r\n"));
}

}  // namespace

TEST_CASE("TRACE and CONNECT get 405, and a GET with a body over the limit gets 413") {
    Served s;
    for (const char* request : {"TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                                "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n"
                                "Connection: close\r\n\r\n"}) {
        CAPTURE(request);
        RawConnection c(s.server->port());
        c.send(request);
        const std::string reply = c.receive_all();
        CHECK(status_line(reply) == "HTTP/1.1 405 Method Not Allowed");
        CHECK(reply.find("Allow: GET, HEAD, OPTIONS") != std::string::npos);
    }
    RawConnection c(s.server->port());
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" +
           std::string(5000, 'x'));
    const std::string reply = c.receive_all();
    CHECK(status_line(reply) == "HTTP/1.1 413 Payload Too Large");
    CHECK(reply.find("request body too large") != std::string::npos);
}

TEST_CASE("a Range of thousands of parts is ignored: one copy, not thousands") {
    Served s;
    auto c = s.client();
    auto whole = c.Get("/app.js");
    REQUIRE(whole);
    std::string ranges = "bytes=0-";
    for (int i = 0; i < 2000; ++i)
        ranges += ",0-";
    RawConnection flood(s.server->port());
    flood.send("GET /app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRange: " + ranges +
               "\r\n\r\n");
    const std::string reply = flood.receive_all();
    CHECK(status_line(reply) == "HTTP/1.1 200 OK");
    CHECK(reply.size() < whole->body.size() + 4096);  // was 2,001 copies
    auto part = c.Get("/app.js", {{"Range", "bytes=0-9"}});
    REQUIRE(part);
    CHECK(part->status == 206);
    CHECK(part->body == whole->body.substr(0, 10));
    auto few = c.Get("/app.js", {{"Range", "bytes=0-9,20-29"}});
    REQUIRE(few);
    CHECK(few->status == 206);
}

TEST_CASE("slow clients dribbling headers do not keep /healthz or searches waiting") {
    Served s(true, {"--threads", "2"});
    // More half-sent requests than search threads: each holds a connection, none a search.
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 20; ++i) {
        slow.push_back(std::make_unique<RawConnection>(s.server->port()));
        slow.back()->send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n");
    }
    auto c = s.client();
    c.set_read_timeout(3, 0);  // the old pool kept the 3rd connection waiting for 5 s or more
    auto health = c.Get("/healthz");
    REQUIRE_MESSAGE(health, httplib::to_string(health.error()));
    CHECK(health->status == 200);
    auto found = c.Get("/api/search?q=Kursk");
    REQUIRE_MESSAGE(found, httplib::to_string(found.error()));
    CHECK(found->status == 200);
}
