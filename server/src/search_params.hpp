// HTTP query parameters → SearchRequest: the one place where the API's parameter names meet the
// fields of SearchRequest. A new SearchRequest field becomes an API parameter by adding one entry
// to the table in search_params.cpp (and a line to docs/HTTP.md).
#pragma once

#include <map>
#include <string>

#include "newsdesk/searcher.hpp"
#include "newsdesk/server.hpp"

namespace newsdesk::server {

/// A request's query string, decoded: name → values in order of appearance (httplib::Params).
using QueryParams = std::multimap<std::string, std::string>;

/// GET /api/search parameters → request. Throws UsageError naming the parameter and what is
/// wrong: an unknown or repeated parameter, a number out of `limits`, an over-long query, a
/// malformed date or sort order. The query language itself is checked later, by the Searcher.
SearchRequest search_request(const QueryParams& params, const ServeLimits& limits);

/// GET /api/stories/{id} parameters (offset, limit) → the request listing story `story_id`.
/// Throws UsageError like search_request().
SearchRequest story_request(const std::string& story_id, const QueryParams& params,
                            const ServeLimits& limits);

/// Whether `id` has the shape of an article or story id (letters, digits, '-', '_'; at most
/// 64 bytes). Ids of any other shape cannot exist, so the routes answer 404 without looking.
bool plausible_id(const std::string& id);

}  // namespace newsdesk::server
