// How matching articles are ordered by relevance: the weighting scheme and the shape of the
// ranked query. Tuned on the TIME test collection (bench/relevance/); see
// bench/relevance/RESULTS.md.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

namespace newsdesk::searcher {

/// What the query parser made of the user's text, before ranking is applied.
struct QueryParts {
    Xapian::Query any;  ///< the text with OR between words (every article matching some word)
    Xapian::Query all;  ///< the text with AND between words (same as `any` for one word)
    std::vector<std::string> words;  ///< plain query words in order, lower case, unstemmed
};

/// The query that orders the matches: BM25 over the words, plus a boost for query words in the
/// headline; stopwords match but carry no weight. With up to four words (stopwords not counted),
/// articles matching every word come first, then those matching some; longer queries
/// (natural-language questions) are ranked by BM25 alone. Matches exactly the documents
/// `parts.any` matches. `stem` is the query's stemmer (not thread-safe: the caller's own).
Xapian::Query ranked_query(const QueryParts& parts, const Xapian::Stem& stem);

/// Queries of up to this many distinct words (stopwords not counted) rank articles holding all of
/// them first; longer ones read as natural-language questions.
inline constexpr std::size_t kMaxAllWordsTier = 4;

/// Every weight a leaf contributes is rounded to a multiple of 2^-kWeightGridBits (about 6e-8).
/// Xapian adds the weights of an OR's branches in a tree shaped by each shard's own term
/// frequencies, and floating-point addition is not associative: without the grid, two copies of
/// an article in different shards score apart in the last bit, and which copy a page shows, or a
/// story keeps, would depend on the number of shards. Sums of grid values (below 2^29) are
/// exact in any order.
inline constexpr int kWeightGridBits = 24;

/// `weight` rounded to the nearest grid value, and to the next one at or above it.
double on_grid(double weight);
double on_grid_above(double weight);

/// BM25 whose parts lie on the grid (see kWeightGridBits); otherwise Xapian's BM25Weight.
class QuantisedBM25 : public Xapian::BM25Weight {
  public:
    QuantisedBM25();  ///< newsdesk's parameters (ranking.cpp)
    QuantisedBM25(double k1, double k2, double k3, double b, double min_normlen);
    QuantisedBM25* clone() const override;
    std::string name() const override;
    std::string serialise() const override;
    QuantisedBM25* unserialise(const std::string& serialised) const override;
    double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                       Xapian::termcount uniqterms) const override;
    double get_maxpart() const override;
    double get_sumextra(Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
    double get_maxextra() const override;

  private:
    double k1_, k2_, k3_, b_, min_normlen_;
};

/// The weighting scheme for relevance order (QuantisedBM25 with newsdesk's parameters).
/// Thread-safe; the caller owns the result.
std::unique_ptr<Xapian::Weight> weighting();
/// Xapian's own BM25Weight with the same parameters, off the grid: what a remote shard served
/// by the stock xapian-tcpsrv can run (docs/CLUSTER.md).
std::unique_ptr<Xapian::Weight> builtin_weighting();

}  // namespace newsdesk::searcher
