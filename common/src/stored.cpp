#include "newsdesk/internal/stored.hpp"

#include <xapian.h>

#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::stored {

using nlohmann::json;

namespace {

DateSource date_source_from(std::string_view s) {
    if (s == "content") return DateSource::content;
    if (s == "metadata") return DateSource::metadata;
    if (s == "mtime") return DateSource::mtime;
    return DateSource::none;
}

// A reader for the one JSON object encode() writes: top-level strings and numbers are handed to
// the caller, anything else (the mentions and names arrays) skipped. Any surprise throws Malformed,
// and the caller falls back to the full parser, which says what is wrong.
class FieldReader {
  public:
    struct Malformed {};

    explicit FieldReader(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}

    template <typename F>
    void for_each_field(F&& f) {
        expect('{');
        if (peek() == '}') return;
        std::string key, value;
        for (;;) {
            expect('"');
            read_string(key);
            expect(':');
            const char c0 = peek();
            if (c0 == '"') {
                ++p_;
                read_string(value);
                f(key, value, true);
            } else if ((c0 >= '0' && c0 <= '9') || c0 == '-') {
                const char* start = p_;
                while (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '-' || *p_ == '+' ||
                                     *p_ == '.' || *p_ == 'e' || *p_ == 'E')) {
                    ++p_;
                }
                value.assign(start, p_);
                f(key, value, false);
            } else {
                skip_value();
            }
            const char c = next();
            if (c == '}') return;
            if (c != ',') throw Malformed{};
            ws();
        }
    }

  private:
    void ws() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\t' || *p_ == '\r'))
            ++p_;
    }
    char peek() {
        ws();
        if (p_ == end_) throw Malformed{};
        return *p_;
    }
    char next() {
        const char c = peek();
        ++p_;
        return c;
    }
    void expect(char c) {
        if (next() != c) throw Malformed{};
    }
    unsigned hex4() {
        if (end_ - p_ < 4) throw Malformed{};
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *p_++;
            v <<= 4;
            if (c >= '0' && c <= '9') {
                v |= static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                v |= static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                v |= static_cast<unsigned>(c - 'A' + 10);
            } else {
                throw Malformed{};
            }
        }
        return v;
    }
    // After the opening quote; leaves p_ after the closing one.
    void read_string(std::string& out) {
        out.clear();
        for (;;) {
            const auto* quote = static_cast<const char*>(std::memchr(p_, '"', end_ - p_));
            if (!quote) throw Malformed{};
            const auto* slash = static_cast<const char*>(std::memchr(p_, '\\', quote - p_));
            if (!slash) {
                out.append(p_, quote);
                p_ = quote + 1;
                return;
            }
            out.append(p_, slash);
            p_ = slash + 1;
            if (p_ == end_) throw Malformed{};
            switch (*p_++) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xd800 && cp < 0xdc00) {
                        // A high surrogate must be followed by an escaped low one.
                        if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') throw Malformed{};
                        p_ += 2;
                        const unsigned low = hex4();
                        if (low < 0xdc00 || low >= 0xe000) throw Malformed{};
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                    } else if (cp >= 0xdc00 && cp < 0xe000) {
                        throw Malformed{};
                    }
                    Xapian::Unicode::append_utf8(out, cp);
                    break;
                }
                default:
                    throw Malformed{};
            }
        }
    }
    // Skips a number, literal, array or object (strings inside are skipped whole).
    void skip_value() {
        int depth = 0;
        ws();
        do {
            if (p_ == end_) throw Malformed{};
            const char c = *p_;
            if (c == '"') {
                ++p_;
                for (;;) {
                    const auto* quote = static_cast<const char*>(std::memchr(p_, '"', end_ - p_));
                    if (!quote) throw Malformed{};
                    // The quote ends the string unless an odd number of backslashes precede it.
                    const char* b = quote;
                    while (b > p_ && b[-1] == '\\')
                        --b;
                    p_ = quote + 1;
                    if ((quote - b) % 2 == 0) break;
                }
                continue;
            }
            if (c == '[' || c == '{') {
                ++depth;
            } else if (c == ']' || c == '}') {
                if (depth == 0) return;  // the enclosing object's end
                --depth;
            } else if (c == ',' && depth == 0) {
                return;
            }
            ++p_;
        } while (depth > 0 || (p_ < end_ && *p_ != ',' && *p_ != '}'));
    }

    const char* p_;
    const char* end_;
};

// Entity mentions as stored (docs/SCHEMA.md, "Document data"): each canonical name once, in
// "names", and each mention as [start, end, type, name index], with its text as a fifth element
// only when it is not the text's own bytes at [start, end).
struct MentionRow {
    std::size_t start, end;
    unsigned type;  ///< 0 person, 1 org, 2 place (EntityType's order; misc is never stored)
    std::size_t name;
    const std::string* text;  ///< null when the text's own
};
struct Mentions {
    std::vector<std::string> names;
    std::vector<MentionRow> rows;
};

unsigned type_code(EntityType t) {
    switch (t) {
        case EntityType::person:
            return 0;
        case EntityType::org:
            return 1;
        case EntityType::place:
            return 2;
        case EntityType::misc:
            break;  // never stored: mentions_of() skips it
    }
    return 0;
}

EntityType type_from_code(long c) {
    return c == 1 ? EntityType::org : c == 2 ? EntityType::place : EntityType::person;
}

Mentions mentions_of(const Article& a) {
    Mentions m;
    std::unordered_map<std::string_view, std::size_t> index;
    for (const auto& e : a.entities) {
        if (e.type == EntityType::misc) continue;  // never stored (article.hpp)
        auto [it, fresh] = index.try_emplace(e.canonical, m.names.size());
        if (fresh) m.names.push_back(e.canonical);
        const bool own = e.start <= e.end && e.end <= a.text.size() &&
                         std::string_view(a.text).substr(e.start, e.end - e.start) == e.text;
        m.rows.push_back({e.start, e.end, type_code(e.type), it->second, own ? nullptr : &e.text});
    }
    // The views in `index` point into a.entities, which outlive it: fine.
    return m;
}

}  // namespace

// The reference encoder: nlohmann::json, keys in its (sorted) order. Used for text that is not
// valid UTF-8 (its replacement handler), and by the tests as the layout's definition.
std::string encode_with_json(const StoredArticle& s) {
    const Article& a = s.article;
    json j = {
        {"v", schema::kVersion},  {"id", s.id},       {"story", s.story},
        {"key", a.key},           {"path", a.path},   {"line", a.line},
        {"format", a.format},     {"title", a.title}, {"title_from_text", a.title_from_text},
        {"text", a.text},         {"date", a.date},   {"date_source", to_string(a.date_source)},
        {"source", a.source},     {"url", a.url},     {"byline", a.byline},
        {"dateline", a.dateline},
    };
    const Mentions m = mentions_of(a);
    json ents = json::array();
    for (const auto& e : m.rows) {
        json row = {e.start, e.end, e.type, e.name};
        if (e.text) row.push_back(*e.text);
        ents.push_back(std::move(row));
    }
    j["entities"] = std::move(ents);
    j["names"] = m.names;
    // Invalid UTF-8 never reaches here (ingestion guarantees it), but never throw on it either.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

// Appends `v` as a JSON string exactly as nlohmann::json::dump() writes valid UTF-8 (no
// ensure_ascii): quote, backslash and the control characters escaped, all else as it is.
void append_json_string(std::string& out, std::string_view v) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto c = static_cast<unsigned char>(v[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(v.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xf];
        }
    }
    out.append(v.data() + run, v.size() - run);
    out += '"';
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
    out += key;  // '"name":' with the separator before it
    append_json_string(out, value);
}

void append_field(std::string& out, std::string_view key, std::size_t value) {
    out += key;
    out += std::to_string(value);
}

}  // namespace

std::string encode(const StoredArticle& s) {
    const Article& a = s.article;
    bool valid = text::is_valid_utf8(a.text) && text::is_valid_utf8(a.title);
    for (const std::string* f : {&s.id, &s.story, &a.key, &a.path, &a.format, &a.date, &a.source,
                                 &a.url, &a.byline, &a.dateline})
        valid = valid && text::is_valid_utf8(*f);
    for (const auto& e : a.entities)
        valid = valid && text::is_valid_utf8(e.text) && text::is_valid_utf8(e.canonical);
    if (!valid) return encode_with_json(s);

    // The keys in encode_with_json()'s order (sorted), so both write the same bytes.
    std::string out;
    out.reserve(a.text.size() + a.title.size() + 256 + a.entities.size() * 24);
    append_field(out, "{\"byline\":", a.byline);
    append_field(out, ",\"date\":", a.date);
    append_field(out, ",\"date_source\":", to_string(a.date_source));
    append_field(out, ",\"dateline\":", a.dateline);
    const Mentions m = mentions_of(a);
    out += ",\"entities\":[";
    for (std::size_t i = 0; i < m.rows.size(); ++i) {
        const MentionRow& e = m.rows[i];
        out += i ? ",[" : "[";
        out += std::to_string(e.start);
        out += ',';
        out += std::to_string(e.end);
        out += ',';
        out += std::to_string(e.type);
        out += ',';
        out += std::to_string(e.name);
        if (e.text) append_field(out, ",", *e.text);
        out += ']';
    }
    out += ']';
    append_field(out, ",\"format\":", a.format);
    append_field(out, ",\"id\":", s.id);
    append_field(out, ",\"key\":", a.key);
    append_field(out, ",\"line\":", a.line);
    out += ",\"names\":[";
    for (std::size_t i = 0; i < m.names.size(); ++i)
        append_field(out, i ? "," : "", m.names[i]);
    out += ']';
    append_field(out, ",\"path\":", a.path);
    append_field(out, ",\"source\":", a.source);
    append_field(out, ",\"story\":", s.story);
    append_field(out, ",\"text\":", a.text);
    append_field(out, ",\"title\":", a.title);
    out += a.title_from_text ? ",\"title_from_text\":true" : ",\"title_from_text\":false";
    append_field(out, ",\"url\":", a.url);
    append_field(out, ",\"v\":", static_cast<std::size_t>(schema::kVersion));
    out += '}';
    return out;
}

std::string with_story(std::string data, std::string_view story) {
    // encode() writes the keys in order, "source" before "story", both always present; every
    // quote inside a string value is escaped, so this text can only be the key itself.
    static constexpr std::string_view kKey = ",\"story\":\"";
    const std::size_t at = data.find(kKey);
    if (at != std::string::npos && story.find_first_of("\"\\") == std::string_view::npos) {
        const std::size_t value = at + kKey.size();
        const std::size_t end = data.find('"', value);
        if (end != std::string::npos &&
            std::string_view(data).substr(value, end - value).find('\\') == std::string::npos) {
            data.replace(value, end - value, story);
            return data;
        }
    }
    StoredArticle s = decode(data);  // not encode()'s plain layout: take the long way
    s.story = std::string(story);
    return encode(s);
}

namespace {

// decode() without its guard: nlohmann's accessors throw type errors for a field of the wrong
// type ("path": 0), which decode() reports as the record's fault.
StoredArticle decode_record(std::string_view data) {
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
    a.title_from_text = j.value("title_from_text", false);
    a.text = j.value("text", "");
    a.date = j.value("date", "");
    a.date_source = date_source_from(j.value("date_source", ""));
    a.source = j.value("source", "");
    a.url = j.value("url", "");
    a.byline = j.value("byline", "");
    a.dateline = j.value("dateline", "");
    std::vector<std::string> names;
    if (auto it = j.find("names"); it != j.end() && it->is_array()) {
        for (const auto& n : *it)
            names.push_back(n.is_string() ? n.get<std::string>() : std::string());
    }
    if (auto it = j.find("entities"); it != j.end() && it->is_array()) {
        for (const auto& e : *it) {
            // [start, end, type, name index(, text)]; anything else is not a mention.
            if (!e.is_array() || e.size() < 4 || !e[0].is_number_unsigned() ||
                !e[1].is_number_unsigned() || !e[2].is_number_integer() ||
                !e[3].is_number_unsigned()) {
                continue;
            }
            EntityMention m;
            m.start = e[0].get<std::size_t>();
            m.end = e[1].get<std::size_t>();
            m.type = type_from_code(e[2].get<long>());
            const auto name = e[3].get<std::size_t>();
            if (name < names.size()) m.canonical = names[name];
            if (e.size() > 4 && e[4].is_string()) {
                m.text = e[4].get<std::string>();
            } else if (m.start <= m.end && m.end <= a.text.size()) {
                m.text = a.text.substr(m.start, m.end - m.start);
            }
            a.entities.push_back(std::move(m));
        }
    }
    return s;
}

}  // namespace

StoredArticle decode(std::string_view data) {
    try {
        return decode_record(data);
    } catch (const json::exception&) {
        throw DatabaseError(
            "document data is not a newsdesk record (a field of the wrong type: database "
            "written by another program or corrupt?)");
    }
}

StoredArticle decode_without_entities(std::string_view data) {
    StoredArticle s;
    Article& a = s.article;
    try {
        FieldReader(data).for_each_field(
            [&](const std::string& key, std::string& value, bool is_string) {
                if (!is_string) {
                    if (key == "title_from_text") {
                        a.title_from_text = value == "true";
                    } else if (key == "line") {
                        const char* end = value.data() + value.size();
                        const auto [ptr, ec] = std::from_chars(value.data(), end, a.line);
                        if (ec != std::errc() || ptr != end) throw FieldReader::Malformed{};
                    }
                    return;
                }
                if (key == "date_source") {
                    a.date_source = date_source_from(value);
                    return;
                }
                const std::pair<std::string_view, std::string*> fields[] = {
                    {"byline", &a.byline}, {"date", &a.date},     {"dateline", &a.dateline},
                    {"format", &a.format}, {"id", &s.id},         {"key", &a.key},
                    {"path", &a.path},     {"source", &a.source}, {"story", &s.story},
                    {"text", &a.text},     {"title", &a.title},   {"url", &a.url}};
                std::string* field = nullptr;
                for (const auto& [name, target] : fields) {
                    if (key == name) field = target;
                }
                if (field) field->swap(value);
            });
    } catch (const FieldReader::Malformed&) {
        s = decode(data);  // throws when it cannot read it either
        s.article.entities.clear();
        return s;
    }
    return s;
}

}  // namespace newsdesk::stored
