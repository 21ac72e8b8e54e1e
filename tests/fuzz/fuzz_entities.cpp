// Fuzz target: the entity extractor. Every mention's span lies within the text, in order, and
// text.substr(start, end - start) is the mention as written.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "newsdesk/entities.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t last_start = 0;
    for (const auto& m : newsdesk::EntityExtractor::builtin().extract(text)) {
        if (m.start > m.end || m.end > text.size() || m.start < last_start) std::abort();
        if (text.substr(m.start, m.end - m.start) != m.text) std::abort();
        if (m.canonical.empty()) std::abort();
        last_start = m.start;
    }
    return 0;
}
