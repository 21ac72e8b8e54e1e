// newsdesk/entities.hpp — named-entity extraction: people, organisations and places.
//
// A statistical sequence tagger (averaged perceptron over hashed features, Viterbi decoding,
// trained on CoNLL-2003 by scripts/train-ner.sh) finds mentions; gazetteers of countries, regions,
// cities, organisations and names inform it; rules of kind then clean the spans (no weekdays,
// demonyms or sentence-initial common words as entities, no trailing common word in a name) and
// merge the variants of one entity within an article into one canonical display name.
//
// The model, gazetteers and alias table are embedded in the library at build time (data/ner,
// data/gazetteers, data/aliases.txt; see data/README.md), so no data path is needed at run time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdesk/article.hpp"

namespace newsdesk {

class EntityExtractor {
  public:
    /// The extractor built from the embedded model and data, loaded once on first use.
    /// Thread-safe. Throws newsdesk::RuntimeError if the embedded data is corrupt (a build error).
    static const EntityExtractor& builtin();

    /// An extractor over a directory laid out like the repository's data/ (ner/model.bin,
    /// ner/common-words.txt, gazetteers/*.txt, aliases.txt): for training and experiments.
    /// Throws newsdesk::RuntimeError naming a file that is missing or malformed.
    static std::unique_ptr<EntityExtractor> from_directory(const std::string& data_dir);

    /// The entity mentions of `text` (UTF-8, any length; invalid bytes are tolerated), sorted by
    /// start offset. Spans are byte offsets into `text` (text.substr(start, end - start) ==
    /// mention.text). `canonical` is the entity's display name after merging the variants within
    /// this text: spelling variants ("Choe Son-hui", "CHOE SON HUI" → "Choe Son Hui"), acronyms
    /// defined in the text ("National Intelligence Service (NIS)"), well-known aliases ("U.S." →
    /// "United States") and later short mentions ("Rutte" → "Mark Rutte"). The same entity gets
    /// the same display name in every text. Thread-safe (const).
    std::vector<EntityMention> extract(std::string_view text) const;

    /// Like extract() but without merging within the text: each mention's canonical name is
    /// derived from its own spelling and the alias table only.
    std::vector<EntityMention> extract_unmerged(std::string_view text) const;

    /// The canonical display name a user-typed `value` of `type` resolves to through the alias
    /// table ("DPRK" → "North Korea", "u.s." → "United States"); `value` itself when no alias of
    /// that type applies. Compare names with text::entity_key ("Choe Son-hui" matches the
    /// canonical "Choe Son Hui" that way).
    std::string resolve_alias(EntityType type, std::string_view value) const;

    ~EntityExtractor();
    EntityExtractor(const EntityExtractor&) = delete;
    EntityExtractor& operator=(const EntityExtractor&) = delete;

    class Impl;  ///< private (src/entities/extractor_impl.hpp); public for the training tool
    const Impl& impl() const noexcept { return *impl_; }

  private:
    explicit EntityExtractor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// One line of the alias table (data/aliases.txt): an entity and its other spellings.
struct AliasEntry {
    EntityType type = EntityType::place;
    std::string canonical;             ///< the display name ("North Korea")
    std::vector<std::string> aliases;  ///< the other spellings as written ("DPRK", "D.P.R.K.", …)
};

/// The alias table embedded in the library, in file order (query-side synonyms read it). Parsed
/// once on first use, without loading the tagger's model. Thread-safe.
const std::vector<AliasEntry>& alias_table();

/// EntityExtractor::builtin().resolve_alias(type, value): for query filters, the canonical
/// display name a user-typed value resolves to ("DPRK" → "North Korea"); the value itself when
/// no alias applies. The searcher compares names by text::entity_key. Reads the alias table
/// only (the tagger's model is not loaded).
std::string resolve_alias(EntityType type, std::string_view value);

}  // namespace newsdesk
