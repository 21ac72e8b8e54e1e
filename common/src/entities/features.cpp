#include "features.hpp"

#include "hashing.hpp"

namespace newsdesk::entities {

namespace {

// Feature templates. Ids are part of the model format: append, never renumber (or bump
// kFeatureVersion and retrain).
enum Tmpl : std::uint32_t {
    kBias,
    kWord,       // w0
    kWordPrev,   // w-1
    kWordNext,   // w+1
    kWordPrev2,  // w-2
    kWordNext2,  // w+2
    kShape,      // shape0
    kShapePrev,  // shape-1
    kShapeNext,  // shape+1
    kShape3,     // shape-1 shape0 shape+1
    kPrefix,     // + length-1 (4 templates)
    kSuffix = kPrefix + 4,
    kCapContext = kSuffix + 4,  // cap0, sentence start, common word
    kGaz,                       // class and position of w0 in a gazetteer name
    kWordPrevCap,               // w-1 with cap0
    kWordNextCap,               // w+1 with cap0
    kCommonShape,               // common word, shape0, start
    kGazCap,                    // gazetteer class/position with cap0 and start
    kHyphen,                    // hyphenated word: case and commonness of its last part, cap0
};
// Measured and left out (no gain on eng.testa, each a look-up per token): word bigrams, the
// cased word, capitalisation of the neighbours, neighbours' gazetteer classes, all-caps sentence.

constexpr std::uint64_t kPadLeft = 0x51ed270b27b3a9d5ULL;
constexpr std::uint64_t kPadRight = 0x2545f4914f6cdd1dULL;

Cap cap_of(std::string_view w) {
    bool any_letter = false, any_digit = false, first_upper = false, any_lower = false;
    int uppers = 0;
    for (std::size_t i = 0; i < w.size();) {
        std::size_t len;
        const char c = char_class(decode_utf8(w, i, len));
        i += len;
        if (c == 'u' || c == 'l') {
            if (!any_letter) first_upper = c == 'u';
            any_letter = true;
            if (c == 'u')
                ++uppers;
            else
                any_lower = true;
        } else if (c == 'd') {
            any_digit = true;
        }
    }
    if (!any_letter) return any_digit ? Cap::number : Cap::punct;
    if (!first_upper) return Cap::lower;
    if (any_lower) return Cap::title;
    return uppers == 1 ? Cap::initial : Cap::upper;
}

void shape_into(std::string_view w, std::string& out) {
    out.clear();
    char last = 0;
    for (std::size_t i = 0; i < w.size() && out.size() < 12;) {
        std::size_t len;
        const unsigned cp = decode_utf8(w, i, len);
        i += len;
        char c;
        switch (char_class(cp)) {
            case 'u':
                c = 'X';
                break;
            case 'l':
                c = 'x';
                break;
            case 'd':
                c = 'd';
                break;
            case 'm':
                continue;
            default:
                c = cp < 0x80 ? static_cast<char>(cp) : 'o';
        }
        if (c != last) out += c;
        last = c;
    }
}

}  // namespace

void Featurizer::token_info(const Token& tok, FeatureScratch& s, TokenInfo& t) const {
    const std::string_view w = tok.norm;
    bool ascii = true;
    for (char c : w)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        // One pass for the common case: lowercase form, shape and capitalisation together.
        s.lower.resize(w.size());
        s.shape.clear();
        bool any_letter = false, any_digit = false, first_upper = false, any_lower = false;
        int uppers = 0;
        char last = 0;
        for (std::size_t i = 0; i < w.size(); ++i) {
            const char c = w[i];
            char sc;
            if (c >= 'A' && c <= 'Z') {
                s.lower[i] = static_cast<char>(c + 32);
                if (!any_letter) first_upper = true;
                any_letter = true;
                ++uppers;
                sc = 'X';
            } else if (c >= 'a' && c <= 'z') {
                s.lower[i] = c;
                any_letter = any_lower = true;
                sc = 'x';
            } else {
                s.lower[i] = c;
                if (c >= '0' && c <= '9') {
                    any_digit = true;
                    sc = 'd';
                } else {
                    sc = c;
                }
            }
            if (sc != last && s.shape.size() < 12) s.shape += sc;
            last = sc;
        }
        t.cap = !any_letter    ? (any_digit ? Cap::number : Cap::punct)
                : !first_upper ? Cap::lower
                : any_lower    ? Cap::title
                : uppers == 1  ? Cap::initial
                               : Cap::upper;
    } else {
        lowercase_into(w, s.lower);
        shape_into(w, s.shape);
        t.cap = cap_of(w);
    }
    t.lower = hash_bytes(s.lower);
    t.shape = hash_bytes(s.shape);
    t.start = tok.sentence_start;
    t.common = lex_.is_common_word(t.lower);
    t.gaz = 0;
    // A hyphenated word is told apart by its last part: "Seong-kweun" (a name) from
    // "Hong Kong-based" or "Anti-war" (a common word after the hyphen).
    t.hyphen = 0;
    if (const std::size_t h = s.lower.rfind('-');
        h != std::string::npos && h > 0 && h + 1 < s.lower.size()) {
        const std::string_view part = std::string_view(s.lower).substr(h + 1);
        const bool part_upper =  // (lowercasing kept the byte offsets, or no case known)
            s.lower.size() == w.size() && w[h + 1] >= 'A' && w[h + 1] <= 'Z';
        t.hyphen = static_cast<std::uint8_t>(1 + (part_upper ? 2 : 0) +
                                             (lex_.is_common_word(hash_bytes(part)) ? 1 : 0));
    }
    // Affixes of the lowercase form, in bytes (consistent, and cheap); prefixes hash
    // incrementally, with the same values as hash_bytes of each prefix.
    const std::string_view l = s.lower;
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::size_t k = 1; k <= 4; ++k) {
        if (l.size() > k) {
            h ^= static_cast<unsigned char>(l[k - 1]);
            h *= 0x100000001b3ULL;
            t.prefix[k - 1] = mix64(h);
            t.suffix[k - 1] = hash_bytes(l.substr(l.size() - k));
        } else {
            t.prefix[k - 1] = t.suffix[k - 1] = 0;
        }
    }
}

void Featurizer::mark_gazetteers(std::size_t n, FeatureScratch& s) const {
    // For each class, the longest entry starting at each capitalised token, left to right;
    // entries may contain lowercase words ("Bank of England") but start and end capitalised.
    std::size_t covered[kGazClasses] = {};
    const std::size_t max_len = static_cast<std::size_t>(lex_.max_ngram());
    for (std::size_t i = 0; i < n; ++i) {
        const TokenInfo& first = s.info[i];
        if (first.cap != Cap::title && first.cap != Cap::upper && first.cap != Cap::initial)
            continue;
        std::size_t best[kGazClasses] = {};
        std::uint64_t h = 0;
        for (std::size_t len = 1; len <= max_len && i + len <= n; ++len) {
            const TokenInfo& last = s.info[i + len - 1];
            h = ngram_extend(h, last.lower);
            if (last.cap == Cap::lower || last.cap == Cap::punct) continue;
            std::uint16_t bits = lex_.classes_of(h);
            for (int c = 0; bits; ++c, bits >>= 1)
                if (bits & 1) best[c] = len;
        }
        for (int c = 0; c < kGazClasses; ++c) {
            const std::size_t len = best[c];
            if (len == 0 || i < covered[c]) continue;
            covered[c] = i + len;
            const unsigned shift = 3 * static_cast<unsigned>(c);
            for (std::size_t k = 0; k < len; ++k) {
                const unsigned pos = len == 1 ? 1 : k == 0 ? 2 : k + 1 == len ? 4 : 3;
                s.info[i + k].gaz = (s.info[i + k].gaz & ~(7u << shift)) | (pos << shift);
            }
        }
    }
}

void Featurizer::sentence(const Token* toks, std::size_t n, FeatureScratch& s) const {
    s.info.resize(n);
    s.keys.clear();
    s.offsets.resize(n + 1);
    for (std::size_t i = 0; i < n; ++i)
        token_info(toks[i], s, s.info[i]);
    mark_gazetteers(n, s);

    auto word = [&](std::ptrdiff_t j) -> std::uint64_t {
        if (j < 0) return kPadLeft;
        if (j >= static_cast<std::ptrdiff_t>(n)) return kPadRight;
        return s.info[static_cast<std::size_t>(j)].lower;
    };
    auto shape = [&](std::ptrdiff_t j) -> std::uint64_t {
        if (j < 0) return kPadLeft;
        if (j >= static_cast<std::ptrdiff_t>(n)) return kPadRight;
        return s.info[static_cast<std::size_t>(j)].shape;
    };

    for (std::size_t i = 0; i < n; ++i) {
        s.offsets[i] = static_cast<std::uint32_t>(s.keys.size());
        const TokenInfo& t = s.info[i];
        const auto p = static_cast<std::ptrdiff_t>(i);
        auto add = [&](std::uint64_t key) { s.keys.push_back(key); };
        const std::uint64_t ctx =
            static_cast<std::uint64_t>(t.cap) * 4 + (t.start ? 2 : 0) + (t.common ? 1 : 0);

        add(feature_key(kBias, 0));
        add(feature_key(kWord, t.lower));
        add(feature_key(kWordPrev, word(p - 1)));
        add(feature_key(kWordNext, word(p + 1)));
        add(feature_key(kWordPrev2, word(p - 2)));
        add(feature_key(kWordNext2, word(p + 2)));
        add(feature_key(kShape, t.shape));
        add(feature_key(kShapePrev, shape(p - 1)));
        add(feature_key(kShapeNext, shape(p + 1)));
        add(feature_key(kShape3, feature_key(0, shape(p - 1), t.shape), shape(p + 1)));
        for (std::uint32_t k = 0; k < 4; ++k) {
            if (t.prefix[k] == 0) break;
            add(feature_key(kPrefix + k, t.prefix[k]));
            add(feature_key(kSuffix + k, t.suffix[k]));
        }
        add(feature_key(kCapContext, ctx));
        add(feature_key(kCommonShape, t.shape, ctx));
        add(feature_key(kWordPrevCap, word(p - 1), ctx));
        add(feature_key(kWordNextCap, word(p + 1), ctx));
        if (t.hyphen) add(feature_key(kHyphen, t.hyphen, ctx));
        for (unsigned c = 0; c < kGazClasses; ++c) {
            const unsigned pos0 = (t.gaz >> (3 * c)) & 7u;
            if (pos0) {
                add(feature_key(kGaz, c * 8 + pos0));
                add(feature_key(kGazCap, c * 8 + pos0, ctx));
            }
        }
    }
    s.offsets[n] = static_cast<std::uint32_t>(s.keys.size());
}

}  // namespace newsdesk::entities
