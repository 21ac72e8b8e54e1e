#include "catalog_pool.hpp"

#include "newsdesk/error.hpp"

namespace newsdesk::server {

CatalogPool::CatalogPool(std::string db_dir, Clock::duration refresh_interval)
    : dir_(std::move(db_dir)), interval_(refresh_interval) {}

CatalogPool::Lease CatalogPool::lease() {
    const auto now = Clock::now();
    Entry entry;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!idle_.empty()) {
            entry = std::move(idle_.back());
            idle_.pop_back();
        } else if (!open_error_.empty() && now - open_failed_ < interval_) {
            throw DatabaseError(open_error_);
        }
    }
    if (!entry.catalog) {
        try {
            entry.catalog = std::make_unique<Catalog>(dir_);
            entry.checked = now;
        } catch (const DatabaseError& e) {
            std::lock_guard<std::mutex> lock(mutex_);
            open_error_ = e.what();
            open_failed_ = now;
            throw;
        }
        std::lock_guard<std::mutex> lock(mutex_);
        open_error_.clear();
    } else if (now - entry.checked >= interval_) {
        // A failed refresh (the database was removed, say) keeps the catalog's last good view;
        // it is tried again after another interval.
        entry.checked = now;
        try {
            entry.catalog->refresh();
        } catch (const RuntimeError&) {
        }
    }
    return Lease(*this, std::move(entry));
}

void CatalogPool::give_back(Entry entry) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(entry));
}

}  // namespace newsdesk::server
