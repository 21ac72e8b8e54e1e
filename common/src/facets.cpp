#include "newsdesk/internal/facets.hpp"

namespace newsdesk::facets {

std::string encode_list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        std::size_t len = n.size();
        while (len >= 0x80) {
            out += static_cast<char>((len & 0x7f) | 0x80);
            len >>= 7;
        }
        out += static_cast<char>(len);
        out += n;
    }
    return out;
}

std::vector<std::string> decode_list(std::string_view encoded) {
    std::vector<std::string> names;
    for_each_in_list(encoded, [&](std::string_view n) { names.emplace_back(n); });
    return names;
}

}  // namespace newsdesk::facets
