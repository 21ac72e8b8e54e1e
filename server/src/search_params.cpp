#include "search_params.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"

namespace newsdesk::server {

namespace {

std::size_t parse_count(const std::string& name, const std::string& value, std::size_t max) {
    std::size_t n = 0;
    const char* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, n);
    if (value.empty() || ec == std::errc::invalid_argument || ptr != end) {
        throw UsageError(name + " must be a whole number, not '" + value + "'");
    }
    if (ec == std::errc::result_out_of_range || n > max) {
        throw UsageError(name + " must be at most " + std::to_string(max));
    }
    return n;
}

bool parse_bool(const std::string& name, const std::string& value) {
    if (value == "true" || value == "1" || value == "yes") return true;
    if (value == "false" || value == "0" || value == "no") return false;
    throw UsageError(name + " must be true or false, not '" + value + "'");
}

void check_length(const std::string& name, const std::string& value, std::size_t max) {
    if (value.size() > max) {
        throw UsageError(name + " is " + std::to_string(value.size()) + " bytes long; at most " +
                         std::to_string(max) + " are accepted");
    }
}

// YYYY, YYYY-MM or YYYY-MM-DD; the Searcher checks that the date exists.
void check_date(const std::string& name, const std::string& value) {
    auto digits = [&](std::size_t from, std::size_t n) {
        return std::all_of(value.begin() + from, value.begin() + from + n,
                           [](unsigned char c) { return std::isdigit(c); });
    };
    const std::size_t n = value.size();
    const bool ok = (n == 4 && digits(0, 4)) ||
                    (n == 7 && digits(0, 4) && value[4] == '-' && digits(5, 2)) ||
                    (n == 10 && digits(0, 4) && value[4] == '-' && digits(5, 2) &&
                     value[7] == '-' && digits(8, 2));
    if (!ok) {
        throw UsageError(name + " must be a date YYYY-MM-DD, YYYY-MM or YYYY, not '" + value + "'");
    }
}

// "type:rest" of facet_limit and facet_prefix, the type being a facet's name.
std::pair<std::string, std::string> facet_argument(const std::string& name, const std::string& v) {
    const auto colon = v.find(':');
    const std::string type = v.substr(0, colon);
    const bool known = std::any_of(schema::kFacets.begin(), schema::kFacets.end(),
                                   [&](const schema::Facet& f) { return f.name == type; });
    if (colon == std::string::npos || !known) {
        std::string names;
        for (const auto& f : schema::kFacets)
            names += std::string(names.empty() ? "" : ", ") + std::string(f.name);
        throw UsageError(name + " must be TYPE:VALUE with TYPE one of " + names + ", not '" + v +
                         "'");
    }
    return {type, v.substr(colon + 1)};
}

/// One API parameter: its name, whether it may repeat, and how it sets the request.
struct Param {
    const char* name;
    bool repeatable;
    void (*apply)(SearchRequest&, const std::string& value, const ServeLimits&);
};

// The table: HTTP parameter name → SearchRequest field. Keep docs/HTTP.md in step.
const Param kSearchParams[] = {
    {"q", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits& l) {
         check_length("q", v, l.max_query_bytes);
         r.query = v;
     }},
    {"filter", true,
     [](SearchRequest& r, const std::string& v, const ServeLimits& l) {
         check_length("filter", v, l.max_query_bytes);
         if (r.filters.size() >= l.max_filters) {
             throw UsageError("at most " + std::to_string(l.max_filters) +
                              " filter parameters are accepted");
         }
         r.filters.push_back(v);
     }},
    {"since", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits&) {
         if (!v.empty()) check_date("since", v);
         r.since = v;
     }},
    {"until", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits&) {
         if (!v.empty()) check_date("until", v);
         r.until = v;
     }},
    {"sort", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits&) {
         r.sort = parse_sort_order(v);
     }},
    {"offset", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits& l) {
         r.offset = parse_count("offset", v, l.max_offset);
     }},
    {"limit", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits& l) {
         r.limit = parse_count("limit", v, l.max_limit);
     }},
    {"collapse", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits&) {
         r.collapse = parse_bool("collapse", v);
     }},
    {"facets", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits& l) {
         r.facet_limit = parse_count("facets", v, l.max_facets);
     }},
    {"facet_limit", true,
     [](SearchRequest& r, const std::string& v, const ServeLimits& l) {
         const auto [type, count] = facet_argument("facet_limit", v);
         r.facet_limits[type] = parse_count("facet_limit " + type, count, l.max_facet_values);
     }},
    {"facet_prefix", true,
     [](SearchRequest& r, const std::string& v, const ServeLimits& l) {
         check_length("facet_prefix", v, l.max_query_bytes);
         const auto [type, prefix] = facet_argument("facet_prefix", v);
         r.facet_prefixes[type] = prefix;
     }},
    {"explain", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits&) {
         r.explain = parse_bool("explain", v);
     }},
    {"autocorrect", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits&) {
         r.autocorrect = parse_bool("autocorrect", v);
     }},
    {"like", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits&) {
         if (!plausible_id(v)) throw UsageError("like must be an article id, not '" + v + "'");
         r.like = v;
     }},
};

const Param kStoryParams[] = {
    {"offset", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits& l) {
         r.offset = parse_count("offset", v, l.max_offset);
     }},
    {"limit", false,
     [](SearchRequest& r, const std::string& v, const ServeLimits& l) {
         r.limit = parse_count("limit", v, l.max_limit);
     }},
};

template <std::size_t N>
void apply_all(const Param (&table)[N], const QueryParams& params, const ServeLimits& limits,
               SearchRequest& req) {
    std::set<std::string> seen;
    for (const auto& [name, value] : params) {
        const Param* p = std::find_if(std::begin(table), std::end(table),
                                      [&key = name](const Param& c) { return key == c.name; });
        if (p == std::end(table)) {
            std::string known;
            for (const auto& c : table)
                known += std::string(known.empty() ? "" : ", ") + c.name;
            std::string shown = name.size() > 40 ? name.substr(0, 40) + "…" : name;
            throw UsageError("unknown parameter '" + shown + "' (known: " + known + ")");
        }
        if (!p->repeatable && !seen.insert(name).second) {
            throw UsageError("parameter " + name + " given twice");
        }
        p->apply(req, value, limits);
    }
}

}  // namespace

SearchRequest search_request(const QueryParams& params, const ServeLimits& limits) {
    SearchRequest req;
    req.time_limit_ms = limits.time_limit_ms;
    req.require_all_shards = limits.require_all_shards;
    apply_all(kSearchParams, params, limits, req);
    return req;
}

SearchRequest story_request(const std::string& story_id, const QueryParams& params,
                            const ServeLimits& limits) {
    SearchRequest req;
    req.time_limit_ms = limits.time_limit_ms;
    req.require_all_shards = limits.require_all_shards;
    req.story = story_id;
    req.facet_limit = 0;
    apply_all(kStoryParams, params, limits, req);
    return req;
}

bool plausible_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_';
    });
}

}  // namespace newsdesk::server
