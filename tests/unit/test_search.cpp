// The search engine against both an in-memory and an on-disk database.
#include <doctest/doctest.h>
#include <xapian.h>

#include <cmath>
#include <map>
#include <optional>
#include <random>

#include "../support/temp_dir.hpp"
#include "document.hpp"
#include "engine.hpp"
#include "facet_spy.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/text.hpp"
#include "ranking.hpp"
#include "snippet.hpp"
#include "spelling.hpp"

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

struct Extra {
    std::string date;
    std::string story;
    std::string source;
};

void add(Xapian::WritableDatabase& db, const std::string& key, const std::string& title,
         const std::string& body, std::vector<EntityMention> entities = {}, Extra extra = {},
         const std::vector<std::string>& related = {}) {
    static indexer::DocumentBuilder builder;
    stored::StoredArticle s;
    s.id = text::article_id(key);
    s.story = extra.story;
    s.article.key = key;
    s.article.path = key;
    s.article.title = title;
    s.article.text = body;
    s.article.date = extra.date;
    s.article.source = extra.source;
    s.article.entities = std::move(entities);
    Xapian::Document doc = builder.build(s);
    for (const auto& story : related)  // stories this article follows up
        doc.add_boolean_term(schema::term(schema::kRelated, story));
    db.replace_document(indexer::id_term(s.id), doc);
}

std::vector<std::string> paths(const SearchResults& r) {
    std::vector<std::string> v;
    for (const auto& h : r.hits)
        v.push_back(h.path);
    return v;
}

SearchResults search(searcher::Engine& e, const std::string& q,
                     std::vector<std::string> filters = {}, SearchRequest req = {}) {
    req.query = q;
    req.filters = std::move(filters);
    return e.run(req);
}

}  // namespace

TEST_CASE_TEMPLATE("a short query counts the articles holding every word and lists them first", B,
                   InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "a", "Weather", "Rain in Kursk today. Kursk Kursk Kursk weather is cold.");
    add(db, "b", "Troops", "Troops were sent to the Kursk region.");
    add(db, "c", "Other", "Troops and more troops and troops in training.");
    add(db, "d", "Unrelated", "Nothing to see here.");
    db.commit();
    searcher::Engine engine(db);

    SearchResults r = search(engine, "Kursk troops");
    CHECK(r.total == 1);
    CHECK(r.articles == 1);
    CHECK(r.total_partial == 2);  // a and c hold one of them
    CHECK(r.partial_listed);
    // The only article with both words first, then those holding one, ranked by the same
    // weights.
    REQUIRE(r.hits.size() == 3);
    CHECK(r.hits[0].path == "b");
    CHECK(r.hits[0].rank == 1);
    CHECK(r.hits[1].score > r.hits[2].score);
    // By date only the results are listed: a mix would put partial matches among them.
    SearchRequest by_date;
    by_date.sort = SortOrder::date;
    r = search(engine, "Kursk troops", {}, by_date);
    CHECK(r.total == 1);
    CHECK(r.total_partial == 2);
    CHECK(!r.partial_listed);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].path == "b");
    // Either word: all three, the one with both first.
    r = search(engine, "Kursk OR troops");
    REQUIRE(r.hits.size() == 3);
    CHECK(r.total_partial == 0);
    CHECK(r.hits[0].path == "b");
    CHECK(r.hits[0].score > r.hits[1].score);
}

TEST_CASE_TEMPLATE("stopwords neither decide what matches nor order the results", B, InMemory,
                   OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "a", "Troops", "Troops moved.");
    add(db, "b", "Men", "The troops, the tanks, the guns and the men of the north.");
    add(db, "c", "Weather", "The weather was cold.");
    db.commit();
    searcher::Engine engine(db);

    // "the" does not decide: the shorter article about troops ranks first, though it lacks "the";
    // an article with only "the" is no match.
    CHECK(paths(search(engine, "the troops")) == std::vector<std::string>{"a", "b"});
    CHECK(paths(search(engine, "The troops")) == std::vector<std::string>{"a", "b"});
    // A query of stopwords only still ranks.
    SearchResults r = search(engine, "the");
    CHECK(r.total == 2);
    CHECK(r.hits[0].score > 0);
}

TEST_CASE_TEMPLATE("a long question is ranked by its words, without an all-words tier", B, InMemory,
                   OnDisk) {
    B backend;
    auto db = backend.open();
    // Holds every word of the question once, in passing.
    add(db, "a", "Notes",
        "Talks on many things: a border here, a ceasefire there, India, Pakistan and Kashmir in "
        "passing, with much else about the harvest, the weather, the markets, football, films and "
        "music, and more on the harvest.");
    // About the question's subject, without its most common word, "talks".
    add(db, "b", "India and Pakistan agree a Kashmir ceasefire",
        "India and Pakistan agreed a ceasefire on the Kashmir border; the border villages of "
        "Kashmir welcomed the ceasefire.");
    add(db, "c", "Trade", "Talks on trade resumed.");
    add(db, "d", "Budget", "Budget talks stalled.");
    add(db, "e", "Geneva", "Peace talks in Geneva.");
    db.commit();
    searcher::Engine engine(db);

    std::vector<std::string> order =
        paths(search(engine, "ceasefire talks between India and Pakistan on the Kashmir border"));
    REQUIRE(order.size() == 5);
    CHECK(order[0] == "b");
    CHECK(order[1] == "a");
    // Up to four words (stopwords not counted): the articles holding all of them are the
    // results, listed first; b, about the subject, comes after a, which holds every word.
    SearchResults short_query = search(engine, "talks on the Kashmir border");
    CHECK(short_query.total == 1);
    CHECK(short_query.total_partial == 4);
    REQUIRE(paths(short_query).size() == 5);
    CHECK(paths(short_query)[0] == "a");
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

TEST_CASE_TEMPLATE("bad queries are usage errors, never a crash nor a search for their words", B,
                   InMemory, OnDisk) {
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
         {"troops AND", "(troops", "\"troops", "AND", "NOT", "troops OR OR", ")))((("}) {
        CAPTURE(std::string(q));
        CHECK_THROWS_AS(search(engine, q), UsageError);
    }
    CHECK(search(engine, "troops AND more").total == 1);
    CHECK(search(engine, "title:").total == 0);  // a field without a value: the word "title"
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
    add(db, "d", "D", "harvest", {person("Mark Rutte")});
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

    // Counted by walking the words' posting lists (an OR of words) or by the matcher (anything
    // else): the same documents either way.
    req.query = "troops harvest";
    SearchResults words = engine.run(req);
    CHECK(words.articles == 4);
    CHECK(words.facets["person"][1].value == "Mark Rutte");
    CHECK(words.facets["person"][1].count == 2);
    req.query = "troops OR harvest*";  // a wildcard: the matcher counts
    CHECK(engine.run(req).articles == 4);
    req.query = "troops";
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

// Copies of one article in different shards must weigh exactly alike: Xapian 1.4 adds an OR's
// branches in a tree shaped by each shard's term frequencies, and without the weight grid the
// copies' sums differ in the last bit, so the shard count decided which copy a page showed.
TEST_CASE("copies of an article weigh exactly alike in any shard, for a query of many words") {
    std::mt19937 random(13);
    std::vector<std::string> vocabulary;
    for (int i = 0; i < 300; ++i)
        vocabulary.push_back("w" + std::to_string(i));
    auto words_of = [&](std::size_t n) {
        Xapian::Document doc;
        for (std::size_t i = 0; i < n; ++i)
            doc.add_term(vocabulary[random() % vocabulary.size()], 1 + random() % 3);
        return doc;
    };
    const Xapian::Document copy = words_of(60);
    std::vector<Xapian::WritableDatabase> shards;
    Xapian::WritableDatabase whole(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Database sharded;
    for (int k = 0; k < 3; ++k) {
        shards.emplace_back(std::string(), Xapian::DB_BACKEND_INMEMORY);
        sharded.add_database(shards.back());
    }
    // Shard k holds documents k, k+3, ... of the whole (Xapian's interleaving); each shard's
    // own frequencies differ, and each holds one copy.
    for (int i = 0; i < 90; ++i) {
        const Xapian::Document doc = i % 31 == 0 ? copy : words_of(20 + random() % 80);
        whole.add_document(doc);
        shards[static_cast<std::size_t>(i % 3)].add_document(doc);
    }
    std::vector<Xapian::Query> terms;
    for (auto t = copy.termlist_begin(); t != copy.termlist_end(); ++t)
        terms.emplace_back(*t);
    const Xapian::Query query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    auto weights = [&](const Xapian::Database& db) {
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(*searcher::weighting());
        std::map<Xapian::docid, double> out;
        const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
        for (auto it = mset.begin(); it != mset.end(); ++it)
            out[*it] = it.get_weight();
        return out;
    };
    const auto one = weights(whole), three = weights(sharded);
    REQUIRE(one.size() == three.size());
    CHECK(one == three);  // every document, not only the copies, bit for bit
    CHECK(three.at(1) == three.at(32));
    CHECK(three.at(32) == three.at(63));
}

TEST_CASE("an alias spelt as a rare phrase weighs a finite amount, never infinity") {
    // "north" and "korea" in 2 of 12 articles each: Xapian estimates the phrase's frequency
    // as 2 x 2 / 12, halved, which rounds to 0 though article 1 holds it.
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const char* text : {"pyongyang north korea said", "the north wind", "korea talks"}) {
        Xapian::Document doc;
        Xapian::TermGenerator gen;
        gen.set_document(doc);
        gen.index_text(text);
        db.add_document(doc);
    }
    for (int i = 0; i < 9; ++i) {
        Xapian::Document doc;
        doc.add_posting("filler", 1);
        db.add_document(doc);
    }
    const Xapian::Query phrase[] = {Xapian::Query("north"), Xapian::Query("korea")};
    const Xapian::Query spellings[] = {
        Xapian::Query("dprk"),
        Xapian::Query(Xapian::Query::OP_PHRASE, std::begin(phrase), std::end(phrase), 2)};
    const Xapian::Query alias(Xapian::Query::OP_SYNONYM, std::begin(spellings),
                              std::end(spellings));
    auto weights = [&](const Xapian::Query& query) {
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(*searcher::weighting());
        std::map<Xapian::docid, double> out;
        const Xapian::MSet mset = enquire.get_mset(0, 20);
        for (auto it = mset.begin(); it != mset.end(); ++it)
            out[*it] = it.get_weight();
        return out;
    };
    // The weight itself: a synonym estimated in no article weighs 0.
    CHECK(weights(alias) == std::map<Xapian::docid, double>{{1, 0.0}});
    // The ranked query weighs the phrase by its words, as a typed phrase.
    searcher::QueryParts parts;
    parts.any = parts.all = alias;
    parts.words = {"dprk"};
    const auto ranked = weights(searcher::ranked_query(parts, Xapian::Stem("english")).query);
    REQUIRE(ranked.size() == 1);
    CHECK(std::isfinite(ranked.at(1)));
    CHECK(ranked.at(1) > 0);
    CHECK(ranked.at(1) == searcher::on_grid(ranked.at(1)));
}

TEST_CASE_TEMPLATE("dates: date: ranges, open ranges, months, --since/--until", B, InMemory,
                   OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "sep", "A", "troops", {}, {"2024-09-30", "", ""});
    add(db, "oct1", "B", "troops", {}, {"2024-10-01", "", ""});
    add(db, "oct31", "C", "troops", {}, {"2024-10-31", "", ""});
    add(db, "nov", "D", "troops", {}, {"2024-11-02", "", ""});
    add(db, "undated", "E", "troops");
    db.commit();
    searcher::Engine engine(db);
    CHECK(search(engine, "troops date:2024-10-01..2024-10-31").total == 2);
    CHECK(search(engine, "troops date:2024-10").total == 2);
    CHECK(search(engine, "date:2024-10-31").total == 1);
    CHECK(search(engine, "troops date:2024-10-01..").total == 3);
    CHECK(search(engine, "troops date:..2024-09-30").total == 1);
    CHECK(search(engine, "date:2024").total == 4);
    SearchRequest req;
    req.since = "2024-10-01";
    req.until = "2024-10";
    CHECK(search(engine, "troops", {}, req).total == 2);
    req.since = "2024-11-01";
    CHECK_THROWS_AS(search(engine, "troops", {}, req), UsageError);  // since after until
    req = {};
    req.since = "yesterday";
    CHECK_THROWS_AS(search(engine, "troops", {}, req), UsageError);
    CHECK_THROWS_AS(search(engine, "troops date:2024-13-01"), UsageError);
}

TEST_CASE("a bad date in a date: field fails the query, never the parser (no crash, no leak)") {
    auto db = InMemory().open();
    add(db, "oct", "A", "troops", {}, {"2024-10-01", "", ""});
    db.commit();
    searcher::Engine engine(db);
    // The field processor's error used to unwind through Xapian's QueryParser: a double free
    // for -date:x, a leak for each bad date. Repeated, on one parser, then a good query.
    for (int round = 0; round < 50; ++round) {
        for (std::string q : {"-date:x", "+date:x", "-date:x troops", "date:2024-13-45",
                              "troops -date:2024-13-45 OR date:x", "(date:x"}) {
            CAPTURE(q);
            CHECK_THROWS_WITH_AS(search(engine, q), doctest::Contains("is not a date"), UsageError);
        }
    }
    CHECK(search(engine, "troops date:2024-10").total == 1);
}

TEST_CASE("dates that do not exist are refused, and February knows leap years") {
    auto db = InMemory().open();
    add(db, "feb29", "A", "troops", {}, {"2024-02-29", "", ""});
    add(db, "mar1", "B", "troops", {}, {"2024-03-01", "", ""});
    db.commit();
    searcher::Engine engine(db);
    for (std::string q : {"date:2024-02-30", "date:2023-02-29", "date:2024-04-31", "date:2024-00",
                          "date:2024-06-00", "date:2100-02-29"}) {
        CAPTURE(q);
        CHECK_THROWS_AS(search(engine, q), UsageError);
    }
    CHECK(search(engine, "date:2024-02-29").total == 1);
    CHECK(search(engine, "date:2000-02-29").total == 0);
    CHECK(search(engine, "date:2024-02").total == 1);  // up to the 29th
    CHECK(search(engine, "date:..2024-02").total == 1);
    SearchRequest req;
    req.since = "2024-02-30";
    CHECK_THROWS_AS(search(engine, "troops", {}, req), UsageError);
}

TEST_CASE("a reversed date range is named as such") {
    auto db = InMemory().open();
    add(db, "oct", "A", "troops", {}, {"2024-10-01", "", ""});
    db.commit();
    searcher::Engine engine(db);
    CHECK_THROWS_WITH_AS(search(engine, "date:2024..2023"), doctest::Contains("reversed range"),
                         UsageError);
    CHECK_THROWS_WITH_AS(search(engine, "troops date:2024-10-02..2024-10-01"),
                         doctest::Contains("2024-10-02 is after 2024-10-01"), UsageError);
    CHECK(search(engine, "date:2024-10-01..2024-10-01").total == 1);
}

TEST_CASE("wildcards share one budget of words per query, and their number is capped") {
    auto db = InMemory().open();
    // 200 words starting with s and 200 with t, one article each.
    for (int i = 0; i < 200; ++i) {
        const std::string n = std::to_string(1000 + i);
        add(db, "s" + n, "One", "s" + n);
        add(db, "t" + n, "One", "t" + n);
    }
    db.commit();
    searcher::Engine engine(db);
    SearchRequest req;
    req.collapse = false;
    CHECK(search(engine, "s*", {}, req).total == searcher::kWildcardTerms);
    // Two wildcards: half the words each, not the budget each.
    CHECK(search(engine, "s* t*", {}, req).total == searcher::kWildcardTerms);
    CHECK(search(engine, "s* s*", {}, req).total == searcher::kWildcardTerms / 2);
    std::string many;
    for (std::size_t i = 0; i < searcher::kMaxWildcards; ++i)
        many += "s* ";
    CHECK(search(engine, many, {}, req).total ==
          searcher::kWildcardTerms / searcher::kMaxWildcards);
    CHECK_THROWS_WITH_AS(search(engine, many + "t*", {}, req),
                         doctest::Contains("wildcards; at most"), UsageError);
    std::string flood;
    for (int i = 0; i < 340; ++i)
        flood += "s* ";
    CHECK_THROWS_AS(search(engine, flood, {}, req), UsageError);
}

TEST_CASE_TEMPLATE("sort orders: relevance, date, newest-relevant", B, InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "old-strong", "Kursk troops", "Kursk troops Kursk troops in Kursk.", {},
        {"2023-01-01", "", ""});
    add(db, "new-weak", "Other", "A mention of Kursk troops among many other words here today.", {},
        {"2024-10-30", "", ""});
    add(db, "mid", "Other", "Kursk troops and more words.", {}, {"2024-06-01", "", ""});
    db.commit();
    searcher::Engine engine(db);
    SearchRequest req;
    CHECK(paths(search(engine, "Kursk troops", {}, req))[0] == "old-strong");
    req.sort = SortOrder::date;
    CHECK(paths(search(engine, "Kursk troops", {}, req)) ==
          std::vector<std::string>{"new-weak", "mid", "old-strong"});
    req.sort = SortOrder::newest_relevant;
    SearchResults r = search(engine, "Kursk troops", {}, req);
    CHECK(r.total == 3);
    CHECK(r.hits[0].path == "new-weak");  // nearly two years older loses its lead
    CHECK(parse_sort_order("newest-relevant") == SortOrder::newest_relevant);
    CHECK_THROWS_AS(parse_sort_order("random"), UsageError);
}

TEST_CASE_TEMPLATE("stories collapse to their best article, and --story lists them", B, InMemory,
                   OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "ap", "A", "Kursk troops Kursk", {}, {"2024-10-29", "s1", "AP"});
    add(db, "bbc", "B", "Kursk troops", {}, {"2024-10-30", "s1", "BBC"});
    add(db, "other", "C", "troops elsewhere", {}, {"2024-10-28", "s2", "Reuters"});
    add(db, "lone", "D", "troops alone");
    db.commit();
    searcher::Engine engine(db);
    SearchResults r = search(engine, "troops");
    CHECK(r.total == 3);     // stories (and the article without one)
    CHECK(r.articles == 4);  // articles
    const Hit* s1 = nullptr;
    for (const auto& h : r.hits) {
        if (h.story && h.story->id == "s1") s1 = &h;
    }
    REQUIRE(s1);
    CHECK(s1->story->size == 2);
    CHECK(s1->story->sources == std::vector<std::string>{"AP", "BBC"});
    CHECK(r.facets["source"].size() == 3);  // facets count articles

    SearchRequest all;
    all.collapse = false;
    CHECK(search(engine, "troops", {}, all).total == 4);

    SearchRequest story;
    story.story = "s1";
    SearchResults listed = search(engine, "", {}, story);
    CHECK(paths(listed) == std::vector<std::string>{"bbc", "ap"});  // newest first
}

TEST_CASE_TEMPLATE("a story lists its related stories: those it follows up and those following it",
                   B, InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "hearing", "Hearing", "sprinters hearing", {}, {"2024-10-01", "s-hearing", "AP"});
    add(db, "copy", "Hearing", "sprinters hearing", {}, {"2024-10-01", "s-hearing", "BBC"});
    add(db, "verdict", "Verdict", "sprinters verdict", {}, {"2024-10-09", "s-verdict", "AP"},
        {"s-hearing"});
    add(db, "appeal", "Appeal", "sprinters appeal", {}, {"2024-10-20", "s-appeal", "AP"},
        {"s-verdict", "s-hearing", "s-gone"});
    db.commit();
    searcher::Engine engine(db);
    std::map<std::string, std::vector<std::string>> related;
    for (const auto& h : search(engine, "sprinters").hits)
        related[h.story->id] = h.story->related;
    // Both ways, sorted; a story no article holds any more ("s-gone") is left out.
    CHECK(related["s-hearing"] == std::vector<std::string>{"s-appeal", "s-verdict"});
    CHECK(related["s-verdict"] == std::vector<std::string>{"s-appeal", "s-hearing"});
    CHECK(related["s-appeal"] == std::vector<std::string>{"s-hearing", "s-verdict"});
}

TEST_CASE_TEMPLATE("spelling: did you mean, and answers for the correction when nothing matches", B,
                   InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "a", "A", "North Korean troops in the Kursk region.");
    add(db, "b", "B", "Troops training in Russia.");
    add(db, "c", "C", "Kursk is a city.");
    add(db, "d", "D", "The Kursk submarine.");
    db.commit();
    searcher::Engine engine(db);
    SearchResults r = search(engine, "Kursck troops");
    CHECK(r.suggestion == "Kursk troops");
    CHECK_FALSE(r.corrected);  // "troops" matched as typed
    SearchResults none = search(engine, "Kursck");
    CHECK(none.suggestion == "Kursk");
    CHECK(none.corrected);
    CHECK(none.total == 3);
    CHECK(none.note.find("showing results for \"Kursk\"") != std::string::npos);
    // Not confident when a word has no likely spelling at all: suggested, not answered.
    SearchResults unsure = search(engine, "xyzzyqq Kursck");
    CHECK(unsure.suggestion == "xyzzyqq Kursk");
    CHECK_FALSE(unsure.corrected);
    CHECK(unsure.total == 0);
    CHECK(search(engine, "Kursk troops").suggestion.empty());
    CHECK(search(engine, "person:Kursck").suggestion.empty());  // names in fields stay
    CHECK(searcher::edit_distance("kursck", "kursk", 2) == 1);
    CHECK(searcher::edit_distance("kursk", "kuskr", 2) == 2);
    CHECK(searcher::edit_distance("abc", "xyzw", 2) == 3);
}

TEST_CASE_TEMPLATE("spelling: no suggestion that changes nothing - a stopword, or a word's ending",
                   B, InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "a", "A", "The minister visits the school. Tsunami warnings were issued.");
    add(db, "b", "B", "Who visited the tsunami coast? The minister, on Monday.");
    add(db, "c", "C", "Relief for the tsunami coast, Milburn said.");
    db.commit();
    searcher::Engine engine(db);
    // "why" is held by no article, but a stopword never decides what matches.
    CHECK(search(engine, "why minister").suggestion.empty());
    // "visit" is held by no article as typed; its stem finds "visits" and "visited" already.
    SearchResults visit = search(engine, "visit school");
    CHECK(visit.suggestion.empty());
    CHECK(visit.total == 1);
    // A misspelling its stem also finds is still corrected, when it is not just an ending.
    CHECK(search(engine, "tsunamy coast").suggestion == "tsunami coast");
    // A name typed with a capital is offered its held form, an ending apart.
    CHECK(search(engine, "Milburne").suggestion == "Milburn");
}

TEST_CASE("spelling: the English word list is embedded, names it holds included") {
    CHECK(searcher::english_word_count() > 100000);
    CHECK(searcher::is_english_word("interest"));
    CHECK(searcher::is_english_word("holes"));
    CHECK(searcher::is_english_word("colour"));  // British spellings
    CHECK(searcher::is_english_word("color"));   // and American
    CHECK(searcher::is_english_word("dublin"));  // names the lists hold, lower-cased
    CHECK_FALSE(searcher::is_english_word("intrest"));
    CHECK_FALSE(searcher::is_english_word("Interest"));  // lower case only
    CHECK_FALSE(searcher::is_english_word(""));
    CHECK(searcher::is_english_word("a"));           // the list's first line
    CHECK(searcher::is_english_word("zzz"));         // and its last
    CHECK_FALSE(searcher::is_english_word("zzzz"));  // after it
    CHECK_FALSE(searcher::is_english_word("aaaaaaaa"));
}

// `n` articles holding `words`, keys prefix-0, prefix-1, ...
void add_many(Xapian::WritableDatabase& db, const std::string& prefix, int n,
              const std::string& words, std::vector<EntityMention> entities = {}) {
    for (int i = 0; i < n; ++i)
        add(db, prefix + "-" + std::to_string(i), prefix, words, entities);
}

TEST_CASE_TEMPLATE("spelling: a rare word no dictionary knows is offered a far more frequent word",
                   B, InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add_many(db, "interest", 40, "The interest rates rose again.");
    add_many(db, "holds", 40, "The bank holds the rates.");
    add_many(db, "commodity", 20, "The commodity prices fell.");
    add(db, "typo", "Typo", "The intrest rates and the comodity prices.");
    add(db, "holes", "Holes", "The road had holes.");
    db.commit();
    searcher::Engine engine(db);
    // Held by one article beside a known word one edit away held by 40 (30 times as many or more).
    SearchResults typo = search(engine, "intrest rates");
    CHECK(typo.suggestion == "interest rates");
    CHECK_FALSE(typo.corrected);  // it finds its article: a suggestion, never an answer instead
    CHECK(typo.total == 1);
    CHECK(search(engine, "Intrest").suggestion == "Interest");
    // 20 articles are not 30 times one: a rare word may be a word of its own.
    CHECK(search(engine, "comodity").suggestion.empty());
    // An English word is never corrected, however rare beside its neighbour.
    CHECK(search(engine, "holes").suggestion.empty());
    // A frequent word is no typo, whatever is near it.
    CHECK(search(engine, "interest").suggestion.empty());
}

TEST_CASE_TEMPLATE("spelling: a held word is offered no form of its own stem, and no other typo", B,
                   InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add_many(db, "dlrs", 40, "It paid dlrs and mln and shareholdrs.");
    add(db, "dlr", "Dlr", "One dlr. The sharholders met.");
    db.commit();
    searcher::Engine engine(db);
    // "dlrs" is "dlr" with an ending: the search for "dlr" finds it already.
    CHECK(search(engine, "dlr").suggestion.empty());
    // "shareholdrs" is one edit away and held 40 times as often, but it is no known word.
    CHECK(search(engine, "sharholders").suggestion.empty());
}

TEST_CASE_TEMPLATE("spelling: a name the archive knows is offered only another name", B, InMemory,
                   OnDisk) {
    auto person = [](const std::string& name) {
        return EntityMention{EntityType::person, 0, name.size(), name, name};
    };
    auto place = [](const std::string& name) {
        return EntityMention{EntityType::place, 0, name.size(), name, name};
    };
    B backend;
    auto db = backend.open();
    add_many(db, "found", 40, "The body was found.");
    add_many(db, "volcker", 40, "Volcker said rates were high.", {person("Paul Volcker")});
    add(db, "fouad", "Fouad", "Fouad Lahoud said rates were high.", {person("Fouad Lahoud")});
    add(db, "volker", "Volker", "Volker said rates were high.", {person("Volker")});
    add(db, "equador", "Equador", "Equador said so.", {place("Equador")});
    add_many(db, "ecuador", 40, "Ecuador said so.", {place("Ecuador")});
    db.commit();
    searcher::Engine engine(db);
    // "found" is no name: a person's name is no misspelling of it.
    CHECK(search(engine, "Fouad").suggestion.empty());
    // A name misspelt in the copy, beside the name 40 articles give.
    CHECK(search(engine, "Volker").suggestion == "Volcker");
    CHECK(search(engine, "Equador").suggestion == "Ecuador");
}

TEST_CASE_TEMPLATE("spelling: a doubled letter moved is one slip, and a capitalised word a name", B,
                   InMemory, OnDisk) {
    auto place = [](const std::string& name) {
        return EntityMention{EntityType::place, 0, name.size(), name, name};
    };
    B backend;
    auto db = backend.open();
    add_many(db, "caribbean", 3, "Storms in the Caribbean.", {place("Caribbean")});
    add_many(db, "tomorrow", 3, "The vote is tomorrow.");
    add_many(db, "being", 40, "It is being built.");
    add_many(db, "beijing", 5, "Talks in Beijing.", {place("Beijing")});
    db.commit();
    searcher::Engine engine(db);
    // Two edits, but one slip: the double moved from one letter to the next but one.
    CHECK(search(engine, "Carribean").suggestion == "Caribbean");
    CHECK(search(engine, "tommorow").suggestion == "tomorrow");
    CHECK(searcher::edit_distance("carribean", "caribbean", 2) == 2);
    // One edit from both: typed with a capital, the name wins over the more frequent word.
    CHECK(search(engine, "Bejing").suggestion == "Beijing");
    CHECK(search(engine, "bejing").suggestion == "being");
}

TEST_CASE_TEMPLATE("spelling: an English word the archive does not hold is suggested, not answered",
                   B, InMemory, OnDisk) {
    B backend;
    auto db = backend.open();
    add_many(db, "minister", 5, "The minister said so.");
    db.commit();
    searcher::Engine engine(db);
    SearchResults minster = search(engine, "minster");  // a word, if not one the archive holds
    CHECK(minster.suggestion == "minister");
    CHECK_FALSE(minster.corrected);
    CHECK(minster.total == 0);
    SearchResults minnister = search(engine, "minnister");  // no word: answered for "minister"
    CHECK(minnister.suggestion == "minister");
    CHECK(minnister.corrected);
    CHECK(minnister.total == 5);
}

TEST_CASE_TEMPLATE("--like finds related articles outside the article's own story", B, InMemory,
                   OnDisk) {
    B backend;
    auto db = backend.open();
    add(db, "seed", "A", "North Korean troops deployed to the Kursk region of Russia.", {},
        {"", "s1", ""});
    add(db, "copy", "B", "North Korean troops deployed to Kursk, Russia.", {}, {"", "s1", ""});
    add(db, "related", "C", "Kursk region fighting: North Korean troops join Russia.", {},
        {"", "s2", ""});
    add(db, "unrelated", "D", "Football results from the weekend.", {}, {"", "s3", ""});
    db.commit();
    searcher::Engine engine(db);
    SearchRequest req;
    req.like = text::article_id("seed");
    SearchResults r = engine.run(req);
    std::string found;
    for (const auto& p : paths(r))
        found += p + " ";
    CAPTURE(found);
    CHECK(paths(r) == std::vector<std::string>{"related"});
    req.like = "0000000000000000";
    CHECK_THROWS_AS(engine.run(req), UsageError);
}
