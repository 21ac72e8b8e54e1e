// The articles story detection compares a new article with, held in memory.
//
// Story detection decides each article against the ones indexed before it. It used to look them
// up in the database as it was being written, which tied it to the one thread writing it. This
// index holds what the decision reads of each article (its SimHash, signature, entities, news
// date and story) and finds the candidates itself: by SimHash band, and by the words of their
// text (the posting lists of the words story detection weighs, with their wdf). The shards' writers
// then run on their own threads while the decisions are made, in arrival order, on the thread
// feeding them. On an incremental run the index is loaded from the database (value slots, the
// posting lists of those words, document lengths) before anything is written.
//
// Records are kept in document-id order: the order the articles arrived in, which is the same
// whatever the number of shards (ShardSet hands out ids in arrival order), so ties between
// candidates break the same way.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace newsdesk::indexer {

class StoryIndex {
  public:
    using Ref = std::uint32_t;     ///< a record, by position (document-id order)
    using TermId = std::uint32_t;  ///< a signature word, figure or entity term

    struct Record {
        std::string id;     ///< article id
        std::string story;  ///< its story id
        Xapian::docid docid = 0;
        std::uint64_t simhash = 0;
        long day = -1;  ///< days since the epoch of its news date, -1 when it names none
        /// (term, weight in 1/65535ths), by term id.
        std::vector<std::pair<TermId, std::uint16_t>> signature;
        std::vector<TermId> entities;  ///< sorted
        bool alive = true;
        std::uint32_t file = 0;        ///< the file that wrote it this run, 0 when loaded
        Xapian::termcount length = 1;  ///< its document's length (for BM25)
        /// Every signature-candidate word of its text (story_features()), with its wdf.
        std::vector<std::pair<TermId, Xapian::termcount>> words;
        std::vector<TermId> titles;  ///< its headline's words as indexed ("S" terms)
    };

    /// Loads the articles of `db` (values, term frequencies and postings), making their
    /// signatures of `signature_size` words. Throws Xapian errors.
    void load(const Xapian::Database& db, std::size_t signature_size);

    /// The id of `term`, made when new.
    TermId intern(const std::string& term);
    /// The id of `term`, or kNone.
    TermId find(const std::string& term) const;
    static constexpr TermId kNone = 0xffffffffu;
    const std::string& term(TermId t) const { return *terms_[t]; }

    /// How many articles hold `term` (any word of their text, or the entity).
    Xapian::doccount frequency(TermId t) const { return t == kNone ? 0 : df_[t]; }
    /// Adds one to the frequency of `term`.
    void count(TermId t) { ++df_[t]; }
    /// Articles held.
    Xapian::doccount size() const { return alive_; }
    /// Records made, forgotten ones included (Refs are below this).
    Ref records() const { return static_cast<Ref>(records_.size()); }

    /// The record of article `id`, or nullptr.
    const Record* by_id(const std::string& id) const;
    const Record& at(Ref r) const { return records_[r]; }
    /// The record of article `id`, or kNoRef.
    Ref ref_of(const std::string& id) const;
    static constexpr Ref kNoRef = 0xffffffffu;

    /// Records with band `band` of `hash`, in document-id order.
    const std::vector<Ref>& band(int band, std::uint64_t hash) const;

    /// Records whose text holds `term`, with its wdf there, in document-id order.
    const std::vector<std::pair<Ref, Xapian::termcount>>& word_postings(TermId term) const {
        return word_postings_[term];
    }
    /// Records whose headline holds `term` ("S" term), in document-id order.
    const std::vector<Ref>& title_postings(TermId term) const { return title_postings_[term]; }
    double average_length() const { return alive_ ? double(total_length_) / alive_ : 1.0; }

    /// Stores `record` (replacing the record of its id, which keeps its place). A new record's
    /// document id is above every one held.
    void put(Record record);
    /// Forgets article `id` (its document is gone), unless it was written this run by another
    /// file than `file`.
    void forget(const std::string& id, std::uint32_t file);

  private:
    void link(Ref r);
    void unlink(Ref r);

    std::vector<Record> records_;
    std::unordered_map<std::string, Ref> by_id_;
    Xapian::doccount alive_ = 0;
    std::unordered_map<std::string, TermId> term_ids_;
    std::vector<const std::string*> terms_;  ///< keys of term_ids_, by id
    std::vector<Xapian::doccount> df_;
    std::vector<std::vector<std::pair<Ref, Xapian::termcount>>> word_postings_;
    std::vector<std::vector<Ref>> title_postings_;
    std::uint64_t total_length_ = 0;
    std::vector<std::vector<Ref>> bands_ = std::vector<std::vector<Ref>>(std::size_t{4} << 16);
};

/// A headline word as indexed: "S" and a lower-case letter or digit.
bool is_title_term(const std::string& term);

/// Days since the epoch of a "YYYYMMDD" value, -1 when it is none.
long news_day(const std::string& yyyymmdd);

/// Band `band` (0-3) of a SimHash: 16 bits.
inline std::size_t band_index(int band, std::uint64_t hash) {
    return static_cast<std::size_t>(band) << 16 | ((hash >> (16 * band)) & 0xffff);
}

}  // namespace newsdesk::indexer
