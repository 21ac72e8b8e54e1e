// Query-side synonyms from the alias table, and the indexer's entity extraction of an article.
#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "newsdesk/entities.hpp"
#include "newsdesk/indexer.hpp"
#include "synonyms.hpp"

using namespace newsdesk;
using newsdesk::searcher::Synonyms;

namespace {

const std::vector<AliasEntry> kTable = {
    {EntityType::place,
     "North Korea",
     {"DPRK", "D.P.R.K.", "Democratic People's Republic of Korea"}},
    {EntityType::place, "United States", {"U.S.", "US", "USA"}},
    {EntityType::org, "United Nations", {"UN", "U.N."}},
};

// Documents indexed as the indexer indexes text (stemmed and unstemmed terms, positions), and a
// query parser set up as the searcher's.
struct Fixture {
    Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
    Xapian::Stem stem{"english"};
    Synonyms synonyms{kTable, stem};

    Fixture() {
        for (const char* text : {
                 "Pyongyang: North Korea said on Monday",                // 1
                 "The DPRK said on Monday",                              // 2
                 "the Democratic People's Republic of Korea announced",  // 3
                 "north of the border, in Korea",                        // 4: words apart
                 "between us and them",                                  // 5
                 "United States troops arrived",                         // 6
                 "U.S. troops arrived",                                  // 7
                 "the UN said",                                          // 8
             }) {
            Xapian::Document doc;
            Xapian::TermGenerator gen;
            gen.set_stemmer(stem);
            gen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
            gen.set_document(doc);
            gen.index_text(text);
            doc.add_boolean_term("S" + std::string("title"));
            db.add_document(doc);
        }
    }

    Xapian::Query parse(const std::string& q, Xapian::Query::op op = Xapian::Query::OP_AND) {
        Xapian::QueryParser parser;
        parser.set_stemmer(stem);
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.add_prefix("title", "S");
        parser.set_default_op(op);
        return parser.parse_query(q, Xapian::QueryParser::FLAG_PHRASE |
                                         Xapian::QueryParser::FLAG_BOOLEAN |
                                         Xapian::QueryParser::FLAG_LOVEHATE);
    }

    std::set<Xapian::docid> match(const Xapian::Query& q) {
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        std::set<Xapian::docid> out;
        for (const auto& it : enquire.get_mset(0, 100))
            out.insert(it);
        return out;
    }

    std::set<Xapian::docid> expanded(const std::string& q,
                                     Xapian::Query::op op = Xapian::Query::OP_AND) {
        return match(synonyms.expand(parse(q, op), stem));
    }
};

using Ids = std::set<Xapian::docid>;

}  // namespace

TEST_CASE("synonyms: an alias finds its entity's other spellings, words and phrases") {
    Fixture f;
    CHECK(f.match(f.parse("DPRK")) == Ids{2});
    CHECK(f.expanded("DPRK") == Ids{1, 2, 3});
    CHECK(f.expanded("D.P.R.K.") == Ids{1, 2, 3});
    CHECK(f.expanded("\"North Korea\"") == Ids{1, 2, 3});
    CHECK(f.expanded("\"Democratic People's Republic of Korea\"") == Ids{1, 2, 3});
    CHECK(f.expanded("U.S. troops") == Ids{6, 7});
    CHECK(f.expanded("\"United States\" troops") == Ids{6, 7});
    CHECK(f.expanded("UN") == Ids{8});  // "United Nations" is in none of them
}

TEST_CASE("synonyms: unquoted words that spell an entity expand, keeping their own matches") {
    Fixture f;
    // AND: both words anywhere (4), or another spelling (2, 3).
    CHECK(f.expanded("North Korea") == Ids{1, 2, 3, 4});
    CHECK(f.expanded("North Korea said", Xapian::Query::OP_AND) == Ids{1, 2});
    // OR: the words' own matches stay, the other spellings join.
    CHECK(f.expanded("North Korea", Xapian::Query::OP_OR) == Ids{1, 2, 3, 4});
    CHECK(f.expanded("United States troops", Xapian::Query::OP_AND) == Ids{6, 7});
}

TEST_CASE("synonyms: only whole spellings expand, and short lowercase words are words") {
    Fixture f;
    CHECK(f.expanded("Korea") == Ids{1, 3, 4});          // part of a spelling: as typed
    CHECK(f.expanded("\"Korea announced\"") == Ids{3});  // a phrase that is no spelling
    CHECK(f.expanded("us") == f.match(f.parse("us")));   // the pronoun, not the country
    CHECK(f.expanded("us") == Ids{5, 7});       // "U.S." is indexed as "us" too; 6 is not found
    CHECK(f.expanded("dprk") == Ids{1, 2, 3});  // 4+ letters in lower case: an alias
    CHECK(f.expanded("title:DPRK").empty());    // a field's term is left alone
    CHECK(f.expanded("troops -DPRK") == f.match(f.parse("troops -DPRK")));
    // Nothing to expand: the very same query back.
    const Xapian::Query q = f.parse("troops arrived");
    CHECK(f.synonyms.expand(q, f.stem).get_description() == q.get_description());
}

TEST_CASE("synonyms: for highlighting, spellings with stopwords are left out") {
    Fixture f;
    const std::string full = f.synonyms.expand(f.parse("DPRK"), f.stem).get_description();
    const std::string light =
        f.synonyms.expand_for_highlighting(f.parse("DPRK"), f.stem).get_description();
    CHECK(full.find("republic") != std::string::npos);
    CHECK(light.find("republic") == std::string::npos);
    CHECK(light.find("north") != std::string::npos);
}

TEST_CASE("synonyms: the built-in table is data/aliases.txt") {
    const std::vector<AliasEntry>& table = alias_table();
    REQUIRE(!table.empty());
    bool found = false;
    for (const auto& e : table) {
        if (e.canonical == "North Korea") {
            found = e.type == EntityType::place &&
                    std::find(e.aliases.begin(), e.aliases.end(), "DPRK") != e.aliases.end();
        }
    }
    CHECK(found);
    Xapian::QueryParser parser;
    const std::string d = Synonyms::builtin()
                              .expand(parser.parse_query("DPRK"), Xapian::Stem("english"))
                              .get_description();
    CHECK(d.find("SYNONYM") != std::string::npos);
    CHECK(d.find("north") != std::string::npos);
}

TEST_CASE("extract_entities: body spans slice the text, and the headline informs the merging") {
    Article a;
    a.title = "Mark Rutte warns of escalation";
    a.text = "The NATO chief said on Monday that allies would respond. Rutte spoke in Brussels.";
    extract_entities(a);
    REQUIRE(!a.entities.empty());
    bool rutte = false;
    for (const auto& m : a.entities) {
        REQUIRE(m.end <= a.text.size());
        CHECK(a.text.substr(m.start, m.end - m.start) == m.text);
        if (m.text == "Rutte") {
            rutte = true;
            CHECK(m.canonical == "Mark Rutte");
        }
    }
    CHECK(rutte);

    // A title made from the body's first sentence is not read twice.
    Article b;
    b.text = "North Korea said on Tuesday that Choe Son Hui is in Moscow.";
    b.title = "North Korea said on Tuesday that Choe Son Hui is in Moscow";
    extract_entities(b);
    std::size_t korea = 0;
    for (const auto& m : b.entities) {
        CHECK(b.text.substr(m.start, m.end - m.start) == m.text);
        korea += m.canonical == "North Korea";
    }
    CHECK(korea == 1);

    Article empty;
    extract_entities(empty);
    CHECK(empty.entities.empty());
}

TEST_CASE("synonyms: the built-in expansion runs in several threads at once") {
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&wrong] {
            Xapian::Stem stem("english");  // each thread its own, as each QueryBuilder has
            Xapian::QueryParser parser;
            parser.set_stemmer(stem);
            parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
            for (int i = 0; i < 200; ++i) {
                const Xapian::Query q = parser.parse_query("DPRK \"United States\" troops");
                const std::string d = Synonyms::builtin().expand(q, stem).get_description();
                if (d.find("north") == std::string::npos) ++wrong;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    CHECK(wrong == 0);
}
