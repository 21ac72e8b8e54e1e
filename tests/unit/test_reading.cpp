// Reading while an indexer commits: which failures are retried, and when.
#include <doctest/doctest.h>
#include <xapian.h>

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
