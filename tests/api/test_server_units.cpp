// Unit tests of the server's pieces that need no socket: the parameter table, listen addresses,
// access-log lines.
#include <doctest/doctest.h>

#include "access_log.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/server.hpp"
#include "responses.hpp"
#include "search_params.hpp"

using newsdesk::SearchRequest;
using newsdesk::ServeLimits;
using newsdesk::SortOrder;
using newsdesk::UsageError;
using newsdesk::server::QueryParams;
using newsdesk::server::search_request;

TEST_CASE("search parameters map onto SearchRequest fields") {
    ServeLimits limits;
    limits.time_limit_ms = 750;
    SearchRequest r = search_request({{"q", "Kursk troops"},
                                      {"filter", "person:Choe Son Hui"},
                                      {"filter", "source:AP"},
                                      {"since", "2024-10"},
                                      {"until", "2024-10-31"},
                                      {"sort", "newest-relevant"},
                                      {"offset", "20"},
                                      {"limit", "100"},
                                      {"collapse", "false"},
                                      {"facets", "5"},
                                      {"autocorrect", "0"},
                                      {"explain", "true"}},
                                     limits);
    CHECK(r.query == "Kursk troops");
    CHECK(r.filters == std::vector<std::string>{"person:Choe Son Hui", "source:AP"});
    CHECK(r.since == "2024-10");
    CHECK(r.until == "2024-10-31");
    CHECK(r.sort == SortOrder::newest_relevant);
    CHECK(r.offset == 20);
    CHECK(r.limit == 100);
    CHECK_FALSE(r.collapse);
    CHECK(r.facet_limit == 5);
    CHECK_FALSE(r.autocorrect);
    CHECK(r.explain);
    CHECK(r.time_limit_ms == 750);
}

TEST_CASE("search parameters default to SearchRequest's defaults") {
    SearchRequest r = search_request({{"q", "x"}}, ServeLimits{});
    SearchRequest d;
    CHECK(r.limit == d.limit);
    CHECK(r.offset == d.offset);
    CHECK(r.collapse == d.collapse);
    CHECK(r.sort == d.sort);
    CHECK(r.facet_limit == d.facet_limit);
}

TEST_CASE("search parameters outside the limits are refused with the reason") {
    ServeLimits limits;
    limits.max_limit = 50;
    limits.max_filters = 2;
    limits.max_query_bytes = 10;
    auto reason = [&](const QueryParams& p) -> std::string {
        try {
            search_request(p, limits);
        } catch (const UsageError& e) {
            return e.what();
        }
        return "accepted";
    };
    CHECK(reason({{"limit", "51"}}) == "limit must be at most 50");
    CHECK(reason({{"limit", "99999999999999999999999"}}) == "limit must be at most 50");
    CHECK(reason({{"limit", "+5"}}) == "limit must be a whole number, not '+5'");
    CHECK(reason({{"limit", "5 "}}) == "limit must be a whole number, not '5 '");
    CHECK(reason({{"q", "01234567890"}}) == "q is 11 bytes long; at most 10 are accepted");
    CHECK(reason({{"filter", "a:b"}, {"filter", "a:c"}, {"filter", "a:d"}}) ==
          "at most 2 filter parameters are accepted");
    CHECK(reason({{"since", "2024-1-1"}}).find("since must be a date") == 0);
    CHECK(reason({{"until", "20241010"}}).find("until must be a date") == 0);
    CHECK(reason({{"like", "../x"}}).find("like must be an article id") == 0);
    CHECK(reason({{"limit", "1"}, {"limit", "2"}}) == "parameter limit given twice");
    CHECK(reason({{"story", "abc"}}).find("unknown parameter 'story' (known: q, filter,") == 0);
    CHECK(reason({{"since", ""}}) == "accepted");  // an empty date field means no bound
}

TEST_CASE("answers are never Brotli-compressed: too slow for search as you type") {
    using newsdesk::server::without_brotli;
    CHECK(without_brotli("gzip, deflate, br") == "gzip, deflate");
    CHECK(without_brotli("br;q=1.0, gzip;q=0.8") == "gzip;q=0.8");
    CHECK(without_brotli("br") == "");
    CHECK(without_brotli("gzip") == "gzip");
    CHECK(without_brotli("") == "");
}

TEST_CASE("facet lists: a longer list and a word prefix per facet type") {
    ServeLimits limits;
    SearchRequest r = search_request({{"q", "x"},
                                      {"facet_limit", "person:200"},
                                      {"facet_limit", "org:30"},
                                      {"facet_prefix", "person:bl"},
                                      {"facet_prefix", "place:New Y"}},
                                     limits);
    CHECK(r.facet_limits == std::map<std::string, std::size_t>{{"person", 200}, {"org", 30}});
    CHECK(r.facet_prefixes ==
          std::map<std::string, std::string>{{"person", "bl"}, {"place", "New Y"}});
    auto reason = [&](const QueryParams& p) -> std::string {
        try {
            search_request(p, limits);
        } catch (const UsageError& e) {
            return e.what();
        }
        return "accepted";
    };
    CHECK(reason({{"facet_limit", "person:501"}}) == "facet_limit person must be at most 500");
    CHECK(reason({{"facet_limit", "people:5"}})
              .find("facet_limit must be TYPE:VALUE with TYPE "
                    "one of person, org, place, source") == 0);
    CHECK(reason({{"facet_prefix", "bl"}}).find("facet_prefix must be TYPE:VALUE") == 0);
    CHECK(reason({{"facet_prefix", "person:"}}) == "accepted");
}

TEST_CASE("story requests take a page and nothing else") {
    SearchRequest r = newsdesk::server::story_request("abc123", {{"limit", "3"}}, ServeLimits{});
    CHECK(r.story == "abc123");
    CHECK(r.limit == 3);
    CHECK(r.query.empty());
    CHECK_THROWS_AS(newsdesk::server::story_request("abc", {{"q", "x"}}, ServeLimits{}),
                    UsageError);
}

TEST_CASE("ids that cannot exist are recognised without a lookup") {
    using newsdesk::server::plausible_id;
    CHECK(plausible_id("d1fcebc1b5eb6733"));
    CHECK_FALSE(plausible_id(""));
    CHECK_FALSE(plausible_id("../../etc/passwd"));
    CHECK_FALSE(plausible_id("a b"));
    CHECK_FALSE(plausible_id(std::string(65, 'a')));
}

TEST_CASE("--listen addresses") {
    using newsdesk::parse_listen_address;
    CHECK(parse_listen_address("127.0.0.1:8080").host == "127.0.0.1");
    CHECK(parse_listen_address("127.0.0.1:8080").port == 8080);
    CHECK(parse_listen_address("0.0.0.0:0").port == 0);
    CHECK(parse_listen_address(":9000").host == "127.0.0.1");
    CHECK(parse_listen_address("9000").host == "127.0.0.1");
    CHECK(parse_listen_address("9000").port == 9000);
    CHECK(parse_listen_address("[::1]:8080").host == "::1");
    CHECK(parse_listen_address("localhost:80").host == "localhost");
    CHECK_THROWS_AS(parse_listen_address("localhost:http"), UsageError);
    CHECK_THROWS_AS(parse_listen_address("127.0.0.1:65536"), UsageError);
    CHECK_THROWS_AS(parse_listen_address("[::1]8080"), UsageError);
    CHECK_THROWS_AS(parse_listen_address(""), UsageError);
}

TEST_CASE("an access-log line cannot be split or forged by the request") {
    newsdesk::server::AccessEntry e;
    e.remote_addr = "127.0.0.1";
    e.method = "GET";
    e.target = "/api/search?q=a\nFAKE \"line\"\\";
    e.version = "HTTP/1.1";
    e.status = 200;
    e.bytes = 42;
    e.duration = "1.500ms";
    CHECK(newsdesk::server::access_line(e, "2026-01-01T00:00:00.000Z") ==
          "2026-01-01T00:00:00.000Z 127.0.0.1 \"GET /api/search?q=a\\x0aFAKE \\x22line\\x22\\x5c "
          "HTTP/1.1\" 200 42 1.500ms");
    e.duration.clear();
    e.remote_addr.clear();
    CHECK(newsdesk::server::access_line(e, "T").find("T - \"GET") == 0);
    CHECK(newsdesk::server::access_line(e, "T").substr(
              newsdesk::server::access_line(e, "T").size() - 2) == " -");
    CHECK(newsdesk::server::utc_timestamp().size() == 24);
}
