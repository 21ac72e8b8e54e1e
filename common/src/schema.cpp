#include "newsdesk/internal/schema.hpp"

#include "newsdesk/internal/text.hpp"

namespace newsdesk {

const char* to_string(DateSource s) noexcept {
    switch (s) {
        case DateSource::content:
            return "content";
        case DateSource::metadata:
            return "metadata";
        case DateSource::mtime:
            return "mtime";
        case DateSource::none:
            break;
    }
    return "none";
}

const char* to_string(EntityType t) noexcept {
    switch (t) {
        case EntityType::person:
            return "person";
        case EntityType::org:
            return "org";
        case EntityType::place:
            return "place";
        case EntityType::misc:
            return "misc";
    }
    return "person";
}

namespace schema {

const Facet& facet_for(EntityType t) noexcept {
    switch (t) {
        case EntityType::person:
            return kFacets[0];
        case EntityType::org:
            return kFacets[1];
        case EntityType::place:
            return kFacets[2];
        case EntityType::misc:
            break;  // no facet: callers ask for the three facet types only
    }
    return kFacets[0];
}

std::string term(std::string_view prefix, std::string_view value) {
    // Xapian's limit is 245 bytes per term; keep well below, hashing the tail of long values so
    // that distinct values stay distinct.
    constexpr std::size_t kMax = 200;
    std::string t(prefix);
    if (prefix.size() + value.size() <= kMax) {
        t += value;
    } else {
        std::size_t keep = kMax - prefix.size() - 17;
        while (keep > 0 && (static_cast<unsigned char>(value[keep]) & 0xc0) == 0x80)
            --keep;
        t.append(value.substr(0, keep));
        t += '#';
        t += text::hex64(text::fnv1a64(value));
    }
    return t;
}

}  // namespace schema
}  // namespace newsdesk
