#include "newsdesk/index.hpp"

#include <utility>

#include "store.hpp"

namespace newsdesk {

Index::Index(std::string db_dir) : db_(std::move(db_dir)) {
    indexer::check_database_dir(db_);
    if (!indexer::live_generation(db_).empty()) return;
    // No database yet: create it under the writer lock, as an indexer run would.
    indexer::WriterLock lock(db_);
    if (indexer::live_generation(db_).empty())
        indexer::ensure_database(db_, default_index_shards());
}

IndexReport Index::sync(const std::vector<std::string>& paths, IndexParams params,
                        const IndexCallbacks& callbacks) const {
    params.db = db_;
    params.paths = paths;
    return index_paths(params, callbacks);
}

IndexStatus Index::status() const {
    return index_status(db_);
}

}  // namespace newsdesk
