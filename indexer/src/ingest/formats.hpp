// The format parsers behind ingest::read_file(), and how a file's format is decided.
// All functions are thread-safe and never throw for bad input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/ingest.hpp"
#include "ingest/lines.hpp"

namespace newsdesk::ingest {

enum class Format { text, html, jsonl, json, unsupported };

const char* to_string(Format f) noexcept;

/// The format a file's name implies: .txt, .text and no extension -> text; .html, .htm, .xhtml,
/// .shtml -> html; .jsonl, .ndjson -> jsonl; .json -> json; anything else -> unsupported.
/// `ext` receives the lower-cased extension with its dot ("" when none).
Format format_from_name(const std::string& filename, std::string* ext = nullptr);

/// Refines a name-based guess with the content: a .txt or extension-less file that starts with
/// "<!DOCTYPE html", "<html" (or an XML declaration followed by <html) is HTML; an
/// extension-less file starting with '{' or '[' is JSON Lines or JSON.
Format sniff_format(Format by_name, const std::string& ext, std::string_view bytes);

/// Why `bytes` are not text, or "" when they are: a NUL byte or many control characters in the
/// first 8 KiB, or the magic number of a known binary format ("binary file (PDF)"). Files that
/// start with a UTF-16 byte-order mark are text.
std::string binary_reason(std::string_view bytes);

/// The charset an HTML document declares in its first 2 KiB (<meta charset>, http-equiv
/// Content-Type, XML declaration), or "".
std::string declared_charset(std::string_view html);

/// Splits plain text (valid UTF-8, "\n" line ends) into candidate paragraphs: blank lines end
/// paragraphs; within a block, hard-wrapped lines are joined (new paragraphs at list items and
/// deeper indentation), other lines are paragraphs of their own; furniture lines always stand
/// alone. `kinds`, when given, receives each paragraph's LineKind.
std::vector<std::string> plain_paragraphs(std::string_view utf8,
                                          std::vector<LineKind>* kinds = nullptr);

/// An HTML page (valid UTF-8) -> one article, text possibly empty. Parsed with libxml2's HTML
/// parser in recovery mode; see docs/INGESTION.md for main-content extraction.
Article parse_html(std::string_view utf8, const std::string& path, const std::string& mtime_date);

/// The paragraphs of an HTML fragment (a JSON body holding markup), furniture elements dropped.
std::vector<std::string> html_fragment_paragraphs(std::string_view utf8);

/// What the HTML parser is given at most; the excess is cut before parsing (see bound_markup).
struct MarkupLimits {
    /// Attributes kept on one tag (libxml2 checks each against all before it: N^2 for N).
    std::size_t attributes = 200;
    /// Elements open at once. libxml2 stops reading a document nested deeper than 256 (the rest
    /// of the page is lost) and the tree walks after it recurse; like a browser's parser
    /// (Blink's stops at 512), deeper start tags are not opened, so their content joins the
    /// element at the limit instead of being lost.
    std::size_t depth = 200;
};

/// `html` with each start tag cut to `limits.attributes` attributes and start tags beyond
/// `limits.depth` open elements (with their end tags) removed, in one linear pass; nullopt
/// when nothing is cut. Comments and the content of script, style, textarea and title are
/// copied untouched. Open elements are tracked as the HTML parser would see them: void
/// elements and "/>" open nothing, a <p>, <li>, <dt>, <dd>, <option>, <tr>, <td> or <th>
/// closes an open one of its kind, and an end tag closes up to its element.
std::optional<std::string> bound_markup(std::string_view html, const MarkupLimits& limits = {});

/// Where a record-based file's problems and keys point.
struct FileContext {
    std::string display_path;  ///< the path as the user gave it (for "path:line: reason")
    std::string path;          ///< absolute, lexically normal path (Article::path)
    std::string mtime_date;
};

/// JSON Lines: one article per non-blank line. Bad lines add a problem and count in
/// `out.records_failed` (not JSON) or `out.records_skipped` (JSON without article text); the
/// other lines are still read. When no line gives an article, `out.outcome` is failed (or
/// skipped when no line was bad but none had text).
void parse_json_lines(std::string_view utf8, const FileContext& ctx, FileResult& out);

/// JSON: one article object, an array of them, or an object holding such an array under
/// "articles", "items", "data", "results" or "posts".
void parse_json(std::string_view utf8, const FileContext& ctx, FileResult& out);

}  // namespace newsdesk::ingest
