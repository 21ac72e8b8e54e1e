// EntityExtractor's internals: the loaded lexicon, model and alias table, and the pipeline
// tokenize → featurize → Viterbi → clean → merge.
#pragma once

#include <string_view>
#include <vector>

#include "aliases.hpp"
#include "canonical.hpp"
#include "features.hpp"
#include "lexicon.hpp"
#include "model.hpp"
#include "newsdesk/entities.hpp"

namespace newsdesk {

/// The sources an extractor is built from (file contents; only read during construction).
struct ExtractorData {
    std::string_view model;
    std::string_view common_words;
    std::string_view aliases;
    std::vector<entities::GazetteerSource> gazetteers;
};

class EntityExtractor::Impl {
  public:
    /// Throws newsdesk::RuntimeError when a source is malformed or the model was trained with
    /// another feature version.
    explicit Impl(const ExtractorData& data);

    /// Tokenises and tags `text` into `doc` (which keeps views of `text`).
    void analyse(std::string_view text, entities::Document& doc) const;

    /// Shows the common words of a title-case sentence [from, to) to the tagger in lowercase.
    void truecase_headline(entities::Document& doc, std::size_t from, std::size_t to) const;

    const entities::Lexicon lexicon;
    const entities::Model model;
    const entities::Aliases aliases;
    const entities::Featurizer featurizer{lexicon};
    const entities::Canonicaliser canonicaliser{lexicon, aliases};
};

namespace entities::embedded {
/// The data files embedded in the library at build time (embedded.cpp.in).
ExtractorData data();
}  // namespace entities::embedded

}  // namespace newsdesk
