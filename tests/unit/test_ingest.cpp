// Ingestion (issue 3): dates, encodings, line kinds, metadata, every format and every kind of bad
// input, on the fixtures of tests/data/ingest (described in tests/data/README.md) and the seeds in
// corpus/.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "../support/files.hpp"
#include "ingest/assemble.hpp"
#include "ingest/dates.hpp"
#include "ingest/encoding.hpp"
#include "ingest/formats.hpp"
#include "ingest/ingest.hpp"
#include "ingest/lines.hpp"
#include "ingest/metadata.hpp"
#include "newsdesk/internal/text.hpp"
#include "temp_dir.hpp"

using namespace newsdesk;
using namespace newsdesk::ingest;
namespace fs = std::filesystem;

using newsdesk::test::slurp;

namespace {

const std::string kData = std::string(NEWSDESK_TEST_DATA_DIR) + "/ingest/";
const std::string kCorpus = std::string(NEWSDESK_CORPUS_DIR) + "/";

std::string iso(std::string_view s) {
    std::size_t len = 0;
    auto d = parse_date_at(s, len);
    return d ? d->iso() : "";
}

std::string found(std::string_view s) {
    std::size_t b = 0, e = 0;
    auto d = find_date(s, b, e);
    return d ? d->iso() : "";
}

void spit(const std::string& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

std::string mtime_date(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    std::tm tm{};
    gmtime_r(&st.st_mtime, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

FileResult read(const std::string& path, std::uintmax_t max = 10u << 20) {
    Options o;
    o.max_file_size = max;
    return read_file(path, o);
}

// The one article of a file that must parse.
Article one(const std::string& path) {
    FileResult r = read(path);
    REQUIRE_MESSAGE(r.outcome == Outcome::ok,
                    (r.problems.empty() ? std::string("?") : r.problems[0].to_string()));
    REQUIRE(r.articles.size() == 1);
    return r.articles[0];
}

std::string problem_of(const FileResult& r) {
    REQUIRE(r.problems.size() == 1);
    return r.problems[0].to_string();
}

bool contains(const std::string& s, std::string_view what) {
    return s.find(what) != std::string::npos;
}

std::size_t paragraphs(const std::string& text) {
    if (text.empty()) return 0;
    std::size_t n = 1;
    for (std::size_t at = text.find("\n\n"); at != std::string::npos;
         at = text.find("\n\n", at + 2))
        ++n;
    return n;
}

}  // namespace

// ---- dates -------------------------------------------------------------------------------

TEST_CASE("ingest: dates in the forms news uses") {
    CHECK(iso("2024-10-29") == "2024-10-29");
    CHECK(iso("2024-10-29T14:03:00Z") == "2024-10-29");
    CHECK(iso("2024/10/29") == "2024-10-29");
    CHECK(iso("October 29, 2024") == "2024-10-29");
    CHECK(iso("Oct. 29, 2024") == "2024-10-29");
    CHECK(iso("Oct 29 2024") == "2024-10-29");
    CHECK(iso("Sept. 5, 2024") == "2024-09-05");
    CHECK(iso("October 29th, 2024") == "2024-10-29");
    CHECK(iso("29 October 2024") == "2024-10-29");
    CHECK(iso("29th Oct. 2024") == "2024-10-29");
    CHECK(iso("26-FEB-1987 15:01:01.79") == "1987-02-26");
    CHECK(found("Tue, 29 Oct 2024 10:00:00 GMT") == "2024-10-29");
    CHECK(found("Published on Tuesday, October 29, 2024 at 9am") == "2024-10-29");
}

TEST_CASE("ingest: what is not a date") {
    CHECK(iso("2024-02-30").empty());          // no such day
    CHECK(iso("2023-02-29").empty());          // not a leap year
    CHECK(iso("2024-02-29") == "2024-02-29");  // a leap year
    CHECK(iso("10/29/2024").empty());          // ambiguous
    CHECK(found("in March 2022 the war").empty());
    CHECK(found("Tuesday, 1 March").empty());  // no year
    CHECK(found("may 20245").empty());
    CHECK(found("Maybe 29, 2024").empty());
    CHECK(found("1029 October 2024").empty());
}

TEST_CASE("ingest: metadata date values, Unix time included") {
    CHECK(parse_date_value(" 2025-01-20T08:00:00Z ")->iso() == "2025-01-20");
    CHECK(parse_date_value("1737360000")->iso() == "2025-01-20");
    CHECK(parse_date_value("1737360000000")->iso() == "2025-01-20");
    CHECK_FALSE(parse_date_value("yesterday"));
}

// ---- encodings ---------------------------------------------------------------------------

TEST_CASE("ingest: Windows-1252 is not Latin-1 for 0x80-0x9F") {
    Decoded d = to_utf8("\x93quoted\x94 \x80 caf\xe9 \x96 it\x92s");
    CHECK(d.encoding == "windows-1252");
    CHECK(d.text ==
          "\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC caf\xC3\xA9 \xE2\x80\x93 it\xE2\x80\x99s");
    CHECK(text::is_valid_utf8(to_utf8("\x81\x8d\x8f\x90\x9d").text));  // undefined bytes
}

TEST_CASE("ingest: a UTF-8 file with a stray byte keeps its UTF-8") {
    Decoded d = to_utf8(
        "North Korea\xE2\x80\x99s \xE2\x80\x9C"
        "ally\xE2\x80\x9D \xB7 caf\xC3\xA9");
    CHECK(d.encoding == "UTF-8 (repaired)");
    CHECK(d.text ==
          "North Korea\xE2\x80\x99s \xE2\x80\x9C"
          "ally\xE2\x80\x9D \xC2\xB7 caf\xC3\xA9");
}

TEST_CASE("ingest: byte-order marks and declared charsets") {
    CHECK(to_utf8("\xEF\xBB\xBFhello").text == "hello");
    CHECK(to_utf8(std::string("\xFF\xFEh\0i\0", 6)).text == "hi");
    CHECK(to_utf8(std::string("\xFE\xFF\0h\0i", 6)).text == "hi");
    // ISO-8859-15 has the euro sign at 0xA4, where Latin-1 has the currency sign.
    CHECK(to_utf8("5 \xA4", "iso-8859-15").text == "5 \xE2\x82\xAC");
    CHECK(to_utf8("5 \xA4", "iso-8859-1").text == "5 \xC2\xA4");
    CHECK(to_utf8("caf\xC3\xA9", "iso-8859-1").text == "caf\xC3\xA9");  // valid UTF-8 wins
    CHECK(to_utf8("caf\xE9", "no-such-charset").text == "caf\xC3\xA9");
}

TEST_CASE("ingest: character references") {
    CHECK(decode_char_refs("&lt;API&gt; &amp; &quot;x&quot;") == "<API> & \"x\"");
    CHECK(decode_char_refs("Jos&#233; caf&eacute; &#x2019; &rsquo;") ==
          "Jos\xC3\xA9 caf\xC3\xA9 \xE2\x80\x99 \xE2\x80\x99");
    CHECK(decode_char_refs("&#150;") == "\xE2\x80\x93");  // Windows-1252, as browsers read it
    CHECK(decode_char_refs("&#0; &#xD800; &#x110000;") == "\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD");
    CHECK(decode_char_refs("AT&T &amp &nosuch; &#; &") == "AT&T &amp &nosuch; &#; &");
    CHECK(decode_char_refs("Reuter\n&#3;") == "Reuter\n\x03");
    CHECK(has_char_refs("a &amp; b"));
    CHECK_FALSE(has_char_refs("AT&T and R&D"));
}

TEST_CASE("ingest: normalisation: line ends, control characters, NFC") {
    CHECK(normalize_text("a\r\nb\rc\fd") == "a\nb\nc\nd");
    CHECK(normalize_text("x\x03y\x7f\tz") == "xy\tz");
    CHECK(normalize_text("\xC2\x85x\xEF\xBB\xBFy") == "xy");  // C1 control, BOM
    CHECK(normalize_text("Cafe\xCC\x81") == "Caf\xC3\xA9");   // NFD -> NFC
    CHECK(normalize_text("Caf\xC3\xA9 \xE2\x80\x99") == "Caf\xC3\xA9 \xE2\x80\x99");
}

// ---- line kinds --------------------------------------------------------------------------

TEST_CASE("ingest: furniture lines by kind") {
    for (const char* l : {"close", "Share", "Share this article", "Tweet", "Email", "Print",
                          "Facebook Twitter LinkedIn WhatsApp", "Share | Tweet | Email",
                          "12 Shares", "Advertisement", "ADVERTISEMENT", "Read more", "x",
                          "Skip to main content", "Listen to this article", "Cancel reply"}) {
        CAPTURE(std::string(l));
        CHECK(classify_line(l) == LineKind::widget);
    }
    for (const char* l : {"4 minutes, 45 seconds Read", "5 min read", "Reading time: 3 minutes",
                          "3 min listen", "Estimated reading time: 7 mins"}) {
        CAPTURE(std::string(l));
        CHECK(classify_line(l) == LineKind::reading_time);
    }
    for (const char* l : {"https://www.cpmrevenuegate.com/vt6hstxc?key=785582df",
                          "www.example.com/x", "<https://t.co/abc123>", "http://bit.ly/3xYz"}) {
        CAPTURE(std::string(l));
        CHECK(classify_line(l) == LineKind::lone_url);
    }
    for (const char* l : {"___", "* * *", "-----", "\xE2\x80\xA2 \xE2\x80\xA2 \xE2\x80\xA2", "."}) {
        CAPTURE(std::string(l));
        CHECK(classify_line(l) == LineKind::separator);
    }
    for (const char* l :
         {"Your email address will not be published. Required fields are marked *",
          "Save my name, email, and website in this browser for the next time I comment.",
          "This website uses cookies to improve your experience. Accept all",
          "\xC2\xA9 2024 Example Media Group. All rights reserved.",
          "Copyright 2024 The Associated Press. All rights reserved.",
          "Related: Seoul weighs arms for Kyiv", "READ MORE: Why the front line matters",
          "Story continues below advertisement", "Sign up for our morning newsletter",
          "Image source, Getty Images", "(AP Photo/Ahn Young-joon)"}) {
        CAPTURE(std::string(l));
        CHECK(classify_line(l) == LineKind::boilerplate);
    }
    for (const char* l : {"Similar Posts", "Related Articles", "You may also like",
                          "You might also like:", "More stories", "Most popular", "Related"}) {
        CAPTURE(std::string(l));
        CHECK(classify_line(l) == LineKind::related_heading);
    }
    for (const char* l : {"Leave a Reply", "Leave a comment", "14 Comments", "Comments (3)",
                          "Join the conversation", "Be the first to comment"}) {
        CAPTURE(std::string(l));
        CHECK(classify_line(l) == LineKind::comments_heading);
    }
}

TEST_CASE("ingest: article lines that look a little like furniture stay text") {
    for (const char* l :
         {"Shares hit by MS drug suspension", "Share boost for feud-hit Reliance",
          "Comments by South Korea's central bank at the end of last week have sparked it.",
          "Print edition sales fell 5%", "Tuesday, 1 March", "did", "2000 GMT",
          "Close to 200 people attended the rally.", "Related party transactions rose",
          "Kraft plans to cut back on advertising of products like Oreo cookies.", "WINNERS (once)",
          "Leave to remain was granted on Monday.", "Most of the staff left.",
          "North Korean Troops Headed For The Frontline?"}) {
        CAPTURE(std::string(l));
        CHECK(classify_line(l) == LineKind::text);
    }
}

TEST_CASE("ingest: line keys compare headlines loosely") {
    CHECK(line_key("North Korea\xE2\x80\x99s  move.") == line_key("north korea's move"));
    CHECK(line_key("A") != line_key("B"));
}

// ---- metadata ----------------------------------------------------------------------------

TEST_CASE("ingest: outlets have one canonical name") {
    CHECK(*known_outlet("Associated Press") == "AP");
    CHECK(*known_outlet("The Associated Press") == "AP");
    CHECK(*known_outlet("(AP)") == "AP");
    CHECK(*known_outlet("REUTER") == "Reuters");
    CHECK(*known_outlet("Agence France-Presse") == "AFP");
    CHECK_FALSE(known_outlet("Details"));
    CHECK(canonical_outlet(" Coastline Gazette ") == "Coastline Gazette");
}

TEST_CASE("ingest: datelines give place, outlet and sometimes the date") {
    auto d = parse_dateline("SEOUL, South Korea (AP) \xE2\x80\x94 North Korea said Tuesday");
    REQUIRE(d);
    CHECK(d->place == "Seoul");
    CHECK(d->outlet == "AP");
    d = parse_dateline("NEW YORK, Feb 26 - U.S. crude oil inventories fell");
    REQUIRE(d);
    CHECK(d->place == "New York");
    CHECK(d->outlet.empty());
    d = parse_dateline("LONDON, Oct. 29, 2024 (Reuters) - Shares rose");
    REQUIRE(d);
    CHECK(d->place == "London");
    CHECK(d->outlet == "Reuters");
    CHECK(d->date->iso() == "2024-10-29");
    d = parse_dateline("RIO DE JANEIRO (AFP) \xE2\x80\x93 Rain fell");
    REQUIRE(d);
    CHECK(d->place == "Rio de Janeiro");
    CHECK(d->outlet == "AFP");
    d = parse_dateline("(CNN) \xE2\x80\x94 The storm");
    REQUIRE(d);
    CHECK(d->place.empty());
    CHECK(d->outlet == "CNN");
    d = parse_dateline("S\xC3\x83O PAULO (Reuters) - Brazil");
    REQUIRE(d);
    CHECK(d->place == "S\xC3\xA3o Paulo");
    d = parse_dateline("Toronto, Feb 26 - Standard Trustco said");
    REQUIRE(d);
    CHECK(d->place == "Toronto");
    d = parse_dateline("Scarborough, Ontario, Feb 26 -");
    REQUIRE(d);
    CHECK(d->place == "Scarborough");
    d = parse_dateline("NEW YORK, March 2 -The New York Mercantile Exchange expects");
    REQUIRE(d);
    CHECK(d->place == "New York");
    CHECK_FALSE(parse_dateline("Toronto - the city said"));
    CHECK_FALSE(parse_dateline("Toronto, the city, said - then left"));
    CHECK_FALSE(parse_dateline("(CORRECTED) - BANPONCE PLACES NOTES"));
    CHECK_FALSE(parse_dateline("NATO has also made an official comment"));
    CHECK_FALSE(parse_dateline("UK - the economy grew"));
    CHECK_FALSE(parse_dateline("The SEC - which regulates markets - said"));
    CHECK_FALSE(parse_dateline("I - for one - agree"));
}

TEST_CASE("ingest: bylines") {
    auto b = parse_byline("By Jane Doe");
    REQUIRE(b);
    CHECK(b->names == "Jane Doe");
    b = parse_byline("By JANE DOE and John van der Berg, Associated Press");
    REQUIRE(b);
    CHECK(b->names == "JANE DOE, John van der Berg");
    CHECK(b->outlet == "AP");
    b = parse_byline("By Lolita C. Baldor | Published October 29, 2024");
    REQUIRE(b);
    CHECK(b->names == "Lolita C. Baldor");
    CHECK(b->date->iso() == "2024-10-29");
    CHECK_FALSE(parse_byline("By definition, the deficit means too little revenue."));
    CHECK_FALSE(parse_byline("By 2007, Japan's population is expected to peak."));
    CHECK_FALSE(parse_byline("Bystanders said the fire spread quickly"));
}

TEST_CASE("ingest: credit lines and sign-offs name the outlet") {
    CHECK(credit_outlet(
              "Associated Press reporter Lolita C. Baldor contributed from Washington.") == "AP");
    CHECK(credit_outlet("AP writers Kim Tong-hyung and Hyung-jin Kim contributed.") == "AP");
    CHECK(credit_outlet("The Associated Press contributed to this report.") == "AP");
    CHECK(credit_outlet("(Reporting by Hyonhee Shin; Editing by Ed Davies)") == "Reuters");
    CHECK(credit_outlet("Reuter") == "Reuters");
    CHECK(credit_outlet("Her sister contributed to the fund.").empty());
    CHECK(is_signoff("REUTER"));
    CHECK_FALSE(is_signoff("Reuters said on Monday it would cut jobs."));
}

TEST_CASE("ingest: date lines") {
    CHECK(parse_date_line(" date 2024-10-29 International")->iso() == "2024-10-29");
    CHECK(parse_date_line("Published: Oct. 29, 2024 10:00 AM EDT")->iso() == "2024-10-29");
    CHECK(parse_date_line("Tuesday, October 29, 2024")->iso() == "2024-10-29");
    CHECK(parse_date_line("Updated 29 October 2024")->iso() == "2024-10-29");
    CHECK_FALSE(parse_date_line("Tuesday, October 29, 2024", /*need_label=*/true));
    CHECK_FALSE(parse_date_line("On October 29, 2024, the council voted to close the hall."));
    CHECK_FALSE(parse_date_line("In 2024-10-29 news"));
}

TEST_CASE("ingest: headlines and page titles") {
    CHECK(looks_like_headline("Ad sales boost Time Warner profit"));
    CHECK(
        looks_like_headline("Rivals of the \xC2\xA3"
                            "400 Apple..."));
    CHECK_FALSE(looks_like_headline("This is a sentence."));
    CHECK(looks_like_headline("TAIWAN TO SEEK HIGHER TEXTILE EXPORTS TO U.S."));
    CHECK(looks_like_headline("Bush backs trade deal with the U.S."));
    CHECK(looks_like_headline("MERRILL MANDATED FOR IEL NOTE."));
    CHECK(strip_site_suffix("North Korea Sends Foreign Minister To Russia | Details", "") ==
          "North Korea Sends Foreign Minister To Russia");
    std::string site;
    CHECK(strip_site_suffix("Harbour bridge reopens - Coastline Gazette", "Coastline Gazette",
                            &site) == "Harbour bridge reopens");
    CHECK(site == "Coastline Gazette");
    CHECK(strip_site_suffix("BBC News - Markets fall", "") == "Markets fall");
    CHECK(strip_site_suffix("Kim Jong Un - a profile of a leader", "") ==
          "Kim Jong Un - a profile of a leader");
    CHECK(headline_from_sentence("Mr. Smith went to Washington on Monday. He met the U.S. "
                                 "president.") == "Mr. Smith went to Washington on Monday");
    CHECK(headline_from_sentence("SEOUL (AP) \xE2\x80\x94 North Korea fired a missile on "
                                 "Tuesday, officials said. More follows.") ==
          "North Korea fired a missile on Tuesday, officials said");
    std::string longest =
        headline_from_sentence(std::string(30, 'a') + " " + std::string(200, 'b') + " word");
    CHECK(longest.size() <= 120);
    CHECK(headline_from_sentence("The ferry company said on Monday that it would cut winter "
                                 "sailings to the islands, blaming fuel costs and a shortage "
                                 "of crew",
                                 80) ==
          "The ferry company said on Monday that it would cut winter sailings to the\xE2\x80\xA6");
}

// ---- the seeds ---------------------------------------------------------------------------

TEST_CASE("ingest: seed 001: repeated headline, AP dateline, share and comment widgets") {
    const std::string path = kCorpus + "001_59659c919547118f.txt";
    Article a = one(path);
    CHECK(a.title ==
          "North Korea is sending a foreign minister to Russia as its troops train to "
          "fight Ukraine");
    CHECK(a.source == "AP");
    CHECK(a.dateline == "Seoul");
    CHECK(a.date_source == DateSource::mtime);
    CHECK(a.date == mtime_date(path));
    CHECK(a.format == "text");
    CHECK(a.text.rfind("SEOUL, South Korea (AP) \xE2\x80\x94 North Korea said Tuesday", 0) == 0);
    CHECK_FALSE(contains(a.text, a.title));  // the headline is not repeated in the text
    CHECK_FALSE(contains(a.text, "close\n"));
    for (const char* junk :
         {"4 minutes", "___", "Similar Posts", "Leave a Reply", "Your email address"}) {
        CAPTURE(std::string(junk));
        CHECK_FALSE(contains(a.text, junk));
    }
    CHECK(contains(a.text, "\xE2\x80\x9CRight now, it remains to be seen"));  // curly quotes kept
    CHECK(contains(a.text, "\n\nAssociated Press reporter Lolita C. Baldor contributed"));
    CHECK(paragraphs(a.text) == 19);
}

TEST_CASE("ingest: seed 004: date line and headline with a site suffix") {
    Article a = one(kCorpus + "004_e55bf5d3b8499c8c.txt");
    CHECK(a.title ==
          "North Korea Sends Foreign Minister To Russia Amid Reports Of Troop Deployment");
    CHECK(a.date == "2024-10-29");
    CHECK(a.date_source == DateSource::content);
    CHECK(a.text.rfind("This announcement of the North Korean official's visit", 0) == 0);
    CHECK_FALSE(contains(a.text, "2024-10-29"));
    CHECK_FALSE(contains(a.text, "| Details"));
    CHECK(contains(a.text, "\n\nNorth Korean Troops Headed For The Frontline?\n\n"));
    CHECK(a.source.empty());
}

TEST_CASE("ingest: seed 000: tracking URLs go, the first sentence makes the title") {
    const std::string path = kCorpus + "000_4f83ae8c8527dc36.txt";
    Article a = one(path);
    CHECK_FALSE(contains(a.text, "http"));
    CHECK(paragraphs(a.text) == 7);
    CHECK(a.title.rfind("North Korea\xE2\x80\x99s Foreign Minister, Choe Son-hui, has recently "
                        "traveled to Russia",
                        0) == 0);
    CHECK(a.title.size() <= 120);
    CHECK(a.date == mtime_date(path));
    CHECK(a.date_source == DateSource::mtime);
}

TEST_CASE("ingest: seeds 002 and 003: one paragraph per line, no headline line") {
    Article a = one(kCorpus + "002_39fff8feea976b1f.txt");
    CHECK(paragraphs(a.text) == 8);
    CHECK(a.title.rfind("North Korea announced Tuesday that its Foreign Minister", 0) == 0);
    Article b = one(kCorpus + "003_8b9f95b6208d3ca2.txt");
    CHECK(paragraphs(b.text) == 11);
    CHECK(b.title ==
          "The visit of North Korea\xE2\x80\x99s Foreign Minister to Russia coincides "
          "with reports of North Korean troops in Ukraine\xE2\x80\xA6");
    CHECK(b.source.empty());
    CHECK(b.dateline.empty());
}

// ---- formats -----------------------------------------------------------------------------

TEST_CASE("ingest: plain text furniture of every kind around an AP story") {
    Article a = one(kData + "furniture.txt");
    CHECK(a.title == "Storm floods leave thousands without power across the valley");
    CHECK(a.byline == "Maria Lopez, Tom Reed");
    CHECK(a.date == "2025-03-03");
    CHECK(a.date_source == DateSource::content);
    CHECK(a.source == "AP");
    CHECK(a.dateline == "Riverton");
    CHECK(paragraphs(a.text) == 5);
    CHECK(a.text.rfind("RIVERTON, Oregon (AP)", 0) == 0);
    CHECK(contains(a.text, "\n\nAssociated Press writer Sam Okafor contributed to this report"));
    for (const char* junk : {"Share", "Tweet", "min read", "Advertisement", "http", "* * *",
                             "Related:", "cookies", "You may also like", "flood insurance",
                             "Comments", "discussion", "email address", "Post Comment"}) {
        CAPTURE(std::string(junk));
        CHECK_FALSE(contains(a.text, junk));
    }
}

TEST_CASE("ingest: hard-wrapped Reuters text with SGML references and a sign-off") {
    Article a = one(kData + "reuters.txt");
    CHECK(a.title == "U.S. CRUDE OIL INVENTORIES FALL <API>");
    CHECK(a.date == "1987-02-26");
    CHECK(a.date_source == DateSource::content);
    CHECK(a.dateline == "New York");
    CHECK(a.source == "Reuters");
    CHECK(paragraphs(a.text) == 2);
    CHECK(contains(a.text, "fell 3.2 mln barrels in the week"));
    CHECK(contains(a.text, "127.0 mln & heating oil"));
    CHECK_FALSE(contains(a.text, "Reuter\n"));
    CHECK(text::is_valid_utf8(a.text));
    CHECK(a.text.find('\x03') == std::string::npos);
}

TEST_CASE("ingest: a wire headline with a dash is the whole headline, not a dateline") {
    // "PLACE-LIKE CAPITALS - WORD" parses as a dateline; with no sentence after the dash, and the
    // date line under it, it is the headline.
    Article a = one(kData + "wire-dash-headline.txt");
    CHECK(a.title == "BARGE RATES CLIMB ON RIVER CLOSURE - SHIPPERS");
    CHECK(a.date == "1987-03-12");
    CHECK(a.date_source == DateSource::content);
    CHECK(a.dateline == "St. Louis");
    CHECK(a.text.rfind("ST. LOUIS, March 12 - Barge freight rates", 0) == 0);
    CHECK(opens_with_dateline("OTTAWA, March 5 - Finance Minister Michael Wilson said"));
    CHECK(opens_with_dateline("Scarborough, Ontario, Feb 26 -"));
    CHECK_FALSE(opens_with_dateline("BRAZIL NEEDS MORE EXTERNAL FINANCING - VOLCKER"));
    CHECK_FALSE(opens_with_dateline("U.S. FINANCIAL ANALYSTS - March 3"));
}

TEST_CASE("ingest: a wire headline ending in a date or a comma, above the date line") {
    Article a = one(kData + "wire-headline-with-date.txt");
    CHECK(a.title == "U.S. BARGE TRAFFIC REPORT - March 12");
    CHECK(a.date == "1987-03-12");
    CHECK(a.date_source == DateSource::content);
    CHECK(a.dateline.empty());
    CHECK(a.text.rfind("Locks open", 0) == 0);
    // A line the date line follows is the headline even when it ends like a clause.
    Article b = one(kData + "wire-headline-comma.txt");
    CHECK(b.title == "GRAIN TERMINAL HANDLINGS Duluth");
    CHECK(b.date == "1987-03-13");
    CHECK(b.date_source == DateSource::content);
}

TEST_CASE("ingest: a date line written out (March 12, 1987) under the headline dates it") {
    Article a = one(kData + "wire-long-date.txt");
    CHECK(a.title == "Harbour pilots vote to strike over pensions");
    CHECK(a.date == "1987-03-12");
    CHECK(a.date_source == DateSource::content);
    CHECK(a.dateline == "Washington");
}

TEST_CASE("ingest: a dateline place in capitals keeps its initials") {
    auto d = parse_dateline("U.S. VIRGIN ISLANDS, March 3 - Rum exports rose");
    REQUIRE(d);
    CHECK(d->place == "U.S. Virgin Islands");
}

TEST_CASE("ingest: Windows-1252, UTF-16 and decomposed text come out as NFC UTF-8") {
    Article a = one(kData + "windows-1252.txt");
    CHECK(a.title ==
          "Caf\xC3\xA9 owners fear \xE2\x80\x9Cprice war\xE2\x80\x9D as coffee hits "
          "\xE2\x82\xAC 4");
    CHECK(contains(a.text, "The owner\xE2\x80\x99s caf\xC3\xA9 \xE2\x80\x93 a na\xC3\xAFve idea"));
    CHECK(contains(a.text, "association\xE2\x80\xA6"));
    CHECK(a.text.find('\r') == std::string::npos);
    CHECK(one(kData + "utf-16.txt").title == "Tide turns for island ferry");
    Article n = one(kData + "nfd.txt");
    CHECK(n.title == "Caf\xC3\xA9 culture returns to the old town");
    CHECK(contains(n.text, "caf\xC3\xA9s"));
}

TEST_CASE("ingest: no headline line: the first sentence, cut at a word, is the title") {
    Article a = one(kData + "no-headline.txt");
    CHECK(a.title.size() <= 120);
    CHECK(a.title.rfind("The city council voted on Tuesday to close the old market hall", 0) == 0);
    // Cut at a word boundary, and saying so.
    CHECK(a.title.size() >= 3);
    CHECK(a.title.substr(a.title.size() - 3) == "\xE2\x80\xA6");
    CHECK(a.title[a.title.size() - 4] != ' ');
    CHECK(
        contains("The city council voted on Tuesday to close the old market hall, ending more "
                 "than a century of trading under its iron roof.",
                 a.title.substr(0, a.title.size() - 3) + " "));
    CHECK(paragraphs(a.text) == 3);
}

TEST_CASE("ingest: an HTML page: the article without navigation, ads, share bar and comments") {
    Article a = one(kData + "article.html");
    CHECK(a.format == "html");
    CHECK(a.title == "Harbour bridge reopens after two years of repairs");
    CHECK(a.source == "Coastline Gazette");
    CHECK(a.date == "2025-02-14");
    CHECK(a.date_source == DateSource::metadata);
    CHECK(a.byline == "Priya Natarajan");
    CHECK(a.url == "https://gazette.example/news/harbour-bridge-reopens");
    CHECK(a.text.rfind("The Harbour Bridge reopened to traffic on Friday morning", 0) == 0);
    CHECK(contains(a.text, "many commuters\xE2\x80\x99 journeys"));
    CHECK(contains(a.text, "\n\nCost rose by a third\n\n"));
    CHECK(contains(a.text,
                   "\xC2\xA3"
                   "48 million"));
    CHECK(contains(a.text, "\xE2\x80\x9CIt was worth the wait,\xE2\x80\x9D"));
    CHECK(paragraphs(a.text) == 5);
    for (const char* junk :
         {"Home", "cookies", "ADVERTISEMENT", "Share", "Tweet", "Photo", "Ferry fares", "Sponsored",
          "First!", "Comments", "Post Comment", "Most read", "All rights reserved", "script text",
          "color", "By Priya"}) {
        CAPTURE(std::string(junk));
        CHECK_FALSE(contains(a.text, junk));
    }
}

TEST_CASE("ingest: truncated HTML is recovered, HTML without an article is skipped") {
    Article a = one(kData + "truncated.html");
    CHECK(a.title == "Harbour bridge reopens after two years of repairs");
    CHECK(paragraphs(a.text) == 2);
    FileResult r = read(kData + "no-article.html");
    CHECK(r.outcome == Outcome::skipped);
    CHECK(contains(problem_of(r), "no-article.html: no article text in HTML"));
}

TEST_CASE("ingest: HTML by content, and a declared Latin-1 charset read as Windows-1252") {
    Article a = one(kData + "page-with-txt-name.txt");
    CHECK(a.format == "html");
    CHECK(a.title == "Rail strike called off");
    CHECK(paragraphs(a.text) == 2);
    Article b = one(kData + "windows-1252.html");
    CHECK(b.title == "Caf\xC3\xA9 society");
    CHECK(b.text ==
          "The caf\xC3\xA9\xE2\x80\x99s owner said the \xE2\x80\x9Cnew menu\xE2\x80\x9D "
          "had doubled trade since January.");
}

TEST_CASE("ingest: JSON Lines: one broken line, the others indexed") {
    const std::string path = kData + "articles.jsonl";
    FileResult r = read(path);
    REQUIRE(r.outcome == Outcome::ok);
    REQUIRE(r.articles.size() == 2);
    CHECK(r.records_failed == 1);
    CHECK(r.records_skipped == 1);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].line == 2);
    CHECK(r.problems[0].to_string().rfind(path + ":2: invalid JSON: ", 0) == 0);
    CHECK(r.problems[1].to_string() ==
          path + ":5: no article text (expected \"body\", \"text\" or \"content\")");

    const Article& wind = r.articles[0];
    CHECK(wind.format == "jsonl");
    CHECK(wind.line == 1);
    CHECK(wind.key == "https://example.org/wind-farm");  // the url is the stable key
    CHECK(wind.title == "Wind farm approved off the north coast");
    CHECK(wind.date == "2025-01-20");
    CHECK(wind.date_source == DateSource::metadata);
    CHECK(wind.source == "AP");
    CHECK(wind.byline == "Lee Park");
    CHECK(paragraphs(wind.text) == 2);

    const Article& lib = r.articles[1];
    CHECK(lib.key == fs::absolute(path).lexically_normal().string() + ":4");
    CHECK(lib.title == "Library extends opening hours");
    CHECK(lib.date == "2025-03-05");
    CHECK(lib.byline == "Ana Ruiz, Ben Cole");
    CHECK(lib.text ==
          "The central library will open until 9 p.m. on weekdays from next month."
          "\n\nStaff said demand for evening study space had grown.");
}

TEST_CASE("ingest: JSON arrays, single objects, and JSON Lines without an extension") {
    FileResult r = read(kData + "articles.json");
    REQUIRE(r.outcome == Outcome::ok);
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].key == "https://example.org/statue");
    CHECK(r.articles[0].date == "2025-03-12");
    CHECK(r.articles[0].source == "Reuters");
    CHECK(r.articles[1].date == "2025-04-01");
    CHECK(r.articles[0].key != r.articles[1].key);

    Article s = one(kData + "single.json");
    CHECK(s.format == "json");
    CHECK(s.key == fs::absolute(kData + "single.json").lexically_normal().string());
    CHECK(s.byline == "Karin Holm");
    CHECK(s.source == "AFP");
    CHECK(s.date == "2025-01-12");

    FileResult f = read(kData + "feed");
    REQUIRE(f.outcome == Outcome::ok);
    CHECK(f.articles.size() == 2);
    CHECK(f.articles[1].format == "jsonl");
}

// ---- bad input ---------------------------------------------------------------------------

TEST_CASE("ingest: bad input gets one warning line and an outcome") {
    struct Case {
        std::string file;
        Outcome outcome;
        std::string reason;
    };
    for (const Case& c : std::vector<Case>{
             {"empty.txt", Outcome::skipped, "empty file"},
             {"whitespace.txt", Outcome::skipped, "empty file (only whitespace)"},
             {"binary.txt", Outcome::skipped, "binary file (contains NUL bytes)"},
             {"pdf-renamed.txt", Outcome::skipped, "binary file (PDF)"},
             {"report.pdf", Outcome::skipped, "unsupported file type .pdf"},
         }) {
        CAPTURE(c.file);
        FileResult r = read(kData + c.file);
        CHECK(r.outcome == c.outcome);
        CHECK(r.articles.empty());
        CHECK(problem_of(r) == kData + c.file + ": " + c.reason);
    }
    FileResult big = read(kData + "furniture.txt", 100);
    CHECK(big.outcome == Outcome::skipped);
    CHECK(contains(problem_of(big), "furniture.txt: larger than --max-file-size ("));

    FileResult bad = read(kData + "invalid.json");
    CHECK(bad.outcome == Outcome::failed);
    CHECK(problem_of(bad).rfind(kData + "invalid.json: invalid JSON: ", 0) == 0);
}

TEST_CASE("ingest: broken symlinks, unreadable files, directories, JSON Lines all bad") {
    test::TempDir tmp;
    fs::create_symlink(tmp / "missing.txt", tmp / "link.txt");
    FileResult link = read(tmp / "link.txt");
    CHECK(link.outcome == Outcome::failed);
    CHECK(problem_of(link) == tmp / "link.txt" + ": broken symbolic link (its target is missing)");

    FileResult missing = read(tmp / "nothing.txt");
    CHECK(missing.outcome == Outcome::failed);
    CHECK(problem_of(missing) == tmp / "nothing.txt" + ": cannot read: No such file or directory");

    fs::create_directory(tmp / "dir.txt");
    CHECK(read(tmp / "dir.txt").outcome == Outcome::skipped);

    spit(tmp / "locked.txt", "Headline\n\nBody text that nobody may read.\n");
    ::chmod((tmp / "locked.txt").c_str(), 0);
    if (::geteuid() != 0) {  // root reads anything
        FileResult locked = read(tmp / "locked.txt");
        CHECK(locked.outcome == Outcome::failed);
        CHECK(problem_of(locked) == tmp / "locked.txt" + ": cannot read: Permission denied");
    }

    spit(tmp / "bad.jsonl", "{not json\n[1, 2]\n");
    FileResult all_bad = read(tmp / "bad.jsonl");
    CHECK(all_bad.outcome == Outcome::failed);
    CHECK(all_bad.problems.size() == 2);
    CHECK(all_bad.problems[1].to_string() == tmp / "bad.jsonl" + ":2: not a JSON object");
}

TEST_CASE("ingest: FIFOs, sockets and links to devices are skipped by type, never read") {
    test::TempDir tmp;
    REQUIRE(::mkfifo((tmp / "fifo.txt").c_str(), 0644) == 0);
    fs::create_symlink("/dev/zero", tmp / "zero.txt");
    fs::create_symlink("/dev/null", tmp / "null.html");
    // A FIFO without a writer used to block open() forever; /dev/zero was read until memory ran
    // out.
    for (const char* name : {"fifo.txt", "zero.txt", "null.html"}) {
        CAPTURE(name);
        FileResult r = read(tmp / name);
        CHECK(r.outcome == Outcome::skipped);
        CHECK(problem_of(r) == tmp / name + ": not a regular file");
        std::string bytes;
        CHECK(read_regular_file(tmp / name, 1 << 20, bytes) == ReadStatus::not_regular);
        CHECK(bytes.empty());
    }
    spit(tmp / "a.txt", "Headline\n\nSome text.\n");
    std::string bytes;
    CHECK(read_regular_file(tmp / "a.txt", 1 << 20, bytes) == ReadStatus::ok);
    CHECK(bytes == "Headline\n\nSome text.\n");
    CHECK(read_regular_file(tmp / "a.txt", 4, bytes) == ReadStatus::ok);
    CHECK(bytes == "Head");  // never more than the limit
}

TEST_CASE("ingest: a file of many bad records reports ten of them and counts the rest") {
    test::TempDir tmp;
    std::string lines;
    for (int i = 0; i < 1000; ++i)
        lines += "{not json\n";
    lines += "{\"title\": \"Fine\", \"body\": \"A normal line of article text.\"}\n";
    spit(tmp / "bad.jsonl", lines);
    FileResult r = read(tmp / "bad.jsonl");
    CHECK(r.outcome == Outcome::ok);
    CHECK(r.records_failed == 1000);
    REQUIRE(r.problems.size() == kMaxRecordProblems + 1);
    CHECK(r.problems.back().to_string() == tmp / "bad.jsonl" + ": and 990 more bad records");
}

TEST_CASE("ingest: a UTF-8 file cut off inside its last character stays UTF-8") {
    // One accent and a cut one were 1 valid sequence against 1 bad byte: read as Windows-1252.
    Decoded d = to_utf8("Z\xC3\xBCrich council\n\nThe council met in Z\xC3");
    CHECK(d.text == "Z\xC3\xBCrich council\n\nThe council met in Z");
    CHECK(d.encoding == "UTF-8 (repaired)");
    CHECK(to_utf8("price: 5 \xE2\x82\xAC, was 6 \xE2\x82").text == "price: 5 \xE2\x82\xAC, was 6 ");
    CHECK(to_utf8("emoji \xF0\x9F\x98\x80 cut \xF0\x9F\x98").text == "emoji \xF0\x9F\x98\x80 cut ");
    // Nothing else beyond ASCII: the last byte is Windows-1252, not a cut character.
    CHECK(to_utf8("caf\xE9").text == "caf\xC3\xA9");
}

// ---- robustness --------------------------------------------------------------------------

// NEWSDESK_FUZZ_ROUNDS (default 400) and NEWSDESK_FUZZ_SEED make longer runs possible, e.g.
// under -fsanitize=address,undefined.
TEST_CASE("ingest: parsers survive random, truncated and mutated input") {
    const char* rounds_env = std::getenv("NEWSDESK_FUZZ_ROUNDS");
    const char* seed_env = std::getenv("NEWSDESK_FUZZ_SEED");
    const int rounds = rounds_env ? std::atoi(rounds_env) : 400;
    std::mt19937 rng(seed_env ? static_cast<unsigned>(std::atoi(seed_env)) : 20241029u);
    std::vector<std::string> seeds;
    for (const char* f : {"article.html", "furniture.txt", "articles.jsonl", "articles.json",
                          "reuters.txt", "windows-1252.html"}) {
        seeds.push_back(slurp(kData + f));
    }
    seeds.push_back(slurp(kCorpus + "001_59659c919547118f.txt"));
    auto check = [](const Article& a) {
        CHECK(text::is_valid_utf8(a.title));
        CHECK(text::is_valid_utf8(a.text));
        CHECK(text::is_valid_utf8(a.byline));
        CHECK(text::is_valid_utf8(a.source));
        CHECK(text::is_valid_utf8(a.dateline));
    };
    const FileContext ctx{"fuzz", "/fuzz", "2000-01-01"};
    for (int round = 0; round < rounds; ++round) {
        std::string input = seeds[rng() % seeds.size()];
        switch (round % 4) {
            case 0:  // truncated
                input.resize(rng() % (input.size() + 1));
                break;
            case 1:  // bytes replaced
                for (int k = 0; k < 20 && !input.empty(); ++k)
                    input[rng() % input.size()] = static_cast<char>(rng() & 0xff);
                break;
            case 2:  // random bytes
                input.assign(rng() % 512, '\0');
                for (char& c : input)
                    c = static_cast<char>(rng() & 0xff);
                break;
            case 3:  // markup-heavy noise
                input.clear();
                for (int k = 0; k < 200; ++k) {
                    static const char* kBits[] = {"<p>",     "</p>",     "<div class=\"share\">",
                                                  "&amp;",   "&#",       "<",
                                                  ">",       "\n",       "{",
                                                  "}",       "\"",       "(AP) \xE2\x80\x94 ",
                                                  "By ",     "2024-10-", "\xE2\x80",
                                                  "Related", "\n\n"};
                    input += kBits[rng() % std::size(kBits)];
                }
                break;
        }
        std::string utf8 = normalize_text(to_utf8(input).text);
        check(parse_plain_text(utf8, "/fuzz", "2000-01-01"));
        check(parse_html(utf8, "/fuzz", "2000-01-01"));
        FileResult r;
        parse_json_lines(utf8, ctx, r);
        for (const auto& a : r.articles)
            check(a);
        FileResult j;
        parse_json(utf8, ctx, j);
        CHECK(text::is_valid_utf8(decode_char_refs(utf8)));
    }
}

TEST_CASE("ingest: a whole file through read_file for each fuzzed kind") {
    test::TempDir tmp;
    std::mt19937 rng(7);
    const std::string html = slurp(kData + "article.html");
    for (int i = 0; i < 40; ++i) {
        std::string cut = html.substr(0, rng() % html.size());
        for (const char* name : {"a.html", "a.txt", "a", "a.jsonl", "a.json"}) {
            spit(tmp / name, cut);
            FileResult r = read(tmp / name);
            CHECK((r.outcome != Outcome::ok || !r.articles.empty()));
            CHECK((r.outcome == Outcome::ok || !r.problems.empty()));
        }
    }
}

TEST_CASE("ingest: deep nesting in JSON and HTML does not exhaust the stack") {
    test::TempDir tmp;
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    spit(tmp / "deep.jsonl",
         "{\"title\": \"Deep\", \"body\": " + deep + ", \"author\": " + deep + "}\n" +
             "{\"title\": \"Fine\", \"body\": \"A normal line of article text.\"}\n");
    FileResult r = read(tmp / "deep.jsonl");
    CHECK(r.outcome == Outcome::ok);
    CHECK(r.articles.size() == 1);
    CHECK(r.records_skipped == 1);

    std::string html =
        "<html><head><script type=\"application/ld+json\">" + deep + "</script></head><body>";
    for (int i = 0; i < 100000; ++i)
        html += "<div>";
    html += "<p>Text at the bottom of a very deep page.</p></body></html>";
    spit(tmp / "deep.html", html);
    FileResult h = read(tmp / "deep.html");
    CHECK((h.outcome == Outcome::ok || h.outcome == Outcome::skipped));
}

TEST_CASE("ingest: a JSON articles array nested 100,000 deep is read without recursion") {
    test::TempDir tmp;
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    spit(tmp / "deep.json", "{\"articles\": " + deep + "}");
    FileResult r = read(tmp / "deep.json");  // used to overflow the stack copying the array
    CHECK(r.outcome == Outcome::failed);
    CHECK(problem_of(r) == tmp / "deep.json" + ": element 0: not a JSON object");
    spit(tmp / "fine.json", "{\"articles\": [{\"title\": \"Fine\", \"body\": \"Text.\"}]}");
    CHECK(read(tmp / "fine.json").articles.size() == 1);
}

TEST_CASE("ingest: tags keep at most MarkupLimits::attributes attributes, cut in one pass") {
    const MarkupLimits two{2, 200}, one{1, 200};
    CHECK_FALSE(bound_markup("<p a=1 b='2'>x</p>", two));
    CHECK(*bound_markup("<p a=1 b='2' c=\"3 >\" d>x</p>", two) == "<p a=1 b='2' >x</p>");
    CHECK(*bound_markup("<br a b c/><i>", one) == "<br a /><i>");
    CHECK_FALSE(bound_markup("<!-- <p a b c d> --><p a>", one));
    CHECK_FALSE(bound_markup("a < b and c<", one));
    CHECK_FALSE(bound_markup("<script>if (a<b c d e) x = '<p a b c>';</script><p a>", one));
    // 100,000 attributes on one tag (libxml2 alone: N^2, minutes): the text is still read.
    std::string page = "<html><head><title>Attributes</title></head><body><div";
    for (int i = 0; i < 100000; ++i)
        page += " a" + std::to_string(i) + "=\"v\"";
    page += "><p>Kursk troops text after a tag with very many attributes.</p></div></body></html>";
    Article a = parse_html(page, "/attrs.html", "2000-01-01");
    CHECK(a.text.find("Kursk troops text") != std::string::npos);
}

TEST_CASE("ingest: start tags beyond MarkupLimits::depth open elements are not opened") {
    const MarkupLimits three{200, 3};
    CHECK_FALSE(bound_markup("<div><div><div>x</div></div></div>", three));
    CHECK(*bound_markup("<div><div><div><div><b>x</b></div></div></div></div>", three) ==
          "<div><div><div>x</div></div></div>");
    // What closes itself or opens nothing does not count: implied ends, void elements, "/>".
    CHECK_FALSE(bound_markup("<ul><li>a<li>b<li>c</ul><p>1<p>2<p>3<p>4", three));
    CHECK_FALSE(bound_markup("<div><div><br><img src=x><hr/><span/>x</div></div>", three));
    CHECK_FALSE(bound_markup("<table><tr><td>1<td>2<tr><th>3<td>4</table>", three));
    // A stray end tag closes nothing; an end tag closes what is open inside its element.
    CHECK_FALSE(bound_markup("</i></i><div><span><i>x</div><div><div>y</div></div>", three));
    // Markup inside a comment or a script is not counted.
    CHECK_FALSE(
        bound_markup("<div><div><!-- <div><div> --><script><div><div></script></div>", three));
    // A sibling after the cut opens normally again.
    CHECK(*bound_markup("<a><a><a><a>x</a></a>y</a><b>z</b></a>", three) ==
          "<a><a><a>x</a>y</a><b>z</b></a>");
}

TEST_CASE("ingest: the text at the bottom of a page nested 100,000 deep is read") {
    std::string page = "<html><head><title>Deep page</title></head><body>";
    for (int i = 0; i < 100000; ++i)
        page += "<div>";
    page += "<p>Kursk troops held the line at the bottom of a very deep page.</p>";
    for (int i = 0; i < 100000; ++i)
        page += "</div>";
    page += "<p>And a paragraph after it.</p></body></html>";
    Article a = parse_html(page, "/deep.html", "2000-01-01");
    CHECK(a.text.find("Kursk troops held the line") != std::string::npos);
    CHECK(a.text.find("And a paragraph after it.") != std::string::npos);
}

TEST_CASE("ingest: JSON fields of unexpected types are read or ignored, never trusted") {
    test::TempDir tmp;
    spit(tmp / "odd.jsonl",
         "{\"title\": 123, \"body\": \"Text of the first article.\", \"date\": [2024], "
         "\"url\": null, \"source\": true, \"author\": {\"name\": \"Jo Bloggs\"}}\n"
         "{\"title\": \"Second\", \"body\": {\"text\": \"nested\"}, \"text\": \"Fallback body.\"}\n"
         "{\"title\": \"Third\", \"body\": \"Body.\", \"date\": 1e300, \"published\": -5}\n"
         "\"just a string\"\n"
         "null\n");
    FileResult r = read(tmp / "odd.jsonl");
    REQUIRE(r.outcome == Outcome::ok);
    REQUIRE(r.articles.size() == 3);
    CHECK(r.articles[0].title == "123");
    CHECK(r.articles[0].byline == "Jo Bloggs");
    CHECK(r.articles[0].source.empty());
    CHECK(r.articles[0].date_source == DateSource::mtime);
    CHECK(r.articles[1].text == "Fallback body.");
    CHECK(r.records_failed == 2);  // the string and the null are not objects
}

TEST_CASE("ingest: HTML: a comment thread longer than the article is still left out") {
    test::TempDir tmp;
    std::string html =
        "<html><head><title>Council approves budget</title></head><body>"
        "<div class=\"post has-share-bar\"><h1>Council approves budget</h1>"
        "<p>The city council approved next year's budget on Monday after a four-hour debate "
        "that ran late into the evening.</p>"
        "<p>Spending on roads rises by a tenth, while the library budget is frozen for a "
        "second year.</p></div>"
        "<ol class=\"comment-list\">";
    for (int i = 0; i < 10; ++i) {
        html += "<li class=\"comment\"><p>Reader comment number " + std::to_string(i) +
                ", which goes on at some length about potholes, parking and the price of "
                "everything in this town.</p></li>";
    }
    html += "</ol></body></html>";
    spit(tmp / "page.html", html);
    Article a = one(tmp / "page.html");
    CHECK(a.title == "Council approves budget");
    CHECK(paragraphs(a.text) == 2);
    CHECK_FALSE(contains(a.text, "Reader comment"));

    // Without comments, a share-bar class on the article's own container removes nothing.
    std::string plain = html.substr(0, html.find("<ol")) + "</body></html>";
    spit(tmp / "plain.html", plain);
    CHECK(paragraphs(one(tmp / "plain.html").text) == 2);
}
