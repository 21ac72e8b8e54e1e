// Fuzz target: the HTTP API's request parameters. The input is a query string
// ("q=troops&limit=5&filter=place:Kursk", split on & and the first =); search_request() and
// story_request() either build a request within the limits or throw UsageError.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "newsdesk/error.hpp"
#include "search_params.hpp"

using namespace newsdesk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    server::QueryParams params;
    std::size_t pos = 0;
    while (pos <= input.size()) {
        std::size_t amp = input.find('&', pos);
        if (amp == std::string::npos) amp = input.size();
        const std::string pair = input.substr(pos, amp - pos);
        const std::size_t eq = pair.find('=');
        params.emplace(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
        pos = amp + 1;
    }
    const ServeLimits limits;
    try {
        SearchRequest r = server::search_request(params, limits);
        if (r.limit > limits.max_limit || r.offset > limits.max_offset ||
            r.query.size() > limits.max_query_bytes || r.filters.size() > limits.max_filters) {
            std::abort();
        }
    } catch (const UsageError&) {
    }
    try {
        (void)server::story_request("abc", params, limits);
    } catch (const UsageError&) {
    }
    return 0;
}
