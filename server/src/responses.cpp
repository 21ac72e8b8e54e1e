#include "responses.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "newsdesk/format.hpp"

namespace newsdesk::server {

namespace {

using json = nlohmann::ordered_json;

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json null_if_empty(const std::string& s) {
    return s.empty() ? json(nullptr) : json(s);
}

json story_ref_json(const StoryRef& story) {
    return {{"id", story.id},
            {"size", story.size},
            {"sources", story.sources},
            {"related_stories", story.related}};
}

}  // namespace

std::string article_json(const ArticleRecord& record) {
    const Article& a = record.article;
    json entities = {{"person", json::array()}, {"org", json::array()}, {"place", json::array()}};
    json mentions = json::array();
    for (const auto& m : a.entities) {
        json& names = entities[to_string(m.type)];
        if (std::find(names.begin(), names.end(), json(m.canonical)) == names.end()) {
            names.push_back(m.canonical);
        }
        mentions.push_back({{"type", to_string(m.type)},
                            {"start", m.start},
                            {"end", m.end},
                            {"text", m.text},
                            {"canonical", m.canonical}});
    }
    json j = {
        {"id", record.id},
        {"path", a.path},
        {"line", a.line},
        {"format", a.format},
        {"title", a.title},
        {"text", a.text},
        {"date", null_if_empty(a.date)},
        {"date_source", to_string(a.date_source)},
        {"source", null_if_empty(a.source)},
        {"url", null_if_empty(a.url)},
        {"byline", null_if_empty(a.byline)},
        {"dateline", null_if_empty(a.dateline)},
        {"entities", entities},
        {"mentions", mentions},
        {"story", record.story ? story_ref_json(*record.story) : json(nullptr)},
    };
    return dump(j);
}

std::string story_json(const SearchResults& results, const std::string& story_id) {
    StoryRef story{story_id, results.articles, {}, {}};
    if (!results.hits.empty() && results.hits.front().story) story = *results.hits.front().story;
    json j = json::object();
    j["story"] = story_ref_json(story);
    j.update(json::parse(to_json(results)));
    return dump(j);
}

std::string health_json(std::uint64_t revision, std::size_t documents) {
    return dump({{"status", "ok"}, {"revision", revision}, {"documents", documents}});
}

std::string unavailable_json(const std::string& message) {
    return dump({{"status", "unavailable"}, {"error", message}});
}

std::string error_json(const std::string& message) {
    return dump({{"error", message}});
}

std::string without_brotli(const std::string& accept_encoding) {
    std::string out;
    std::size_t start = 0;
    while (start <= accept_encoding.size()) {
        std::size_t end = accept_encoding.find(',', start);
        if (end == std::string::npos) end = accept_encoding.size();
        std::string token = accept_encoding.substr(start, end - start);
        const auto first = token.find_first_not_of(" \t");
        token = first == std::string::npos ? std::string() : token.substr(first);
        token.erase(token.find_last_not_of(" \t") + 1);
        const std::string name = token.substr(0, token.find(';'));
        if (!token.empty() && name.find("br") == std::string::npos) {
            out += (out.empty() ? "" : ", ") + token;
        }
        start = end + 1;
    }
    return out;
}

}  // namespace newsdesk::server
