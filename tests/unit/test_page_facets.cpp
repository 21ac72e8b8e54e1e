// What the search page asks of the engine beyond results: the date histogram, facet values by
// word prefix and longer facet lists with exact counts, and titles with their matches marked.
#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>

#include "date_histogram.hpp"
#include "document.hpp"
#include "engine.hpp"
#include "facet_spy.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/text.hpp"

using namespace newsdesk;

namespace {

enum class Dated { none, named, file };

// An article as the indexer leaves it: a story, and a date the article names copied to the
// news-date slot (a file's time is not).
void add(Xapian::WritableDatabase& db, const std::string& key, const std::string& title,
         const std::string& date, Dated dated, std::vector<std::string> people = {}) {
    static indexer::DocumentBuilder builder;
    stored::StoredArticle s;
    s.id = text::article_id(key);
    s.story = s.id;
    s.article.key = key;
    s.article.path = key;
    s.article.title = title;
    s.article.text = "troops and more words about " + key;
    s.article.date = dated == Dated::none ? "" : date;
    for (const auto& p : people)
        s.article.entities.push_back({EntityType::person, 0, 1, p, p});
    Xapian::Document doc = builder.build(s);
    doc.add_value(schema::kSlotStory, s.id);
    if (dated == Dated::named) {
        std::string compact = date;
        compact.erase(std::remove(compact.begin(), compact.end(), '-'), compact.end());
        doc.add_value(schema::kSlotNewsDate, compact);
    }
    db.replace_document(indexer::id_term(s.id), doc);
}

Xapian::WritableDatabase memory() {
    return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

std::size_t sum(const DateHistogram& h) {
    std::size_t n = 0;
    for (const auto& b : h.buckets)
        n += b.count;
    return n;
}

// Each bucket starts the day after the one before ends.
bool contiguous(const DateHistogram& h) {
    for (std::size_t i = 1; i < h.buckets.size(); ++i) {
        const std::string& end = h.buckets[i - 1].end;
        const long next =
            searcher::days_from_civil(std::stoi(end.substr(0, 4)), std::stoul(end.substr(5, 2)),
                                      std::stoul(end.substr(8, 2))) +
            1;
        if (searcher::civil_from_days(next) != h.buckets[i].start) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("day numbers and civil dates convert both ways") {
    CHECK(searcher::days_from_civil(1970, 1, 1) == 0);
    CHECK(searcher::civil_from_days(-1) == "1969-12-31");
    CHECK(searcher::civil_from_days(searcher::days_from_civil(2024, 2, 29)) == "2024-02-29");
    CHECK(searcher::civil_from_days(searcher::days_from_civil(1987, 3, 1) - 1) == "1987-02-28");
}

TEST_CASE("the date histogram counts every match exactly, by day, week, month or year") {
    auto db = memory();
    add(db, "a", "A", "2024-10-01", Dated::named);
    add(db, "b", "B", "2024-10-15", Dated::named);
    add(db, "c", "C", "2024-12-03", Dated::file);
    add(db, "d", "D", "", Dated::none);
    add(db, "e", "E", "2019-05-05", Dated::named);  // matches no query below but "other"
    db.commit();
    searcher::Engine engine(db);
    SearchRequest req;
    req.limit = 1;  // counts cover every match, not only the page

    // 64 days: by week, Monday to Sunday.
    req.query = "troops -e";
    SearchResults r = engine.run(req);
    const DateHistogram& weeks = r.dates;
    CHECK(weeks.interval == "week");
    CHECK(weeks.buckets.front().start == "2024-09-30");  // the Monday before 1 October
    CHECK(weeks.buckets.back().end == "2024-12-08");
    CHECK(sum(weeks) == 3);
    CHECK(weeks.undated == 1);
    CHECK(weeks.file_dates == 1);
    CHECK(contiguous(weeks));
    std::size_t file = 0;
    for (const auto& b : weeks.buckets) {
        file += b.file_dates;
        if (b.start == "2024-12-02") CHECK(b.file_dates == 1);
    }
    CHECK(file == 1);

    // A short range asked for: by day, over the whole range asked for.
    req.since = "2024-10-01";
    req.until = "2024-10-20";
    r = engine.run(req);
    CHECK(r.dates.interval == "day");
    CHECK(r.dates.buckets.size() == 20);
    CHECK(sum(r.dates) == 2);
    CHECK(r.dates.undated == 0);  // the range leaves the undated out

    // Five years: by month; over 25 years: by year.
    req.since.clear();
    req.until.clear();
    req.query = "troops";
    r = engine.run(req);
    CHECK(r.dates.interval == "month");
    CHECK(r.dates.buckets.front().start == "2019-05-01");
    CHECK(sum(r.dates) == 4);
    CHECK(contiguous(r.dates));
    req.since = "1990-01-01";
    r = engine.run(req);
    CHECK(r.dates.interval == "year");
    CHECK(r.dates.buckets.front().start == "1990-01-01");
    CHECK(r.dates.buckets.back().start == "2024-01-01");
    CHECK(sum(r.dates) == 4);

    // No facets asked for: no histogram either.
    req.facet_limit = 0;
    CHECK(engine.run(req).dates.buckets.empty());
}

TEST_CASE("sorting by date puts articles dated only by their file after those with a date") {
    auto db = memory();
    add(db, "named-old", "A", "2020-01-01", Dated::named);
    add(db, "file-new", "B", "2024-12-03", Dated::file);
    add(db, "named-new", "C", "2024-10-01", Dated::named);
    add(db, "undated", "D", "", Dated::none);
    db.commit();
    searcher::Engine engine(db);
    SearchRequest req;
    req.query = "troops";
    req.sort = SortOrder::date;
    std::vector<std::string> order;
    for (const auto& h : engine.run(req).hits)
        order.push_back(h.path);
    CHECK(order == std::vector<std::string>{"named-new", "named-old", "file-new", "undated"});
}

TEST_CASE("facet values by word prefix, and longer lists, keep exact counts") {
    auto db = memory();
    add(db, "a", "A", "", Dated::none, {"Tony Blair", "Gordon Brown"});
    add(db, "b", "B", "", Dated::none, {"Tony Blair", "Blaise Pascal"});
    add(db, "c", "C", "", Dated::none, {"Tony Blair", "Éric Blé"});
    add(db, "d", "D", "", Dated::none, {"Jean-Blaise Dupont"});
    db.commit();
    searcher::Engine engine(db);
    SearchRequest req;
    req.query = "troops";
    SearchResults all = engine.run(req);
    CHECK(all.facet_values["person"] == 5);

    req.facet_prefixes["person"] = "BL";
    SearchResults bl = engine.run(req);
    std::vector<std::string> names;
    for (const auto& v : bl.facets["person"])
        names.push_back(v.value);
    // A word's start, after a space or a hyphen; case folded, accents too ("Blé").
    CHECK(names == std::vector<std::string>{"Tony Blair", "Blaise Pascal", "Jean-Blaise Dupont",
                                            "Éric Blé"});
    CHECK(bl.facets["person"][0].count == 3);  // as without the prefix
    CHECK(bl.facet_values["person"] == 4);
    CHECK(bl.facet_values["org"] == 0);

    req.facet_prefixes["person"] = "é";
    CHECK(engine.run(req).facets["person"].size() == 1);

    req.facet_prefixes.clear();
    req.facet_limit = 2;
    req.facet_limits["person"] = 4;
    SearchResults longer = engine.run(req);
    CHECK(longer.facets["person"].size() == 4);
    CHECK(longer.facet_values["person"] == 5);
    req.facet_limits["person"] = 1;
    CHECK(engine.run(req).facets["person"].size() == 1);
}

TEST_CASE("titles come marked up like snippets: escaped, matches marked") {
    auto db = memory();
    add(db, "a", "Troop <b>moves</b> near Kursk & more", "", Dated::none);
    db.commit();
    searcher::Engine engine(db);
    SearchRequest req;
    req.query = "troops kursk";
    SearchResults r = engine.run(req);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].title_html ==
          "<mark>Troop</mark> &lt;b&gt;moves&lt;/b&gt; near <mark>Kursk</mark> &amp; more");
}

TEST_CASE("partial: set exactly when counting stopped at the time limit, as the note says") {
    auto db = memory();
    for (int i = 0; i < 3000; ++i)
        add(db, "k" + std::to_string(i), "T", "2024-10-01", Dated::named, {"Tony Blair"});
    db.commit();
    searcher::Engine engine(db);
    SearchRequest req;
    req.query = "troops OR \"more words\"";  // a phrase: counted by the matcher
    SearchResults r = engine.run(req);
    CHECK_FALSE(r.partial);
    CHECK(r.articles == 3000);
    req.time_limit_ms = 1;
    r = engine.run(req);
    CHECK(r.partial == (r.note.find("time limit") != std::string::npos));
    if (r.partial) CHECK(r.articles <= 3000);
}
