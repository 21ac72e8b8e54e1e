// The search engine against both an in-memory and an on-disk database.
#include <doctest/doctest.h>
#include <xapian.h>

#include <optional>

#include "../support/temp_dir.hpp"
#include "document.hpp"
#include "engine.hpp"
#include "facet_spy.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/text.hpp"
#include "snippet.hpp"

using namespace newsdesk;

namespace {

struct InMemory {
    Xapian::WritableDatabase open() {
        return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    }
};

struct OnDisk {
    std::optional<test::TempDir> dir;
    Xapian::WritableDatabase open() {
        dir.emplace();
        return Xapian::WritableDatabase(*dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    }
};

void add(Xapian::WritableDatabase& db, const std::string& key, const std::string& title,
         const std::string& body, std::vector<EntityMention> entities = {}) {
    static indexer::DocumentBuilder builder;
    stored::StoredArticle s;
    s.id = text::article_id(key);
    s.article.key = key;
    s.article.path = key;
    s.article.title = title;
    s.article.text = body;
    s.article.entities = std::move(entities);
    db.replace_document(indexer::id_term(s.id), builder.build(s));
}

std::vector<std::string> paths(const SearchResults& r) {
    std::vector<std::string> v;
    for (const auto& h : r.hits)
        v.push_back(h.path);
    return v;
}

SearchResults search(searcher::Engine& e, const std::string& q,
                     std::vector<std::string> filters = {}) {
    SearchRequest req;
    req.query = q;
    req.filters = std::move(filters);
    return e.run(req);
}

}  // namespace

TEST_CASE_TEMPLATE("articles matching every word rank first, partial matches follow", B, InMemory,
                   OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "a", "Weather", "Rain in Kursk today. Kursk Kursk Kursk weather is cold.");
    add(db, "b", "Troops", "Troops were sent to the Kursk region.");
    add(db, "c", "Other", "Troops and more troops and troops in training.");
    add(db, "d", "Unrelated", "Nothing to see here.");
    db.commit();
    searcher::Engine engine(db);

    SearchResults r = search(engine, "Kursk troops");
    CHECK(r.total == 3);
    REQUIRE(r.hits.size() == 3);
    CHECK(r.hits[0].path == "b");  // the only article with both words
    CHECK(r.hits[0].rank == 1);
    CHECK(r.hits[2].rank == 3);
    CHECK(r.hits[0].score > r.hits[1].score);
}

TEST_CASE_TEMPLATE("stemmed forms match and are highlighted", B, InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "a", "T", "A single troop moved. Nothing else.");
    db.commit();
    searcher::Engine engine(db);
    SearchResults r = search(engine, "troops");
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].snippet.find("<mark>troop</mark>") != std::string::npos);
}

TEST_CASE_TEMPLATE("phrases, boolean operators and +/- work", B, InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "a", "A", "North Korean troops in the Kursk region.");
    add(db, "b", "B", "The region of Kursk and North Korean politics.");
    add(db, "c", "C", "Troops in Ukraine.");
    db.commit();
    searcher::Engine engine(db);
    CHECK(paths(search(engine, "\"Kursk region\"")) == std::vector<std::string>{"a"});
    CHECK(paths(search(engine, "troops AND Kursk")) == std::vector<std::string>{"a"});
    CHECK(paths(search(engine, "troops NOT Kursk")) == std::vector<std::string>{"c"});
    CHECK(paths(search(engine, "+politics troops")) == std::vector<std::string>{"b"});
    CHECK(paths(search(engine, "troops -Ukraine")) == std::vector<std::string>{"a"});
    CHECK(search(engine, "troops OR politics").total == 3);
}

TEST_CASE_TEMPLATE("bad queries are usage errors or read literally, never crash", B, InMemory,
                   OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "a", "A", "North Korean troops AND more.");
    db.commit();
    searcher::Engine engine(db);
    CHECK_THROWS_AS(search(engine, ""), UsageError);
    CHECK_THROWS_AS(search(engine, "   "), UsageError);
    CHECK_THROWS_AS(search(engine, "x", {"nonsense"}), UsageError);
    CHECK_THROWS_AS(search(engine, "x", {"colour:red"}), UsageError);
    for (const char* q :
         {"troops AND", "(troops", "\"troops", "AND", "NOT", "troops OR OR", "title:", ")))((("}) {
        CAPTURE(q);
        try {
            search(engine, q);
        } catch (const UsageError&) {
        }
    }
    SearchResults r = search(engine, "troops AND");
    CHECK(r.total == 1);
}

TEST_CASE_TEMPLATE("facet filters match canonical entities by variant spelling", B, InMemory,
                   OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "a", "A", "Choe Son-hui visited Moscow.",
        {{EntityType::person, 0, 12, "Choe Son-hui", "Choe Son Hui"},
         {EntityType::place, 21, 27, "Moscow", "Moscow"}});
    add(db, "b", "B", "Moscow talks.", {{EntityType::place, 0, 6, "Moscow", "Moscow"}});
    db.commit();
    searcher::Engine engine(db);
    CHECK(paths(search(engine, "", {"person:Choe Son-hui"})) == std::vector<std::string>{"a"});
    CHECK(paths(search(engine, "", {"person:\"choe son hui\""})) == std::vector<std::string>{"a"});
    CHECK(search(engine, "", {"place:Moscow"}).total == 2);
    CHECK(paths(search(engine, "moscow", {"place:Moscow", "person:Choe Son Hui"})) ==
          std::vector<std::string>{"a"});
    CHECK(paths(search(engine, "person:\"Choe Son-hui\" moscow")) == std::vector<std::string>{"a"});
    SearchResults r = search(engine, "visited");
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].entities["person"] == std::vector<std::string>{"Choe Son Hui"});
}

TEST_CASE("snippets are HTML-escaped, bounded and centred on the rarest words") {
    Xapian::Stem stem("english");
    Xapian::Query q(Xapian::Query::OP_OR, Xapian::Query("kursk"), Xapian::Query("Ztroop"));
    searcher::Highlighter h(q, stem);
    std::string text = "<script>alert(1)</script> Troops & tanks. " + std::string(400, 'x') +
                       " Then Kursk troops.";
    std::string s = h.snippet(text, 200);
    CHECK(s.find("<script>") == std::string::npos);
    CHECK(s.find("<mark>Kursk</mark> <mark>troops</mark>") != std::string::npos);
    CHECK(s.size() < 260);
    CHECK(s.rfind("…", 0) == 0);  // cut at the start

    std::string none = h.snippet("Nothing matches here at all.", 10);
    CHECK(none.find("<mark>") == std::string::npos);
    CHECK(none.size() <= 10 + 3);
}

TEST_CASE_TEMPLATE("facets count every value of multi-valued entities over all matches", B,
                   InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    auto person = [](const char* name) {
        return EntityMention{EntityType::person, 0, 1, name, name};
    };
    add(db, "a", "A", "troops one", {person("Choe Son Hui"), person("Mark Rutte")});
    add(db, "b", "B", "troops two", {person("Choe Son Hui")});
    add(db, "c", "C", "troops three", {person("Antony Blinken"), person("Choe Son Hui")});
    add(db, "d", "D", "other", {person("Mark Rutte")});
    db.commit();
    searcher::Engine engine(db);
    SearchRequest req;
    req.query = "troops";
    req.limit = 1;  // counts cover every match, not just the page
    SearchResults r = engine.run(req);
    const auto& people = r.facets["person"];
    REQUIRE(people.size() == 3);
    CHECK(people[0].value == "Choe Son Hui");
    CHECK(people[0].count == 3);
    CHECK(people[1].value == "Antony Blinken");  // ties: by name
    CHECK(people[1].count == 1);
    CHECK(people[2].value == "Mark Rutte");
    CHECK(r.facets.count("org") == 1);

    req.facet_limit = 1;
    CHECK(engine.run(req).facets["person"].size() == 1);
    req.facet_limit = 0;
    CHECK(engine.run(req).facets.empty());
}

TEST_CASE("the facet spy serialises and merges results exactly (shards, remote databases)") {
    Xapian::WritableDatabase a(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::WritableDatabase b(std::string(), Xapian::DB_BACKEND_INMEMORY);
    add(a, "1", "T", "x", {{EntityType::place, 0, 1, "Kursk", "Kursk"}});
    add(b, "2", "T", "x",
        {{EntityType::place, 0, 1, "Kursk", "Kursk"},
         {EntityType::place, 0, 1, "Moscow", "Moscow"}});
    searcher::MultiValueCountSpy left(schema::kSlotPlace), right(schema::kSlotPlace);
    left(a.get_document(1), 0);
    right(b.get_document(1), 0);
    std::unique_ptr<Xapian::MatchSpy> clone(left.unserialise(left.serialise(), Xapian::Registry()));
    CHECK(clone->name() == left.name());
    left.merge_results(right.serialise_results());
    CHECK(left.documents() == 2);
    auto top = left.top(10);
    REQUIRE(top.size() == 2);
    CHECK(top[0].value == "Kursk");
    CHECK(top[0].count == 2);
    CHECK(top[1].count == 1);
    CHECK_THROWS(left.merge_results("\x05"));

    // And through Xapian itself, over two databases searched as one.
    Xapian::Database both;
    both.add_database(a);
    both.add_database(b);
    Xapian::Enquire enquire(both);
    enquire.set_query(Xapian::Query("x"));
    auto* spy = new searcher::MultiValueCountSpy(schema::kSlotPlace);
    enquire.add_matchspy(spy->release());
    enquire.get_mset(0, 10, both.get_doccount());
    CHECK(spy->top(1)[0].count == 2);
}
