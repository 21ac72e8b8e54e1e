#include <doctest/doctest.h>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/facets.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stored.hpp"
#include "newsdesk/internal/text.hpp"

using namespace newsdesk;

TEST_CASE("article ids are stable 16-hex-digit hashes of the key") {
    CHECK(text::article_id("/a/b.txt") == text::article_id("/a/b.txt"));
    CHECK(text::article_id("/a/b.txt") != text::article_id("/a/c.txt"));
    CHECK(text::article_id("x").size() == 16);
    // FNV-1a 64 of the empty string is its offset basis: ids must never change across releases.
    CHECK(text::hex64(text::fnv1a64("")) == "cbf29ce484222325");
}

TEST_CASE("UTF-8 validation rejects what is not UTF-8") {
    CHECK(text::is_valid_utf8("North Korea\xe2\x80\x99s"));
    CHECK_FALSE(text::is_valid_utf8("caf\xe9"));       // Latin-1
    CHECK_FALSE(text::is_valid_utf8("\xc0\xaf"));      // overlong
    CHECK_FALSE(text::is_valid_utf8("\xed\xa0\x80"));  // surrogate
    CHECK_FALSE(text::is_valid_utf8("\xe2\x80"));      // truncated
}

TEST_CASE("typographic punctuation folds for indexing") {
    CHECK(text::fold_punctuation("North Korea\xe2\x80\x99s") == "North Korea's");
    CHECK(text::fold_punctuation("\xe2\x80\x9cquoted\xe2\x80\x9d") == "\"quoted\"");
    CHECK(text::fold_punctuation("Choe Son\xe2\x80\x90hui \xe2\x80\x94 x") == "Choe Son-hui - x");
    CHECK(text::fold_punctuation("soft\xc2\xadhyphen") == "softhyphen");
    CHECK(text::fold_punctuation("caf\xc3\xa9") == "caf\xc3\xa9");
}

TEST_CASE("entity keys merge case, hyphen and dot variants") {
    CHECK(text::entity_key("Choe Son-hui") == "choe son hui");
    CHECK(text::entity_key("CHOE  Son Hui") == "choe son hui");
    CHECK(text::entity_key("Choe Son\xe2\x80\x91hui") == "choe son hui");
    CHECK(text::entity_key("U.S.") == "us");
    CHECK(text::entity_key("  Kursk ") == "kursk");
}

TEST_CASE("html escaping covers markup and quotes") {
    CHECK(text::html_escape("<img src=x onerror='a'>&\"") ==
          "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;");
}

TEST_CASE("cut_at_word never splits a word or a UTF-8 sequence") {
    CHECK(text::cut_at_word("short", 120) == "short");
    CHECK(text::cut_at_word("North Korea is sending a minister", 16) == "North Korea is");
    std::string_view cut = text::cut_at_word("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3);
    CHECK(text::is_valid_utf8(cut));
}

TEST_CASE("facet lists round-trip, including long names") {
    std::vector<std::string> names{"Choe Son Hui", "", std::string(300, 'x'), "NATO"};
    CHECK(facets::decode_list(facets::encode_list(names)) == names);
    // A truncated list yields the complete entries only.
    std::string enc = facets::encode_list({"abc", "defgh"});
    CHECK(facets::decode_list(enc.substr(0, enc.size() - 2)) == std::vector<std::string>{"abc"});
}

TEST_CASE("schema terms stay within Xapian's term length limit") {
    std::string t = schema::term(schema::kPerson, std::string(400, 'a'));
    CHECK(t.size() <= 200);
    CHECK(t != schema::term(schema::kPerson, std::string(401, 'a')));
    CHECK(schema::term(schema::kPlace, "kursk") == "XLOCkursk");
}

TEST_CASE("stored articles round-trip through document data") {
    stored::StoredArticle s;
    s.id = "0123456789abcdef";
    s.article.title = "Title \xe2\x80\x99";
    s.article.text = "Body\n\nSecond";
    s.article.date = "2024-10-29";
    s.article.date_source = DateSource::content;
    s.article.entities.push_back({EntityType::place, 3, 8, "Kursk", "Kursk"});
    stored::StoredArticle back = stored::decode(stored::encode(s));
    CHECK(back.id == s.id);
    CHECK(back.article.title == s.article.title);
    CHECK(back.article.text == s.article.text);
    CHECK(back.article.date_source == DateSource::content);
    REQUIRE(back.article.entities.size() == 1);
    CHECK(back.article.entities[0].type == EntityType::place);
    CHECK(back.article.entities[0].end == 8);
    CHECK_THROWS(stored::decode("not json"));
}

TEST_CASE("a stored record with a field of the wrong type is a DatabaseError, not a type error") {
    // Found by fuzz_stored: nlohmann's accessors threw type_error.302 through decode().
    CHECK_THROWS_AS(stored::decode(R"({"v":2,"id":"0123456789abcdef","path":0})"), DatabaseError);
    CHECK_THROWS_AS(stored::decode(R"({"v":2,"title":["a"]})"), DatabaseError);
    CHECK_THROWS_AS(stored::decode(R"({"v":2,"line":"seven"})"), DatabaseError);
}

TEST_CASE("decode_without_entities reads what decode reads, but the entities") {
    stored::StoredArticle s;
    s.id = "0123456789abcdef";
    s.story = "fedcba9876543210";
    Article& a = s.article;
    a.key = "k";
    a.path = "/x/\"quoted\" \\ back/slash.txt";
    a.line = 1234;
    a.format = "jsonl";
    a.title = "Title \xe2\x80\x99 \xf0\x9f\x98\x80 <b>&</b>";
    a.text = std::string("Body\n\nSecond\ttab \x01\x1f control \"q\" \\ [{]} , end") +
             std::string(1, '\0') + "after nul";
    a.date = "2024-10-29";
    a.date_source = DateSource::metadata;
    a.source = "AP";
    a.url = "https://example.com/a?b=1&c=\"2\"";
    a.byline = "By \\ Someone";
    a.dateline = "KYIV";
    a.entities.push_back({EntityType::place, 3, 8, "Kursk \"]}", "Kursk\\"});
    a.entities.push_back({EntityType::person, 10, 20, "Choe", "Choe Son Hui"});
    const std::string data = stored::encode(s);
    stored::StoredArticle full = stored::decode(data);
    stored::StoredArticle fast = stored::decode_without_entities(data);
    CHECK(fast.id == full.id);
    CHECK(fast.story == full.story);
    CHECK(fast.article.key == full.article.key);
    CHECK(fast.article.path == a.path);
    CHECK(fast.article.line == 1234);
    CHECK(fast.article.format == full.article.format);
    CHECK(fast.article.title == a.title);
    CHECK(fast.article.text == a.text);
    CHECK(fast.article.date == full.article.date);
    CHECK(fast.article.date_source == DateSource::metadata);
    CHECK(fast.article.source == full.article.source);
    CHECK(fast.article.url == a.url);
    CHECK(fast.article.byline == a.byline);
    CHECK(fast.article.dateline == full.article.dateline);
    CHECK(fast.article.entities.empty());
    // Escapes nlohmann does not write, but JSON allows.
    stored::StoredArticle u = stored::decode_without_entities(
        R"({"id":"a\u00e9\ud83d\ude00\/","text":"x","line":7,"entities":[{"a":[1,{"b":"]"}]}]})");
    CHECK(u.id == "a\xc3\xa9\xf0\x9f\x98\x80/");
    CHECK(u.article.text == "x");
    CHECK(u.article.line == 7);
    CHECK_THROWS(stored::decode_without_entities("not json"));
    CHECK_THROWS(stored::decode_without_entities(R"({"id":"unterminated)"));
}

TEST_CASE("printable: names from outside cannot forge a line or send a terminal escape") {
    CHECK(text::printable("plain/ünïcödé name.txt") == "plain/ünïcödé name.txt");
    CHECK(text::printable("evil\nnewsdesk-index: fake.txt: indexed fine \x1b[2J") ==
          "evil\\nnewsdesk-index: fake.txt: indexed fine \\x1b[2J");
    CHECK(text::printable("a\tb\rc\\d\x7f") == "a\\tb\\rc\\\\d\\x7f");
    CHECK(text::printable("latin1-\xe9\xff.txt") == "latin1-\\xe9\\xff.txt");
    CHECK(text::printable("cut \xe2\x80") == "cut \\xe2\\x80");
    CHECK(text::printable("c1 \xc2\x9b"
                          "2J, line\xe2\x80\xa8sep") == "c1 \\u009b2J, line\\u2028sep");
    CHECK(text::printable(std::string("nul\0byte", 8)) == "nul\\x00byte");
}
