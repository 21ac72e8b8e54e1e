// The JSON bodies the server writes besides to_json(SearchResults): articles, stories, health and
// errors. Documented in docs/HTTP.md. Every function returns one JSON object on one line; bytes
// that are not UTF-8 are replaced, never thrown on.
#pragma once

#include <cstdint>
#include <string>

#include "catalog.hpp"
#include "newsdesk/searcher.hpp"

namespace newsdesk::server {

/// {"id", "path", "line", "format", "title", "text", "date", "date_source", "source", "url",
///  "byline", "dateline", "entities": {"person": [..], "org": [..], "place": [..]},
///  "mentions": [{"type", "start", "end", "text", "canonical"}], "story": {..} | null}
std::string article_json(const ArticleRecord& record);

/// The story's articles, newest first: to_json(results) with "story": {"id", "size", "sources"}
/// first.
std::string story_json(const SearchResults& results, const std::string& story_id);

/// {"status": "ok", "revision": N, "documents": N}
std::string health_json(std::uint64_t revision, std::size_t documents);

/// {"status": "unavailable", "error": message}
std::string unavailable_json(const std::string& message);

/// {"error": message}
std::string error_json(const std::string& message);

/// An Accept-Encoding value with "br" taken out ("gzip, deflate, br" → "gzip, deflate").
/// cpp-httplib compresses with Brotli at its slowest, best quality whenever a client accepts it:
/// about 40 ms for a 10 KB search answer, most of the page's budget for a keystroke, where gzip
/// takes a fraction of that.
std::string without_brotli(const std::string& accept_encoding);

}  // namespace newsdesk::server
