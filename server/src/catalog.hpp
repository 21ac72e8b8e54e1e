// One worker's view of the database: a Searcher plus article lookup and change detection.
//
// Catalog answers article lookups with the record the API shows (the article, its id and its
// story as hits show it) over a second, read-only Xapian handle, using the schema and
// stored-article decoding from common/internal; searching, size, revision and following the
// indexer are the Searcher's.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>

#include "newsdesk/article.hpp"
#include "newsdesk/searcher.hpp"

namespace newsdesk::server {

/// What GET /api/articles/{id} shows: the article, its id, and its story.
struct ArticleRecord {
    std::string id;
    Article article;
    std::optional<StoryRef> story;
};

/// Not thread-safe: one per worker at a time (CatalogPool hands them out).
class Catalog {
  public:
    /// Opens `db_dir` read-only. Throws DatabaseError when it cannot be opened.
    explicit Catalog(std::string db_dir);

    /// Searcher::search, with Xapian errors that escape it turned into RuntimeError.
    SearchResults search(const SearchRequest& request);

    /// The article with id `id`, or nullopt. Throws DatabaseError when the database breaks.
    std::optional<ArticleRecord> article(const std::string& id);

    std::size_t size();
    std::uint64_t revision();

    /// Moves to the latest revision, following a rebuild's generation switch. Returns true when
    /// the view changed. When the new revision cannot be opened, keeps the old view and throws
    /// DatabaseError.
    bool refresh();

  private:
    std::string dir_;
    Searcher searcher_;
    Xapian::Database probe_;     ///< for article records (id, story) by id
    bool probe_current_ = true;  ///< false after a refresh whose probe failed to open
};

}  // namespace newsdesk::server
