#include "shards.hpp"

#include <filesystem>

namespace newsdesk::indexer {

ShardSet::ShardSet(const std::string& dir, const Layout& layout) {
    for (const auto& s : layout.shards) {
        paths_.push_back((std::filesystem::path(dir) / s).string());
        shards_.emplace_back(paths_.back(), Xapian::DB_OPEN);
        all_.add_database(shards_.back());
    }
    last_ = all_.get_lastdocid();
}

Xapian::Database ShardSet::open_reader() const {
    Xapian::Database db;
    for (const auto& path : paths_)
        db.add_database(Xapian::Database(path));
    return db;
}

unsigned ShardSet::shard_of(const std::string& id) const {
    return indexer::shard_of(id, size());
}

Xapian::docid ShardSet::next_docid(unsigned shard) {
    Xapian::docid did = last_ + 1;
    while (shard_of_docid(did) != shard)
        ++did;
    last_ = did;
    return did;
}

void ShardSet::add(Xapian::docid did, const Xapian::Document& doc) {
    shards_[shard_of_docid(did)].replace_document(local(did), doc);
}

void ShardSet::replace(Xapian::docid did, const Xapian::Document& doc) {
    shards_[shard_of_docid(did)].replace_document(local(did), doc);
}

void ShardSet::remove(Xapian::docid did) {
    shards_[shard_of_docid(did)].delete_document(local(did));
}

void ShardSet::remove_term(const std::string& term) {
    for (auto& s : shards_)
        s.delete_document(term);
}

void ShardSet::commit() {
    for (std::size_t k = shards_.size(); k-- > 0;)
        shards_[k].commit();
}

void ShardSet::close() {
    for (std::size_t k = shards_.size(); k-- > 0;)
        shards_[k].close();
}

}  // namespace newsdesk::indexer
