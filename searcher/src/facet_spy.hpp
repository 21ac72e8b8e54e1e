// Exact counts of multi-valued facets over every matching document.
//
// Xapian's ValueCountMatchSpy counts one value per slot and document; a newsdesk document has
// several people, organisations and places, stored as a list in one slot per type
// (facets::encode_list). This spy counts each name of each list once per document. It serialises
// itself and its results, so counts from several shards or remote databases merge exactly.
//
// Given the database, it reads the slot as a value stream in docid order (the order in which the
// matcher reports documents) instead of loading each document: the difference between 2 and 8 ms
// on a 100k-article query matching a third of the archive.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "newsdesk/searcher.hpp"
#include "shard_docids.hpp"

namespace newsdesk::searcher {

/// Reads one value slot for documents visited in (mostly) increasing docid order.
class ValueReader {
  public:
    ValueReader(Xapian::valueno slot, const Xapian::Database* db) : slot_(slot), db_(db) {}
    std::string get(const Xapian::Document& doc);

  private:
    Xapian::valueno slot_;
    const Xapian::Database* db_;
    std::optional<Xapian::ValueIterator> it_;
    Xapian::docid last_ = 0;
};

class MultiValueCountSpy : public Xapian::MatchSpy {
  public:
    /// `db`, when given, must be the database being searched; it lets the spy stream values.
    explicit MultiValueCountSpy(Xapian::valueno slot, const Xapian::Database* db = nullptr)
        : slot_(slot), reader_(slot, db) {}

    void operator()(const Xapian::Document& doc, double weight) override;
    Xapian::MatchSpy* clone() const override { return new MultiValueCountSpy(slot_); }
    std::string name() const override { return "newsdesk::MultiValueCountSpy"; }
    std::string serialise() const override;
    Xapian::MatchSpy* unserialise(const std::string& serialised,
                                  const Xapian::Registry& context) const override;
    std::string serialise_results() const override;
    void merge_results(const std::string& serialised) override;
    std::string get_description() const override;

    /// Documents seen.
    Xapian::doccount documents() const { return documents_; }

    /// The `limit` most frequent values, count descending then value ascending.
    std::vector<FacetValue> top(std::size_t limit) const;

  private:
    void add(std::string_view name, Xapian::doccount count);

    Xapian::valueno slot_;
    ValueReader reader_;
    Xapian::doccount documents_ = 0;
    std::deque<std::string> names_;  ///< interned names; the map's keys point into them
    std::unordered_map<std::string_view, Xapian::doccount> counts_;
};

/// Counts the distinct stories among the matching documents, from a docid -> story ordinal table
/// (0: no story; such documents count one each). Not serialisable: local databases only.
class StoryCountSpy : public Xapian::MatchSpy {
  public:
    explicit StoryCountSpy(const std::vector<std::uint32_t>& story_of) : story_of_(story_of) {}
    void operator()(const Xapian::Document& doc, double) override {
        add(shard_.whole(doc.get_docid()));
    }
    void add(Xapian::docid id);
    std::size_t count() const { return stories_ + unassigned_; }
    /// The matcher that calls it runs on shard `k` of `n` (see ShardDocids).
    void on_shard(unsigned k, unsigned n) { shard_ = {k, n}; }

  private:
    const std::vector<std::uint32_t>& story_of_;
    ShardDocids shard_;
    std::vector<bool> seen_;
    std::size_t stories_ = 0;
    std::size_t unassigned_ = 0;
};

/// Every document's facet values as small numbers, read once per database view: counting a
/// match is then a few array increments instead of decoding its value slots. Each (facet type,
/// name) pair is one key, and a document's keys of every type are one row, so counting a document
/// is one tight loop. About 4 bytes per distinct name per article, plus each key's name once.
class FacetTable {
  public:
    /// Reads the facet slots of `db` (value streams, in docid order).
    explicit FacetTable(const Xapian::Database& db);

    /// The keys of document `id`, all types, grouped by type in schema::kFacets order and in
    /// slot order (first mention first) within a type: [begin, end).
    std::pair<const std::uint32_t*, const std::uint32_t*> row(Xapian::docid id) const {
        if (id + 1 >= offsets_.size()) return {nullptr, nullptr};
        const std::uint32_t* base = values_.data();
        return {base + offsets_[id], base + offsets_[id + 1]};
    }
    /// Names of facet `type` (index into schema::kFacets) of document `id`, in slot order.
    template <typename F>
    void for_each(std::size_t type, Xapian::docid id, F&& f) const {
        auto [b, e] = row(id);
        for (; b != e; ++b) {
            if (types_[*b] == type) f(*b);
        }
    }
    const std::string& name(std::uint32_t key) const { return names_[key]; }
    std::size_t type(std::uint32_t key) const { return types_[key]; }
    std::size_t keys() const { return names_.size(); }
    /// The key a name is counted as in the rows (entity_filters.hpp, lone_name_targets): itself,
    /// the archive's one full name of note for a lone surname, or kLeftOut.
    std::uint32_t counted_as(std::uint32_t key) const { return counted_as_[key]; }
    /// The lone names counted as `key` (none for most keys).
    const std::vector<std::uint32_t>& counted_here(std::uint32_t key) const {
        static const std::vector<std::uint32_t> none;
        const auto it = counted_here_.find(key);
        return it == counted_here_.end() ? none : it->second;
    }
    std::size_t types() const { return schema_types_; }

  private:
    std::vector<std::uint32_t> offsets_;     ///< by docid, size lastdocid + 2
    std::vector<std::uint32_t> values_;      ///< keys
    std::deque<std::string> names_;          ///< by key (a deque: the build indexes views of them)
    std::vector<std::uint8_t> types_;        ///< by key
    std::vector<std::uint32_t> counted_as_;  ///< by key
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> counted_here_;
    std::size_t schema_types_ = 0;
};

/// Whether a word of `name` (after a space, hyphen or other punctuation) starts with
/// `lower_prefix`, compared in lower case; true for an empty prefix.
bool has_word_starting(std::string_view name, std::string_view lower_prefix);

/// Counts articles and their facet values over the matching documents using a FacetTable.
/// Local databases only (not serialisable); MultiValueCountSpy is the portable equivalent.
class FacetTableSpy : public Xapian::MatchSpy {
  public:
    /// `scratch` holds the counts by key: all zero (or empty) when given, and left all zero again
    /// when the spy is destroyed, so one buffer serves query after query without clearing it.
    FacetTableSpy(const FacetTable& table, std::vector<std::uint32_t>& scratch)
        : table_(table), counts_(scratch) {
        if (counts_.size() < table_.keys()) counts_.assign(table_.keys(), 0);
    }
    ~FacetTableSpy() override {
        for (std::uint32_t key : touched_)
            counts_[key] = 0;
    }
    FacetTableSpy(const FacetTableSpy&) = delete;
    FacetTableSpy& operator=(const FacetTableSpy&) = delete;

    void operator()(const Xapian::Document& doc, double) override {
        add(shard_.whole(doc.get_docid()));
    }
    /// The matcher that calls it runs on shard `k` of `n` (see ShardDocids).
    void on_shard(unsigned k, unsigned n) { shard_ = {k, n}; }
    /// Counts document `id` (for counting without the matcher).
    void add(Xapian::docid id) {
        ++documents_;
        auto [b, e] = table_.row(id);
        std::uint32_t* counts = counts_.data();
        for (; b != e; ++b) {
            if (counts[*b]++ == 0) touched_.push_back(*b);
        }
    }

    Xapian::doccount documents() const { return documents_; }
    /// The `limit` most frequent values of facet `type`, count descending then name ascending.
    std::vector<FacetValue> top(std::size_t type, std::size_t limit) const {
        return top(type, limit, {}, nullptr);
    }
    /// The same among the values with a word starting with `prefix` (case-insensitive; all
    /// values when it is empty); `distinct`, when given, is set to how many such values there are.
    std::vector<FacetValue> top(std::size_t type, std::size_t limit, std::string_view prefix,
                                std::size_t* distinct) const;

  private:
    const FacetTable& table_;
    ShardDocids shard_;
    Xapian::doccount documents_ = 0;
    std::vector<std::uint32_t>& counts_;  ///< by key
    std::vector<std::uint32_t> touched_;  ///< keys counted at least once
};

}  // namespace newsdesk::searcher
