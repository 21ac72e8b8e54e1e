// The search engine proper, on an open Xapian database of any backend (the public Searcher opens
// one from a directory; the tests use in-memory and on-disk databases alike).
#pragma once

#include <xapian.h>

#include "newsdesk/searcher.hpp"
#include "query.hpp"

namespace newsdesk::searcher {

class Engine {
  public:
    explicit Engine(Xapian::Database db);

    SearchResults run(const SearchRequest& request);

    Xapian::Database& database() { return db_; }

    /// The story `id` as a hit shows it: its size and outlets.
    StoryRef story_ref(const std::string& id);

  private:
    ParsedQuery related(const SearchRequest& request);
    void execute(const SearchRequest& request, const ParsedQuery& parsed, SearchResults& out);

    Xapian::Database db_;
    QueryBuilder queries_;
};

}  // namespace newsdesk::searcher
