// A database written by an older schema (issue 12 changed the entity values) is refused, with
// the way out named, rather than updated or read with old and new values mixed.
#include <doctest/doctest.h>
#include <xapian.h>

#include <string>

#include "newsdesk/error.hpp"
#include "newsdesk/index.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/searcher.hpp"
#include "temp_dir.hpp"

using newsdesk::test::TempDir;

TEST_CASE("a database of an older schema version asks for newsdesk-index --rebuild") {
    TempDir tmp;
    const std::string db = tmp / "db";
    { newsdesk::Index index(db); }
    {
        Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
        w.set_metadata(std::string(newsdesk::schema::kVersionKey),
                       std::to_string(newsdesk::schema::kVersion - 1));
        w.commit();
    }
    auto message = [](auto&& open) {
        try {
            open();
        } catch (const newsdesk::DatabaseError& e) {
            return std::string(e.what());
        }
        return std::string("(opened)");
    };
    const std::string by_indexer = message([&] {
        newsdesk::Index index(db);
        index.sync({NEWSDESK_CORPUS_DIR});
    });
    CHECK_MESSAGE(by_indexer.find("newsdesk-index --rebuild") != std::string::npos, by_indexer);
    const std::string by_searcher = message([&] { newsdesk::Searcher searcher(db); });
    CHECK_MESSAGE(by_searcher.find("newsdesk-index --rebuild") != std::string::npos, by_searcher);
}
