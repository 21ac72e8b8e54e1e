// Multi-valued facet values: how a document's list of names is stored in one value slot.
//
// Format: for each name, its length as a varint (7 bits a byte, high bit = more) then its bytes.
// Names are unique within a list and stored in the order given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsdesk::facets {

std::string encode_list(const std::vector<std::string>& names);

/// Calls `f(std::string_view name)` for each name in an encoded list. Stops quietly at a
/// truncated entry (never reads past the end).
template <typename F>
void for_each_in_list(std::string_view encoded, F&& f) {
    std::size_t i = 0;
    while (i < encoded.size()) {
        std::size_t len = 0;
        int shift = 0;
        while (i < encoded.size()) {
            auto b = static_cast<unsigned char>(encoded[i++]);
            len |= static_cast<std::size_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) break;
            shift += 7;
            if (shift > 28) return;
        }
        if (len > encoded.size() - i) return;
        f(encoded.substr(i, len));
        i += len;
    }
}

std::vector<std::string> decode_list(std::string_view encoded);

}  // namespace newsdesk::facets
