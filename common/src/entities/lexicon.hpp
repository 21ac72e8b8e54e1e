// Word lists the tagger and the canonicaliser consult: gazetteers (countries, regions, cities,
// other places, organisations, first names, people, demonyms) and the lowercase-dominant words.
//
// Built once from text blobs (the embedded data files, or files on disk for the training tool)
// and read-only afterwards, so one Lexicon may be shared by any number of threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "flat_map.hpp"
#include "tokenizer.hpp"

namespace newsdesk::entities {

/// Gazetteer classes. Their order is part of the model format (feature values).
enum class Gaz : std::uint8_t {
    country,
    region,
    city,
    place,  ///< other places: continents, seas, rivers, mountains (WordNet instances)
    org,
    first_name,
    person,   ///< full names of well-known people (WordNet instances)
    demonym,  ///< nationality and regional adjectives and nouns: "Russian", "North Korean"
};
inline constexpr int kGazClasses = 8;

/// The gazetteer files (under data/gazetteers/) and their classes.
struct GazetteerFile {
    const char* file;
    Gaz cls;
};
inline constexpr GazetteerFile kGazetteerFiles[] = {
    {"countries.txt", Gaz::country}, {"regions.txt", Gaz::region},
    {"cities.txt", Gaz::city},       {"places.txt", Gaz::place},
    {"organisations.txt", Gaz::org}, {"first-names.txt", Gaz::first_name},
    {"people.txt", Gaz::person},     {"demonyms.txt", Gaz::demonym},
};

/// One gazetteer file: its class and its contents (one name a line, '#' starts a comment line).
struct GazetteerSource {
    Gaz cls;
    std::string_view text;
};

class Lexicon {
  public:
    /// Builds the lists from gazetteer files and the lowercase-dominant word list (one lowercase
    /// word a line). Throws newsdesk::RuntimeError if a source is malformed.
    Lexicon(const std::vector<GazetteerSource>& gazetteers, std::string_view common_words);

    /// Longest n-gram (in tokens) of any gazetteer entry.
    int max_ngram() const noexcept { return max_ngram_; }

    /// Class bits (1 << Gaz) of the entries whose tokens hash to `ngram` (built with
    /// ngram_extend over the tokens' lowercase hashes, starting from 0), or 0.
    std::uint16_t classes_of(std::uint64_t ngram) const noexcept {
        const std::uint16_t* v = ngrams_.find(ngram);
        return v ? *v : 0;
    }

    /// True when the word with lowercase hash `lower` is written in lowercase far more often than
    /// capitalised in running news text ("legislators", "the", "tuesday" is not: it is
    /// capitalised).
    bool is_common_word(std::uint64_t lower) const noexcept {
        return common_.find(lower) != nullptr;
    }

    /// The gazetteer's spelling of a place or organisation with entity key `key`
    /// (text::entity_key), or empty.
    std::string_view display_name(const std::string& key) const;

    /// Class bits of the place, organisation and demonym entries with entity key `key`, or 0.
    std::uint16_t classes_of_key(const std::string& key) const;

  private:
    void add(std::string_view name, Gaz cls);

    FlatMap<std::uint16_t> ngrams_;
    FlatMap<std::uint8_t> common_;
    std::unordered_map<std::string, std::pair<std::string, std::uint16_t>> by_key_;
    int max_ngram_ = 1;
    std::vector<Token> toks_;  // scratch while building
    std::string arena_, lower_;
};

/// Lowercase hash of a token as features and gazetteers see it.
std::uint64_t lower_hash(std::string_view norm, std::string& scratch);

}  // namespace newsdesk::entities
