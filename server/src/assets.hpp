// The search page's files, embedded in the binary at build time from server/web/ (see
// server/embed.cmake). Nothing is ever read from the filesystem to answer a request.
#pragma once

#include <cstddef>
#include <string_view>

namespace newsdesk::server {

struct Asset {
    std::string_view path;          ///< the route: "/" for index.html, else "/" + file name
    std::string_view content_type;  ///< "text/html; charset=utf-8", ...
    std::string_view body;
};

/// The embedded files (generated: web_assets.cpp in the build directory).
extern const Asset kAssets[];
extern const std::size_t kAssetCount;

}  // namespace newsdesk::server
