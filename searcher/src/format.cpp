#include "newsdesk/format.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "newsdesk/internal/text.hpp"

namespace newsdesk {

using json = nlohmann::ordered_json;

namespace {

json null_if_empty(const std::string& s) {
    return s.empty() ? json(nullptr) : json(s);
}

// Snippets are HTML; a terminal gets the text with the marks turned into bold or brackets.
std::string terminal_text(std::string_view html, bool color) {
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size();) {
        auto starts = [&](std::string_view s) { return html.compare(i, s.size(), s) == 0; };
        if (starts("<mark>")) {
            out += color ? "\033[1m" : "[";
            i += 6;
        } else if (starts("</mark>")) {
            out += color ? "\033[0m" : "]";
            i += 7;
        } else if (starts("&amp;")) {
            out += '&';
            i += 5;
        } else if (starts("&lt;")) {
            out += '<';
            i += 4;
        } else if (starts("&gt;")) {
            out += '>';
            i += 4;
        } else if (starts("&quot;")) {
            out += '"';
            i += 6;
        } else if (starts("&#39;")) {
            out += '\'';
            i += 5;
        } else {
            out += html[i++];
        }
    }
    return out;
}

// Display columns of `s`: UTF-8 code points, ANSI escapes not counted.
std::size_t columns(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\033') {
            while (i < s.size() && s[i] != 'm')
                ++i;
            continue;
        }
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
    }
    return n;
}

// `text` wrapped at spaces to `width` columns (0: as it is), continuation lines starting with
// `indent`; `used` columns of the first line are taken already.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent,
                 std::size_t used) {
    if (width == 0 || width <= indent.size() + 10) return text;
    std::string out;
    std::size_t col = used;
    std::size_t i = 0;
    bool first = true;
    while (i < text.size()) {
        std::size_t j = text.find(' ', i);
        if (j == std::string::npos) j = text.size();
        const std::string_view word(text.data() + i, j - i);
        const std::size_t w = columns(word);
        if (!first && col + 1 + w > width) {
            out += "\n" + indent;
            col = indent.size();
        } else if (!first) {
            out += ' ';
            ++col;
        }
        out.append(word);
        col += w;
        first = false;
        i = j + 1;
    }
    return out;
}

// `items` joined by " · ", wrapped to `width` columns (0: one line) between items, so that a
// facet value and its count stay together ("John Prescott 12"); an item longer than a line is
// wrapped at its spaces. Continuation lines start with `indent`; `used` columns are taken.
std::string wrap_items(const std::vector<std::string>& items, std::size_t width,
                       const std::string& indent, std::size_t used) {
    std::string out;
    std::size_t col = used;
    for (std::size_t k = 0; k < items.size(); ++k) {
        const std::size_t w = columns(items[k]);
        const std::size_t sep = k == 0 ? 0 : 3;  // " · "
        if (width > indent.size() + 10 && k > 0 && col + sep + w > width) {
            out += "\n" + indent;
            col = indent.size();
        } else if (k > 0) {
            out += " · ";
            col += sep;
        }
        const std::string item = wrap(items[k], width, indent, col);
        out += item;
        const std::size_t nl = item.rfind('\n');
        col = nl == std::string::npos ? col + w : columns(std::string_view(item).substr(nl + 1));
    }
    return out;
}

// What the results answer, for a header: 'for "Kursk troops" with place:Kursk, since 2024-01-01',
// 'in story 0782b4a8ee714708', 'related to article 1f0c…'.
std::string what(const SearchResults& r) {
    std::string out;
    const std::string& query = r.corrected ? r.suggestion : r.query;
    if (!r.story.empty()) {
        out = "in story " + r.story;
    } else if (!r.like.empty()) {
        out = "related to article " + r.like;
    }
    if (query.find_first_not_of(" \t") != std::string::npos) {
        out += (out.empty() ? "for \"" : " matching \"") + query + "\"";
    }
    // Entity and outlet filters after "with"; dates ("since 2024-01-01") as they are.
    std::string with, dates;
    for (const auto& f : r.filters) {
        const bool date = f.rfind("since ", 0) == 0 || f.rfind("until ", 0) == 0;
        std::string& list = date ? dates : with;
        list += (list.empty() ? "" : date ? " " : ", ") + f;
    }
    if (!with.empty()) out += (out.empty() ? "with " : " with ") + with;
    if (!dates.empty()) out += (out.empty() ? "" : " ") + dates;
    return out;
}

// --explain: "score 5.1020 = troops 2.3100 + kursk 2.4000 + headline 0.3920".
void write_explanation(std::ostream& out, const Hit& h, const char* dim, const char* reset) {
    if (h.explain.empty()) return;
    char number[32];
    std::snprintf(number, sizeof number, "%.4f", h.score);
    out << "   " << dim << "score " << number << " =";
    for (std::size_t i = 0; i < h.explain.size(); ++i) {
        const ScorePart& p = h.explain[i];
        std::snprintf(number, sizeof number, "%.4f", std::abs(p.score));
        const char* sign = p.score < 0 ? (i ? " - " : " -") : (i ? " + " : " ");
        out << sign << (p.part == "word" ? p.term : p.part) << " " << number;
    }
    out << reset << "\n";
}

json explanation(const Hit& h) {
    json parts = json::array();
    for (const auto& p : h.explain) {
        json o = json::object();
        o["part"] = p.part;
        if (p.part == "word") o["term"] = p.term;
        o["score"] = std::round(p.score * 1e4) / 1e4;
        parts.push_back(std::move(o));
    }
    return parts;
}

}  // namespace

std::string to_json(const SearchResults& r) {
    // Built by moving each part into place: initializer lists would copy every hit (snippets
    // and all) once more per level of nesting.
    json results = json::array();
    results.get_ref<json::array_t&>().reserve(r.hits.size());
    for (const auto& h : r.hits) {
        json entities = json::object();
        for (const char* type : {"person", "org", "place"}) {
            auto it = h.entities.find(type);
            entities[type] = it == h.entities.end() ? json::array() : json(it->second);
        }
        json o = json::object();
        o["rank"] = h.rank;
        o["id"] = h.id;
        o["path"] = h.path;
        o["title"] = h.title;
        o["date"] = null_if_empty(h.date);
        o["date_source"] = h.date_source;
        o["source"] = null_if_empty(h.source);
        o["url"] = null_if_empty(h.url);
        o["byline"] = null_if_empty(h.byline);
        o["dateline"] = null_if_empty(h.dateline);
        o["score"] = std::round(h.score * 1e4) / 1e4;
        o["snippet"] = h.snippet;
        o["title_html"] = h.title_html;
        if (!h.explain.empty()) o["explain"] = explanation(h);
        o["entities"] = std::move(entities);
        if (h.story) {
            json story = json::object();
            story["id"] = h.story->id;
            story["size"] = h.story->size;
            story["sources"] = h.story->sources;
            story["related_stories"] = h.story->related;
            o["story"] = std::move(story);
        }
        results.push_back(std::move(o));
    }
    json facets = json::object();
    for (const auto& [type, values] : r.facets) {
        json list = json::array();
        for (const auto& v : values) {
            json value = json::object();
            value["value"] = v.value;
            value["count"] = v.count;
            list.push_back(std::move(value));
        }
        facets[type] = std::move(list);
    }
    json j = json::object();
    j["query"] = r.query;
    j["total"] = r.total;
    j["offset"] = r.offset;
    j["limit"] = r.limit;
    j["results"] = std::move(results);
    j["facets"] = std::move(facets);
    j["articles"] = r.articles;
    j["total_partial"] = r.total_partial;
    j["partial_listed"] = r.partial_listed;
    j["question_words"] = r.question_words;
    j["words_needed"] = r.words_needed;
    j["suggestion"] = null_if_empty(r.suggestion);
    j["corrected"] = r.corrected;
    if (!r.note.empty()) j["note"] = r.note;
    if (!r.filter_suggestions.empty()) {
        json list = json::array();
        for (const auto& s : r.filter_suggestions)
            list.push_back(
                {{"filter", s.filter}, {"count", s.count}, {"instead_of", s.instead_of}});
        j["filter_suggestions"] = std::move(list);
    }
    if (!r.facets.empty()) {
        j["facet_values"] = r.facet_values;
        json buckets = json::array();
        for (const auto& b : r.dates.buckets) {
            json o = json::object();
            o["start"] = b.start;
            o["end"] = b.end;
            o["count"] = b.count;
            o["file_dates"] = b.file_dates;
            buckets.push_back(std::move(o));
        }
        json dates = json::object();
        dates["interval"] = null_if_empty(r.dates.interval);
        dates["buckets"] = std::move(buckets);
        dates["undated"] = r.dates.undated;
        dates["file_dates"] = r.dates.file_dates;
        j["dates"] = std::move(dates);
    }
    if (r.partial) j["partial"] = true;
    j["filters"] = r.filters;
    json removed = json::array();
    for (const auto& e : r.filter_removed) {
        json o = json::object();
        o["type"] = e.type;
        o["filter"] = e.filter;
        o["without"] = e.without;
        removed.push_back(std::move(o));
    }
    j["filter_removed"] = std::move(removed);
    if (!r.missing_shards.empty()) j["missing_shards"] = r.missing_shards;
    j["took_ms"] = std::round(r.took_ms * 1000) / 1000;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void write_text(std::ostream& out, const SearchResults& r, const TextStyle& style) {
    const char* bold = style.color ? "\033[1m" : "";
    const char* dim = style.color ? "\033[2m" : "";
    const char* reset = style.color ? "\033[0m" : "";
    if (!r.note.empty()) out << "Note: " << r.note << "\n";
    if (!r.missing_shards.empty()) {
        out << "Partial: " << r.missing_shards.size() << " shard"
            << (r.missing_shards.size() == 1 ? "" : "s") << " could not be reached (";
        for (std::size_t i = 0; i < r.missing_shards.size(); ++i)
            out << (i ? ", " : "") << r.missing_shards[i];
        out << "); these results are from the others.\n";
    }
    if (!r.suggestion.empty() && !r.corrected) {
        out << "Did you mean: " << bold << r.suggestion << reset << "?\n";
    }
    if (r.total == 0) {
        out << "No results " << what(r) << ".\n";
        for (const auto& e : r.filter_removed) {
            const bool group = e.type == "all" || e.type == "date";
            out << "Without "
                << (group ? (e.type == "all" ? "the filters (" : "the dates (") + e.filter + ")"
                          : e.filter)
                << ": " << e.without << (e.without == 1 ? " result" : " results") << ".\n";
        }
        return;
    }
    std::size_t first = r.hits.empty() ? r.offset : r.hits.front().rank;
    std::size_t last = r.hits.empty() ? r.offset : r.hits.back().rank;
    out << r.total << (r.total == 1 ? " result" : " results");
    if (r.articles > r.total) out << " (" << r.articles << " articles)";
    out << " " << what(r);
    if (!r.hits.empty()) out << ", showing " << first << "–" << last;
    char took[32];
    std::snprintf(took, sizeof took, " (%.1f ms)", r.took_ms);
    out << took;
    if (r.total_partial > 0 && r.question_words > 0) {
        out << "\n"
            << r.total_partial << (r.total_partial == 1 ? " more holds" : " more hold")
            << " fewer than " << r.words_needed << " of the " << r.question_words
            << " words (listed too, ranked by all the words)";
    } else if (r.total_partial > 0 && r.partial_listed) {
        out << "\n"
            << r.total_partial << " more match some of the words (listed after those holding all)";
    } else if (r.total_partial > 0) {
        out << "\n"
            << r.total_partial << " more match some of the words (join them with OR to "
            << "list those too)";
    }
    out << "\n\n";
    for (const auto& h : r.hits) {
        // Names and titles come from the archive's files: escaped, so that none can move the
        // cursor, clear the screen or forge a line of this listing.
        out << bold << h.rank << ". " << (h.title.empty() ? "(untitled)" : text::printable(h.title))
            << reset << "\n   " << dim << text::printable(h.path);
        if (!h.date.empty()) out << " · " << h.date;
        if (!h.source.empty()) out << " · " << text::printable(h.source);
        out << reset << "\n   "
            << wrap(terminal_text(h.snippet, style.color), style.width, "   ", 3) << "\n";
        write_explanation(out, h, dim, reset);
        // A story's own listing does not repeat, under each member, the story it lists.
        if (h.story && h.story->size > 1 && r.story.empty()) {
            out << "   " << dim << "+" << h.story->size - 1 << " more in this story";
            if (!h.story->sources.empty()) {
                out << " (";
                for (std::size_t i = 0; i < h.story->sources.size() && i < 5; ++i) {
                    out << (i ? ", " : "") << text::printable(h.story->sources[i]);
                }
                if (h.story->sources.size() > 5) out << ", …";
                out << ")";
            }
            out << ": --story " << h.story->id << reset << "\n";
        }
        if (h.story && !h.story->related.empty()) {
            out << "   " << dim << "related: ";
            for (std::size_t i = 0; i < h.story->related.size(); ++i)
                out << (i ? ", " : "") << "--story " << h.story->related[i];
            out << reset << "\n";
        }
        out << "\n";
    }
    // A compact facet summary: "person: Choe Son Hui 5 · Mark Rutte 3".
    for (const char* type : {"person", "org", "place", "source"}) {
        auto it = r.facets.find(type);
        if (it == r.facets.end() || it->second.empty()) continue;
        out << dim << type << ":" << reset;
        std::vector<std::string> items;
        for (const auto& v : it->second)
            items.push_back(v.value + " " + std::to_string(v.count));
        out << " "
            << wrap_items(items, style.width, std::string(std::strlen(type) + 2, ' '),
                          std::strlen(type) + 2)
            << "\n";
    }
    if (last < r.total + (r.partial_listed ? r.total_partial : 0)) {
        out << "More: --offset " << last << "\n";
    }
}

}  // namespace newsdesk
