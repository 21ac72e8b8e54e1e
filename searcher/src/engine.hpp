// The search engine proper, on an open Xapian database of any backend (the public Searcher opens
// one from a directory; the tests use in-memory and on-disk databases alike).
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "date_histogram.hpp"
#include "facet_spy.hpp"
#include "newsdesk/internal/reading.hpp"
#include "newsdesk/searcher.hpp"
#include "query.hpp"
#include "spelling.hpp"

namespace newsdesk::searcher {

class Engine {
  public:
    explicit Engine(Xapian::Database db);
    /// An engine on a database of several shards (reading::open_shards()).
    explicit Engine(reading::Shards shards);

    SearchResults run(const SearchRequest& request);

    Xapian::Database& database() { return db_; }
    /// The revision of the view (reading::Shards::revision()).
    std::uint64_t revision() const { return reading::Shards{db_, shards_}.revision(); }

    /// Moves to the latest revision of the database, dropping what was cached of the old one.
    /// Returns false when there is none newer. When it throws (a commit raced it), the engine
    /// cannot be used any more.
    bool reopen() {
        const std::uint64_t before = revision();
        if (!db_.reopen() || revision() == before) return false;
        stories_.reset();
        facet_table_.reset();
        entity_words_.reset();
        date_table_.reset();
        return true;
    }

    /// The story `id` as a hit shows it: its size and outlets.
    StoryRef story_ref(const std::string& id);

  private:
    /// The stories related to story `id`, whose articles (or the first of them) are the docids
    /// from `first` to `last`: sorted ids, at most kMaxRelatedStories.
    std::vector<std::string> related_stories(const std::string& id, const std::uint32_t* first,
                                             const std::uint32_t* last);
    /// The `count` words of document `docid` that best tell it apart (relevance feedback).
    std::vector<std::string> distinctive_words(Xapian::docid docid, std::size_t count);

    /// The stories of the database view, read once from the story slot: which story each
    /// article belongs to (as a small number, 0: none), and each story's articles in docid order.
    struct StoryTable {
        explicit StoryTable(const Xapian::Database& db);
        std::vector<std::uint32_t> story_of;                    ///< by docid
        std::unordered_map<std::string, std::uint32_t> number;  ///< story id -> number
        std::vector<std::uint32_t> offsets;  ///< by number: its articles in docids[...]
        std::vector<Xapian::docid> docids;
    };

    ParsedQuery related(const SearchRequest& request);
    /// Built on first use.
    const StoryTable& stories();
    /// Counts the documents matching `parsed` into the spies when the query is words ORed
    /// together (or one word) without filters; returns false, counting nothing, otherwise.
    bool count_union(const ParsedQuery& parsed, FacetTableSpy& facets, StoryCountSpy* stories,
                     DateCounter* dates);
    /// The words of the entity names, for spelling, built on first use.
    const EntityWords& entity_words();
    /// Every document's facet values as numbers, built on first use.
    const FacetTable& facet_table();
    /// Every document's day, built on first use.
    const DateTable& date_table();
    void execute(const SearchRequest& request, const ParsedQuery& parsed, SearchResults& out);
    /// The request's time limit (SearchRequest::time_limit_ms) has passed.
    bool past_deadline() const;
    /// Until the deadline, for Xapian::Enquire::set_time_limit (0: none; at least 1 ms).
    double seconds_left() const;
    /// Results (stories when `collapse`, else articles) matching `match`.
    std::size_t count_matches(const Xapian::Query& match, bool collapse);
    /// Results `request` finds (counted as SearchResults::total), without ranking a page.
    std::size_t count(const SearchRequest& request);
    /// Fills out.filters, and out.filter_removed when `out` is empty (see SearchResults).
    void describe_filters(const SearchRequest& request, SearchResults& out);

    Xapian::Database db_;
    std::vector<Xapian::Database> shards_;  ///< db_'s shards when it has several
    QueryBuilder queries_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;  ///< of the running request
    // Read-only tables of the database view, shared by the Engines of the process that look at
    // the same view (a server keeps one Searcher per worker thread).
    std::shared_ptr<const StoryTable> stories_;
    std::shared_ptr<const FacetTable> facet_table_;
    std::shared_ptr<const EntityWords> entity_words_;
    std::shared_ptr<const DateTable> date_table_;
    std::vector<std::uint32_t> facet_counts_;  ///< FacetTableSpy's scratch, all zero between uses
};

}  // namespace newsdesk::searcher
