// Reading while an indexer commits: which failures are retried, and when.
#include <doctest/doctest.h>
#include <xapian.h>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "../support/temp_dir.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/reading.hpp"

using namespace newsdesk;

TEST_CASE("a failed read is retried only when the database moved on") {
    int reads = 0, renewals = 0;
    auto fail_once = [&] {
        if (++reads == 1)
            throw Xapian::DatabaseCorruptError("Expected block 10 to be level 1, not 0");
        return 42;
    };

    SUBCASE("moved on: read again, at the newest revision") {
        CHECK(reading::retrying(fail_once, [&] { return ++renewals, true; }) == 42);
        CHECK(reads == 2);
        CHECK(renewals == 1);
    }
    SUBCASE("nothing newer: the error is real and propagates") {
        CHECK_THROWS_AS(reading::retrying(fail_once, [&] { return ++renewals, false; }),
                        Xapian::DatabaseCorruptError);
        CHECK(reads == 1);
        CHECK(renewals == 1);
    }
    SUBCASE("a document missing, or a record that does not decode, count too") {
        auto missing = [&] {
            if (++reads == 1) throw Xapian::DocNotFoundError("Document 1 not found");
            if (reads == 2) throw DatabaseError("document data is not a newsdesk record");
            return 7;
        };
        CHECK(reading::retrying(missing, [&] { return ++renewals, true; }) == 7);
        CHECK(renewals == 2);
    }
    SUBCASE("a database changing under every read gives up after kAttempts") {
        auto always = [&]() -> int {
            ++reads;
            throw Xapian::DatabaseModifiedError("The revision being read has been discarded");
        };
        CHECK_THROWS_AS(reading::retrying(always, [&] { return ++renewals, true; }),
                        Xapian::DatabaseModifiedError);
        CHECK(reads == reading::kAttempts);
        CHECK(renewals == reading::kAttempts - 1);
    }
    SUBCASE("the caller's mistakes are not retried") {
        auto bad_query = [&]() -> int {
            ++reads;
            throw UsageError("unbalanced quotes");
        };
        CHECK_THROWS_AS(reading::retrying(bad_query, [&] { return ++renewals, true; }), UsageError);
        auto bad_argument = [&]() -> int {
            ++reads;
            throw Xapian::InvalidArgumentError("bad");
        };
        CHECK_THROWS_AS(reading::retrying(bad_argument, [&] { return ++renewals, true; }),
                        Xapian::InvalidArgumentError);
        CHECK(reads == 2);
        CHECK(renewals == 0);
    }
}

TEST_CASE("renew moves a reader to the newest revision, and says when there is none") {
    test::TempDir tmp;
    const std::string dir = tmp / "db";
    Xapian::WritableDatabase writer(dir, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    writer.add_document(Xapian::Document());
    writer.commit();

    Xapian::Database reader = reading::open(dir);
    CHECK(reader.get_doccount() == 1);
    CHECK_FALSE(reading::renew(reader, dir));

    writer.add_document(Xapian::Document());
    writer.commit();
    CHECK(reader.get_doccount() == 1);
    CHECK(reading::renew(reader, dir));
    CHECK(reader.get_doccount() == 2);
    CHECK_FALSE(reading::renew(reader, dir));

    CHECK_THROWS_AS(reading::open(tmp / "nothing-here"), Xapian::DatabaseOpeningError);
}

TEST_CASE(
    "a cluster file names shards in order, with timeouts, and a wrong line is refused by number") {
    test::TempDir tmp;
    const std::string file = tmp / "cluster";
    auto write = [&](const std::string& text) { std::ofstream(file) << text; };

    write(
        "# the archive\ntimeout 4.5\nconnect-timeout 1\nretry 3  # seconds\n"
        "remote 10.0.1.11:7000\nglass shards/shard-1\nremote [::1]:7002\n");
    CHECK(reading::is_cluster_file(file));
    CHECK_FALSE(reading::is_cluster_file(tmp.path().string()));
    const reading::Cluster c = reading::read_cluster(file);
    REQUIRE(c.shards.size() == 3);
    CHECK(c.timeout == 4.5);
    CHECK(c.connect_timeout == 1);
    CHECK(c.retry == 3);
    CHECK(c.shards[0].name() == "remote 10.0.1.11:7000");
    CHECK(c.shards[0].host == "10.0.1.11");
    CHECK(c.shards[0].port == 7000);
    CHECK(c.shards[1].backend == "glass");
    CHECK(c.shards[1].where == tmp / "shards/shard-1");
    CHECK(c.shards[2].host == "[::1]");

    for (const auto& [text, says] : std::vector<std::pair<std::string, std::string>>{
             {"remote 10.0.1.11\n", ":1: a remote shard is HOST:PORT"},
             {"timeout 2\nremote h:99999\n", ":2: a remote shard is HOST:PORT"},
             {"timeout soon\nremote h:1\n", ":1: 'soon' is not a number of seconds"},
             {"remote h:1 extra\n", ":1: expected two words"},
             {"http h:1\n", ":1: unknown line 'http'"},
             {"# nothing\n", "names no shard"}}) {
        write(text);
        try {
            reading::read_cluster(file);
            FAIL("accepted: " << text);
        } catch (const UsageError& e) {
            CHECK_MESSAGE(std::string(e.what()).find(says) != std::string::npos, e.what());
        }
    }
}

TEST_CASE("an unreachable remote shard stands in as an empty database and is listed missing") {
    test::TempDir tmp;
    const std::string file = tmp / "cluster";
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    std::ofstream(file) << "connect-timeout 1\nremote 127.0.0.1:1\nremote 127.0.0.1:1\n";
    reading::Shards s = reading::open_shards(file);
    CHECK(s.remote);
    CHECK(s.each.size() == 2);
    CHECK(s.missing == std::vector<std::string>{"remote 127.0.0.1:1", "remote 127.0.0.1:1"});
    CHECK(s.all.get_doccount() == 0);
    reading::Shards skipped = reading::open_shards(file, {"remote 127.0.0.1:1"});
    CHECK(skipped.missing.size() == 2);
}
