// Hashes for the tagger's features and the gazetteers' token n-grams.
//
// The model file stores features by these hashes, so they are part of its format: changing any
// function here (or the lowercasing in lowercase_into) requires retraining (scripts/train-ner.sh).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdesk::entities {

/// SplitMix64's finaliser: a cheap bijective mixer.
inline std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/// 64-bit hash of a byte string (FNV-1a, then mixed).
inline std::uint64_t hash_bytes(std::string_view s) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return mix64(h);
}

/// Key of feature template `tmpl` with value hash `v`.
inline std::uint64_t feature_key(std::uint32_t tmpl, std::uint64_t v) noexcept {
    return mix64(v + (static_cast<std::uint64_t>(tmpl) + 1) * 0x9e3779b97f4a7c15ULL);
}

/// Key of feature template `tmpl` over two value hashes.
inline std::uint64_t feature_key(std::uint32_t tmpl, std::uint64_t a, std::uint64_t b) noexcept {
    return feature_key(tmpl, mix64(a * 31 + 0x632be59bd9b4e019ULL) ^ b);
}

/// Extends an n-gram hash by one more token's hash (gazetteer look-ups).
inline std::uint64_t ngram_extend(std::uint64_t h, std::uint64_t token) noexcept {
    return mix64(h * 0x100000001b3ULL + token);
}

/// Writes the lowercase form of `word` to `out` (replacing its contents). ASCII is folded
/// directly, other letters by Unicode simple case mapping.
void lowercase_into(std::string_view word, std::string& out);

}  // namespace newsdesk::entities
