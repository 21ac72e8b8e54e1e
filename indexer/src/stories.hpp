// Story detection at index time: copies and rewrites of one report share a story id.
//
// Two signals, both looked up among the articles indexed before (StoryIndex, in memory: a new
// article joins an existing story without re-clustering anything):
//  - near-duplicates: a 64-bit SimHash over word 3-shingles of the body. The hash is split into
//    four 16-bit bands, so any article within 3 differing bits shares a band and is found by
//    one lookup;
//  - rewrites: the article's most distinctive words (high wdf x idf, stopwords left out) form a
//    signature; the best-matching articles for it are compared by signature overlap and, when
//    both have entities, entity overlap, within a date window when both name their dates.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "newsdesk/article.hpp"
#include "newsdesk/internal/stored.hpp"
#include "story_index.hpp"

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
    /// Every entity term of the document (acronyms and initials too): the articles counted as
    /// naming an entity, as the database counts them.
    std::vector<std::string> entity_terms;
    Xapian::termcount length = 0;     ///< the document's length: the sum of its wdfs
    std::vector<std::string> titles;  ///< its headline's words as indexed (is_title_term())
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
    /// False when the title is the text's first sentence (cut or not), not a headline written
    /// for it: its words then say nothing a headline would.
    bool own_headline = true;
    /// What the lead says happened: the words of its first 50 written in lower case (not names),
    /// of four letters or more, stopwords out, stemmed; sorted and distinct.
    std::vector<std::string> event_words;
    /// The lead's first sentence speaks of what is still to happen ("will", "shall", "is to",
    /// "is set / poised / expected / due / likely / about to"): a preview, an announcement of a
    /// plan, rather than the report of what happened.
    bool lead_future = false;
    /// The day the dateline names ("march 25" of "ROME, March 25 - "), lower case; empty when
    /// the text opens with no dated dateline.
    std::string dateline_day;
};

/// The keys of `article`'s headline and lead.
ReportKeys report_keys(const Article& article);

// The decisions, each on two articles' keys (and their news dates as days, -1 when unknown);
// StoryDetector::assign applies them to the candidates it finds:

/// A copy: the same headline and the same lead. One story whatever else differs (within the
/// rewrite window when both are dated: a series can repeat its headline and lead).
bool same_headline_and_lead(const ReportKeys& a, const ReportKeys& b);

/// The same headline of their own (not first sentences): an update of one report keeps it.
bool same_headline(const ReportKeys& a, const ReportKeys& b);

/// Successive reports of one series: headlines equal but for their figures, with different
/// figures ("U.K. MONEY MARKET GIVEN 40 MLN STG LATE ASSISTANCE" / "... 25 MLN ..."), or the same
/// headline on different days. Never one story unless copies (SimHash, same headline and lead).
bool successive_reports(const ReportKeys& a, const ReportKeys& b, long day_a, long day_b);

/// True when two texts share more than their names: a word of what happened in both leads
/// (ReportKeys::event_words), or a figure in both (`figures_a`, `figures_b`: their figure
/// terms, compared as written) other than the day both datelines name. A company's results
/// table and its dividend, minutes apart, share only the company, its town and the day: two
/// reports. StoryDetector asks it of rewrites by words.
bool shares_more_than_names(const ReportKeys& a, const ReportKeys& b,
                            const std::vector<std::string>& figures_a,
                            const std::vector<std::string>& figures_b);

/// The next report of a daily series rather than a copy: dated on different days, with datelines
/// naming different days ("CHICAGO, March 16 -" / "CHICAGO, March 19 -": the slaughter
/// guesstimates of two mornings, near-identical in every other word). A copy sent again days
/// later keeps the dateline of the report it repeats.
bool next_in_series(const ReportKeys& a, const ReportKeys& b, long day_a, long day_b);

/// False when both headlines (two content words or more each) share no word: a rewrite of one
/// report names its subject, its event or a figure in both; a follow-up event about the same
/// people ("… unit to be sold" / "… to report 2nd qtr gain") usually does not.
bool headlines_share_a_word(const ReportKeys& a, const ReportKeys& b);

/// True when one lead speaks of what is still to happen and the other does not (ReportKeys::
/// lead_future): a preview and its result ("Talks to avert a strike will take place this
/// weekend" / "Talks have ended without agreement"), a launch announced and the launch.
/// StoryDetector asks it of undated rewrites under different headlines.
bool preview_and_result(const ReportKeys& a, const ReportKeys& b);

/// True when the headlines share more than half of the smaller one's words (headline_words;
/// either with fewer than two, or a title that is no headline of its own: no evidence, true).
/// Another outlet's telling of a report in its own words still headlines the same facts ("North
/// Korea sends foreign minister to Russia"), while a later event about the same people names them
/// with another one ("Kilroy launches Veritas" / "Kilroy-Silk quits UKIP"). StoryDetector asks it
/// of a rewrite by cast.
bool headlines_agree(const ReportKeys& a, const ReportKeys& b);

/// False when both leads name what happened (six event words or more each) and share fewer than
/// half of the smaller set: a report retold on another day says what happened in much the same
/// words, while a later event about the same people (a court appoints a trustee, the trustee is
/// named the next day; a strike, then its end) names the same people doing something else.
/// StoryDetector applies it to rewrites of different days, and to undated rewrites by words
/// under different headlines (a preview and its result share their background, not their
/// lead); not to rewrites by cast of one day or undated: other outlets' own tellings of one
/// report share its cast but seldom the words of its lead.
bool same_event(const ReportKeys& a, const ReportKeys& b);

/// False when both texts hold four figures or more (StoryFeatures' figure terms: "53", "8.6",
/// "10,000") and share fewer than a third of the smaller set: a rewrite of one report repeats its
/// figures, while another report about the same people or things (next week's box office, a
/// later round of results) gives its own. Figures are compared by their significant digits, so
/// "1,300,000" and the "1.3" of "1.3 mln" are one figure.
bool figures_agree(const std::vector<std::string>& a, const std::vector<std::string>& b);

class StoryDetector {
  public:
    explicit StoryDetector(StoryParams params = {}) : params_(params) {}

    // Not thread-safe: one thread decides, in arrival order (the shards' writers need not wait
    // for it: it reads no database, only its StoryIndex).

    /// Loads the articles of `db`, a database to be added to (an incremental run). What is
    /// read of them only when needed (their headline and lead) comes from `reader`, the same
    /// database as committed, opened apart: the only handle this detector reads once writers
    /// write `db` on other threads (it reopens it when a commit has moved on).
    void load(const Xapian::Database& db, const Xapian::Database& reader);
    /// The same, reading `db` itself (when no other thread writes it).
    void load(const Xapian::Database& db) { load(db, db); }

    /// The document id of article `id`, 0 when it holds none.
    Xapian::docid docid_of(const std::string& id) const;

    /// Decides the story of `article` (sets article.story) among the articles held, adds the
    /// story-detection terms and values to `doc`, the article's document built by
    /// DocumentBuilder, and holds the article from then on, as document `docid` (its own when
    /// the article is held already). `file` names the file writing it this run (see forget()).
    void assign(stored::StoredArticle& article, Xapian::Document& doc, Xapian::docid docid,
                std::uint32_t file = 0);

    /// The same, with `features` = story_features(doc, article.article.text), computed before.
    void assign(stored::StoredArticle& article, Xapian::Document& doc,
                const StoryFeatures& features, Xapian::docid docid, std::uint32_t file = 0);

    /// Forgets article `id`, whose document is removed, unless another file than `file` wrote
    /// it this run (it moved there).
    void forget(const std::string& id, std::uint32_t file) { index_.forget(id, file); }

    /// Articles held.
    Xapian::doccount size() const { return index_.size(); }

  private:
    /// How many articles hold a term, as the idf weights use it: `docs` as the index had it at
    /// the entry's first use since the cache was renewed, `seen_since` the articles assign()
    /// decided since, which named it. Renewed as the index grows by a tenth: the weights of the
    /// articles decided in between rest on the same frequencies whatever their order within.
    struct Frequency {
        Xapian::doccount docs = 0;
        Xapian::doccount seen_since = 0;
        unsigned generation = 0;  ///< the renewal `docs` belongs to
    };
    Frequency& frequency(StoryIndex::TermId term);
    /// The headline and lead of record `r` (read from its document for a loaded record).
    const ReportKeys& keys_of(StoryIndex::Ref r);

    StoryParams params_;
    StoryIndex index_;
    std::unordered_map<StoryIndex::TermId, Frequency> df_cache_;
    Xapian::doccount df_docs_ = 0;
    unsigned df_generation_ = 0;
    Xapian::doccount decided_since_ = 0;           ///< articles assign() decided since a renewal
    std::vector<std::optional<ReportKeys>> keys_;  ///< by record; empty until known
    std::optional<Xapian::Database> reader_;
};

}  // namespace newsdesk::indexer
