// newsdesk/index.hpp — a newsdesk database as an object: open or create it, sync it with folders
// of articles, read its status.
//
//   newsdesk::Index index("/srv/newsdesk-db");          // created (empty) when missing
//   newsdesk::IndexReport r = index.sync({"/srv/articles"});
//   std::cout << r.summary() << '\n';                    // "12 files seen: 3 added, …"
//
// An Index is a handle on a directory: it holds no open database and no lock between calls, so
// searchers (newsdesk::Searcher, newsdesk-serve) and other processes use the same database
// freely. sync() is index_paths() for this database (newsdesk/indexer.hpp says what a run does).
//
// Thread-safety: an Index is immutable; its members may be called from any number of threads.
// Writers are serialised by the database's lock file, across threads and processes alike: a
// sync() that finds another writer at work throws LockedError, or waits when
// IndexParams::wait_seconds says so.
#pragma once

#include <string>
#include <vector>

#include "newsdesk/indexer.hpp"

namespace newsdesk {

class Index {
  public:
    /// Opens the newsdesk database in `db_dir`, creating the directory and an empty database when
    /// there is none. Throws DatabaseError when `db_dir` holds something that is not a newsdesk
    /// database (nothing is written into it then), LockedError when the database is missing and
    /// another writer is creating it at this very moment.
    explicit Index(std::string db_dir = default_db_path());

    /// The database directory.
    const std::string& path() const noexcept { return db_; }

    /// Brings the database in step with `paths` (files and directories, walked recursively):
    /// index_paths() with `params`, whose `db` and `paths` are replaced by this database's and
    /// `paths`. Throws as index_paths() does; problems with single files go to
    /// `callbacks.warning` and are counted in the report.
    IndexReport sync(const std::vector<std::string>& paths, IndexParams params = {},
                     const IndexCallbacks& callbacks = {}) const;

    /// What the database says about itself: articles, files, the last run, a writer at work.
    IndexStatus status() const;

  private:
    std::string db_;
};

}  // namespace newsdesk
