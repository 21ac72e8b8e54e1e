// newsdesk::Index: opening or creating a database, syncing it, reading its status.
#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

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

TEST_CASE(
    "Searchers of one database share its tables per revision, and a new revision counts anew") {
    TempDir tmp;
    newsdesk::Index index(tmp / "db");
    index.sync({NEWSDESK_CORPUS_DIR});
    // A first index ends compacted; a compacted revision is overwritten by the next commits, so
    // a reader still on it would move on: run once more, a database as it is between runs.
    index.sync({NEWSDESK_CORPUS_DIR});
    newsdesk::SearchRequest request;
    request.query = "Kursk";
    request.collapse = false;
    auto count_of = [](const newsdesk::SearchResults& r, const std::string& type,
                       const std::string& value) -> std::size_t {
        auto it = r.facets.find(type);
        if (it == r.facets.end()) return 0;
        for (const auto& v : it->second) {
            if (v.value == value) return v.count;
        }
        return 0;
    };
    newsdesk::Searcher first(index.path()), second(index.path());
    const newsdesk::SearchResults a = first.search(request);
    const newsdesk::SearchResults b = second.search(request);
    REQUIRE(a.articles == 4);
    CHECK(b.articles == 4);
    const std::size_t russia = count_of(a, "place", "Russia");
    CHECK(russia > 0);
    CHECK(count_of(b, "place", "Russia") == russia);
    REQUIRE(a.hits.size() == b.hits.size());
    for (std::size_t i = 0; i < a.hits.size(); ++i) {
        CHECK(a.hits[i].entities == b.hits[i].entities);
        REQUIRE(a.hits[i].story);
        CHECK(a.hits[i].story->size == b.hits[i].story->size);
    }

    // One more copy of a Kursk article: a Searcher opened now sees it in every count, while the
    // first one, still on its revision, keeps answering from its own tables.
    std::filesystem::create_directories(tmp / "more");
    std::filesystem::copy_file(
        std::filesystem::path(NEWSDESK_CORPUS_DIR) / "003_8b9f95b6208d3ca2.txt",
        std::filesystem::path(tmp / "more") / "copy.txt");
    index.sync({NEWSDESK_CORPUS_DIR, tmp / "more"});
    newsdesk::Searcher third(index.path());
    const newsdesk::SearchResults c = third.search(request);
    CHECK(c.articles == 5);
    CHECK(count_of(c, "place", "Russia") == russia + 1);
    const newsdesk::SearchResults again = first.search(request);
    CHECK(again.articles == 4);
    CHECK(count_of(again, "place", "Russia") == russia);
}

TEST_CASE("A small run commits each shard once, so a reader opened before it keeps its revision") {
    // Xapian lets a reader fall one commit behind its writer, not two: a run that committed a
    // shard twice (say, a "run in progress" marker, then the work) would pull every reader's
    // revision from under it, whatever the run changed.
    TempDir tmp;
    newsdesk::Index index(tmp / "db");
    index.sync({NEWSDESK_CORPUS_DIR});
    index.sync({NEWSDESK_CORPUS_DIR});  // past the compacted first build
    std::vector<std::string> shards;
    {
        std::ifstream stub(tmp / "db/XAPIANDB");
        std::string backend, name;
        while (stub >> backend >> name)
            shards.push_back((std::filesystem::path(tmp / "db") / name).string());
    }
    REQUIRE(shards.size() >= 2);
    auto revisions = [&] {
        std::vector<Xapian::rev> out;
        for (const auto& s : shards)
            out.push_back(Xapian::Database(s).get_revision());
        return out;
    };
    auto check_at_most_one_commit = [&](const std::vector<Xapian::rev>& before) {
        const std::vector<Xapian::rev> after = revisions();
        for (std::size_t k = 0; k < shards.size(); ++k)
            CHECK_MESSAGE(after[k] <= before[k] + 1, shards[k]);
    };

    std::vector<Xapian::rev> before = revisions();
    index.sync({NEWSDESK_CORPUS_DIR});  // nothing to do
    check_at_most_one_commit(before);

    std::filesystem::create_directories(tmp / "more");
    std::filesystem::copy_file(
        std::filesystem::path(NEWSDESK_CORPUS_DIR) / "003_8b9f95b6208d3ca2.txt",
        std::filesystem::path(tmp / "more") / "copy.txt");
    before = revisions();
    index.sync({NEWSDESK_CORPUS_DIR, tmp / "more"});  // one article more, in one batch
    check_at_most_one_commit(before);
}

TEST_CASE("Searcher::article, revision and refresh follow the indexer, rebuilds included") {
    TempDir tmp;
    std::filesystem::create_directories(tmp / "news");
    std::ofstream(tmp / "news/a.txt") << "Harbour reopens\n\nThe harbour reopened on Monday.\n";
    newsdesk::Index index(tmp / "db");
    index.sync({tmp / "news"});

    newsdesk::Searcher searcher(index.path());
    newsdesk::SearchRequest request;
    request.query = "harbour";
    const newsdesk::SearchResults found = searcher.search(request);
    REQUIRE(found.hits.size() == 1);
    const std::optional<newsdesk::Article> a = searcher.article(found.hits[0].id);
    REQUIRE(a);
    CHECK(a->title == "Harbour reopens");
    CHECK(a->text.find("reopened on Monday") != std::string::npos);
    CHECK_FALSE(searcher.article("0000000000000000"));

    const std::uint64_t before = searcher.revision();
    CHECK_FALSE(searcher.refresh());  // nothing committed since
    std::ofstream(tmp / "news/b.txt") << "Harbour fees rise\n\nFees at the harbour rise.\n";
    index.sync({tmp / "news"});
    CHECK(searcher.size() == 1);  // the view stays put until refreshed
    CHECK(searcher.refresh());
    CHECK(searcher.revision() > before);
    CHECK(searcher.size() == 2);
    CHECK(searcher.search(request).articles == 2);

    newsdesk::IndexParams rebuild;
    rebuild.rebuild = true;
    std::filesystem::remove(tmp / "news/a.txt");
    index.sync({tmp / "news"}, rebuild);
    CHECK(searcher.refresh());  // another generation is live
    CHECK(searcher.size() == 1);
    CHECK(searcher.search(request).articles == 1);
}
