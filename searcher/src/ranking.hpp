// How matching articles are ordered by relevance: the weighting scheme, the shape of the ranked
// query, and pseudo-relevance feedback. Chosen by cross-validation on three test collections
// (bench/relevance/); see bench/relevance/RESULTS.md.
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace newsdesk::searcher {

/// What the query parser made of the user's text, before ranking is applied.
struct QueryParts {
    Xapian::Query any;  ///< the text with OR between words (every article matching some word)
    Xapian::Query all;  ///< the text with AND between words (same as `any` for one word)
    std::vector<std::string> words;  ///< plain query words in order, lower case, unstemmed
};

/// Queries of up to this many distinct words (stopwords not counted) rank articles holding all of
/// them first; longer ones read as natural-language questions.
inline constexpr std::size_t kMaxAllWordsTier = 4;

/// The ranking's parameters. The defaults are newsdesk's ranking (chosen as RESULTS.md says);
/// bench/relevance/ measures others through the NEWSDESK_RANKING environment variable
/// ("scheme=bm25 k1=1.2 fb=0 ...", the names of the fields below, `tier` for the last), which
/// only the relevance bench sets.
struct RankingSettings {
    /// ineb2 (Xapian's IneB2Weight, a divergence-from-randomness model), bm25, or another of
    /// Xapian's: dlh dph pl2 inl2 ifb2 bb2 lm.
    std::string scheme = "ineb2";
    double k1 = 1.2;  ///< BM25: how fast repeated occurrences stop adding weight
    double b = 0.75;  ///< BM25: how much a long article is discounted for its length
    /// The divergence-from-randomness schemes' length normalisation c (ineb2 pl2 inl2 ifb2 bb2;
    /// Xapian's default 1): the larger, the less a long article is discounted.
    double c = 1.0;
    double title = 0.2;        ///< headline boost, as a share of the word's weight
    bool title_real = true;    ///< the boost only for articles with a headline of their own
    double lead = 0;           ///< the same for the first sentence of an article without headline
    double prox = 0;           ///< weight of two query words found close together (0: off)
    unsigned prox_window = 8;  ///< "close together": both within this many words
    /// Feedback terms' weight beside the query's (0: no feedback). Off in the shipped ranking: the
    /// gated feedback the relevance bench measures (fb=0.25) costs about 8 times the search's
    /// median time on the ~100k bench corpus (bench/relevance/RESULTS.md, "Latency").
    double fb = 0;
    unsigned fb_docs = 10;      ///< at most this many top articles are read for feedback
    unsigned fb_terms = 20;     ///< feedback terms added
    double fb_ratio = 0.8;      ///< only top articles scoring at least this share of the first
    unsigned fb_min_docs = 3;   ///< no feedback unless this many top articles qualify
    unsigned fb_min_words = 1;  ///< no feedback for queries of fewer words (stopwords aside)
    std::size_t max_all_words_tier = kMaxAllWordsTier;  ///< all-words tier up to this many words
};

/// The settings in force: the defaults, or NEWSDESK_RANKING's when set (read once; a malformed
/// value throws UsageError naming the bad part).
const RankingSettings& ranking_settings();

/// The ranked query and what feedback needs to know about it.
struct RankedQuery {
    Xapian::Query query;            ///< matches exactly the documents `parts.any` matches
    std::size_t content_words = 0;  ///< distinct words, stopwords not counted
    // The parts of `query`, for explaining a score (explain.hpp).
    std::vector<std::pair<std::string, std::string>> word_terms;  ///< term, the word it stands for
    Xapian::Query title;      ///< the headline boost (empty when off)
    Xapian::Query lead;       ///< the lead-sentence boost (empty when off)
    Xapian::Query proximity;  ///< the proximity boost (empty when off)
    Xapian::Query all_words;  ///< with the all-words tier: what an article must match to lead
    double tier_scale = 1;    ///< with the tier: the weight of articles matching only some words
};

/// The query that orders the matches: BM25 over the words, plus a boost for query words in the
/// headline of articles that have one, plus (when on) a proximity boost; stopwords match but
/// carry no weight. With up to four words (stopwords not counted), articles matching every word
/// come first, then those matching some; longer queries (natural-language questions) are ranked
/// by weight alone. `stem` is the query's stemmer (not thread-safe: the caller's own).
RankedQuery ranked_query(const QueryParts& parts, const Xapian::Stem& stem);

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

/// InEB2 whose parts lie on the grid; otherwise Xapian's IneB2Weight (c, its normalisation
/// parameter, Xapian's default 1).
class QuantisedIneB2 : public Xapian::IneB2Weight {
  public:
    explicit QuantisedIneB2(double c = 1.0);
    QuantisedIneB2* clone() const override;
    std::string name() const override;
    std::string serialise() const override;
    QuantisedIneB2* unserialise(const std::string& serialised) const override;
    double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                       Xapian::termcount uniqterms) const override;
    double get_maxpart() const override;
    double get_sumextra(Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
    double get_maxextra() const override;

  private:
    double c_;
};

/// The weighting scheme for relevance order: QuantisedIneB2 with the settings' c (QuantisedBM25
/// with scheme=bm25; the relevance bench's other schemes as Xapian has them). Thread-safe; the
/// caller owns the result.
std::unique_ptr<Xapian::Weight> weighting();
/// Xapian's own class of the scheme weighting() grids (IneB2Weight, BM25Weight) with the same
/// parameters, off the grid: what a remote shard served by the stock xapian-tcpsrv can run
/// (docs/CLUSTER.md). The relevance bench's other schemes are Xapian's own already.
std::unique_ptr<Xapian::Weight> builtin_weighting();

/// The `count` terms that best tell `docs` (taken as relevant) from the rest of `db`, strongest
/// first, with their weights: Xapian's TradEWeight expansion (k = 1), computed here with the
/// whole database's statistics. Xapian 1.4's own ESet weighs a document's terms with the
/// frequencies of the shard that holds it, so its answer would change with the number of shards.
/// Only terms `keep` accepts are weighed; equal weights are ordered by term.
std::vector<std::pair<std::string, double>> expansion_terms(
    const Xapian::Database& db, const std::vector<Xapian::docid>& docs, std::size_t count,
    const std::function<bool(const std::string&)>& keep);

/// Pseudo-relevance feedback: the most distinctive words of the best matches of `query` (run
/// once more here, top articles only), as a query to add beside it with AND_MAYBE. Empty when
/// feedback is off or the query does not qualify (too few words, too few clear top articles).
/// `scheme` weighs that match (the engine's: Xapian's built-in one on remote shards).
Xapian::Query feedback(const Xapian::Database& db, const Xapian::Query& query,
                       const RankedQuery& ranked, const Xapian::Weight& scheme);

}  // namespace newsdesk::searcher
