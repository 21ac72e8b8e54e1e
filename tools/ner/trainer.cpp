#include "trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <ostream>
#include <random>
#include <tuple>
#include <unordered_map>

namespace newsdesk::ner_tool {

using entities::kTags;

namespace {

/// Training sentences with their features resolved to weight rows, in flat arrays.
struct Compiled {
    std::vector<std::uint32_t> feats;        // row ids, all tokens
    std::vector<std::uint32_t> tok_off{0};   // token t's rows: [tok_off[t], tok_off[t+1])
    std::vector<std::uint32_t> sent_off{0};  // sentence s's tokens
    std::vector<std::uint8_t> gold;          // per token
};

// Feature rows are keyed by the model key (low 32 bits) and a domain (high bits): 0 for the rows
// every corpus shares, 1 + domain for a corpus's own copy (feature augmentation, Daume 2007).
// The exported model adds the shared rows and CoNLL's own (domain 0) rows.
using RowKey = std::uint64_t;
RowKey row_key(std::uint32_t mk, int copy) {
    return mk | (static_cast<RowKey>(copy) << 32);
}

void compile(const std::vector<Sentence>& sentences, const entities::Featurizer& fz,
             std::unordered_map<RowKey, std::uint32_t>& ids, bool grow, bool augment,
             Compiled& out) {
    entities::FeatureScratch scratch;
    std::vector<entities::Token> toks;
    for (const Sentence& s : sentences) {
        toks.assign(s.words.size(), entities::Token{});
        for (std::size_t i = 0; i < s.words.size(); ++i)
            toks[i].norm = s.words[i];
        if (!toks.empty()) toks[0].sentence_start = true;
        fz.sentence(toks.data(), toks.size(), scratch);
        for (std::size_t i = 0; i < toks.size(); ++i) {
            for (std::uint32_t k = scratch.offsets[i]; k < scratch.offsets[i + 1]; ++k) {
                const std::uint32_t mk = entities::model_key(scratch.keys[k]);
                for (int copy = 0; copy <= (augment ? 1 : 0); ++copy) {
                    const RowKey rk = row_key(mk, copy ? 1 + s.domain : 0);
                    auto it = ids.find(rk);
                    if (it == ids.end()) {
                        if (!grow) continue;
                        it = ids.emplace(rk, static_cast<std::uint32_t>(ids.size())).first;
                    }
                    out.feats.push_back(it->second);
                }
            }
            out.tok_off.push_back(static_cast<std::uint32_t>(out.feats.size()));
            out.gold.push_back(s.tags[i]);
        }
        out.sent_off.push_back(static_cast<std::uint32_t>(out.gold.size()));
    }
}

struct Span {
    std::size_t start, end;
    int cls;
    bool operator<(const Span& o) const {
        return std::tie(start, end, cls) < std::tie(o.start, o.end, o.cls);
    }
    bool operator==(const Span& o) const {
        return start == o.start && end == o.end && cls == o.cls;
    }
};

// PER/ORG/LOC spans of a tag sequence (MISC dropped).
std::vector<Span> spans_of(const std::uint8_t* tags, std::size_t n) {
    std::vector<Span> out;
    std::size_t i = 0;
    while (i < n) {
        const int cls = entities::tag_class(tags[i]);
        if (cls == 0) {
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < n && !entities::tag_is_begin(tags[j]) && entities::tag_class(tags[j]) == cls)
            ++j;
        if (cls <= 3) out.push_back({i, j, cls});
        i = j;
    }
    return out;
}

void score_sentence(const std::uint8_t* gold, const std::uint8_t* pred, std::size_t n, Scores& sc) {
    const std::vector<Span> g = spans_of(gold, n), p = spans_of(pred, n);
    for (const Span& s : p) {
        if (std::find(g.begin(), g.end(), s) != g.end())
            ++sc.tp[static_cast<std::size_t>(s.cls)];
        else
            ++sc.fp[static_cast<std::size_t>(s.cls)];
    }
    for (const Span& s : g)
        if (std::find(p.begin(), p.end(), s) == p.end()) ++sc.fn[static_cast<std::size_t>(s.cls)];
}

/// Tags compiled sentences with float weights and scores them.
Scores evaluate_float(const Compiled& c, const std::vector<float>& w, const float* start,
                      const float* trans) {
    Scores sc;
    entities::DecodeScratch ds;
    std::vector<float> em;
    std::vector<std::uint8_t> pred;
    for (std::size_t s = 0; s + 1 < c.sent_off.size(); ++s) {
        const std::size_t t0 = c.sent_off[s], n = c.sent_off[s + 1] - t0;
        em.assign(n * kTags, 0.0f);
        for (std::size_t i = 0; i < n; ++i)
            for (std::uint32_t k = c.tok_off[t0 + i]; k < c.tok_off[t0 + i + 1]; ++k)
                for (int t = 0; t < kTags; ++t)
                    em[i * kTags + t] += w[std::size_t{c.feats[k]} * kTags + t];
        pred.resize(n);
        entities::viterbi(em.data(), n, start, trans, pred.data(), ds);
        score_sentence(c.gold.data() + t0, pred.data(), n, sc);
    }
    return sc;
}

}  // namespace

double Scores::precision(int c) const {
    std::size_t t = 0, f = 0;
    for (std::size_t k = 1; k <= 3; ++k)
        if (c == 0 || static_cast<std::size_t>(c) == k) t += tp[k], f += fp[k];
    return t + f ? double(t) / double(t + f) : 0.0;
}

double Scores::recall(int c) const {
    std::size_t t = 0, f = 0;
    for (std::size_t k = 1; k <= 3; ++k)
        if (c == 0 || static_cast<std::size_t>(c) == k) t += tp[k], f += fn[k];
    return t + f ? double(t) / double(t + f) : 0.0;
}

double Scores::f1(int c) const {
    const double p = precision(c), r = recall(c);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

std::string train(const std::vector<Sentence>& sentences, const entities::Featurizer& fz,
                  const TrainParams& params, std::ostream& log) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    bool augment = false;
    for (const Sentence& s : sentences)
        augment = augment || s.domain != 0;
    augment = augment && params.augment;
    std::unordered_map<RowKey, std::uint32_t> ids;
    Compiled tr;
    compile(sentences, fz, ids, true, augment, tr);
    Compiled dev;
    if (params.dev) compile(*params.dev, fz, ids, false, augment, dev);
    const std::size_t rows = ids.size();
    log << "features: " << rows << " over " << tr.gold.size() << " tokens, "
        << std::chrono::duration<double>(Clock::now() - t0).count() << " s\n";

    std::vector<float> w(rows * kTags, 0.0f), u(rows * kTags, 0.0f);
    float start[kTags] = {}, ustart[kTags] = {};
    float trans[kTags * kTags] = {}, utrans[kTags * kTags] = {};
    std::vector<float> avg;
    float astart[kTags], atrans[kTags * kTags];
    auto average = [&](float c) {
        avg.resize(w.size());
        for (std::size_t i = 0; i < w.size(); ++i)
            avg[i] = w[i] - u[i] / c;
        for (int t = 0; t < kTags; ++t)
            astart[t] = start[t] - ustart[t] / c;
        for (int t = 0; t < kTags * kTags; ++t)
            atrans[t] = trans[t] - utrans[t] / c;
    };

    const std::size_t nsent = tr.sent_off.size() - 1;
    std::vector<std::size_t> order(nsent);
    for (std::size_t i = 0; i < nsent; ++i)
        order[i] = i;
    std::mt19937_64 rng(params.seed);
    entities::DecodeScratch ds;
    std::vector<float> em;
    std::vector<std::uint8_t> pred;
    float c = 1.0f;
    auto bump = [&](std::size_t tok, int tag, float d) {
        for (std::uint32_t k = tr.tok_off[tok]; k < tr.tok_off[tok + 1]; ++k) {
            const std::size_t at = std::size_t{tr.feats[k]} * kTags + static_cast<std::size_t>(tag);
            w[at] += d;
            u[at] += d * c;
        }
    };
    for (int epoch = 1; epoch <= params.epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        std::size_t errors = 0;
        for (std::size_t s : order) {
            const std::size_t t0s = tr.sent_off[s], n = tr.sent_off[s + 1] - t0s;
            em.assign(n * kTags, 0.0f);
            for (std::size_t i = 0; i < n; ++i)
                for (std::uint32_t k = tr.tok_off[t0s + i]; k < tr.tok_off[t0s + i + 1]; ++k) {
                    const float* row = &w[std::size_t{tr.feats[k]} * kTags];
                    for (int t = 0; t < kTags; ++t)
                        em[i * kTags + t] += row[t];
                }
            pred.resize(n);
            entities::viterbi(em.data(), n, start, trans, pred.data(), ds);
            const std::uint8_t* gold = tr.gold.data() + t0s;
            for (std::size_t i = 0; i < n; ++i) {
                const int g = gold[i], p = pred[i];
                if (g != p) {
                    ++errors;
                    bump(t0s + i, g, 1.0f);
                    bump(t0s + i, p, -1.0f);
                }
                const int gp = i ? gold[i - 1] : -1, pp = i ? pred[i - 1] : -1;
                if (g == p && gp == pp) continue;
                if (i == 0) {
                    start[g] += 1, ustart[g] += c;
                    start[p] -= 1, ustart[p] -= c;
                } else {
                    trans[gp * kTags + g] += 1, utrans[gp * kTags + g] += c;
                    trans[pp * kTags + p] -= 1, utrans[pp * kTags + p] -= c;
                }
            }
            c += 1.0f;
        }
        log << "epoch " << epoch << ": " << errors << " token errors";
        if (params.dev) {
            average(c);
            const Scores sc = evaluate_float(dev, avg, astart, atrans);
            log << ", dev P/R/F1 " << std::fixed << std::setprecision(4) << sc.precision(0) << " "
                << sc.recall(0) << " " << sc.f1(0) << std::defaultfloat;
        }
        log << ", " << std::chrono::duration<double>(Clock::now() - t0).count() << " s\n";
    }
    average(c);

    // Fold the shared rows and CoNLL's own copies into one row per model key, then prune: keep
    // the rows with the largest weights.
    std::unordered_map<std::uint32_t, std::vector<float>> folded;
    for (const auto& [rk, id] : ids) {
        const auto copy = static_cast<std::uint32_t>(rk >> 32);
        if (copy > 1) continue;  // another corpus's own copy: not part of the model
        auto& row = folded[static_cast<std::uint32_t>(rk)];
        row.resize(kTags, 0.0f);
        for (int t = 0; t < kTags; ++t)
            row[static_cast<std::size_t>(t)] += avg[std::size_t{id} * kTags + t];
    }
    std::vector<std::pair<float, std::uint32_t>> importance;
    importance.reserve(folded.size());
    for (const auto& [key, row] : folded) {
        float m = 0;
        for (float v : row)
            m = std::max(m, std::fabs(v));
        if (m > 0) importance.emplace_back(m, key);
    }
    std::sort(importance.begin(), importance.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (importance.size() > params.max_features) importance.resize(params.max_features);
    std::sort(importance.begin(), importance.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    std::vector<std::uint32_t> keys;
    std::vector<float> kept;
    std::vector<float> mags;
    for (const auto& [m, key] : importance) {
        keys.push_back(key);
        for (float v : folded[key]) {
            kept.push_back(v);
            if (v != 0) mags.push_back(std::fabs(v));
        }
    }
    float scale = 1.0f;
    if (!mags.empty()) {
        const auto q = static_cast<std::size_t>(params.scale_quantile * double(mags.size() - 1));
        std::nth_element(mags.begin(), mags.begin() + static_cast<std::ptrdiff_t>(q), mags.end());
        scale = mags[q] / 32767.0f;
    }
    log << "kept " << keys.size() << " of " << folded.size() << " feature rows, int16 scale "
        << scale << ", " << std::chrono::duration<double>(Clock::now() - t0).count() << " s\n";
    return entities::write_model(entities::kFeatureVersion, keys, kept, scale, astart, atrans);
}

Scores evaluate(const std::vector<Sentence>& sentences, const entities::Featurizer& fz,
                const entities::Model& model) {
    Scores sc;
    entities::FeatureScratch fs;
    entities::DecodeScratch ds;
    std::vector<entities::Token> toks;
    std::vector<float> em;
    std::vector<std::uint8_t> pred;
    for (const Sentence& s : sentences) {
        const std::size_t n = s.words.size();
        toks.assign(n, entities::Token{});
        for (std::size_t i = 0; i < n; ++i)
            toks[i].norm = s.words[i];
        if (n) toks[0].sentence_start = true;
        fz.sentence(toks.data(), n, fs);
        em.assign(n * kTags, 0.0f);
        for (std::size_t i = 0; i < n; ++i)
            model.add_scores(fs.keys.data() + fs.offsets[i], fs.offsets[i + 1] - fs.offsets[i],
                             &em[i * kTags]);
        pred.resize(n);
        entities::viterbi(em.data(), n, model.start(), model.trans(), pred.data(), ds);
        score_sentence(s.tags.data(), pred.data(), n, sc);
        if (std::getenv("NER_SHOW_ERRORS")) {
            const std::vector<Span> g = spans_of(s.tags.data(), n), p = spans_of(pred.data(), n);
            auto words = [&](const Span& x) {
                std::string w;
                for (std::size_t k = x.start; k < x.end; ++k)
                    w += (k > x.start ? " " : "") + s.words[k];
                return w;
            };
            for (const Span& x : p)
                if (std::find(g.begin(), g.end(), x) == g.end())
                    std::cerr << "FP "
                              << "?POL"[x.cls] << " " << words(x) << "\n";
            for (const Span& x : g)
                if (std::find(p.begin(), p.end(), x) == p.end())
                    std::cerr << "FN "
                              << "?POL"[x.cls] << " " << words(x) << "\n";
        }
    }
    return sc;
}

Scores evaluate_pipeline(const std::vector<Sentence>& sentences, const EntityExtractor& ex,
                         bool merged) {
    Scores sc;
    std::size_t i = 0;
    while (i < sentences.size()) {
        std::size_t j = i;
        std::string text;
        std::vector<std::pair<std::size_t, std::size_t>> gold_bytes;
        std::vector<int> gold_cls;
        while (j < sentences.size() && sentences[j].doc == sentences[i].doc) {
            const Sentence& s = sentences[j];
            if (!text.empty()) text += "\n\n";
            std::vector<std::size_t> starts, ends;
            for (std::size_t w = 0; w < s.words.size(); ++w) {
                // Clitics attach as in running text ("Texas's"), else a space.
                const std::string& word = s.words[w];
                const bool clitic = word == "'s" || word == "'S" || word == "n't";
                if (w && !clitic) text += ' ';
                starts.push_back(text.size());
                text += s.words[w];
                ends.push_back(text.size());
            }
            for (const Span& g : spans_of(s.tags.data(), s.tags.size())) {
                gold_bytes.emplace_back(starts[g.start], ends[g.end - 1]);
                gold_cls.push_back(g.cls);
            }
            ++j;
        }
        std::vector<std::tuple<std::size_t, std::size_t, int>> gold, pred;
        for (std::size_t k = 0; k < gold_bytes.size(); ++k)
            gold.emplace_back(gold_bytes[k].first, gold_bytes[k].second, gold_cls[k]);
        for (const EntityMention& m : merged ? ex.extract(text) : ex.extract_unmerged(text)) {
            if (m.type == EntityType::misc) continue;  // gold MISC is ignored too
            const int cls = m.type == EntityType::person ? 1 : m.type == EntityType::org ? 2 : 3;
            pred.emplace_back(m.start, m.end, cls);
        }
        std::sort(gold.begin(), gold.end());
        std::sort(pred.begin(), pred.end());
        // NER_SHOW_ERRORS=1 lists the false positives and negatives on stderr.
        static const bool show = std::getenv("NER_SHOW_ERRORS") != nullptr;
        auto say = [&](const char* what, const std::tuple<std::size_t, std::size_t, int>& e) {
            if (show)
                std::cerr << what << " "
                          << "?POL"[std::get<2>(e)] << " "
                          << text.substr(std::get<0>(e), std::get<1>(e) - std::get<0>(e)) << "\n";
        };
        for (const auto& p : pred) {
            const auto c = static_cast<std::size_t>(std::get<2>(p));
            if (std::binary_search(gold.begin(), gold.end(), p)) {
                ++sc.tp[c];
            } else {
                ++sc.fp[c];
                say("FP", p);
            }
        }
        for (const auto& g : gold)
            if (!std::binary_search(pred.begin(), pred.end(), g)) {
                ++sc.fn[static_cast<std::size_t>(std::get<2>(g))];
                say("FN", g);
            }
        i = j;
    }
    return sc;
}

void print_scores(const Scores& s, std::ostream& out) {
    static const char* kNames[4] = {"micro", "PER", "ORG", "LOC"};
    out << "| type | precision | recall | F1 | gold | predicted |\n|---|---|---|---|---|---|\n";
    for (int c : {1, 2, 3, 0}) {
        std::size_t gold = 0, pred = 0;
        for (std::size_t k = 1; k <= 3; ++k)
            if (c == 0 || static_cast<std::size_t>(c) == k)
                gold += s.tp[k] + s.fn[k], pred += s.tp[k] + s.fp[k];
        out << "| " << kNames[c] << " | " << std::fixed << std::setprecision(4) << s.precision(c)
            << " | " << s.recall(c) << " | " << s.f1(c) << " | " << gold << " | " << pred << " |\n"
            << std::defaultfloat;
    }
}

}  // namespace newsdesk::ner_tool
