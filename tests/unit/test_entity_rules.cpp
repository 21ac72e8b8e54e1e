// The canonicaliser's rules of kind (issue 12): titles, coreference in an article, acronyms,
// legal forms, state abbreviations, codes in context, sign-offs and datelines.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "canonical.hpp"
#include "name_words.hpp"
#include "newsdesk/entities.hpp"
#include "newsdesk/internal/stored.hpp"

using newsdesk::EntityExtractor;
using newsdesk::EntityMention;
using newsdesk::EntityType;

namespace {

std::vector<EntityMention> extract(const std::string& text) {
    return EntityExtractor::builtin().extract(text);
}

std::set<std::string> names(const std::vector<EntityMention>& ms, EntityType type) {
    std::set<std::string> out;
    for (const auto& m : ms)
        if (m.type == type) out.insert(m.canonical);
    return out;
}

/// Every canonical name, all types.
std::set<std::string> all_names(const std::vector<EntityMention>& ms) {
    std::set<std::string> out;
    for (const auto& m : ms)
        out.insert(m.canonical);
    return out;
}

}  // namespace

TEST_CASE("entity rules: honorifics and titles are never part of a name nor an entity alone") {
    const auto ms = extract(
        "Prime Minister Tony Blair met Gordon Brown on Monday. Later Mr Blair said that Mr Brown "
        "agreed, and Dr Smith of the clinic told Mrs Jones so. Mr said nothing. Sir Alex "
        "Ferguson watched.");
    const auto people = names(ms, EntityType::person);
    for (const auto& p : people) {
        CHECK_MESSAGE(p.rfind("Mr ", 0) != 0, p);
        CHECK_MESSAGE(p.rfind("Prime ", 0) != 0, p);
        CHECK_MESSAGE(p.rfind("Sir ", 0) != 0, p);
    }
    CHECK(people.count("Tony Blair"));
    CHECK(people.count("Gordon Brown"));
    CHECK(people.count("Alex Ferguson"));
    const auto all = all_names(ms);
    for (const char* junk : {"Mr", "MR", "Mr Blair", "Mr Brown", "Prime Minister"})
        CHECK_MESSAGE(all.count(junk) == 0, junk);
    for (const char* w : {"Mr", "Mr.", "MRS", "Dr", "Sir", "Lord", "Lady", "Ms"})
        CHECK_MESSAGE(newsdesk::entities::is_honorific(w), w);
    for (const char* w : {"President", "Chancellor", "Gen.", "Minister"})
        CHECK_MESSAGE(newsdesk::entities::is_title_word(w), w);
    CHECK_FALSE(newsdesk::entities::is_title_word("Blair"));
}

TEST_CASE("entity rules: an honorific makes the rest a person whatever type the tagger gave") {
    const auto ms = extract(
        "Charles Kennedy spoke in Leeds. Mr Kennedy said the party was ready. Later, Mr Kennedy "
        "left for London.");
    for (const auto& m : ms)
        if (m.text.find("Kennedy") != std::string::npos) {
            CHECK(m.type == EntityType::person);
            CHECK(m.canonical == "Charles Kennedy");
        }
}

TEST_CASE("entity rules: a later short mention joins the full name in the same article") {
    const auto ms = extract(
        "Mikhail Khodorkovsky, the former head of Yukos, was jailed. Khodorkovsky denies the "
        "charges. Chrysler Corp said its car output rose. Year-to-date, Chrysler said its output "
        "fell. Goldman Sachs and Co advised the bank; Goldman declined to comment.");
    for (const auto& m : ms) {
        if (m.text == "Khodorkovsky") CHECK(m.canonical == "Mikhail Khodorkovsky");
        if (m.text == "Chrysler") {
            CHECK(m.type == EntityType::org);
            CHECK(m.canonical == "Chrysler");
        }
        if (m.text == "Goldman") CHECK(m.canonical == "Goldman Sachs");
    }
    CHECK(names(ms, EntityType::person).count("Chrysler") == 0);
}

TEST_CASE("entity rules: short-mention merging is linear in the number of names") {
    // Issue 11: one text of many names cost a scan of every full name per short mention. The
    // index by word makes each short mention one look-up; this checks the result, not the time.
    std::string text;
    for (int i = 0; i < 2000; ++i)
        text += "Tavo Mirel" + std::to_string(i % 7) + " met Mirel" + std::to_string(i % 7) + ". ";
    const auto ms = extract(text);
    CHECK(ms.size() > 0);
    for (const auto& m : ms)
        if (m.text.rfind("Mirel", 0) == 0 && m.type == EntityType::person)
            CHECK(m.canonical.find(' ') != std::string::npos);
}

TEST_CASE("entity rules: an acronym defined in the text is one entity with its expansion") {
    const auto ms = extract(
        "The Securities and Exchange Commission (SEC) said on Monday it had approved the plan. "
        "An SEC spokesman said the SEC would publish it.");
    for (const auto& m : ms)
        if (m.text == "SEC") {
            CHECK(m.type == EntityType::org);
            CHECK(m.canonical == "Securities and Exchange Commission");
        }
    CHECK(names(ms, EntityType::org) ==
          std::set<std::string>{"Securities and Exchange Commission"});
    // And the alias table resolves a filter value typed as the acronym.
    CHECK(newsdesk::resolve_alias(EntityType::org, "SEC") == "Securities and Exchange Commission");
}

TEST_CASE("entity rules: companies' legal forms are cut, so variants agree") {
    using newsdesk::entities::strip_legal_suffixes;
    CHECK(strip_legal_suffixes("Ford Motor Co") == "Ford Motor");
    CHECK(strip_legal_suffixes("Ford Motor Co Inc") == "Ford Motor");
    CHECK(strip_legal_suffixes("Merrill Lynch and Co") == "Merrill Lynch");
    CHECK(strip_legal_suffixes("Chrysler Corp.") == "Chrysler");
    CHECK(strip_legal_suffixes("Siemens AG") == "Siemens");
    CHECK(strip_legal_suffixes("Johnson and Johnson") == "Johnson and Johnson");
    CHECK(strip_legal_suffixes("Co") == "Co");
    const auto ms = extract(
        "Ford Motor Co said sales rose. Shares of Ford Motor Co Inc fell. Analysts at Ltd. and "
        "Co said little.");
    CHECK(names(ms, EntityType::org).count("Ford Motor") == 1);
    const auto all = all_names(ms);
    CHECK(all.count("Ford Motor Co") == 0);
    CHECK(all.count("Ltd.") == 0);
}

TEST_CASE("entity rules: party names merge through the alias table") {
    const auto ms = extract(
        "The Tories and the Conservative Party clashed with Labour. The Lib Dems said the Liberal "
        "Democrats would vote with the Labour Party.");
    const auto orgs = names(ms, EntityType::org);
    CHECK(orgs.count("Tories") == 0);
    CHECK(orgs.count("Lib Dems") == 0);
    CHECK(orgs.count("Labour Party") == 0);
    CHECK(orgs.count("Liberal Democrats") == 1);
}

TEST_CASE("entity rules: US state abbreviations after a place are the states, by full name") {
    const auto ms = extract(
        "The company, based in Santa Clara, Calif., said its plant in Pittsburgh, Pa., and one "
        "in Newark, N.J., would close. Its office in Hartford, Conn., stays open.");
    const auto places = names(ms, EntityType::place);
    CHECK(places.count("California"));
    CHECK(places.count("Pennsylvania"));
    CHECK(places.count("New Jersey"));
    CHECK(places.count("Connecticut"));
    const auto all = all_names(ms);
    for (const char* junk : {"Calif.", "Calif", "Pa.", "PA", "Conn"})
        CHECK_MESSAGE(all.count(junk) == 0, junk);
    CHECK(newsdesk::entities::us_state("Calif.") == "California");
    CHECK(newsdesk::entities::us_state("Blair").empty());
}

TEST_CASE("entity rules: gazetteer codes are places only in capitals and in a place's context") {
    const auto ms = extract(
        "Mr Blair said ID cards would come. Ms Hewitt agreed. Acme Co said it would sell its "
        "stake in the Co unit.");
    const auto places = names(ms, EntityType::place);
    for (const char* code : {"MR", "MS", "ID", "CO"})
        CHECK_MESSAGE(places.count(code) == 0, code);
}

TEST_CASE("entity rules: sign-offs, datelines and bylines are not entities") {
    const auto ms = extract(
        "HOUSTON, Feb 26 - Texas Commerce Bancshares Inc said it filed an application with the "
        "Comptroller of the Currency to create a network in Harris County.\n"
        "    The bank said the network would link 31 banks.\n Reuter\n");
    const auto all = all_names(ms);
    CHECK(all.count("Reuter") == 0);
    CHECK(all.count("Houston") == 0);
    CHECK(all.count("Texas Commerce Bancshares") == 1);
    CHECK(all.count("Harris County") == 1);
    const auto by = extract("By John Smith\n\nThe minister, David Jones, resigned in London.");
    CHECK(names(by, EntityType::person) == std::set<std::string>{"David Jones"});
}

TEST_CASE("entity rules: holidays are dates, never people") {
    const auto ms = extract("Sales rose before Christmas and fell after Easter, Smith said.");
    const auto all = all_names(ms);
    CHECK(all.count("Christmas") == 0);
    CHECK(all.count("Easter") == 0);
}

TEST_CASE("entity rules: a company's name holds the commas and \"and Co\" the tagger cut at") {
    const auto ms = extract(
        "The company named Kidder, Peabody and Co Inc as its adviser. Smith Barney, Harris Upham "
        "and Co declined to comment. General Motors Corp and Ford Motor Co agreed.");
    const auto orgs = names(ms, EntityType::org);
    CHECK(orgs.count("Kidder, Peabody"));
    CHECK(orgs.count("Smith Barney, Harris Upham"));
    CHECK(orgs.count("General Motors"));
    CHECK(orgs.count("Ford Motor"));
    CHECK(names(ms, EntityType::person).empty());
}

TEST_CASE("entity rules: a dateline after a headline and a ticker code are not entities") {
    const auto ms = extract(
        "BURLINGTON FIRM BUYS PLANT\n\nBURLINGTON, Mass., March 16 - High Voltage Engineering "
        "Corp said it bought a plant. Acme Holdings Ltd <ACME.S> said it agreed.\n Reuter\n");
    const auto all = all_names(ms);
    CHECK(all.count("Burlington") == 0);
    CHECK(all.count("Massachusetts") == 0);
    CHECK(all.count("High Voltage Engineering") == 1);
    CHECK(all.count("Acme") == 0);
    CHECK(all.count("ACME") == 0);
}

TEST_CASE("entity rules: a name after a noun of a kind of work is misc, in every mention") {
    const auto ms = extract(
        "Imelda Staunton won praise for the film Vera Drake, directed by Mike Leigh. Vera Drake "
        "opened in London last month, and Staunton said Vera Drake had changed her life.");
    CHECK(names(ms, EntityType::misc).count("Vera Drake") == 1);
    CHECK(names(ms, EntityType::person).count("Vera Drake") == 0);
    CHECK(names(ms, EntityType::person).count("Imelda Staunton") == 1);
    CHECK(names(ms, EntityType::person).count("Mike Leigh") == 1);
    CHECK(names(ms, EntityType::place).count("London") == 1);
}

TEST_CASE("entity rules: a word and a number, or a name ending in a number word, is no person") {
    const auto ms = extract(
        "The company filed for Chapter 11 protection on Monday. Its lawyers said Chapter Eleven "
        "would give it time. Michael Jordan scored 30 points.");
    const auto people = names(ms, EntityType::person);
    CHECK(people.count("Chapter") == 0);
    CHECK(people.count("Chapter Eleven") == 0);
    CHECK(people.count("Michael Jordan") == 1);
}

TEST_CASE("entity rules: a function word after a name is no surname") {
    const auto ms =
        extract("Analysts at Gartner More said sales would rise. Walter Little, a trader, agreed.");
    const auto people = names(ms, EntityType::person);
    CHECK(people.count("Gartner More") == 0);
    CHECK(people.count("Walter Little") == 1);
}

TEST_CASE("entity rules: a surname that is a function word needs a given name before it") {
    const auto ms = extract(
        "Sales rose 26% in the quarter, according to analysts Gartner More than 167 million "
        "handsets were sold. The scholar Thomas More wrote Utopia.");
    const auto people = names(ms, EntityType::person);
    CHECK(people.count("Gartner More") == 0);
    CHECK(people.count("Thomas More") == 1);
}

TEST_CASE("entity rules: an organisation's lone last word is the organisation the text named") {
    const auto ms = extract(
        "Shares in Manchester United rose 5% on Monday after the offer. United said the offer "
        "was too low.\n\nThe European Commission opened an enquiry. The Commission said it "
        "would report in May.");
    const auto orgs = names(ms, EntityType::org);
    CHECK(orgs.count("United") == 0);
    CHECK(orgs.count("Commission") == 0);
    CHECK(orgs.count("Manchester United") == 1);
    CHECK(orgs.count("European Commission") == 1);
}

TEST_CASE(
    "entity rules: a sentence's capital makes no name of a word the text writes in lowercase") {
    const auto ms = extract(
        "Brazil froze payments on Friday. Bankers said the move was a mistake, and bankers in "
        "London agreed. Moreover, the tax is being introduced when the economy is weak.");
    const auto all = all_names(ms);
    CHECK(all.count("Bankers") == 0);
    CHECK(all.count("Moreover") == 0);
    CHECK(names(ms, EntityType::place).count("Brazil") == 1);
}

TEST_CASE("entity rules: the plural of an acronym is a common noun") {
    const auto ms = extract("Spyware found on people's PCs worried MPs on Tuesday, the BBC said.");
    const auto all = all_names(ms);
    CHECK(all.count("PCs") == 0);
    CHECK(all.count("MPs") == 0);
    CHECK(names(ms, EntityType::org).count("British Broadcasting Corporation") +
              names(ms, EntityType::org).count("BBC") ==
          1);
}

TEST_CASE("entity rules: a name ending in an organisation's noun is no person's") {
    const auto ms = extract(
        "Jorio Dauster, president of the Brazilian Coffee Institute, spoke on Monday. Shearson "
        "Lehman Brothers said it would buy shares.");
    const auto people = names(ms, EntityType::person);
    CHECK(people.count("Coffee Institute") == 0);
    CHECK(people.count("Brazilian Coffee Institute") == 0);
    CHECK(people.count("Shearson Lehman Brothers") == 0);
    CHECK(people.count("Jorio Dauster") == 1);
    CHECK(names(ms, EntityType::org).count("Shearson Lehman Brothers") == 1);
    CHECK(newsdesk::entities::is_org_head_noun("Institute"));
    CHECK_FALSE(newsdesk::entities::is_org_head_noun("Brown"));
}

TEST_CASE("entity rules: a company named by one common word holds the name before \"and\"") {
    const auto ms = extract(
        "NEW YORK, March 2 - Standard and Poor's Corp said it upgraded the debt of Navistar "
        "International Corp. Ford and Chrysler Corp said sales fell.");
    const auto orgs = names(ms, EntityType::org);
    CHECK(orgs.count("Standard and Poor's") == 1);
    CHECK(orgs.count("Poor's") == 0);
    CHECK(orgs.count("Chrysler") == 1);
}

TEST_CASE("entity rules: the name before a role and a person is the person's employer") {
    const auto ms = extract(
        "\"That was business already done,\" said Drexel Burnham analyst Dale Gustafson on "
        "Monday. Drexel Burnham expects prices to rise.");
    CHECK(names(ms, EntityType::org).count("Drexel Burnham") == 1);
    CHECK(names(ms, EntityType::person).count("Drexel Burnham") == 0);
    CHECK(names(ms, EntityType::person).count("Dale Gustafson") == 1);
}

TEST_CASE(
    "entity rules: the opening words of an organisation's name in the text are that organisation") {
    const auto ms = extract(
        "Shares of E.F. Hutton Group Inc rose on Monday. Analysts said E.F. Hutton would gain "
        "from the merger.");
    CHECK(names(ms, EntityType::person).count("E.F. Hutton") == 0);
    CHECK(names(ms, EntityType::org).count("E.F. Hutton Group") == 1);
}

TEST_CASE(
    "entity rules: a firm after a person and \"of\", or after a role in a firm, is an "
    "organisation") {
    const auto ms = extract(
        "\"Sales will recover,\" said Caroline Levy of E.F. Hutton on Monday. Douglas "
        "Augenthaler, an analyst with Smith Barney, agreed. A spokesman for Tony Blair said "
        "nothing.");
    const auto orgs = names(ms, EntityType::org);
    const auto people = names(ms, EntityType::person);
    CHECK(orgs.count("E.F. Hutton") == 1);
    CHECK(orgs.count("Smith Barney") == 1);
    CHECK(people.count("E.F. Hutton") == 0);
    CHECK(people.count("Smith Barney") == 0);
    CHECK(people.count("Caroline Levy") == 1);
    CHECK(people.count("Tony Blair") == 1);
}

TEST_CASE("entity rules: an organisation's noun the tagger left after a name belongs to it") {
    const auto ms = extract(
        "\"They have outlined their plans,\" said E.F. Hutton Group analyst Michael Lewis on "
        "Tuesday.");
    CHECK(names(ms, EntityType::org).count("E.F. Hutton Group") == 1);
    CHECK(names(ms, EntityType::person).count("E.F. Hutton") == 0);
    CHECK(names(ms, EntityType::person).count("Michael Lewis") == 1);
}

TEST_CASE("entity rules: a surname alone is its person's before an organisation named after them") {
    const auto ms = extract(
        "President Ronald Reagan spoke on Monday. The Reagan Administration said it would veto "
        "the bill. Reagan Friday said he was confident.");
    const auto people = names(ms, EntityType::person);
    CHECK(people.count("Ronald Reagan") == 1);
    CHECK(people.count("Reagan Friday") == 0);
    CHECK(people.count("Reagan Administration") == 0);
    CHECK(names(ms, EntityType::org).count("Reagan Administration") == 1);
    for (const auto& m : ms)
        if (m.text == "Reagan") CHECK(m.canonical == "Ronald Reagan");
}

TEST_CASE(
    "entity rules: two lone surnames joined by \"and\" are a firm, unless full names explain "
    "them") {
    const auto firm = extract(
        "GenCorp said the offer from privately-held Wagner and Brown was too low on Monday.");
    CHECK(names(firm, EntityType::org).count("Wagner and Brown") == 1);
    CHECK(names(firm, EntityType::person).count("Wagner") == 0);
    CHECK(names(firm, EntityType::person).count("Brown") == 0);
    const auto people = extract(
        "Tony Blair met Gordon Brown on Monday. Later Blair and Brown agreed on the budget.");
    CHECK(names(people, EntityType::person).count("Tony Blair") == 1);
    CHECK(names(people, EntityType::person).count("Gordon Brown") == 1);
    CHECK(names(people, EntityType::org).count("Blair and Brown") == 0);
}

TEST_CASE("entity rules: a name before a noun only companies have is a company's") {
    const auto ms = extract(
        "Analysts said Chrysler shares rose on Monday. The regional Bell companies may offer new "
        "services, said Ann Smith.");
    CHECK(names(ms, EntityType::person).count("Chrysler") == 0);
    CHECK(names(ms, EntityType::person).count("Bell") == 0);
    CHECK(names(ms, EntityType::person).count("Ann Smith") == 1);
}

TEST_CASE("entity rules: an abbreviated first word stays in a company's name") {
    const auto ms =
        extract("The trust is managed by Alex. Brown and Sons Inc and was formed in November.");
    CHECK(names(ms, EntityType::person).count("Alex") == 0);
    CHECK(names(ms, EntityType::org).count("Alex. Brown and Sons") == 1);
}

TEST_CASE("entity rules: the last word of an office written out is not part of the name") {
    const auto ms = extract(
        "Demand is likely to recover, Indonesian Minister of Mines and Energy Subroto told "
        "reporters on Monday.");
    CHECK(names(ms, EntityType::person).count("Energy Subroto") == 0);
    CHECK(names(ms, EntityType::person).count("Subroto") == 1);
}

TEST_CASE("entity rules: misc mentions are extracted but never stored") {
    newsdesk::stored::StoredArticle s;
    s.id = "0123456789abcdef";
    s.article.text = "the film Vera Drake";
    EntityMention work;
    work.type = EntityType::misc;
    work.start = 9;
    work.end = 19;
    work.text = work.canonical = "Vera Drake";
    s.article.entities.push_back(work);
    const auto back = newsdesk::stored::decode(newsdesk::stored::encode(s));
    CHECK(back.article.entities.empty());
    CHECK(std::string(newsdesk::to_string(EntityType::misc)) == "misc");
}

TEST_CASE(
    "entity rules: a name after an article or a possessive that closes the phrase is a thing's") {
    const auto ms = extract(
        "The director was nominated for an Oscar in 1983. Fans queued for the sixth Harry "
        "Potter, said Amazon. He is a Scot, and proud of it.");
    const auto people = names(ms, EntityType::person);
    CHECK(people.count("Oscar") == 0);
    CHECK(people.count("Harry Potter") == 0);
    CHECK(people.count("Scot") == 0);
}

TEST_CASE("entity rules: a person's name after an article stays a person's as a modifier") {
    const auto ms = extract(
        "Tony Blair spoke on Monday. Critics of the Blair government said the Steven Gerrard "
        "own goal was costly. A Lo Cicero, F Ongaro, M Castrogiovanni.");
    const auto people = names(ms, EntityType::person);
    CHECK(people.count("Tony Blair") == 1);
    CHECK(people.count("Steven Gerrard") == 1);
    CHECK(people.count("Lo Cicero") == 1);
}

TEST_CASE("entity rules: a town before a club's role and a person's name is the club") {
    const auto ms = extract(
        "Chelsea boss Jose Mourinho said his side would win. He was happy at Chelsea. England "
        "captain Michael Vaughan agreed.");
    CHECK(names(ms, EntityType::org).count("Chelsea") == 1);
    CHECK(names(ms, EntityType::place).count("Chelsea") == 0);
    CHECK(names(ms, EntityType::place).count("England") == 1);
    CHECK(names(ms, EntityType::person).count("Jose Mourinho") == 1);
}

TEST_CASE("entity rules: a surname that is also a town is the person's the tagger saw") {
    const auto ms = extract(
        "England all-rounder Dominic Cork took three wickets on Friday. Cork said he was happy "
        "with the ball.");
    CHECK(names(ms, EntityType::place).count("Cork") == 0);
    CHECK(names(ms, EntityType::person).count("Dominic Cork") == 1);
    CHECK(names(ms, EntityType::person).count("Cork") == 0);
}

TEST_CASE("entity rules: a town's name keeps both the town and its club") {
    const auto ms = extract(
        "Results of games played on Thursday in NEW YORK.\n\nChicago 5 New York 3\n\nIn New "
        "York, the mayor said the city would pay for the stadium. New York beat Boston on "
        "Sunday.\n");
    CHECK(names(ms, EntityType::org).count("New York") == 1);
    CHECK(names(ms, EntityType::place).count("New York") == 1);
}

TEST_CASE("entity rules: a known place opening an organisation's name stays the place") {
    const auto ms =
        extract("The New York Stock Exchange said trading was heavy. Stocks in New York rose.");
    CHECK(names(ms, EntityType::org).count("New York Stock Exchange") == 1);
    CHECK(names(ms, EntityType::place).count("New York") == 1);
}

TEST_CASE("entity rules: a name among people and a surname before a score stay people") {
    const auto ms = extract("Smith c Jones b Salisbury 23\n\nAtherton lbw b Mullally 61\n");
    const auto people = names(ms, EntityType::person);
    CHECK(people.count("Salisbury") == 1);
    CHECK(people.count("Mullally") == 1);
    CHECK(names(ms, EntityType::place).count("Salisbury") == 0);
}
