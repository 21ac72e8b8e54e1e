// The search engine proper, on an open Xapian database of any backend (the public Searcher opens
// one from a directory; the tests use in-memory and on-disk databases alike).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "facet_spy.hpp"
#include "newsdesk/searcher.hpp"
#include "query.hpp"

namespace newsdesk::searcher {

class Engine {
  public:
    explicit Engine(Xapian::Database db);

    SearchResults run(const SearchRequest& request);

    Xapian::Database& database() { return db_; }

    /// Moves to the latest revision of the database, dropping what was cached of the old one.
    void reopen() {
        db_.reopen();
        story_table_ready_ = false;
        story_of_.clear();
        facet_table_.reset();
    }

    /// The story `id` as a hit shows it: its size and outlets.
    StoryRef story_ref(const std::string& id);

  private:
    ParsedQuery related(const SearchRequest& request);
    /// The story of each docid as a small number (0: none), built on first use.
    const std::vector<std::uint32_t>& story_table();
    /// Counts the documents matching `parsed` into the spies when the query is words ORed
    /// together (or one word) without filters; returns false, counting nothing, otherwise.
    bool count_union(const ParsedQuery& parsed, FacetTableSpy& facets, StoryCountSpy* stories);
    /// Every document's facet values as numbers, built on first use.
    const FacetTable& facet_table();
    void execute(const SearchRequest& request, const ParsedQuery& parsed, SearchResults& out);

    Xapian::Database db_;
    QueryBuilder queries_;
    std::vector<std::uint32_t> story_of_;
    bool story_table_ready_ = false;
    std::unique_ptr<FacetTable> facet_table_;
};

}  // namespace newsdesk::searcher
