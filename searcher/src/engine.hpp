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

  private:
    Xapian::Database db_;
    QueryBuilder queries_;
};

}  // namespace newsdesk::searcher
