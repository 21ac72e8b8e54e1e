// Readers of the annotated corpora the tagger is trained and evaluated on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lexicon.hpp"

namespace newsdesk::ner_tool {

/// One sentence with BIO tags (entities::Tag values).
struct Sentence {
    std::vector<std::string> words;  ///< folded as the run-time tokenizer folds them
    std::vector<std::uint8_t> tags;
    int doc = 0;     ///< document number within its corpus
    int domain = 0;  ///< 0 CoNLL-2003 (the target), 1 GMB
};

/// CoNLL-2003: "word POS chunk NER" lines, IOB1 tags, -DOCSTART- between documents. Tags are
/// converted to BIO. Throws newsdesk::RuntimeError naming the file when it cannot be read.
std::vector<Sentence> read_conll(const std::string& path);

/// GMB "Annotated Corpus for NER" CSV (Sentence #,Word,POS,Tag; IOB2 over geo, gpe, per, org,
/// tim, art, eve, nat), mapped to CoNLL's conventions: geo and proper-noun gpe → LOC, adjectival
/// gpe ("Russian") → MISC, per → PER without leading titles ("Mr.", "President"), org → ORG,
/// art/eve/nat → MISC, tim → O.
std::vector<Sentence> read_gmb(const std::string& path, const entities::Lexicon& lexicon);

}  // namespace newsdesk::ner_tool
