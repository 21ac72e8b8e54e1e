// JSON Lines and JSON article files.
#include <nlohmann/json.hpp>
#include <string_view>

#include "ingest/assemble.hpp"
#include "ingest/dates.hpp"
#include "ingest/encoding.hpp"
#include "ingest/formats.hpp"
#include "ingest/metadata.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::ingest {

namespace {

using Json = nlohmann::json;

// A field as text: strings as they are, numbers written out, objects by their "name", arrays
// joined with ", ". Nesting deeper than an array of objects is ignored (and never recursed into:
// a hostile line may nest 100,000 levels).
std::string as_text(const Json& v, int depth = 0) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (!(d > -1e15 && d < 1e15)) return {};  // also NaN; the cast would be undefined
        return std::to_string(static_cast<long long>(d));
    }
    if (v.is_object()) {
        for (const char* k : {"name", "title", "url", "href"}) {
            auto it = v.find(k);
            if (it != v.end() && it->is_string()) return it->get<std::string>();
        }
        return {};
    }
    if (v.is_array() && depth == 0) {
        std::string out;
        for (const auto& e : v) {
            std::string s = as_text(e, depth + 1);
            if (s.empty()) continue;
            if (!out.empty()) out += ", ";
            out += s;
        }
        return out;
    }
    return {};
}

// The first of `keys` present with a non-empty value.
std::string field(const Json& obj, std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
        auto it = obj.find(k);
        if (it == obj.end()) continue;
        std::string s = std::string(text::trim(as_text(*it)));
        if (!s.empty()) return s;
    }
    return {};
}

bool looks_like_markup(std::string_view s) {
    return s.find("</p>") != std::string_view::npos || s.find("<p>") != std::string_view::npos ||
           s.find("<br") != std::string_view::npos || s.find("</div>") != std::string_view::npos ||
           s.find("<p ") != std::string_view::npos;
}

std::string clean_field(std::string s) {
    if (has_char_refs(s)) s = decode_char_refs(s);
    return std::string(text::trim(normalize_text(std::move(s))));
}

enum class RecordStatus { ok, no_text, not_object };

// One JSON object -> one article. `key_fallback` is used when the object has no URL.
RecordStatus article_from(const Json& obj, const FileContext& ctx, std::size_t line,
                          const std::string& key_fallback, const char* format, Article& out) {
    if (!obj.is_object()) return RecordStatus::not_object;
    Draft d;
    Article& a = d.article;
    a.path = ctx.path;
    a.line = line;
    a.format = format;
    d.mtime_date = ctx.mtime_date;

    a.title = clean_field(field(obj, {"title", "headline", "name"}));
    std::string body = field(obj, {"body", "text", "content", "article", "articleBody",
                                   "article_body", "full_text", "story"});
    a.url = clean_field(field(obj, {"url", "link", "canonical_url", "permalink", "href"}));
    a.source = canonical_outlet(clean_field(
        field(obj, {"source", "outlet", "publisher", "site", "site_name", "source_name"})));
    a.byline = clean_field(field(obj, {"author", "byline", "authors", "creator", "by"}));
    if (a.byline.size() > 3 &&
        (a.byline.compare(0, 3, "By ") == 0 || a.byline.compare(0, 3, "by ") == 0)) {
        a.byline.erase(0, 3);
    }
    std::string date =
        field(obj, {"date", "published", "published_at", "publishedAt", "pubDate", "datePublished",
                    "date_published", "publish_date", "created_at", "timestamp", "time"});
    if (auto dt = parse_date_value(date)) {
        a.date = dt->iso();
        a.date_source = DateSource::metadata;
    }
    if (body.empty() && a.title.empty()) return RecordStatus::no_text;

    if (looks_like_markup(body)) {
        d.paragraphs = html_fragment_paragraphs(body);
        for (auto& p : d.paragraphs)
            p = normalize_text(std::move(p));
    } else {
        if (has_char_refs(body)) body = decode_char_refs(body);
        d.paragraphs = plain_paragraphs(normalize_text(std::move(body)));
    }
    a.key = a.url.empty() ? key_fallback : a.url;
    out = assemble(std::move(d));
    if (out.text.empty()) return RecordStatus::no_text;
    return RecordStatus::ok;
}

// "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..." ->
// "column 9: syntax error ...".
// "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ...; last
// read: '...'" -> "column 9: syntax error ..." (for one line) or "line 3, column 9: ...".
std::string short_message(const std::exception& e, bool one_line) {
    std::string m = e.what();
    std::size_t b = m.find("] ");
    if (b != std::string::npos) m = m.substr(b + 2);
    std::size_t at = m.find(one_line ? " at line 1, " : " at ");
    if (at != std::string::npos) m = m.substr(at + (one_line ? 12 : 4));
    std::size_t last = m.find("; last read");
    if (last != std::string::npos) m.resize(last);
    return m;
}

IndexProblem problem(const FileContext& ctx, std::size_t line, std::string reason) {
    return IndexProblem{ctx.display_path, line, std::move(reason)};
}

}  // namespace

void parse_json_lines(std::string_view utf8, const FileContext& ctx, FileResult& out) {
    std::size_t pos = 0, line = 0, bad = 0, empty = 0;
    while (pos < utf8.size()) {
        std::size_t nl = utf8.find('\n', pos);
        if (nl == std::string_view::npos) nl = utf8.size();
        std::string_view text = text::trim(utf8.substr(pos, nl - pos));
        pos = nl + 1;
        ++line;
        if (text.empty()) continue;
        Json j;
        try {
            j = Json::parse(text);
        } catch (const Json::exception& e) {
            out.problems.push_back(problem(ctx, line, "invalid JSON: " + short_message(e, true)));
            ++bad;
            continue;
        }
        Article a;
        switch (article_from(j, ctx, line, ctx.path + ":" + std::to_string(line), "jsonl", a)) {
            case RecordStatus::ok:
                out.articles.push_back(std::move(a));
                break;
            case RecordStatus::no_text:
                out.problems.push_back(problem(
                    ctx, line, "no article text (expected \"body\", \"text\" or \"content\")"));
                ++empty;
                break;
            case RecordStatus::not_object:
                out.problems.push_back(problem(ctx, line, "not a JSON object"));
                ++bad;
                break;
        }
    }
    if (out.articles.empty()) {
        out.outcome = bad ? Outcome::failed : Outcome::skipped;
        if (out.problems.empty()) out.problems.push_back(problem(ctx, 0, "no JSON lines"));
        return;
    }
    out.outcome = Outcome::ok;
    out.records_failed = bad;
    out.records_skipped = empty;
}

void parse_json(std::string_view utf8, const FileContext& ctx, FileResult& out) {
    Json j;
    try {
        j = Json::parse(utf8);
    } catch (const Json::exception& e) {
        out.outcome = Outcome::failed;
        out.problems.push_back(problem(ctx, 0, "invalid JSON: " + short_message(e, false)));
        return;
    }
    if (j.is_object()) {
        for (const char* k : {"articles", "items", "data", "results", "posts"}) {
            if (j.contains(k) && j[k].is_array() && !j.contains("body") && !j.contains("text") &&
                !j.contains("content")) {
                // Moved out, not copied: a copy recurses once per level of nesting, and a
                // hostile file may nest 100,000 levels (the parser and destructor do not recurse).
                Json inner = std::move(j[k]);
                j = std::move(inner);
                break;
            }
        }
    }
    std::size_t bad = 0, empty = 0;
    if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) {
            Article a;
            std::string fallback = ctx.path + "[" + std::to_string(i) + "]";
            switch (article_from(j[i], ctx, 0, fallback, "json", a)) {
                case RecordStatus::ok:
                    out.articles.push_back(std::move(a));
                    break;
                case RecordStatus::no_text:
                    out.problems.push_back(
                        problem(ctx, 0, "element " + std::to_string(i) + ": no article text"));
                    ++empty;
                    break;
                case RecordStatus::not_object:
                    out.problems.push_back(
                        problem(ctx, 0, "element " + std::to_string(i) + ": not a JSON object"));
                    ++bad;
                    break;
            }
        }
    } else {
        Article a;
        switch (article_from(j, ctx, 0, ctx.path, "json", a)) {
            case RecordStatus::ok:
                // A single article keeps its file as key, like a text or HTML file.
                a.key = ctx.path;
                out.articles.push_back(std::move(a));
                break;
            case RecordStatus::no_text:
                out.problems.push_back(problem(
                    ctx, 0, "no article text (expected \"body\", \"text\" or \"content\")"));
                ++empty;
                break;
            case RecordStatus::not_object:
                out.problems.push_back(problem(ctx, 0, "not a JSON object or array of objects"));
                ++bad;
                break;
        }
    }
    if (out.articles.empty()) {
        out.outcome = bad ? Outcome::failed : Outcome::skipped;
        if (out.problems.empty()) out.problems.push_back(problem(ctx, 0, "no articles in JSON"));
        return;
    }
    out.outcome = Outcome::ok;
    out.records_failed = bad;
    out.records_skipped = empty;
}

}  // namespace newsdesk::ingest
