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
#include <unordered_set>
#include <vector>

#include "date_histogram.hpp"
#include "facet_spy.hpp"
#include "newsdesk/internal/reading.hpp"
#include "newsdesk/searcher.hpp"
#include "query.hpp"
#include "recency.hpp"
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
    std::uint64_t revision() const {
        reading::Shards view;
        view.all = db_;
        view.each = shards_;
        return view.revision();
    }

    /// Moves to the latest revision of the database, dropping what was cached of the old one.
    /// Returns false when there is none newer. When it throws (a commit raced it), the engine
    /// cannot be used any more.
    bool reopen() {
        const std::uint64_t before = revision();
        // A remote shard's reopen() says whether its server saw a new revision.
        if (!db_.reopen() || (!remote_ && revision() == before)) return false;
        stories_.reset();
        facet_table_.reset();
        entity_words_.reset();
        date_table_.reset();
        dates_seen_.reset();
        related_index_.reset();
        values_.reset();
        return true;
    }

    /// The shards of a cluster that could not be reached when the engine was made (they stand
    /// in the database as empty ones), as reading::Cluster::Shard::name() says them.
    const std::vector<std::string>& missing_shards() const { return missing_; }
    /// Some shard is remote.
    bool remote() const { return remote_; }
    /// The shards, when there are several or any is remote, and their names in a cluster file.
    const std::vector<Xapian::Database>& shards() const { return shards_; }
    const std::vector<std::string>& shard_names() const { return names_; }

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
        std::vector<std::string> ids;                           ///< number -> story id ("": 0)
        std::vector<std::uint32_t> offsets;  ///< by number: its articles in docids[...]
        std::vector<Xapian::docid> docids;
    };

    /// Which articles name a related story (an XREL term) and which stories are named, read
    /// once per view: a story without relations then costs no lookup (on remote shards each
    /// term list or posting list is a round trip to every shard, one shard after the other).
    struct RelatedIndex {
        explicit RelatedIndex(const Xapian::Database& db);
        std::unordered_set<std::string> named;  ///< the XREL terms the database holds
        std::vector<bool> names_some;           ///< by docid: the article holds an XREL term
    };
    /// Built on first use.
    const RelatedIndex& related_index();

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
    /// The distinct dates of the database, built on first use (newest-relevant).
    const DistinctDates& dates_seen();
    /// What the tables above are read from: the database itself, or on a database with remote
    /// shards a local copy of the value slots they read (a value stream over the remote protocol
    /// fetches one whole document at a time; a match set sorted by a slot brings every value
    /// of that slot in one answer per shard). Built on first use.
    const Xapian::Database& table_source();
    /// Counts the documents matching `parsed` through the matcher, shard by shard with the spies
    /// on local shards; on a database with remote shards, from the whole database's match set
    /// (xapian-tcpsrv runs only Xapian's own spies).
    /// On a database with remote shards, the page of `mset` (every match, by relevance) in the
    /// date order (the newest first) that a KeyMaker gives locally, collapsed by story or not.
    std::vector<Xapian::MSetIterator> date_ordered_page(const Xapian::MSet& mset, bool collapse,
                                                        std::size_t offset, std::size_t limit);
    /// The page (`offset`, `limit`) of the matches of `mset` in the order `order` (empty: the
    /// order of `mset`), collapsed by story or not, as Xapian's collapse key would.
    std::vector<Xapian::MSetIterator> page_in_order(const Xapian::MSet& mset,
                                                    const std::vector<Xapian::MSetIterator>& order,
                                                    bool collapse, std::size_t offset,
                                                    std::size_t limit);
    void count_into(const ParsedQuery& parsed, FacetTableSpy& facets, StoryCountSpy* stories,
                    DateCounter* dates, DateCountSpy* date_spy);
    /// The documents of `page`, in its order.
    std::vector<Xapian::Document> documents(const std::vector<Xapian::MSetIterator>& page);
    /// The ranking weight: newsdesk's (ranking.hpp), or on remote shards, which know only
    /// Xapian's own classes, the built-in BM25 with the same parameters.
    std::unique_ptr<Xapian::Weight> ranking_weight() const;
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
    std::vector<std::string> missing_;      ///< reading::Shards::missing
    std::vector<std::string> names_;        ///< reading::Shards::names
    bool remote_ = false;                   ///< reading::Shards::remote
    QueryBuilder queries_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;  ///< of the running request
    // Read-only tables of the database view, shared by the Engines of the process that look at
    // the same view (a server keeps one Searcher per worker thread).
    std::shared_ptr<const StoryTable> stories_;
    std::shared_ptr<const FacetTable> facet_table_;
    std::shared_ptr<const EntityWords> entity_words_;
    std::shared_ptr<const DateTable> date_table_;
    std::shared_ptr<const DistinctDates> dates_seen_;
    std::shared_ptr<const RelatedIndex> related_index_;
    std::optional<Xapian::Database> values_;   ///< table_source() of a database with remote shards
    std::vector<std::uint32_t> facet_counts_;  ///< FacetTableSpy's scratch, all zero between uses
};

}  // namespace newsdesk::searcher
