#include "ingest/lines.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "newsdesk/internal/text.hpp"

namespace newsdesk::ingest {

namespace {

// Longest line any furniture rule looks at; longer lines are article text.
constexpr std::size_t kMaxFurniture = 400;

bool ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// True when `s` holds a letter or digit in any script.
bool has_alnum(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    int32_t i = 0, n = static_cast<int32_t>(s.size());
    while (i < n) {
        if (p[i] < 0x80) {
            if (ascii_alnum(static_cast<char>(p[i]))) return true;
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c >= 0 && u_isalnum(c)) return true;
    }
    return false;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}
bool contains(std::string_view s, std::string_view p) {
    return s.find(p) != std::string_view::npos;
}

// Calls `f` with each word of a lower-cased line, stopping early when it returns false; returns
// whether it ran to the end. Words are runs of ASCII letters, digits, apostrophes, and
// non-ASCII letters; symbols and punctuation separate words and are dropped ("Share | Tweet ✕"
// gives "share", "tweet").
template <class F>
bool for_each_word(std::string_view s, F&& f) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    int32_t i = 0, n = static_cast<int32_t>(s.size());
    int32_t start = -1;
    while (i < n) {
        int32_t at = i;
        bool word_char;
        if (p[i] < 0x80) {
            char c = static_cast<char>(p[i]);
            // A dot inside a number ("1.2k") or an apostrophe inside a word ("don't") joins.
            word_char = ascii_alnum(c) || ((c == '\'' || c == '.') && start >= 0 && i + 1 < n &&
                                           ascii_alnum(static_cast<char>(p[i + 1])));
            ++i;
        } else {
            UChar32 c;
            U8_NEXT(p, i, n, c);
            word_char = c >= 0 && u_isalnum(c);
            if (c == 0x2019 && start >= 0) word_char = true;  // don’t
        }
        if (word_char) {
            if (start < 0) start = at;
        } else if (start >= 0) {
            if (!f(s.substr(start, at - start))) return false;
            start = -1;
        }
    }
    if (start >= 0) return f(s.substr(start, n - start));
    return true;
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    for_each_word(s, [&](std::string_view w) {
        out.push_back(w);
        return true;
    });
    return out;
}

bool is_number(std::string_view w) {
    if (w.empty() || w[0] < '0' || w[0] > '9') return false;
    for (std::size_t i = 0; i < w.size(); ++i) {
        char c = w[i];
        bool ok = (c >= '0' && c <= '9') || c == '.' || c == ',';
        if (!ok && i + 1 == w.size() && (c == 'k' || c == 'm')) ok = true;
        if (!ok) return false;
    }
    return true;
}

template <std::size_t N>
bool in(std::string_view w, const std::string_view (&set)[N]) {
    return std::find(std::begin(set), std::end(set), w) != std::end(set);
}

// ---- interface labels --------------------------------------------------------------------

// Labels that only interface elements use.
constexpr std::string_view kWidgetStrong[] = {
    "close",      "share",       "shares",        "shared",         "sharing",     "tweet",
    "tweets",     "retweet",     "facebook",      "twitter",        "linkedin",    "whatsapp",
    "reddit",     "pinterest",   "telegram",      "tumblr",         "flipboard",   "messenger",
    "email",      "print",       "printer",       "comment",        "comments",    "subscribe",
    "subscribed", "unsubscribe", "advertisement", "advertisements", "advertising", "sponsored",
    "bookmark",   "bookmarks",   "reply",         "replies",        "login",       "logout",
    "signup",     "signin",      "menu",          "skip",           "toggle",      "listen",
    "like",       "likes",       "follow",        "followers",      "copy",        "copied",
    "save",       "saved",       "expand",        "collapse",       "dismiss",     "cancel",
    "newsletter", "newsletters", "rss",           "permalink",      "embed",       "whatsapp",
    "sms",        "mailto"};

// Words that go with interface labels but are ordinary words on their own.
constexpr std::string_view kWidgetWeak[] = {
    "a",       "an",       "the",       "this",   "that",    "to",       "on",      "in",
    "of",      "for",      "with",      "and",    "or",      "via",      "by",      "us",
    "me",      "my",       "our",       "your",   "it",      "article",  "story",   "post",
    "page",    "link",     "url",       "more",   "read",    "continue", "reading", "show",
    "hide",    "load",     "view",      "all",    "see",     "full",     "next",    "previous",
    "prev",    "back",     "top",       "main",   "content", "home",     "news",    "open",
    "opens",   "new",      "window",    "tab",    "photos",  "photo",    "video",   "videos",
    "image",   "images",   "gallery",   "audio",  "play",    "watch",    "sign",    "log",
    "up",      "out",      "ad",        "ads",    "x",       "icon",     "button",  "send",
    "options", "settings", "now",       "here",   "click",   "tap",      "add",     "remove",
    "e",       "mail",     "google",    "apple",  "text",    "size",     "font",    "whatsapp",
    "app",     "link",     "clipboard", "friend", "page",    "search",   "go"};

// Whole lines that are interface labels though made of ordinary words.
constexpr std::string_view kWidgetPhrases[] = {"read more",
                                               "continue reading",
                                               "sign up",
                                               "sign in",
                                               "log in",
                                               "show more",
                                               "load more",
                                               "see more",
                                               "view all",
                                               "back to top",
                                               "skip to content",
                                               "skip to main content",
                                               "next article",
                                               "previous article",
                                               "next story",
                                               "previous story",
                                               "open in app",
                                               "click here",
                                               "ad",
                                               "ads",
                                               "see all",
                                               "view more",
                                               "read full article",
                                               "read the full article",
                                               "read full story",
                                               "more",
                                               "go back",
                                               "home",
                                               "x"};

bool is_widget(const std::vector<std::string_view>& ws, std::string_view key) {
    if (ws.empty()) return false;
    if (in(key, kWidgetPhrases)) return true;
    bool strong = false;
    for (std::string_view w : ws) {
        if (in(w, kWidgetStrong)) {
            strong = true;
        } else if (!in(w, kWidgetWeak) && !is_number(w)) {
            return false;
        }
    }
    return strong;
}

// ---- vocabularies of short label lines ---------------------------------------------------

constexpr std::string_view kUnits[] = {"min",  "mins",   "minute",  "minutes", "sec",
                                       "secs", "second", "seconds", "hour",    "hours",
                                       "hr",   "hrs",    "m",       "s"};

constexpr std::string_view kVerbs[] = {"read", "reading", "listen", "listening"};

constexpr std::string_view kFiller[] = {
    "time", "estimated", "est",     "approx", "approximately", "about", "a",    "an",
    "the",  "this",      "article", "story",  "and",           "takes", "it",   "to",
    "will", "you",       "take",    "left",   "remaining",     "less",  "than", "under"};

constexpr std::string_view kRelatedVocab[] = {
    "related",   "similar",    "recommended", "recommendations",
    "popular",   "trending",   "latest",      "recent",
    "more",      "most",       "read",        "stories",
    "story",     "posts",      "post",        "articles",
    "article",   "news",       "content",     "coverage",
    "you",       "may",        "might",       "also",
    "like",      "for",        "top",         "picks",
    "pick",      "editor's",   "editors",     "next",
    "see",       "don't",      "dont",        "miss",
    "from",      "this",       "on",          "topic",
    "topics",    "interested", "in",          "be",
    "to",        "other",      "headlines",   "watched",
    "viewed",    "further",    "links",       "around",
    "web",       "the",        "partner",     "we",
    "recommend", "what",       "s",           "hot",
    "reads",     "elsewhere",  "stories:"};

constexpr std::string_view kRelatedAnchors[] = {
    "related",   "similar", "recommended", "recommendations", "popular", "trending",
    "latest",    "recent",  "also",        "further",         "miss",    "picks",
    "recommend", "most",    "elsewhere"};

constexpr std::string_view kCommentsVocab[] = {
    "leave",   "a",         "an",       "reply",  "replies", "comment",      "comments",
    "post",    "add",       "your",     "join",   "the",     "conversation", "discussion",
    "discuss", "responses", "response", "show",   "view",    "hide",         "load",
    "all",     "write",     "thoughts", "reader", "readers", "to",           "on",
    "this",    "article",   "story",    "one",    "no",      "yet",          "be",
    "first",   "of",        "what",     "do",     "you",     "think"};

constexpr std::string_view kCommentsAnchors[] = {
    "reply", "comment", "comments", "conversation", "discussion", "responses", "thoughts"};

// ---- reading time ------------------------------------------------------------------------

bool is_reading_time(const std::vector<std::string_view>& ws) {
    bool number = false, unit = false, verb = false;
    for (std::string_view w : ws) {
        if (is_number(w)) {
            number = true;
        } else if (in(w, kUnits)) {
            unit = true;
        } else if (in(w, kVerbs)) {
            verb = true;
        } else if (!in(w, kFiller)) {
            return false;
        }
    }
    return number && unit && verb;
}

// ---- section headings --------------------------------------------------------------------

bool is_related_heading(const std::vector<std::string_view>& ws) {
    if (ws.empty() || ws.size() > 6) return false;
    bool anchor = false;
    for (std::string_view w : ws) {
        if (!in(w, kRelatedVocab)) return false;
        anchor = anchor || in(w, kRelatedAnchors);
    }
    // "Related" alone heads a list; "Latest" or "Most" alone is too vague.
    if (ws.size() == 1) return ws[0] == "related" || ws[0] == "recommended" || ws[0] == "trending";
    // "More stories", "More news", "More from the BBC": "more" heads a list when it leads.
    return anchor || ws[0] == "more";
}

bool is_comments_heading(const std::vector<std::string_view>& ws) {
    if (ws.empty() || ws.size() > 7) return false;
    bool anchor = false;
    for (std::string_view w : ws) {
        if (!in(w, kCommentsVocab) && !is_number(w)) return false;
        anchor = anchor || in(w, kCommentsAnchors);
    }
    return anchor;
}

// ---- boilerplate phrase families ---------------------------------------------------------

// A quick first test for is_boilerplate(): every phrase family it knows either starts the line
// with one of kBoilerplateFirst (or a copyright sign) or holds one of kBoilerplateWords.
constexpr std::string_view kBoilerplateFirst[] = {
    "related", "read", "also",      "see",      "more",      "recommended", "watch",      "listen",
    "click",   "must", "don't",     "trending", "image",     "photo",       "photograph", "picture",
    "credit",  "c",    "copyright", "sign",     "subscribe", "story"};
constexpr std::string_view kBoilerplateWords[] = {
    "published", "required",      "save",        "logged",  "akismet", "cookie",    "cookies",
    "rights",    "newsletter",    "newsletters", "app",     "follow",  "continues", "continue",
    "scroll",    "advertisement", "photo",       "reuters", "getty",   "click"};

bool may_be_boilerplate(std::string_view l) {
    static const auto* first = new std::unordered_set<std::string_view>(
        std::begin(kBoilerplateFirst), std::end(kBoilerplateFirst));
    static const auto* any = new std::unordered_set<std::string_view>(std::begin(kBoilerplateWords),
                                                                      std::end(kBoilerplateWords));
    if (starts_with(l, "\xC2\xA9") || starts_with(l, "(")) return true;
    bool is_first = true, hit = false;
    for_each_word(l, [&](std::string_view w) {
        hit = (is_first && first->count(w)) || any->count(w);
        is_first = false;
        return !hit;
    });
    return hit;
}

// Keep may_be_boilerplate() in step with the families here.
bool is_boilerplate(std::string_view l /* lower-cased */) {
    const std::size_t n = l.size();
    // Comment forms.
    if (contains(l, "email address will not be published") ||
        contains(l, "required fields are marked") || contains(l, "save my name, email") ||
        contains(l, "must be logged in to post") || contains(l, "uses akismet")) {
        return true;
    }
    // Cookie banners.
    if (n <= 300 && contains(l, "cookie") &&
        (contains(l, "accept") || contains(l, "consent") || contains(l, "cookie policy") ||
         contains(l, "cookie settings") || contains(l, "preferences") ||
         contains(l, "manage cookies") || contains(l, "continuing to") ||
         contains(l, "you agree"))) {
        return true;
    }
    // Copyright and agency footers.
    if (n <= 200 && (starts_with(l, "\xC2\xA9") || starts_with(l, "copyright ") ||
                     starts_with(l, "(c) ") || contains(l, "all rights reserved"))) {
        return true;
    }
    if (contains(l, "may not be published, broadcast, rewritten")) return true;
    // Newsletter and app promotion.
    if (n <= 200 && contains(l, "newsletter") &&
        (contains(l, "sign up") || contains(l, "subscribe") || contains(l, "inbox"))) {
        return true;
    }
    if (n <= 150 && (contains(l, "download the app") || contains(l, "get the app") ||
                     starts_with(l, "follow us") || contains(l, "follow us on"))) {
        return true;
    }
    // Link-outs: a label and the title of another page.
    static constexpr std::string_view kLinkOut[] = {
        "related:",         "read more:",          "read also:",
        "also read:",       "see also:",           "more:",
        "recommended:",     "read next:",          "watch:",
        "listen:",          "click here",          "related coverage:",
        "more on this:",    "read the full story", "also see:",
        "must read:",       "don't miss:",         "trending:",
        "related article:", "related story:",      "related content:"};
    if (n <= 250) {
        for (std::string_view p : kLinkOut)
            if (starts_with(l, p)) return true;
    }
    // Advertising breaks.
    if (n <= 120 && (contains(l, "continues below") || contains(l, "continue reading below") ||
                     contains(l, "scroll to continue") || contains(l, "after advertisement") ||
                     contains(l, "after this advertisement"))) {
        return true;
    }
    // Photo credits and captions.
    if (n <= 150 &&
        (starts_with(l, "image source") || starts_with(l, "image caption") ||
         starts_with(l, "photo:") || starts_with(l, "photograph:") ||
         starts_with(l, "photo credit") || starts_with(l, "picture:") || starts_with(l, "(photo") ||
         starts_with(l, "photo by ") || starts_with(l, "credit:"))) {
        return true;
    }
    if (n <= 300 && (contains(l, "(ap photo") || contains(l, "/ap photo") ||
                     contains(l, "(reuters/") || contains(l, "/getty images") ||
                     contains(l, "(getty images") || contains(l, "/afp via getty"))) {
        return true;
    }
    return false;
}

// Every word of every widget, reading-time and heading line, for a quick first test: a line
// with a word outside this set is none of them.
bool all_label_words(std::string_view l) {
    static const auto* vocab = [] {
        auto* set = new std::unordered_set<std::string_view>();
        auto add = [&](const auto& words) { set->insert(std::begin(words), std::end(words)); };
        add(kWidgetStrong);
        add(kWidgetWeak);
        add(kUnits);
        add(kVerbs);
        add(kFiller);
        add(kRelatedVocab);
        add(kCommentsVocab);
        for (std::string_view phrase : kWidgetPhrases) {
            for_each_word(phrase, [&](std::string_view w) {
                set->insert(w);
                return true;
            });
        }
        return set;
    }();
    std::size_t n = 0;
    bool all = for_each_word(
        l, [&](std::string_view w) { return ++n <= 12 && (vocab->count(w) > 0 || is_number(w)); });
    return all && n > 0;
}

bool is_lone_url(std::string_view line) {
    std::string_view s = line;
    if (s.size() >= 2 &&
        ((s.front() == '<' && s.back() == '>') || (s.front() == '[' && s.back() == ']') ||
         (s.front() == '(' && s.back() == ')'))) {
        s = s.substr(1, s.size() - 2);
    }
    if (s.size() < 8) return false;
    for (char c : s)
        if (c == ' ' || c == '\t') return false;
    std::string l = lower(s.substr(0, 12));
    return starts_with(l, "http://") || starts_with(l, "https://") || starts_with(l, "www.") ||
           contains(s, "://");
}

}  // namespace

const char* to_string(LineKind k) noexcept {
    switch (k) {
        case LineKind::text:
            return "text";
        case LineKind::widget:
            return "widget";
        case LineKind::reading_time:
            return "reading_time";
        case LineKind::lone_url:
            return "lone_url";
        case LineKind::separator:
            return "separator";
        case LineKind::boilerplate:
            return "boilerplate";
        case LineKind::related_heading:
            return "related_heading";
        case LineKind::comments_heading:
            return "comments_heading";
    }
    return "text";
}

LineKind classify_line(std::string_view line) {
    if (line.size() > kMaxFurniture) return LineKind::text;
    if (!has_alnum(line)) return LineKind::separator;
    if (is_lone_url(line)) return LineKind::lone_url;
    const std::string l = lower(line);
    if (may_be_boilerplate(l) && is_boilerplate(l)) return LineKind::boilerplate;
    if (line.size() > 80 || !all_label_words(l)) return LineKind::text;
    const std::vector<std::string_view> ws = words(l);
    if (is_comments_heading(ws)) return LineKind::comments_heading;
    if (is_related_heading(ws)) return LineKind::related_heading;
    if (is_reading_time(ws)) return LineKind::reading_time;
    if (is_widget(ws, line_key(line))) return LineKind::widget;
    return LineKind::text;
}

std::string line_key(std::string_view line) {
    std::string folded = text::fold_punctuation(line);
    std::string out;
    out.reserve(folded.size());
    bool space = false;
    for (char c : folded) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    while (!out.empty() && (out.back() == '.' || out.back() == ':' || out.back() == ' ' ||
                            out.back() == '!' || out.back() == ',' || out.back() == ';')) {
        out.pop_back();
    }
    return out;
}

}  // namespace newsdesk::ingest
