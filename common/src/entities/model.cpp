#include "model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "newsdesk/error.hpp"

namespace newsdesk::entities {

namespace {

constexpr char kMagic[8] = {'N', 'D', 'N', 'E', 'R', 'v', '1', '\n'};
constexpr std::size_t kHeader = 8 + 4 * 4 + 4 * kTags + 4 * kTags * kTags;
constexpr std::size_t kRecord = 4 + 2 * kTags;

bool little_endian() noexcept {
    const std::uint16_t one = 1;
    unsigned char b;
    std::memcpy(&b, &one, 1);
    return b == 1;
}

template <typename T>
T read_at(std::string_view s, std::size_t off) noexcept {
    T v;
    std::memcpy(&v, s.data() + off, sizeof v);
    return v;
}

template <typename T>
void put(std::string& out, T v) {
    char b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    out.append(b, sizeof v);
}

}  // namespace

const char* tag_name(int tag) noexcept {
    static constexpr const char* kNames[kTags] = {"O",     "B-PER", "I-PER",  "B-ORG", "I-ORG",
                                                  "B-LOC", "I-LOC", "B-MISC", "I-MISC"};
    return tag >= 0 && tag < kTags ? kNames[tag] : "?";
}

void viterbi(const float* em, std::size_t n, const float* start, const float* trans,
             std::uint8_t* out, DecodeScratch& s) {
    if (n == 0) return;
    constexpr float kNeg = -std::numeric_limits<float>::infinity();
    // BIO constraints folded into the transition scores once per call.
    float tr[kTags * kTags];
    for (int p = 0; p < kTags; ++p)
        for (int t = 0; t < kTags; ++t)
            tr[p * kTags + t] = tag_allowed(p, t) ? trans[p * kTags + t] : kNeg;
    s.back.resize(n * kTags);
    float cur[kTags], nxt[kTags];
    for (int t = 0; t < kTags; ++t)
        cur[t] = tag_allowed(-1, t) ? start[t] + em[t] : kNeg;
    for (std::size_t i = 1; i < n; ++i) {
        const float* e = em + i * kTags;
        std::uint8_t* bp = s.back.data() + i * kTags;
        for (int t = 0; t < kTags; ++t) {
            float best = cur[0] + tr[t];
            int arg = 0;
            for (int p = 1; p < kTags; ++p) {
                const float v = cur[p] + tr[p * kTags + t];
                if (v > best) {
                    best = v;
                    arg = p;
                }
            }
            nxt[t] = best + e[t];
            bp[t] = static_cast<std::uint8_t>(arg);
        }
        std::memcpy(cur, nxt, sizeof cur);
    }
    int best = 0;
    for (int t = 1; t < kTags; ++t)
        if (cur[t] > cur[best]) best = t;
    for (std::size_t i = n; i-- > 0;) {
        out[i] = static_cast<std::uint8_t>(best);
        if (i > 0) best = s.back[i * kTags + static_cast<std::size_t>(best)];
    }
}

Model::Model(std::string_view bytes) {
    if (!little_endian()) throw RuntimeError("NER model: big-endian hosts are not supported");
    if (bytes.size() < kHeader || std::memcmp(bytes.data(), kMagic, 8) != 0)
        throw RuntimeError("NER model: not a newsdesk model file (bad magic)");
    const auto version = read_at<std::uint32_t>(bytes, 8);
    const auto tags = read_at<std::uint32_t>(bytes, 12);
    const auto count = read_at<std::uint32_t>(bytes, 16);
    scale_ = read_at<float>(bytes, 20);
    if (tags != kTags)
        throw RuntimeError("NER model: " + std::to_string(tags) + " tags, expected " +
                           std::to_string(kTags));
    if (bytes.size() != kHeader + std::size_t{count} * kRecord)
        throw RuntimeError("NER model: truncated or oversized file");
    std::memcpy(start_, bytes.data() + 24, sizeof start_);
    std::memcpy(trans_, bytes.data() + 24 + sizeof start_, sizeof trans_);
    version_ = version;  // checked by the caller, which knows which featurizer it runs

    std::size_t cap = 16;
    while (cap < std::size_t{count} * 2)
        cap <<= 1;
    keys_.assign(cap, 0);
    weights_.assign(cap * kTags, 0);
    mask_ = cap - 1;
    count_ = count;
    const char* rec = bytes.data() + kHeader;
    for (std::uint32_t r = 0; r < count; ++r, rec += kRecord) {
        std::uint32_t key;
        std::memcpy(&key, rec, 4);
        if (key == 0) throw RuntimeError("NER model: zero feature key");
        std::size_t i = key & mask_;
        while (keys_[i] != 0 && keys_[i] != key)
            i = (i + 1) & mask_;
        keys_[i] = key;
        std::memcpy(&weights_[i * kTags], rec + 4, 2 * kTags);
    }
}

void Model::sentence_scores(const std::uint64_t* keys, const std::uint32_t* offsets,
                            std::size_t tokens, float* scores, std::size_t n_keys) const noexcept {
    const std::size_t total = offsets ? offsets[tokens] - offsets[0] : n_keys;
    if (offsets) keys += offsets[0];
    const std::uint32_t* ks = keys_.data();
    constexpr std::size_t kAhead = 40;
    for (std::size_t f = 0; f < kAhead && f < total; ++f) {
        const std::size_t slot = model_key(keys[f]) & mask_;
        __builtin_prefetch(ks + slot);
        __builtin_prefetch(&weights_[slot * kTags]);
    }
    std::size_t f = 0;
    for (std::size_t t = 0; t < tokens; ++t) {
        const std::size_t end = offsets ? offsets[t + 1] - offsets[0] : total;
        int acc[kTags] = {};
        for (; f < end; ++f) {
            // Most time goes to memory: fetch the likely slot of a later feature meanwhile.
            if (f + kAhead < total) {
                const std::size_t ahead = model_key(keys[f + kAhead]) & mask_;
                __builtin_prefetch(ks + ahead);
                __builtin_prefetch(&weights_[ahead * kTags]);
            }
            const std::uint32_t k = model_key(keys[f]);
            std::size_t i = k & mask_;
            while (true) {
                const std::uint32_t at = ks[i];
                if (at == k) {
                    const std::int16_t* w = &weights_[i * kTags];
                    for (int g = 0; g < kTags; ++g)
                        acc[g] += w[g];
                    break;
                }
                if (at == 0) break;
                i = (i + 1) & mask_;
            }
        }
        for (int g = 0; g < kTags; ++g)
            scores[t * kTags + g] += static_cast<float>(acc[g]) * scale_;
    }
}

std::string write_model(std::uint32_t feature_version, const std::vector<std::uint32_t>& keys,
                        const std::vector<float>& w, float scale, const float* start,
                        const float* trans) {
    std::string out(kMagic, 8);
    put<std::uint32_t>(out, feature_version);
    put<std::uint32_t>(out, kTags);
    put<std::uint32_t>(out, static_cast<std::uint32_t>(keys.size()));
    put<float>(out, scale);
    for (int t = 0; t < kTags; ++t)
        put<float>(out, start[t]);
    for (int t = 0; t < kTags * kTags; ++t)
        put<float>(out, trans[t]);
    for (std::size_t r = 0; r < keys.size(); ++r) {
        put<std::uint32_t>(out, keys[r]);
        for (int t = 0; t < kTags; ++t) {
            const float q = std::round(w[r * kTags + static_cast<std::size_t>(t)] / scale);
            put<std::int16_t>(out, static_cast<std::int16_t>(std::clamp(q, -32767.0f, 32767.0f)));
        }
    }
    return out;
}

}  // namespace newsdesk::entities
