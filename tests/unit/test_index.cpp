// newsdesk::Index: opening or creating a database, syncing it, reading its status.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "newsdesk/error.hpp"
#include "newsdesk/index.hpp"
#include "newsdesk/searcher.hpp"
#include "temp_dir.hpp"

using newsdesk::test::TempDir;

TEST_CASE("Index creates an empty database that a Searcher can open at once") {
    TempDir tmp;
    const std::string db = tmp / "db";
    newsdesk::Index index(db);
    CHECK(index.path() == db);
    CHECK(index.status().articles == 0);
    newsdesk::Searcher searcher(db);
    CHECK(searcher.size() == 0);
    newsdesk::Index again(db);  // opening an existing database creates nothing new
    CHECK(again.status().generation == index.status().generation);
}

TEST_CASE("Index::sync indexes folders and re-syncs them incrementally") {
    TempDir tmp;
    newsdesk::Index index(tmp / "db");
    newsdesk::IndexReport first = index.sync({NEWSDESK_CORPUS_DIR});
    CHECK(first.added == 5);
    CHECK(index.status().articles == 5);
    newsdesk::IndexReport second = index.sync({NEWSDESK_CORPUS_DIR});
    CHECK(second.added == 0);
    CHECK(second.unchanged == 5);

    newsdesk::Searcher searcher(index.path());
    newsdesk::SearchRequest request;
    request.query = "Kursk";
    request.collapse = false;
    CHECK(searcher.search(request).total == 4);
}

TEST_CASE("Index refuses a folder that holds something else, and writes nothing into it") {
    TempDir tmp;
    std::ofstream(tmp / "notes.txt") << "not a database\n";
    CHECK_THROWS_AS(newsdesk::Index(tmp.path().string()), newsdesk::DatabaseError);
    CHECK_FALSE(std::filesystem::exists(tmp / ".lock"));
}
