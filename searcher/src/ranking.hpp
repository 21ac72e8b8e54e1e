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
    double k1 = 1.2;            ///< BM25: how fast repeated occurrences stop adding weight
    double b = 0.75;            ///< BM25: how much a long article is discounted for its length
    double title = 0.2;         ///< headline boost, as a share of the word's weight
    bool title_real = true;     ///< the boost only for articles with a headline of their own
    double lead = 0;            ///< the same for the first sentence of an article without headline
    double prox = 0;            ///< weight of two query words found close together (0: off)
    unsigned prox_window = 8;   ///< "close together": both within this many words
    double fb = 0.25;           ///< feedback terms' weight beside the query's (0: no feedback)
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

/// The weighting scheme for relevance order. Thread-safe; the caller owns the result.
std::unique_ptr<Xapian::Weight> weighting();
/// Xapian's own BM25Weight with the same parameters, off the grid: what a remote shard served
/// by the stock xapian-tcpsrv can run (docs/CLUSTER.md).
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
/// `check_at_least` is passed to that match (exact_ranking()).
Xapian::Query feedback(const Xapian::Database& db, const Xapian::Query& query,
                       const RankedQuery& ranked, Xapian::doccount check_at_least);

/// `q`, matching the same documents with the same weights, its weights added in one order on
/// every shard. Xapian sums the weights of an OR's or an AND's parts in an order set by each
/// shard's term frequencies; floating-point sums taken in another order differ in their last
/// bits, which is enough to reorder copies of one article (equal weights) lying in different
/// shards. Each OR, AND, PHRASE or NEAR of three parts or more becomes the same query weighted 0
/// (it decides what matches) followed by its parts, each added with AND_MAYBE in turn (Xapian
/// keeps nested AND_MAYBEs as written). A part weighted by OP_SCALE_WEIGHT is kept as it is.
Xapian::Query in_fixed_order(const Xapian::Query& q);

/// `query` with the `feedback` terms' weights added (AND_MAYBE: the matches stay `query`'s), one
/// term after the other (not as an OR: see in_fixed_order).
Xapian::Query with_feedback(const Xapian::Query& query, const Xapian::Query& feedback);

/// The check_at_least that makes a relevance match exact on `db`, of `shards` shards: every
/// match weighed (the database's size), or 0 where Xapian may skip documents that cannot reach
/// the top. On several shards Xapian 1.4 skips by bounds that do not hold for every shard and
/// can leave out of the top an article that belongs there ("oil prices" on BBC business: one
/// shard's 9th article missing from three shards' top 10); with InEB2 it does so on one shard
/// too. Weighing every match is what keeps the answers of one shard and of several the same.
Xapian::doccount exact_ranking(const Xapian::Database& db, std::size_t shards);

}  // namespace newsdesk::searcher
