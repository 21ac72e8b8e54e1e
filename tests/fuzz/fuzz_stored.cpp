// Fuzz target: the stored-document decoder on arbitrary document data (a corrupt or foreign
// database). It either decodes or throws DatabaseError; what it decodes encodes again.
#include <cstdint>
#include <string_view>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/stored.hpp"

using namespace newsdesk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        stored::StoredArticle a = stored::decode(bytes);
        (void)stored::decode(stored::encode(a));
        (void)stored::decode_without_entities(bytes);
    } catch (const DatabaseError&) {
    }
    return 0;
}
