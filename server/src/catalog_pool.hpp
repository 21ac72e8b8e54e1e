// Catalogs for concurrent requests: a Searcher is not thread-safe, so each request leases one
// for its exclusive use and gives it back. The pool grows to the number of requests served at
// once (at most the number of worker threads) and keeps the catalogs between requests, so their
// caches stay warm.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "catalog.hpp"

namespace newsdesk::server {

class CatalogPool {
  public:
    using Clock = std::chrono::steady_clock;

    /// `refresh_interval`: how old a catalog's last look at the database may be before it is
    /// refreshed (a new revision or a rebuilt generation) at lease time.
    CatalogPool(std::string db_dir, Clock::duration refresh_interval);

    class Lease;

    /// A catalog for the caller's exclusive use until the Lease is destroyed, refreshed when its
    /// last look is older than the interval. Throws DatabaseError when the database cannot be
    /// opened (the server answers 503); a failed open is retried at most once per interval, other
    /// callers in between get the same error at once. Thread-safe.
    Lease lease();

  private:
    struct Entry {
        std::unique_ptr<Catalog> catalog;
        Clock::time_point checked;
    };
    void give_back(Entry entry);

    const std::string dir_;
    const Clock::duration interval_;
    std::mutex mutex_;
    std::vector<Entry> idle_;        // guarded by mutex_
    std::string open_error_;         // guarded by mutex_: why the last open failed
    Clock::time_point open_failed_;  // guarded by mutex_
};

class CatalogPool::Lease {
  public:
    Lease(CatalogPool& pool, Entry entry) : pool_(&pool), entry_(std::move(entry)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), entry_(std::move(other.entry_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
        if (pool_ && entry_.catalog) pool_->give_back(std::move(entry_));
    }
    Catalog* operator->() { return entry_.catalog.get(); }
    Catalog& operator*() { return *entry_.catalog; }

  private:
    CatalogPool* pool_;
    Entry entry_;
};

}  // namespace newsdesk::server
