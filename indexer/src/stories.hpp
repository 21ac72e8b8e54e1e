// Story detection at index time: copies and rewrites of one report share a story id.
//
// Two signals, both looked up in the database as it is (so a new article joins an existing story
// without re-clustering anything):
//  - near-duplicates: a 64-bit SimHash over word 3-shingles of the body. The hash is split into
//    four 16-bit bands, each indexed as a term, so any article within 3 differing bits shares a
//    band term and is found by one term lookup;
//  - rewrites: the article's most distinctive words (high wdf x idf, stopwords left out) form a
//    signature; the best-matching articles for it are compared by signature overlap and, when
//    both have entities, entity overlap, within a date window when both name their dates.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "newsdesk/article.hpp"
#include "newsdesk/internal/stored.hpp"

namespace newsdesk::indexer {

struct StoryParams {
    unsigned near_duplicate_bits = 3;  ///< SimHash distance still counted a copy
    std::size_t signature_size = 40;   ///< distinctive words kept per article
    std::size_t query_size = 8;        ///< of which the heaviest look up the candidates
    /// A rewrite by words: signature cosine (wdf x idf weights) at least this, and, when both
    /// articles name entities, at least min_entity_overlap of the smaller set shared.
    double min_similarity = 0.7;
    double min_entity_overlap = 0.2;
    /// A rewrite by cast: a lower cosine will do when most entities (and at least
    /// min_cast_shared of them) are shared: another outlet telling the same report its own way.
    double min_cast_similarity = 0.25;
    double min_cast_overlap = 0.6;
    std::size_t min_cast_shared = 8;
    /// ... of which at least this many are rare: named by at most rare_entity_share of the
    /// articles (and never fewer than rare_entity_min_docs).
    std::size_t min_cast_rare = 4;
    double rare_entity_share = 0.01;
    Xapian::doccount rare_entity_min_docs = 10;
    long window_days = 3;             ///< rewrites are this close in time (when dates are known)
    Xapian::doccount candidates = 5;  ///< best signature matches examined
};

/// SimHash of the words of `text` (folded, lower-cased), over 3-word shingles.
std::uint64_t simhash(std::string_view text);

/// simhash(text) as stored in the SimHash value slot (8 bytes, big-endian).
std::string simhash_value(std::string_view text);

/// The distance in bits between two SimHashes.
unsigned hamming(std::uint64_t a, std::uint64_t b);

/// What story detection reads of an article's own document: its SimHash, its candidate
/// signature words (stemmed words of four letters or more, stopwords left out, and figures) with
/// their wdf, in term order, and its entities as boolean terms, sorted. Computed on any thread:
/// the indexer's parsing threads do, sparing the writer.
struct StoryFeatures {
    std::uint64_t simhash = 0;
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    std::vector<std::string> entities;
};

/// The features of `doc`, built by DocumentBuilder from an article whose text is `text` (the
/// SimHash is read from its value slot, or computed from `text` when the slot is empty).
StoryFeatures story_features(const Xapian::Document& doc, std::string_view text);

/// What the story decision reads of an article's headline and lead (report_keys()).
struct ReportKeys {
    std::string headline;                     ///< its words, lower case, single-spaced
    std::string shape;                        ///< the same with each word holding a digit as "#"
    std::string figures;                      ///< the words holding digits, in order
    std::string lead;                         ///< the first 20 words of the text
    std::vector<std::string> headline_words;  ///< stemmed, stopwords out, figures kept; sorted
};

/// The keys of `article`'s headline and lead.
ReportKeys report_keys(const Article& article);

// The decisions, each on two articles' keys (and their news dates as days, -1 when unknown);
// StoryDetector::assign applies them to the candidates it finds:

/// A copy: the same headline and the same lead. One story whatever else differs (within the
/// rewrite window when both are dated: a series can repeat its headline and lead).
bool same_headline_and_lead(const ReportKeys& a, const ReportKeys& b);

/// Successive reports of one series: headlines equal but for their figures, with different
/// figures ("U.K. MONEY MARKET GIVEN 40 MLN STG LATE ASSISTANCE" / "... 25 MLN ..."), or the same
/// headline on different days. Never one story unless copies (SimHash, same headline and lead).
bool successive_reports(const ReportKeys& a, const ReportKeys& b, long day_a, long day_b);

/// False when both headlines (two content words or more each) share no word: a rewrite of one
/// report names its subject, its event or a figure in both; a follow-up event about the same
/// people ("… unit to be sold" / "… to report 2nd qtr gain") usually does not.
bool headlines_share_a_word(const ReportKeys& a, const ReportKeys& b);

/// The story of an article in `db` (other than `skip`) with the same headline and lead as
/// `keys`, the keys of the article whose document is `doc`, and within `window_days` of `day`
/// when both dates are known; "" when none. Candidates are the articles holding the headline's
/// rarest word (up to 50 of them).
std::string copy_by_headline_and_lead(const Xapian::Database& db, const Xapian::Document& doc,
                                      const ReportKeys& keys, Xapian::docid skip, long day,
                                      long window_days);

class StoryDetector {
  public:
    explicit StoryDetector(StoryParams params = {}) : params_(params) {}

    // Not thread-safe: one detector per writer (it caches document frequencies).

    /// Decides the story of `article` (sets article.story) using `db`, which holds the articles
    /// indexed so far (uncommitted ones included), and adds the story-detection terms and values
    /// to `doc`, the article's document built by DocumentBuilder (whose story term and value are
    /// replaced). `db` must not yet hold this article's new version.
    void assign(const Xapian::Database& db, stored::StoredArticle& article,
                Xapian::Document& doc) const;

    /// The same, with `features` = story_features(doc, article.article.text), computed before.
    void assign(const Xapian::Database& db, stored::StoredArticle& article, Xapian::Document& doc,
                const StoryFeatures& features) const;

  private:
    /// How many articles hold a term: `docs` as `db` had it at the entry's first use since the
    /// cache was renewed (the idf weights use it), `seen_since` the articles assign() decided
    /// since, which named it (so a word at 0 in both is in no article: its posting list need not
    /// be read).
    struct Frequency {
        Xapian::doccount docs = 0;
        Xapian::doccount seen_since = 0;
        unsigned generation = 0;  ///< the renewal `docs` belongs to
    };

    /// `term`'s entry in a cache renewed as the database grows.
    Frequency& frequency(const Xapian::Database& db, const std::string& term) const;

    /// The length of document `docid` of `db`, from a cache (an article's length is read once
    /// a run; assign() forgets the length of a document it is about to see replaced).
    Xapian::termcount doc_length(const Xapian::Database& db, Xapian::docid docid) const;

    StoryParams params_;
    // The document-frequency cache (one writer thread uses a detector: no locking).
    mutable std::unordered_map<std::string, Frequency> df_cache_;
    mutable Xapian::doccount df_docs_ = 0;
    mutable unsigned df_generation_ = 0;
    mutable Xapian::doccount decided_since_ = 0;  ///< articles assign() decided since a renewal
    // Document lengths by docid, 0 when not read yet: 4 bytes an article.
    mutable std::vector<Xapian::termcount> lengths_;
    // The SimHash band terms of the articles decided, by band_index(), when the run started from
    // an empty database (else empty: every band is looked up).
    mutable std::vector<bool> bands_seen_;
    mutable bool bands_checked_ = false;
};

}  // namespace newsdesk::indexer
