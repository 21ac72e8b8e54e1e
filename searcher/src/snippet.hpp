// Snippets: the best passage of an article for a query, with the query's words marked.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsdesk::searcher {

/// Knows which words of a text match a query: exact forms and stemmed forms ("troops" matches a
/// query for "troop"; a query for "troops" matches "troop"). Work per text is bounded: only the
/// first kScanLimit bytes are searched for the passage.
class Highlighter {
  public:
    static constexpr std::size_t kScanLimit = 64 * 1024;

    /// `db`, when given, weights rarer terms higher when choosing the passage; `stats`, a match
    /// set of a query holding the terms, tells their frequencies without asking `db` (whose
    /// remote shards would each take a round trip per term).
    Highlighter(const Xapian::Query& query, const Xapian::Stem& stemmer,
                const Xapian::Database* db = nullptr, const Xapian::MSet* stats = nullptr);

    /// About `bytes` bytes of `text` around its best passage: HTML-escaped, matches wrapped in
    /// <mark>…</mark>, "…" where the text was cut. The lead of the text when nothing matches.
    std::string snippet(std::string_view text, std::size_t bytes) const;

    /// All of `text` (a title): HTML-escaped, matches wrapped in <mark>…</mark>.
    std::string marked(std::string_view text) const;

    /// Index of the query term that `word` matches, or -1.
    int match(std::string_view word) const;

    bool empty() const { return terms_.empty(); }

    /// A word of a text: byte offsets, the query term it matches (-1: none), and the phrase of
    /// the query an occurrence of which starts at it (-1: none).
    struct Word {
        std::size_t start, end;
        int term;
        int phrase = -1;
    };

  private:
    /// The words of `text` with what they match. A stopword matches only inside an occurrence
    /// of one of the query's phrases ("of" in "weapons of mass destruction", not elsewhere).
    std::vector<Word> scan(std::string_view text) const;

    Xapian::Stem stemmer_;
    std::vector<std::string> terms_;              ///< distinct query words (unstemmed)
    std::vector<double> weights_;                 ///< per term: rarer is heavier
    std::unordered_map<std::string, int> exact_;  ///< lowercase word -> term index
    std::unordered_map<std::string, int> stems_;  ///< stem -> term index
    std::vector<std::string> wildcards_;          ///< prefixes of "troop*"
    bool first_byte_[256] = {};  ///< lower-cased first bytes any match can start with
    std::vector<bool> stop_;     ///< per term: a stopword
    std::vector<std::vector<std::string>> phrases_;  ///< the query's phrases, lower case
    std::vector<double> phrase_weights_;             ///< per phrase: its words' weights summed
};

}  // namespace newsdesk::searcher
