// newsdesk/format.hpp — printers of SearchResults: JSON (the documented, versioned schema) and
// text for a terminal. Results are one C++ type; every output is a printer of it.
#pragma once

#include <ostream>
#include <string>

#include "newsdesk/searcher.hpp"

namespace newsdesk {

/// One JSON object on one line (see docs/JSON.md for the schema).
std::string to_json(const SearchResults& results);

struct TextStyle {
    bool color = false;  ///< ANSI bold highlights; otherwise matches are wrapped in [ ]
    /// Wrap snippets and facet lines to this many columns (a terminal's width); 0: one line each.
    std::size_t width = 0;
};

/// Human-readable results: rank, title, path, date and source, snippet.
void write_text(std::ostream& out, const SearchResults& results, const TextStyle& style);

}  // namespace newsdesk
