// Averaged structured perceptron training of the tagger, and its evaluation.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "features.hpp"
#include "model.hpp"
#include "newsdesk/entities.hpp"

namespace newsdesk::ner_tool {

struct TrainParams {
    int epochs = 12;                    ///< passes over the training sentences
    std::size_t max_features = 180000;  ///< rows kept after pruning (largest weights first)
    double scale_quantile = 1.0;        ///< |weight| quantile mapped to int16 32767
    unsigned seed = 20241029;           ///< shuffling seed (training is deterministic)
    bool augment = true;  ///< with several corpora, give each its own copy of every feature
    std::vector<Sentence> const* dev = nullptr;  ///< scored after each epoch when set
};

/// Exact-span counts per class (index 1 PER, 2 ORG, 3 LOC; MISC ignored on both sides).
struct Scores {
    std::array<std::size_t, 4> tp{}, fp{}, fn{};
    double precision(int c) const;
    double recall(int c) const;
    double f1(int c) const;
    /// c = 0: micro-average over PER, ORG and LOC.
};

/// Trains on `train` and returns the serialised, pruned, quantised model. Progress to `log`.
std::string train(const std::vector<Sentence>& train, const entities::Featurizer& fz,
                  const TrainParams& params, std::ostream& log);

/// Tags `sentences` with `model` and scores the PER/ORG/LOC spans against their gold tags.
Scores evaluate(const std::vector<Sentence>& sentences, const entities::Featurizer& fz,
                const entities::Model& model);

/// Scores the whole extractor (tagger, clean-up rules and merging) on `sentences`: each
/// document's sentences are joined (words by spaces, sentences by blank lines) and extracted as
/// one text (merged: EntityExtractor::extract, else extract_unmerged); mentions count when their
/// byte span and type match a gold PER/ORG/LOC span.
Scores evaluate_pipeline(const std::vector<Sentence>& sentences, const EntityExtractor& ex,
                         bool merged = true);

/// Writes a table of P/R/F1 per type and micro to `out` (Markdown).
void print_scores(const Scores& s, std::ostream& out);

}  // namespace newsdesk::ner_tool
