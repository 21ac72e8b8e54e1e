#include "newsdesk/internal/stored.hpp"

#include <nlohmann/json.hpp>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"

namespace newsdesk::stored {

using nlohmann::json;

namespace {

DateSource date_source_from(std::string_view s) {
    if (s == "content") return DateSource::content;
    if (s == "metadata") return DateSource::metadata;
    if (s == "mtime") return DateSource::mtime;
    return DateSource::none;
}

EntityType entity_type_from(std::string_view s) {
    if (s == "org") return EntityType::org;
    if (s == "place") return EntityType::place;
    return EntityType::person;
}

}  // namespace

std::string encode(const StoredArticle& s) {
    const Article& a = s.article;
    json j = {
        {"v", schema::kVersion},
        {"id", s.id},
        {"story", s.story},
        {"key", a.key},
        {"path", a.path},
        {"line", a.line},
        {"format", a.format},
        {"title", a.title},
        {"text", a.text},
        {"date", a.date},
        {"date_source", to_string(a.date_source)},
        {"source", a.source},
        {"url", a.url},
        {"byline", a.byline},
        {"dateline", a.dateline},
    };
    json ents = json::array();
    for (const auto& e : a.entities) {
        ents.push_back({{"type", to_string(e.type)},
                        {"start", e.start},
                        {"end", e.end},
                        {"text", e.text},
                        {"canonical", e.canonical}});
    }
    j["entities"] = std::move(ents);
    // Invalid UTF-8 never reaches here (ingestion guarantees it), but never throw on it either.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

StoredArticle decode(std::string_view data) {
    json j = json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        throw DatabaseError(
            "document data is not a newsdesk record (database written by another "
            "program or corrupt?)");
    }
    StoredArticle s;
    s.id = j.value("id", "");
    s.story = j.value("story", "");
    Article& a = s.article;
    a.key = j.value("key", "");
    a.path = j.value("path", "");
    a.line = j.value("line", std::size_t{0});
    a.format = j.value("format", "");
    a.title = j.value("title", "");
    a.text = j.value("text", "");
    a.date = j.value("date", "");
    a.date_source = date_source_from(j.value("date_source", ""));
    a.source = j.value("source", "");
    a.url = j.value("url", "");
    a.byline = j.value("byline", "");
    a.dateline = j.value("dateline", "");
    if (auto it = j.find("entities"); it != j.end() && it->is_array()) {
        for (const auto& e : *it) {
            EntityMention m;
            m.type = entity_type_from(e.value("type", ""));
            m.start = e.value("start", std::size_t{0});
            m.end = e.value("end", std::size_t{0});
            m.text = e.value("text", "");
            m.canonical = e.value("canonical", "");
            a.entities.push_back(std::move(m));
        }
    }
    return s;
}

}  // namespace newsdesk::stored
