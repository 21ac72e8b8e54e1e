#include "ingest/formats.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace newsdesk::ingest {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view skip_space(std::string_view s) {
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    while (!s.empty() && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) {
        s.remove_prefix(1);
    }
    return s;
}

bool starts_html(std::string_view s) {
    s = skip_space(s);
    std::string head = lower(s.substr(0, 512));
    std::string_view h = head;
    if (h.substr(0, 5) == "<?xml") {
        std::size_t end = h.find("?>");
        if (end == std::string_view::npos) return false;
        h = skip_space(h.substr(end + 2));
    }
    // Leading comments ("<!-- saved from url=... -->").
    while (h.substr(0, 4) == "<!--") {
        std::size_t end = h.find("-->");
        if (end == std::string_view::npos) return false;
        h = skip_space(h.substr(end + 3));
    }
    return h.substr(0, 14) == "<!doctype html" || h.substr(0, 5) == "<html" ||
           h.substr(0, 5) == "<head" || h.substr(0, 5) == "<body";
}

}  // namespace

const char* to_string(Format f) noexcept {
    switch (f) {
        case Format::text:
            return "text";
        case Format::html:
            return "html";
        case Format::jsonl:
            return "jsonl";
        case Format::json:
            return "json";
        case Format::unsupported:
            return "unsupported";
    }
    return "unsupported";
}

Format format_from_name(const std::string& filename, std::string* ext_out) {
    std::size_t dot = filename.rfind('.');
    std::string ext = (dot == std::string::npos || dot == 0) ? "" : lower(filename.substr(dot));
    if (ext_out) *ext_out = ext;
    if (ext.empty() || ext == ".txt" || ext == ".text") return Format::text;
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml" || ext == ".shtml") return Format::html;
    if (ext == ".jsonl" || ext == ".ndjson") return Format::jsonl;
    if (ext == ".json") return Format::json;
    return Format::unsupported;
}

Format sniff_format(Format by_name, const std::string& ext, std::string_view bytes) {
    if (by_name != Format::text) return by_name;
    if (starts_html(bytes)) return Format::html;
    if (!ext.empty()) return Format::text;
    std::string_view s = skip_space(bytes);
    if (!s.empty() && s[0] == '[') return Format::json;
    if (!s.empty() && s[0] == '{') {
        // JSON Lines when the first line closes an object and another line opens one.
        std::size_t nl = s.find('\n');
        if (nl == std::string_view::npos) return Format::json;
        std::string_view first = s.substr(0, nl);
        while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) {
            first.remove_suffix(1);
        }
        std::string_view next = skip_space(s.substr(nl));
        return (!first.empty() && first.back() == '}' && !next.empty() && next[0] == '{')
                   ? Format::jsonl
                   : Format::json;
    }
    return Format::text;
}

std::string binary_reason(std::string_view bytes) {
    auto starts = [&](std::string_view magic) { return bytes.substr(0, magic.size()) == magic; };
    if (starts("\xFF\xFE") || starts("\xFE\xFF")) return {};
    static constexpr std::pair<std::string_view, std::string_view> kMagic[] = {
        {"%PDF-", "PDF"},
        {std::string_view("PK\x03\x04", 4), "ZIP archive or office document"},
        {"\x89PNG", "PNG image"},
        {"GIF8", "GIF image"},
        {"\xFF\xD8\xFF", "JPEG image"},
        {"\x1F\x8B", "gzip data"},
        {"BZh", "bzip2 data"},
        {std::string_view("\xFD"
                          "7zXZ\x00",
                          6),
         "xz data"},
        {"7z\xBC\xAF", "7-Zip archive"},
        {"\x7F"
         "ELF",
         "executable"},
        {std::string_view("\xD0\xCF\x11\xE0", 4), "old office document"},
        {"SQLite format 3", "SQLite database"},
        {"{\\rtf", "RTF document"},
    };
    for (const auto& [magic, what] : kMagic) {
        if (starts(magic)) return "binary file (" + std::string(what) + ")";
    }
    std::size_t probe = std::min<std::size_t>(bytes.size(), 8192);
    std::size_t control = 0;
    for (std::size_t i = 0; i < probe; ++i) {
        auto c = static_cast<unsigned char>(bytes[i]);
        if (c == 0) return "binary file (contains NUL bytes)";
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b) ++control;
    }
    if (probe > 0 && control * 20 > probe) return "binary file (control characters)";
    return {};
}

std::string declared_charset(std::string_view html) {
    std::string head = lower(html.substr(0, 2048));
    auto value_after = [&](std::size_t at) -> std::string {
        std::size_t i = at;
        while (i < head.size() &&
               (head[i] == ' ' || head[i] == '=' || head[i] == '"' || head[i] == '\'')) {
            ++i;
        }
        std::size_t j = i;
        while (j < head.size() &&
               (std::isalnum(static_cast<unsigned char>(head[j])) || head[j] == '-' ||
                head[j] == '_' || head[j] == ':' || head[j] == '.')) {
            ++j;
        }
        return head.substr(i, j - i);
    };
    if (head.compare(0, 5, "<?xml") == 0) {
        std::size_t end = head.find("?>");
        std::size_t enc = head.find("encoding", 0);
        if (enc != std::string::npos && enc < end) return value_after(enc + 8);
    }
    for (std::size_t at = head.find("<meta"); at != std::string::npos;
         at = head.find("<meta", at + 5)) {
        std::size_t end = head.find('>', at);
        if (end == std::string::npos) break;
        std::size_t cs = head.find("charset", at);
        if (cs != std::string::npos && cs < end) return value_after(cs + 7);
    }
    return {};
}

}  // namespace newsdesk::ingest
