// Story detection: copies and rewrites share a story, unrelated articles do not.
#include <doctest/doctest.h>
#include <xapian.h>

#include "document.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stored.hpp"
#include "newsdesk/internal/text.hpp"
#include "stories.hpp"

using namespace newsdesk;

namespace {

struct Indexed {
    Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
    indexer::DocumentBuilder builder;
    indexer::StoryDetector stories;

    std::string add(const std::string& key, const std::string& body,
                    std::vector<EntityMention> entities = {}, const std::string& date = {},
                    const std::string& title = {}, const std::string& dateline = {}) {
        stored::StoredArticle s;
        s.id = text::article_id(key);
        s.article.key = s.article.path = key;
        s.article.title = title;
        s.article.dateline = dateline;
        s.article.text = body;
        s.article.date = date;
        s.article.date_source = date.empty() ? DateSource::none : DateSource::content;
        s.article.entities = std::move(entities);
        Xapian::Document doc = builder.build(s);
        // As the indexer does: a changed article keeps its document id, a new one comes last.
        Xapian::docid did = stories.docid_of(s.id);
        if (!did) did = db.get_lastdocid() + 1;
        stories.assign(s, doc, did);
        db.replace_document(did, doc);
        return s.story;
    }
};

const char* kReport =
    "North Korean troops have been deployed to the Kursk region of Russia, NATO said on "
    "Monday, as the country's foreign minister travelled to Moscow for talks. Officials in "
    "Seoul said thousands of soldiers were training near the border and could join the "
    "fighting against Ukrainian forces within weeks. The deployment deepens the military "
    "partnership between Pyongyang and Moscow, analysts said.";

std::vector<EntityMention> cast(std::initializer_list<std::pair<EntityType, const char*>> list) {
    std::vector<EntityMention> out;
    for (const auto& [type, name] : list)
        out.push_back({type, 0, 1, name, name});
    return out;
}

}  // namespace

TEST_CASE("SimHash: near-identical texts are close, different texts far") {
    std::uint64_t a = indexer::simhash(kReport);
    std::string edited = kReport;
    edited.replace(edited.find("Monday"), 6, "Tuesday");
    std::uint64_t b = indexer::simhash(edited);
    std::uint64_t c = indexer::simhash(
        "Manchester United beat Everton two nil in the cup on Saturday afternoon, with goals "
        "from the captain and a late header from the substitute striker.");
    CHECK(indexer::hamming(a, a) == 0);
    CHECK(indexer::hamming(a, b) <= 12);
    CHECK(indexer::hamming(a, c) > 16);
}

TEST_CASE("a verbatim copy joins the story of its original") {
    Indexed idx;
    std::string first = idx.add("ap", kReport);
    CHECK(first == text::article_id("ap"));  // a new story is named after its first article
    CHECK(idx.add("copy", std::string(kReport) + " Advertisement.") == first);
}

TEST_CASE("a rewrite with the same cast joins, an unrelated article does not") {
    Indexed idx;
    // A rewrite in other words (cosine about 0.6) joins by its cast: 8 shared, all rare here.
    auto people = cast({{EntityType::person, "Choe Son Hui"},
                        {EntityType::person, "Kim Jong Un"},
                        {EntityType::person, "Vladimir Putin"},
                        {EntityType::org, "NATO"},
                        {EntityType::place, "Kursk"},
                        {EntityType::place, "Moscow"},
                        {EntityType::place, "Pyongyang"},
                        {EntityType::place, "Seoul"}});
    std::string story = idx.add("ap", kReport, people);
    idx.add("sport",
            "Manchester United beat Everton two nil in the cup on Saturday, with goals from the "
            "captain and a late header from the substitute striker at Goodison Park.",
            cast({{EntityType::org, "Manchester United"}, {EntityType::org, "Everton"}}));
    std::string rewrite = idx.add(
        "rewrite",
        "Choe Son Hui, North Korea's foreign minister, arrived in Moscow for talks as NATO "
        "confirmed that North Korean troops are in the Kursk region. Seoul says thousands of "
        "soldiers are training and could soon fight Ukrainian forces, a deployment that "
        "deepens the military partnership between the two countries.",
        people);
    CHECK(rewrite == story);
    std::string other = idx.add(
        "other",
        "Football fans queued overnight for tickets as the club announced a new stadium plan "
        "and a record transfer for its young striker.",
        cast({{EntityType::org, "Arsenal"}, {EntityType::place, "London"}}));
    CHECK(other == text::article_id("other"));
}

TEST_CASE("rewrites far apart in time are different stories") {
    Indexed idx;
    // A cast large enough for a rewrite in other words to count (StoryParams::min_cast_shared).
    auto people = cast({{EntityType::person, "Choe Son Hui"},
                        {EntityType::person, "Kim Jong Un"},
                        {EntityType::person, "Vladimir Putin"},
                        {EntityType::org, "NATO"},
                        {EntityType::place, "Kursk"},
                        {EntityType::place, "Moscow"},
                        {EntityType::place, "Pyongyang"},
                        {EntityType::place, "Seoul"}});
    std::string story = idx.add("2024", kReport, people, "2024-10-29");
    const char* later =
        "A year after North Korean troops were deployed to the Kursk region of Russia, the "
        "foreign minister travelled to Moscow again for talks on the military partnership.";
    CHECK(idx.add("2025", later, people, "2025-10-29") != story);
    Indexed fresh;
    std::string same_week = fresh.add("2024", kReport, people, "2024-10-29");
    CHECK(fresh.add("2024b", later, people, "2024-10-30") == same_week);
}

TEST_CASE("with_story gives what encode() writes for the article in that story") {
    stored::StoredArticle s;
    s.id = "00000000000000aa";
    s.article.title = "A \"story\":\"quoted\" headline";
    s.article.text = "Body with ,\"story\":\"fake\" inside, and a backslash \\ too.";
    s.article.source = "AP";
    const std::string before = stored::encode(s);
    s.story = "0123456789abcdef";
    CHECK(stored::with_story(before, s.story) == stored::encode(s));
    CHECK(stored::decode(stored::with_story(before, s.story)).story == s.story);
    // A story id that would need escaping takes the long way, with the same result.
    s.story = "odd \"id\"";
    CHECK(stored::with_story(before, s.story) == stored::encode(s));
}

TEST_CASE("a follow-up sharing only a few names is another story") {
    Indexed idx;
    auto few = cast({{EntityType::person, "Choe Son Hui"},
                     {EntityType::place, "Kursk"},
                     {EntityType::place, "Moscow"},
                     {EntityType::org, "NATO"}});
    std::string story = idx.add("ap", kReport, few);
    std::string follow_up = idx.add(
        "follow-up",
        "Choe Son Hui, North Korea's foreign minister, arrived in Moscow for talks as NATO "
        "confirmed that North Korean troops are in the Kursk region. Seoul says thousands of "
        "soldiers are training and could soon fight Ukrainian forces, a deployment that "
        "deepens the military partnership between the two countries.",
        few);
    CHECK(follow_up != story);
}

TEST_CASE("encode writes exactly what the nlohmann::json reference writes") {
    stored::StoredArticle s;
    s.id = "00000000000000aa";
    s.story = "00000000000000bb";
    s.article.key = s.article.path = "/news/a \"quoted\" name\\.txt";
    s.article.line = 12;
    s.article.format = "jsonl";
    s.article.title = "Choe Son-hui’s visit — “quoted”";
    s.article.text = std::string("Tabs\tnewlines\n\rbell\a form\f back\b nul") + '\0' +
                     " unit\x1f del\x7f é 漢字 😀";
    s.article.date = "2024-10-29";
    s.article.date_source = DateSource::content;
    s.article.source = "AP";
    s.article.entities = {{EntityType::person, 0, 4, "Tabs", "Tabs"},
                          {EntityType::place, 5, 13, "new\"lines", "New Lines"}};
    CHECK(stored::encode(s) == stored::encode_with_json(s));
    CHECK(stored::decode(stored::encode(s)).article.text == s.article.text);

    stored::StoredArticle empty;
    CHECK(stored::encode(empty) == stored::encode_with_json(empty));

    // Invalid UTF-8 (never produced by ingestion) is replaced, as the reference does.
    s.article.text = "bad \xff byte";
    CHECK(stored::encode(s) == stored::encode_with_json(s));
}

TEST_CASE("a detector that starts on an indexed database finds what one that started empty does") {
    // Each copy below names other people than the original, so only the SimHash bands (not the
    // signature, which also wants a shared cast) can join it to the original.
    const std::string copy = kReport;  // word for word: the same SimHash
    auto named = [](const char* person) { return cast({{EntityType::person, person}}); };

    Indexed index;  // its detector started on an empty database (and tracks its band terms)
    const std::string original = index.add("wire/1.txt", kReport, named("Mark Rutte"));
    index.add("other/unrelated.txt",
              "Manchester United beat Everton two nil in the cup on Saturday afternoon, with "
              "goals from the captain and a late header from the substitute striker.");
    CHECK(index.add("outlet/2.txt", copy, named("Choe Son Hui")) == original);

    // The next run: a new detector on the same database, which it did not see being filled.
    index.stories = indexer::StoryDetector();
    index.stories.load(index.db);
    CHECK(index.add("outlet/3.txt", copy, named("Yoon Suk Yeol")) == original);

    // An article replaced by a different text leaves the story it no longer shares.
    CHECK(index.add("outlet/3.txt",
                    "Heavy rain closed schools across the region for a second day as rivers "
                    "rose, the council said, and more storms are forecast for the weekend.") ==
          text::article_id("outlet/3.txt"));
}

// ---- one report, or several (issue 14) -----------------------------------------------------

namespace {

const char* kHarbour =
    "Harbour pilots at six East Coast ports voted to strike from Monday over changes to their "
    "pension plan, their union said on Thursday. The union said talks with the port authorities "
    "had broken down after three weeks and that shipping companies had been told to expect "
    "delays of several days at every terminal from Boston to Baltimore.";

}  // namespace

TEST_CASE("copies with the same headline and lead are one story, however much else differs") {
    Indexed idx;
    const std::string title = "HARBOUR PILOTS VOTE TO STRIKE OVER PENSIONS";
    std::string story = idx.add("first", kHarbour, {}, "1987-03-12", title);
    // The same item sent again two days later, its lead kept and the rest replaced: too far
    // for SimHash and in words, but the same report.
    const std::string lead(kHarbour, std::string_view(kHarbour).find(" The union"));
    const std::string resent =
        lead +
        " Negotiators for the ports and the pilots' association were to meet a federal "
        "mediator in Washington next week, a spokesman for the mediation service added.";
    CHECK(indexer::hamming(indexer::simhash(kHarbour), indexer::simhash(resent)) > 3);
    CHECK(idx.add("resent", resent, {}, "1987-03-14", title) == story);
}

TEST_CASE("successive reports of one series are separate stories, with or without dates") {
    auto report = [](const char* amount, const char* shortage, const char* when) {
        return std::string("The Bank of England said it had provided the money market with ") +
               amount + " mln stg late assistance " + when +
               ". This takes the bank's total help today to " + shortage +
               " mln stg and compares with its forecast of a shortage in the system of around " +
               shortage + " mln stg, dealers said.";
    };
    Indexed idx;
    std::string morning = idx.add("a", report("40", "450", "this afternoon"), {}, "",
                                  "U.K. MONEY MARKET GIVEN 40 MLN STG LATE ASSISTANCE");
    // The same headline but for its figures: the next report of the series, not a rewrite.
    Article forty, twenty_five;
    forty.title = "U.K. MONEY MARKET GIVEN 40 MLN STG HELP";
    twenty_five.title = "U.K. MONEY MARKET GIVEN 25 MLN STG HELP";
    CHECK(indexer::successive_reports(indexer::report_keys(forty),
                                      indexer::report_keys(twenty_five), -1, -1));
    CHECK_FALSE(indexer::successive_reports(indexer::report_keys(forty),
                                            indexer::report_keys(forty), 3, 3));
    CHECK(idx.add("b", report("25", "380", "in the late session"), {}, "",
                  "U.K. MONEY MARKET GIVEN 25 MLN STG LATE ASSISTANCE") != morning);
    // The very same headline on another day: the next day's report.
    Indexed dated;
    std::string monday = dated.add("m", report("40", "450", "this afternoon"), {}, "1987-03-02",
                                   "U.K. MONEY MARKET SHORTAGE FORECAST REVISED DOWN");
    CHECK(dated.add("t", report("40", "450", "this afternoon") + " Reuter", {}, "1987-03-03",
                    "U.K. MONEY MARKET SHORTAGE FORECAST REVISED DOWN") == monday);  // a copy
    CHECK(dated.add("w", report("35", "300", "in the late session"), {}, "1987-03-04",
                    "U.K. MONEY MARKET SHORTAGE FORECAST REVISED DOWN") != monday);
}

TEST_CASE(
    "a later event about the same company, under a headline sharing no word, is another story") {
    const char* sale =
        "Nacco Industries Inc said its board agreed to sell the company's housewares unit to an "
        "investor group for about 60 mln dlrs, and expects a gain on the sale in the second "
        "quarter. Nacco Industries said the unit had sales of about 100 mln dlrs last year.";
    const char* results =
        "Nacco Industries Inc said it will report a gain in the second quarter on the sale of "
        "its housewares unit to an investor group for about 60 mln dlrs. Nacco Industries said "
        "the unit had sales of about 100 mln dlrs last year.";
    Indexed other;
    std::string hearing = other.add("hearing", sale, {}, "", "HOUSEWARES UNIT TO BE SOLD");
    CHECK(other.add("gain", results, {}, "", "NACCO TO REPORT 2ND QTR GAIN") != hearing);
}

TEST_CASE("a later event about the same people is a story of its own, linked as related") {
    Indexed idx;
    auto people = cast({{EntityType::person, "Choe Son Hui"},
                        {EntityType::person, "Kim Jong Un"},
                        {EntityType::person, "Vladimir Putin"},
                        {EntityType::org, "NATO"},
                        {EntityType::place, "Kursk"},
                        {EntityType::place, "Moscow"},
                        {EntityType::place, "Pyongyang"},
                        {EntityType::place, "Seoul"}});
    std::string talks = idx.add("talks", kReport, people, "2024-10-29");
    // The same people two days later, doing something else: the same cast and many of the same
    // names, but the lead tells another event.
    const char* treaty =
        "North Korea and Russia signed a mutual defence treaty in Moscow on Friday, pledging "
        "immediate military assistance if either is attacked, a week after NATO said North "
        "Korean troops had reached the Kursk region. Seoul condemned the signing and summoned "
        "the Russian ambassador, while Pyongyang celebrated the pact as historic.";
    std::string signed_treaty = idx.add("treaty", treaty, people, "2024-10-31");
    CHECK(signed_treaty != talks);
    CHECK(idx.db.get_termfreq(schema::term(schema::kRelated, talks)) == 1);
    // A retelling of the talks with the same cast still joins them, and names no related story.
    std::string rewrite = idx.add(
        "rewrite",
        "Choe Son Hui, North Korea's foreign minister, travelled to Moscow for talks as NATO "
        "said that North Korean troops have been deployed to the Kursk region. Officials in "
        "Seoul say thousands of soldiers are training near the border and could join the "
        "fighting against Ukrainian forces, a deployment that deepens the military partnership.",
        people, "2024-10-30");
    CHECK(rewrite == talks);
    // The same treaty article undated (as other outlets' tellings of one report often are,
    // sharing the cast but not the lead's words): no evidence of another day, so it joins.
    Indexed undated;
    std::string first = undated.add("talks", kReport, people);
    CHECK(undated.add("treaty", treaty, people) == first);
}

TEST_CASE("same_event: leads that say what happened in other words are other events") {
    Article hearing, verdict, retold, table;
    hearing.text =
        "Greek sprinters Kostas Kenteris and Katerina Thanou appeared before a disciplinary "
        "panel in Athens on Monday to answer charges that they missed drugs tests before the "
        "Olympic Games, and their lawyer asked for more time to prepare the defence.";
    verdict.text =
        "Greek sprinters Kostas Kenteris and Katerina Thanou were cleared by an independent "
        "tribunal in Athens on Friday, which ruled that the athletes had not been properly "
        "notified of the tests they were accused of skipping, a decision officials may appeal.";
    retold.text =
        "Kostas Kenteris and Katerina Thanou appeared on Monday before a disciplinary panel in "
        "Athens, charged with having missed drugs tests before the Olympic Games; their lawyer "
        "asked for more time to prepare their defence, officials said.";
    table.text = "Shr 77 cts vs 84 cts Net 17 mln vs 19 mln Sales 650 mln vs 614 mln";
    using indexer::report_keys;
    CHECK_FALSE(indexer::same_event(report_keys(hearing), report_keys(verdict)));
    CHECK(indexer::same_event(report_keys(hearing), report_keys(retold)));
    // Too few words to tell: no evidence against.
    CHECK(indexer::same_event(report_keys(hearing), report_keys(table)));
}

TEST_CASE("a daily series is not a copy: other days in the datelines, the same other words") {
    auto report = [](const std::string& day, const std::string& hogs) {
        return "CHICAGO, March " + day +
               " - Chicago Mercantile Exchange floor traders and commission house "
               "representatives are guesstimating today's hog slaughter at about " +
               hogs +
               " head and cattle slaughter at about 128,000 to 132,000 head, compared with "
               "the same day a week ago and a year ago, traders said.";
    };
    const std::string title = "HOG AND CATTLE SLAUGHTER GUESSTIMATES";
    Indexed idx;
    std::string monday =
        idx.add("mon", report("16", "295,000 to 302,000"), {}, "1987-03-16", title, "Chicago");
    // Thursday's guesstimates: near-identical, but another day's report of the series.
    CHECK(idx.add("thu", report("19", "295,000 to 305,000"), {}, "1987-03-19", title, "Chicago") !=
          monday);
    // Monday's report sent again on Wednesday keeps Monday's dateline: a copy.
    CHECK(idx.add("resent", report("16", "295,000 to 302,000"), {}, "1987-03-18", title,
                  "Chicago") == monday);
    Article a, b;
    a.dateline = b.dateline = "Chicago";
    a.text = report("16", "1");
    b.text = report("19", "1");
    using indexer::report_keys;
    CHECK(report_keys(a).dateline_day == "march 16");
    CHECK(indexer::next_in_series(report_keys(a), report_keys(b), 10, 13));
    CHECK_FALSE(indexer::next_in_series(report_keys(a), report_keys(a), 10, 12));
    CHECK_FALSE(indexer::next_in_series(report_keys(a), report_keys(b), -1, 13));
}

TEST_CASE("figures_agree: a rewrite repeats the report's figures, another report has its own") {
    using V = std::vector<std::string>;
    const V week1{"12.5", "18.2", "46.1", "8.7"};
    CHECK(indexer::figures_agree(week1, V{"12.5", "18.2", "46.1", "50"}));
    CHECK_FALSE(indexer::figures_agree(week1, V{"11.6", "41.7", "5.4", "9.9"}));
    // Two shared of six: a third still agrees (a corrected results table).
    CHECK(
        indexer::figures_agree(V{"1", "2", "3", "4", "5", "6"}, V{"1", "2", "7", "8", "9", "10"}));
    // Figures by their significant digits: 1,300,000 is the 1.3 of "1.3 mln".
    CHECK(indexer::figures_agree(V{"1,300,000", "1,500,000", "19", "31"},
                                 V{"1.3", "1.5", "19", "30"}));
    // Fewer than four figures in either: no evidence.
    CHECK(indexer::figures_agree(week1, V{"10", "20", "30"}));
}

TEST_CASE("the same people and things with other figures are another report, related, undated") {
    auto films = cast({{EntityType::org, "Universal"},
                       {EntityType::org, "Warner Bros"},
                       {EntityType::org, "Paramount"},
                       {EntityType::person, "Ben Stiller"},
                       {EntityType::person, "Robert De Niro"},
                       {EntityType::person, "Jim Carrey"},
                       {EntityType::person, "Adam Sandler"},
                       {EntityType::place, "North America"}});
    Indexed idx;
    const std::string first = idx.add(
        "week1",
        "Meet the Fockers took 46.1 million dollars at the North American box office over the "
        "weekend, ahead of Ocean's Twelve on 18.2 million and Lemony Snicket on 12.5 million, "
        "distributor Universal said on Sunday. Spanglish opened with 8.7 million dollars.",
        films);
    // Another outlet's telling of the same weekend, with its figures: one story.
    CHECK(idx.add("retold",
                  "Comedy sequel Meet the Fockers topped the box office in North America with "
                  "takings of 46.1 million dollars, Universal said. Ocean's Twelve made 18.2 "
                  "million, Lemony Snicket 12.5 million and newcomer Spanglish 8.7 million.",
                  films) == first);
    // The next weekend: the same films and people in the same words, no date, other figures.
    const std::string next = idx.add(
        "week2",
        "Meet the Fockers stayed top of the North American box office for a second weekend, "
        "taking 41.7 million dollars, ahead of Ocean's Twelve on 11.6 million and Lemony "
        "Snicket on 9.9 million, distributor Universal said on Sunday. Spanglish took 5.4 "
        "million dollars.",
        films);
    CHECK(next != first);
    CHECK(idx.db.get_termfreq(schema::term(schema::kRelated, first)) == 1);
}

TEST_CASE("headlines_agree: another telling headlines the same facts, a later event other ones") {
    Article sends, travels, treaty, first_sentence;
    sends.title = "North Korea sends foreign minister to Moscow";
    travels.title = "North Korean foreign minister travels to Moscow";
    treaty.title = "North Korea and Russia sign defence treaty";
    using indexer::report_keys;
    CHECK(indexer::headlines_agree(report_keys(sends), report_keys(travels)));
    CHECK_FALSE(indexer::headlines_agree(report_keys(sends), report_keys(treaty)));
    // A title that is the text's first sentence, cut, is no headline: no evidence.
    first_sentence.text = "North Korea and Russia signed a treaty on Friday, pledging aid.";
    first_sentence.title = "North Korea and Russia signed a treaty on Friday\xE2\x80\xA6";
    CHECK_FALSE(report_keys(first_sentence).own_headline);
    CHECK(report_keys(treaty).own_headline);
    CHECK(indexer::headlines_agree(report_keys(sends), report_keys(first_sentence)));
}

TEST_CASE("the same cast under a headline of another event is its own story, related, undated") {
    auto people = cast({{EntityType::person, "Choe Son Hui"},
                        {EntityType::person, "Kim Jong Un"},
                        {EntityType::person, "Vladimir Putin"},
                        {EntityType::org, "NATO"},
                        {EntityType::place, "Kursk"},
                        {EntityType::place, "Moscow"},
                        {EntityType::place, "Pyongyang"},
                        {EntityType::place, "Seoul"}});
    Indexed idx;
    const std::string talks =
        idx.add("talks", kReport, people, {}, "North Korea sends foreign minister to Moscow");
    // Another telling in its own words, under a headline of the same facts: one story.
    CHECK(idx.add("rewrite",
                  "Choe Son Hui, North Korea's foreign minister, arrived in Moscow for talks as "
                  "NATO confirmed that North Korean troops are in the Kursk region. Seoul says "
                  "thousands of soldiers are training and could soon fight Ukrainian forces, a "
                  "deployment that deepens the military partnership between the two countries.",
                  people, {}, "North Korean foreign minister travels to Moscow") == talks);
    // The treaty, undated: the same cast, but its headline tells another event.
    const std::string treaty = idx.add(
        "treaty",
        "North Korea and Russia signed a mutual defence treaty in Moscow, pledging immediate "
        "military assistance if either is attacked, after NATO said North Korean troops had "
        "reached the Kursk region. Seoul condemned the signing and summoned the Russian "
        "ambassador, while Pyongyang celebrated the pact as historic.",
        people, {}, "North Korea and Russia sign defence treaty");
    CHECK(treaty != talks);
    CHECK(idx.db.get_termfreq(schema::term(schema::kRelated, talks)) == 1);
}

TEST_CASE("report_keys: typographic punctuation separates headline words as ASCII does") {
    Article curly, plain;
    curly.title =
        "North Korea\xE2\x80\x99s minister \xE2\x80\x9Cto visit\xE2\x80\x9D Moscow\xE2\x80\xA6";
    plain.title = "North Korea's minister \"to visit\" Moscow...";
    CHECK(indexer::report_keys(curly).headline_words == indexer::report_keys(plain).headline_words);
    CHECK(indexer::report_keys(curly).headline == indexer::report_keys(plain).headline);
}

namespace {

// The background paragraphs a desk repeats under each step of a running story.
const char* kPensionBackground =
    "\n\nFive public sector unions want the government to withdraw regulations, due to be "
    "introduced within weeks, which would raise the pension age for local government workers "
    "from 60 to 65 and end the rule of 85 that lets staff retire early on a full pension. The "
    "unions say more than a million council workers, teachers, civil servants and health "
    "staff could join the action, which would close schools, libraries and job centres across "
    "England and Wales. Ministers argue that people are living longer and that the cost of "
    "public sector pensions has to be controlled, while the unions accuse them of tearing up "
    "promises made to low paid workers who joined the schemes decades ago. The dispute has "
    "already led to a ballot of council staff and a series of regional protests in Newcastle, "
    "Manchester, Cardiff and Bristol.";

}  // namespace

TEST_CASE("preview_and_result: a lead of what is to happen, and one of what happened") {
    Article talks, stalemate, retold;
    talks.text =
        "Talks aimed at averting national strikes over pensions will take place this "
        "weekend. Unions will meet ministers.";
    stalemate.text =
        "Talks aimed at averting national strikes over pensions have ended without "
        "agreement after 90 minutes. Unions will ballot.";
    retold.text =
        "Talks aimed at averting strikes over pensions are set to take place this "
        "weekend, union leaders said.";
    using indexer::report_keys;
    CHECK(report_keys(talks).lead_future);
    CHECK_FALSE(report_keys(stalemate).lead_future);  // "will" after the first sentence
    CHECK(report_keys(retold).lead_future);
    CHECK(indexer::preview_and_result(report_keys(talks), report_keys(stalemate)));
    CHECK_FALSE(indexer::preview_and_result(report_keys(talks), report_keys(retold)));
}

TEST_CASE("an undated preview and the report of what happened are two stories, related") {
    auto unions = cast({{EntityType::person, "John Prescott"},
                        {EntityType::org, "Labour"},
                        {EntityType::place, "Gateshead"},
                        {EntityType::place, "Newcastle"},
                        {EntityType::place, "Manchester"},
                        {EntityType::place, "Cardiff"},
                        {EntityType::place, "Bristol"}});
    Indexed idx;
    const std::string preview = idx.add(
        "preview",
        std::string("Talks aimed at averting a series of national strikes over pension reforms "
                    "will take place this weekend between union leaders and John Prescott at "
                    "Labour's spring conference in Gateshead.") +
            kPensionBackground,
        unions, {}, "Talks aim to avert pension strike");
    // The same background under the outcome: another report, named as related.
    const std::string outcome = idx.add(
        "outcome",
        std::string("Talks aimed at averting national strikes over pension reforms have ended "
                    "without agreement after 90 minutes with John Prescott at Labour's spring "
                    "conference in Gateshead.") +
            kPensionBackground,
        unions, {}, "Stalemate in pension strike talks");
    CHECK(outcome != preview);
    CHECK(idx.db.get_termfreq(schema::term(schema::kRelated, preview)) == 1);
    // The preview updated under its own headline is the same report.
    CHECK(idx.add("update",
                  std::string("Union leaders have met John Prescott at Labour's spring "
                              "conference in Gateshead, in talks on the pension reforms that "
                              "may yet avert a series of national strikes.") +
                      kPensionBackground,
                  unions, {}, "Talks aim to avert pension strike") == preview);
}

TEST_CASE("undated rewrites by words whose leads tell other events are two stories, related") {
    auto athletics = cast({{EntityType::person, "Susan Chepkemei"},
                           {EntityType::org, "Athletics Kenya"},
                           {EntityType::place, "Kenya"},
                           {EntityType::place, "London"}});
    const std::string background =
        "\n\nChepkemei, twice runner-up in the London Marathon, had told the federation that "
        "she was not fit enough to run at the world half marathon championships in Edmonton, "
        "where Kenya finished behind Ethiopia in the team standings. Athletics Kenya officials "
        "said at the time that every athlete selected for a national team had a duty to run "
        "unless injured, and that the rule was applied to stop runners choosing lucrative road "
        "races over national duty. Chepkemei has won races in New York, Berlin and Rotterdam "
        "and trains in the Rift Valley with a group of marathon runners managed from Europe. "
        "Her coach, Gabriele Rosa, had argued that the Edmonton race came too soon after her "
        "autumn marathon, and her manager said a season of appearance fees and sponsorship "
        "bonuses depended on races in the spring. The federation's chairman, Isaiah Kiplagat, "
        "replied that Kenyan runners owed their fame to the national team and that no athlete "
        "was bigger than the sport, warning others who had turned down selection.";
    Indexed idx;
    const std::string ban = idx.add(
        "ban",
        "Kenya's athletics body has suspended twice London Marathon runner-up Susan Chepkemei "
        "from all competition until the end of the year, accusing her of refusing to join the "
        "national squad, skipping its training camp and ignoring repeated summons from "
        "selectors." +
            background,
        athletics, {}, "Chepkemei hit by big ban");
    // The ban lifted: the same background, a lead of another event, another headline.
    const std::string lifted = idx.add(
        "lifted",
        "Kenya's athletics body has lifted its ban on twice London Marathon runner-up Susan "
        "Chepkemei, accepting a formal apology in which she promised obedience and asked "
        "forgiveness, so that she may race again this spring." +
            background,
        athletics, {}, "Kenya lift Chepkemei's suspension");
    CHECK(lifted != ban);
    CHECK(idx.db.get_termfreq(schema::term(schema::kRelated, ban)) == 1);
    // Another telling of the ban, its lead in much the same words: one story.
    CHECK(idx.add("retold",
                  "Kenya's athletics body has suspended Susan Chepkemei, twice runner-up in the "
                  "London Marathon, from all competition until the end of the year for refusing "
                  "to join the national squad and skipping its training camp, ignoring "
                  "selectors." +
                      background,
                  athletics, {}, "Chepkemei banned until end of year") == ban);
}

TEST_CASE("report_keys: a dateline at the end of its line, over a table, is no part of the lead") {
    Article table;
    table.dateline = "Minneapolis";
    table.text = "MINNEAPOLIS, April 13 -\n    Shr 37 cts vs 27 cts\n    Net 1,194,000 vs 870,000";
    const indexer::ReportKeys keys = indexer::report_keys(table);
    CHECK(keys.dateline_day == "april 13");
    CHECK(keys.lead.rfind("shr 37 cts", 0) == 0);
}

TEST_CASE("shares_more_than_names: a word of what happened, or a figure other than the day") {
    Article results, dividend, retold;
    results.dateline = dividend.dateline = retold.dateline = "Minneapolis";
    results.text =
        "MINNEAPOLIS, April 13 -\n    Shr 37 cts vs 27 cts\n    Net 1,194,000 vs 870,000";
    dividend.text =
        "MINNEAPOLIS, April 13 - National City Bancorp said directors at the annual "
        "meeting declared a 10 pct stock dividend payable May 22, record April 24.";
    retold.text =
        "MINNEAPOLIS, April 13 - National City Bancorp said its directors declared a "
        "stock dividend of 10 pct, payable May 22 to holders of record April 24.";
    using indexer::report_keys;
    // The results and the dividend share only the day of their datelines.
    CHECK_FALSE(indexer::shares_more_than_names(report_keys(results), report_keys(dividend),
                                                {"13", "1st", "27", "37", "1,194,000"},
                                                {"10", "13", "22", "24"}));
    // Two tellings of the dividend share what happened (and its figures).
    CHECK(indexer::shares_more_than_names(report_keys(dividend), report_keys(retold),
                                          {"10", "13", "22", "24"}, {"10", "13", "22", "24"}));
    CHECK(indexer::shares_more_than_names(report_keys(results), report_keys(results), {"13", "37"},
                                          {"13", "37"}));
}

TEST_CASE("a company's results table and its dividend minutes later are two stories, related") {
    auto company =
        cast({{EntityType::org, "National City Bancorp"}, {EntityType::place, "Minneapolis"}});
    Indexed idx;
    // A day's wire of other companies' results and dividends: the figures and words of such
    // items are common, so what the two items below share most is their company and town.
    for (int i = 0; i < 40; ++i) {
        const std::string name = std::string("Qu") + static_cast<char>('a' + i % 26) +
                                 static_cast<char>('a' + i / 26) + "rvex";
        idx.add("other" + std::to_string(i),
                "BOSTON, April 13 - " + name +
                    " Inc said it earned 37 cts a share against 27 cts, on net income of "
                    "1,194,000 dlrs against 870,000, and its directors at the annual meeting "
                    "declared a 10 pct stock dividend payable May 22, record April 24.",
                {}, "1987-04-13", name + " EARNINGS", "Boston");
    }
    const std::string results =
        idx.add("results",
                "MINNEAPOLIS, April 13 -\n    Shr 37 cts vs 27 cts\n    Net 1,194,000 vs 870,000",
                company, "1987-04-13", "NATIONAL CITY BANCORP <NCBM.O> 1ST QTR NET", "Minneapolis");
    const std::string dividend = idx.add(
        "dividend",
        "MINNEAPOLIS, April 13 - National City Bancorp said directors at the annual "
        "meeting declared a 10 pct stock dividend payable May 22, record April 24.",
        company, "1987-04-13", "NATIONAL CITY BANCORP <NCBM.O> 10 PCT DIVIDEND", "Minneapolis");
    CHECK(dividend != results);
    // The results sent again with a corrected figure are the same report.
    CHECK(idx.add("resent",
                  "MINNEAPOLIS, April 13 -\n    Shr 37 cts vs 27 cts\n    Net 1,194,000 vs "
                  "871,000",
                  company, "1987-04-13", "NATIONAL CITY BANCORP <NCBM.O> 1ST QTR NET",
                  "Minneapolis") == results);
}
