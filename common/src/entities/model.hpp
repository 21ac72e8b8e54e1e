// The tagger's model: BIO tags over PER/ORG/LOC/MISC, quantised feature weights, tag
// transitions, and Viterbi decoding.
//
// File format (little-endian), written by the training tool (tools/ner) and embedded in the
// library:
//   "NDNERv1\n"                          8-byte magic
//   u32 feature_version                 must equal kFeatureVersion
//   u32 tags                            kTags
//   u32 features                        number of weight rows
//   f32 scale                           weight = int16 * scale
//   f32 start[kTags], f32 trans[kTags][kTags]
//   features × { u32 key; i16 w[kTags] } key = upper 32 bits of the feature key, 0 mapped to 1
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdesk::entities {

inline constexpr int kTags = 9;

enum Tag : std::uint8_t { O, B_PER, I_PER, B_ORG, I_ORG, B_LOC, I_LOC, B_MISC, I_MISC };

/// "O", "B-PER", ...
const char* tag_name(int tag) noexcept;

/// The entity class of a tag: 0 none, 1 PER, 2 ORG, 3 LOC, 4 MISC.
inline int tag_class(int tag) noexcept {
    return (tag + 1) / 2;
}
inline bool tag_is_begin(int tag) noexcept {
    return tag != O && (tag % 2) == 1;
}

/// Whether tag `cur` may follow `prev` in BIO (I-X only after B-X or I-X). prev = -1 at the start.
inline bool tag_allowed(int prev, int cur) noexcept {
    if (cur == O || tag_is_begin(cur)) return true;
    return prev >= 0 && prev != O && tag_class(prev) == tag_class(cur);
}

/// The model's 32-bit key of a 64-bit feature key.
inline std::uint32_t model_key(std::uint64_t feature) noexcept {
    const auto k = static_cast<std::uint32_t>(feature >> 32);
    return k == 0 ? 1u : k;
}

/// Buffers for decoding, reused across calls by one thread.
struct DecodeScratch {
    std::vector<float> emissions;
    std::vector<float> score;
    std::vector<std::uint8_t> back;
};

/// Best BIO-valid tag sequence for `n` tokens with emission scores `em[i * kTags + tag]`,
/// start scores and transition scores trans[prev * kTags + cur]. Writes `n` tags to `out`.
void viterbi(const float* em, std::size_t n, const float* start, const float* trans,
             std::uint8_t* out, DecodeScratch& scratch);

/// Quantised weights loaded from a model file. Immutable after construction: thread-safe.
class Model {
  public:
    /// Parses a model file's bytes. Throws newsdesk::RuntimeError when it is not a model file or
    /// was trained for another feature version ("retrain with scripts/train-ner.sh").
    explicit Model(std::string_view bytes);

    /// Adds the weights of features `keys[0..n)` to `scores[kTags]`.
    void add_scores(const std::uint64_t* keys, std::size_t n, float* scores) const noexcept {
        sentence_scores(keys, nullptr, 1, scores, n);
    }

    /// Emission scores of `tokens` tokens: token t's features are keys[offsets[t] ..
    /// offsets[t+1]) (offsets == nullptr: one token with `n_keys` keys); its weights are added
    /// to scores[t * kTags ..].
    void sentence_scores(const std::uint64_t* keys, const std::uint32_t* offsets,
                         std::size_t tokens, float* scores, std::size_t n_keys = 0) const noexcept;

    const float* start() const noexcept { return start_; }
    const float* trans() const noexcept { return trans_; }
    std::size_t features() const noexcept { return count_; }
    /// The featurizer version the model was trained with (features.hpp kFeatureVersion).
    std::uint32_t feature_version() const noexcept { return version_; }

  private:
    // Open addressing over 32-bit keys; a slot's weights sit at weights_[slot * kTags]. Keys
    // apart from weights keep the probed array small (most look-ups miss).
    std::vector<std::uint32_t> keys_;
    std::vector<std::int16_t> weights_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
    std::uint32_t version_ = 0;
    float scale_ = 1.0f;
    float start_[kTags] = {};
    float trans_[kTags * kTags] = {};
};

/// Serialises a model: `keys[i]` (model_key) with float weights `w[i * kTags ..]` quantised to
/// int16 with the given scale (values beyond ±32767 * scale are clipped).
std::string write_model(std::uint32_t feature_version, const std::vector<std::uint32_t>& keys,
                        const std::vector<float>& w, float scale, const float* start,
                        const float* trans);

}  // namespace newsdesk::entities
