// Named-entity extraction: the tokenizer, the tagger, the canonicaliser and the seed articles.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/files.hpp"
#include "newsdesk/entities.hpp"
#include "newsdesk/internal/text.hpp"
#include "tokenizer.hpp"

using newsdesk::EntityExtractor;
using newsdesk::EntityMention;
using newsdesk::EntityType;

using newsdesk::test::slurp;

namespace {

std::vector<EntityMention> extract(const std::string& text) {
    return EntityExtractor::builtin().extract(text);
}

/// The canonical names of `type` among `ms`.
std::set<std::string> names(const std::vector<EntityMention>& ms, EntityType type) {
    std::set<std::string> out;
    for (const auto& m : ms)
        if (m.type == type) out.insert(m.canonical);
    return out;
}

bool has(const std::vector<EntityMention>& ms, EntityType type, const std::string& canonical) {
    return names(ms, type).count(canonical) > 0;
}

/// Every mention's span and canonical name, all types.
std::set<std::string> all_names(const std::vector<EntityMention>& ms) {
    std::set<std::string> out;
    for (const auto& m : ms) {
        out.insert(m.canonical);
        out.insert(m.text);
    }
    return out;
}

std::vector<std::string> token_texts(const std::string& text) {
    std::vector<newsdesk::entities::Token> toks;
    std::string arena;
    newsdesk::entities::tokenize(text, toks, arena);
    std::vector<std::string> out;
    for (const auto& t : toks)
        out.emplace_back(t.norm);
    return out;
}

}  // namespace

TEST_CASE("entity tokenizer: CoNLL-like tokens with spans into the original bytes") {
    const std::string text =
        "North Korea’s envoy met U.S. officials, Mr. Kim said: “10,000 troops.”";
    const auto toks = token_texts(text);
    const std::vector<std::string> want = {"North",     "Korea",  "'s",     "envoy", "met",  "U.S.",
                                           "officials", ",",      "Mr.",    "Kim",   "said", ":",
                                           "\"",        "10,000", "troops", ".",     "\""};
    CHECK(toks == want);

    std::vector<newsdesk::entities::Token> spans;
    std::string arena;
    newsdesk::entities::tokenize(text, spans, arena);
    CHECK(text.substr(spans[2].start, spans[2].end - spans[2].start) == "’s");
    CHECK(spans[0].sentence_start);
    CHECK_FALSE(spans[1].sentence_start);
}

TEST_CASE("entity tokenizer: hyphenated names stay whole, modifiers and contractions split") {
    CHECK(token_texts("Choe Son-hui and Yoon Suk-yeol") ==
          std::vector<std::string>{"Choe", "Son-hui", "and", "Yoon", "Suk-yeol"});
    CHECK(token_texts("the Kim Jong Un-led state") ==
          std::vector<std::string>{"the", "Kim", "Jong", "Un", "-", "led", "state"});
    CHECK(token_texts("It doesn't") == std::vector<std::string>{"It", "does", "n't"});
}

TEST_CASE("entity tagger: finds the obvious people, organisations and places") {
    const auto ms = extract(
        "German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on "
        "Monday. The European Commission and the World Bank said talks in Berlin would "
        "continue, and Microsoft shares rose in New York.");
    CHECK(has(ms, EntityType::person, "Angela Merkel"));
    CHECK(has(ms, EntityType::person, "Emmanuel Macron"));
    CHECK(has(ms, EntityType::place, "Paris"));
    CHECK(has(ms, EntityType::place, "Berlin"));
    CHECK(has(ms, EntityType::place, "New York"));
    CHECK(has(ms, EntityType::org, "European Commission"));
    CHECK(has(ms, EntityType::org, "World Bank"));
    CHECK(has(ms, EntityType::org, "Microsoft"));
    CHECK_FALSE(has(ms, EntityType::place, "German"));
    CHECK_FALSE(has(ms, EntityType::place, "French"));
}

TEST_CASE("entity spans index the UTF-8 input exactly, curly quotes and all") {
    const std::string text =
        "“We will not back down,” said Choe Son-hui, North Korea’s foreign minister — "
        "in Moscow’s Kremlin — after talks with Sergei Lavrov in Moscow.";
    const auto ms = extract(text);
    REQUIRE_FALSE(ms.empty());
    for (const auto& m : ms) {
        REQUIRE(m.end <= text.size());
        CHECK(text.substr(m.start, m.end - m.start) == m.text);
        CHECK(newsdesk::text::is_valid_utf8(m.text));
    }
    CHECK(std::is_sorted(ms.begin(), ms.end(), [](const EntityMention& a, const EntityMention& b) {
        return a.start < b.start;
    }));
    CHECK(has(ms, EntityType::person, "Sergei Lavrov"));
    CHECK(has(ms, EntityType::place, "Moscow"));
}

TEST_CASE("canonical entities: hyphen, space and case variants of a name merge") {
    const auto ms = extract(
        "Foreign Minister Choe Son-hui arrived on Monday. Choe Son Hui later met officials. "
        "Yoon Suk-yeol and Yoon Suk Yeol are the same president.");
    std::set<std::string> choe;
    for (const auto& m : ms)
        if (m.text.rfind("Choe", 0) == 0) choe.insert(m.canonical);
    CHECK(choe == std::set<std::string>{"Choe Son Hui"});
    CHECK(names(ms, EntityType::person).count("Yoon Suk Yeol") == 1);
    CHECK(names(ms, EntityType::person).count("Yoon Suk-yeol") == 0);
}

TEST_CASE("canonical entities: an acronym defined in the text takes the long form's name") {
    const auto ms = extract(
        "South Korea's National Intelligence Service (NIS) briefed lawmakers on Tuesday. "
        "The NIS said the troops had moved. Separately, the Korean Central News Agency (KCNA) "
        "reported the visit, and KCNA later published photographs.");
    for (const auto& m : ms) {
        if (m.text == "NIS") {
            CHECK(m.canonical == "National Intelligence Service");
            CHECK(m.type == EntityType::org);
        }
        if (m.text == "KCNA") CHECK(m.canonical == "Korean Central News Agency");
    }
    const auto nis =
        std::count_if(ms.begin(), ms.end(), [](const EntityMention& m) { return m.text == "NIS"; });
    CHECK(nis == 2);
}

TEST_CASE("canonical entities: a later surname resolves to the full name") {
    const auto ms = extract(
        "NATO Secretary General Mark Rutte said the deployment was dangerous. Speaking in "
        "Brussels, Rutte added that allies would respond.");
    for (const auto& m : ms)
        if (m.text == "Rutte") CHECK(m.canonical == "Mark Rutte");
    CHECK(names(ms, EntityType::person) == std::set<std::string>{"Mark Rutte"});
    CHECK(has(ms, EntityType::org, "NATO"));
}

TEST_CASE("canonical entities: well-known aliases share one canonical name") {
    const auto ms = extract(
        "The U.S. imposed sanctions. Officials in the US said the United States would act, "
        "while the DPRK denied it and the UN and the EU urged calm.");
    std::set<std::string> us;
    for (const auto& m : ms)
        if (m.text == "U.S." || m.text == "US" || m.text == "United States") us.insert(m.canonical);
    CHECK(us == std::set<std::string>{"United States"});
    CHECK(has(ms, EntityType::place, "North Korea"));
    CHECK(has(ms, EntityType::org, "United Nations"));
    CHECK(has(ms, EntityType::org, "European Union"));
}

TEST_CASE("canonical entities: demonyms and adjectives are never places") {
    const auto ms = extract(
        "North Korean troops joined Russian forces, South Korean officials said, as Western "
        "allies and American diplomats met in Seoul.");
    for (const auto& m : ms) {
        if (m.type == EntityType::misc) continue;  // CoNLL's MISC: adjectives, never a facet
        CHECK(m.text != "North Korean");
        CHECK(m.text != "Russian");
        CHECK(m.text != "South Korean");
        CHECK(m.text != "Western");
        CHECK(m.text != "American");
    }
    CHECK(has(ms, EntityType::place, "Seoul"));
}

TEST_CASE("canonical entities: countries joined by a hyphen are a relation, not a place") {
    const auto ms = extract(
        "Seoul called the Russia-North Korea cooperation a threat as the Russia-Ukraine war and "
        "the US-China talks went on. Guinea-Bissau and Austria-Hungary are places.");
    for (const auto& m : ms) {
        if (m.type == EntityType::misc) continue;  // CoNLL's MISC: a relation, never a facet
        CHECK(m.text != "Russia-North Korea");
        CHECK(m.text != "Russia-Ukraine");
        CHECK(m.text != "US-China");
    }
    CHECK(has(ms, EntityType::place, "Seoul"));
    CHECK(has(ms, EntityType::place, "Guinea-Bissau"));
    CHECK(has(ms, EntityType::place, "Austria-Hungary"));
}

TEST_CASE("canonical entities: weekdays, months and lone common words are never entities") {
    const auto ms = extract(
        "The ministry said on Tuesday that talks would resume in March. The Western response "
        "was muted. Tuesday's meeting ended early. On Wednesday, August talks were cancelled.");
    std::vector<EntityMention> facet_types;  // MISC ("Western") may be shown, never faceted
    for (const auto& m : ms)
        if (m.type != EntityType::misc) facet_types.push_back(m);
    const auto all = all_names(facet_types);
    for (const char* junk : {"Tuesday", "The", "Western", "March", "Wednesday", "August"})
        CHECK_MESSAGE(all.count(junk) == 0, junk);
}

TEST_CASE("canonical entities: a missed sentence break does not leak into a name") {
    const std::string text =
        "Choe may be involved in the talks, according to Lee Seong-kweun Legislators who "
        "attended the meeting said.";
    const auto ms = extract(text);
    bool found = false;
    for (const auto& m : ms) {
        CHECK(m.text.find("Legislators") == std::string::npos);
        if (m.text == "Lee Seong-kweun") found = true;
    }
    CHECK(found);
}

TEST_CASE("canonical entities: a title-case headline yields names, not headline words") {
    const auto ms = extract(
        "North Korea Sends Foreign Minister To Russia Amid Reports Of Troop Deployment\n\n"
        "Pyongyang confirmed the visit.");
    const auto all = all_names(ms);
    CHECK(all.count("Reports Of Troop Deployment") == 0);
    CHECK(all.count("Foreign Minister") == 0);
    CHECK(has(ms, EntityType::place, "North Korea"));
    CHECK(has(ms, EntityType::place, "Russia"));
}

TEST_CASE("resolve_alias: filter values resolve to canonical names") {
    CHECK(newsdesk::resolve_alias(EntityType::place, "DPRK") == "North Korea");
    CHECK(newsdesk::resolve_alias(EntityType::place, "u.s.") == "United States");
    CHECK(newsdesk::resolve_alias(EntityType::org, "UN") == "United Nations");
    CHECK(newsdesk::resolve_alias(EntityType::person, "Choe Son-hui") == "Choe Son-hui");
    CHECK(newsdesk::text::entity_key(newsdesk::resolve_alias(EntityType::person, "Choe Son-hui")) ==
          newsdesk::text::entity_key("Choe Son Hui"));
}

TEST_CASE("entity extraction: empty, odd and invalid input is handled") {
    CHECK(extract("").empty());
    CHECK(extract("   \n\n  ").empty());
    const std::string bad = "Paris \xff\xfe and \xc3 Berlin";
    for (const auto& m : extract(bad))
        CHECK(bad.substr(m.start, m.end - m.start) == m.text);
    std::string long_text;
    for (int i = 0; i < 2000; ++i)
        long_text += "Word ";
    CHECK_NOTHROW(extract(long_text));
}

TEST_CASE("entity extraction is thread-safe and deterministic") {
    const std::string text =
        "Mark Rutte met Ursula von der Leyen in Brussels; Rutte later flew to Kyiv.";
    const auto want = extract(text);
    std::vector<std::vector<EntityMention>> got(4);
    std::vector<std::thread> threads;
    for (auto& g : got)
        threads.emplace_back([&g, &text] { g = extract(text); });
    for (auto& t : threads)
        t.join();
    for (const auto& g : got) {
        REQUIRE(g.size() == want.size());
        for (std::size_t i = 0; i < g.size(); ++i) {
            CHECK(g[i].canonical == want[i].canonical);
            CHECK(g[i].start == want[i].start);
        }
    }
}

// The seed articles of issue 4 (corpus/): article-level expectations behind the facets.
TEST_CASE("entity extraction on the seed articles meets issue 4's acceptance") {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(NEWSDESK_CORPUS_DIR))
        if (e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() == 5);
    int choe = 0, nato = 0, nis = 0, kursk = 0, kursk_in_text = 0;
    for (const auto& f : files) {
        const std::string text = slurp(f);
        const auto ms = extract(text);
        INFO(f.filename().string());
        choe += has(ms, EntityType::person, "Choe Son Hui");
        nato += has(ms, EntityType::org, "NATO");
        nis += has(ms, EntityType::org, "National Intelligence Service");
        kursk += has(ms, EntityType::place, "Kursk");
        kursk_in_text += text.find("Kursk") != std::string::npos;
        for (const auto& m : ms) {
            CHECK(text.substr(m.start, m.end - m.start) == m.text);
            for (const char* junk : {"Tuesday", "Western", "North Korean", "The"}) {
                if (m.type == EntityType::misc) break;  // MISC may be shown, never faceted
                CHECK_MESSAGE(m.canonical != junk, junk);
                CHECK_MESSAGE(m.text != junk, junk);
            }
            if (m.type == EntityType::place) {
                CHECK(m.canonical != "Russian");
                CHECK(m.canonical != "South Korean");
            }
            if (m.text == "NIS") CHECK(m.canonical == "National Intelligence Service");
        }
    }
    CHECK(choe == 5);
    CHECK(nato == 4);
    CHECK(nis == 5);
    CHECK(kursk_in_text == 4);
    CHECK(kursk == 4);
}
