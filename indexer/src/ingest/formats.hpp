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

/// Attributes kept on one tag; the rest are dropped before parsing (see bound_attributes).
constexpr std::size_t kMaxAttributes = 200;

/// `html` with every start tag cut to its first `max_attributes` attributes, in one linear pass
/// (libxml2 spends N^2 on a tag of N attributes); nullopt when no tag has more.
std::optional<std::string> bound_attributes(std::string_view html, std::size_t max_attributes);

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
