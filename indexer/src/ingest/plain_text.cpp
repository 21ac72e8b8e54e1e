// Plain-text articles: lines to paragraphs, then the shared cleaning (assemble.hpp).
#include <string_view>
#include <vector>

#include "ingest/assemble.hpp"
#include "ingest/formats.hpp"
#include "ingest/ingest.hpp"
#include "ingest/lines.hpp"
#include "ingest/metadata.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::ingest {

namespace {

std::size_t indent_of(std::string_view raw) {
    std::size_t n = 0;
    for (char c : raw) {
        if (c == ' ') {
            ++n;
        } else if (c == '\t') {
            n += 4;
        } else {
            break;
        }
    }
    return n;
}

// A list item: "- ", "* ", "• ", "– ", "1. ", "2) ".
bool is_bullet(std::string_view t) {
    if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') return true;
    if (t.substr(0, 3) == "\xE2\x80\xA2" || t.substr(0, 3) == "\xE2\x80\x93" ||
        t.substr(0, 3) == "\xE2\x80\x94" || t.substr(0, 2) == "\xC2\xB7") {
        return true;
    }
    std::size_t i = 0;
    while (i < t.size() && i < 3 && t[i] >= '0' && t[i] <= '9')
        ++i;
    return i > 0 && i + 1 < t.size() && (t[i] == '.' || t[i] == ')') && t[i + 1] == ' ';
}

// Emits the paragraphs of one block of consecutive non-blank lines. A block of short lines
// (hard-wrapped text, like Reuters' 70-column stories) is joined, a new paragraph starting at
// each list item or deeper-indented line; otherwise each line is a paragraph.
// Lines in blocks were classified as text one by one; a paragraph joined from several lines is
// classified again as a whole.
void flush_block(const std::vector<std::string_view>& raw, std::vector<std::string>& out,
                 std::vector<LineKind>& kinds) {
    if (raw.empty()) return;
    if (raw.size() == 1) {
        out.emplace_back(text::trim(raw[0]));
        kinds.push_back(LineKind::text);
        return;
    }
    std::size_t max_len = 0, long_lines = 0, min_indent = SIZE_MAX;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        std::size_t len = text::trim(raw[i]).size();
        max_len = std::max(max_len, len);
        if (i + 1 < raw.size() && len >= 40) ++long_lines;
        min_indent = std::min(min_indent, indent_of(raw[i]));
    }
    const bool wrapped = max_len <= 100 && long_lines * 2 >= raw.size() - 1;
    if (!wrapped) {
        for (std::string_view r : raw) {
            out.emplace_back(text::trim(r));
            kinds.push_back(LineKind::text);
        }
        return;
    }
    std::string para;
    std::size_t lines = 0;
    auto emit = [&] {
        kinds.push_back(lines > 1 ? classify_line(para) : LineKind::text);
        out.push_back(std::move(para));
        para.clear();
        lines = 0;
    };
    for (std::size_t i = 0; i < raw.size(); ++i) {
        std::string_view t = text::trim(raw[i]);
        bool starts = i == 0 || is_bullet(t) || indent_of(raw[i]) > min_indent;
        if (starts && !para.empty()) emit();
        if (!para.empty()) para += ' ';
        para += t;
        ++lines;
    }
    if (!para.empty()) emit();
}

}  // namespace

std::vector<std::string> plain_paragraphs(std::string_view utf8, std::vector<LineKind>* kinds_out) {
    std::vector<std::string> out;
    std::vector<LineKind> kinds;
    std::vector<std::string_view> block;
    std::size_t pos = 0;
    while (pos <= utf8.size()) {
        std::size_t nl = utf8.find('\n', pos);
        if (nl == std::string_view::npos) nl = utf8.size();
        std::string_view raw = utf8.substr(pos, nl - pos);
        pos = nl + 1;
        std::string_view t = text::trim(raw);
        if (t.empty()) {
            flush_block(block, out, kinds);
            block.clear();
            continue;
        }
        // Furniture and sign-offs stand alone, whatever block they sit in.
        LineKind kind = classify_line(t);
        if (kind != LineKind::text || is_signoff(t)) {
            flush_block(block, out, kinds);
            block.clear();
            out.emplace_back(t);
            kinds.push_back(kind);
            continue;
        }
        block.push_back(raw);
    }
    flush_block(block, out, kinds);
    if (kinds_out) *kinds_out = std::move(kinds);
    return out;
}

Article parse_plain_text(std::string_view utf8, const std::string& path,
                         const std::string& mtime_date) {
    Draft d;
    d.article.path = path;
    d.article.format = "text";
    d.paragraphs = plain_paragraphs(utf8, &d.kinds);
    d.headline_in_text = true;
    d.mtime_date = mtime_date;
    return assemble(std::move(d));
}

}  // namespace newsdesk::ingest
