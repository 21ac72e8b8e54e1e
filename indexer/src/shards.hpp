// The shards of one generation, open for writing, seen as one database.
//
// An article lives in shard shard_of(id, N) (store.hpp). Xapian reads N shards as one database
// whose document ids interleave theirs: local document L of shard K is document (L - 1) x N + K + 1
// of the whole. New articles are placed at explicit local ids so that the whole's ids grow in the
// order articles arrive, whatever their shards: the whole then orders ties (equal weights, equal
// dates, the first article of a story) exactly as a one-shard database of the same articles
// does, and story detection, which reads the whole, decides the same.
//
// The first shard also holds the database's metadata (sync state, the last run); Xapian reads a
// multi-shard database's metadata from its first shard. commit() commits it last, so its sync
// state never names a file whose articles another shard has not committed yet.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "store.hpp"

namespace newsdesk::indexer {

class ShardSet {
  public:
    /// Opens every shard of `layout` (in DIR) for writing. Throws Xapian errors.
    ShardSet(const std::string& dir, const Layout& layout);

    unsigned size() const { return static_cast<unsigned>(shards_.size()); }
    Xapian::WritableDatabase& shard(unsigned k) { return shards_[k]; }
    /// The shard holding the metadata (sync state, last run): the first.
    Xapian::WritableDatabase& meta() { return shards_[0]; }
    /// All shards as one database, uncommitted changes included (not to be used while another
    /// thread writes a shard).
    const Xapian::Database& all() const { return all_; }

    /// The shards as last committed, opened apart from the writers' handles (so another thread
    /// may read it while they write).
    Xapian::Database open_reader() const;

    /// The shard of an article id.
    unsigned shard_of(const std::string& id) const;
    /// The shard and local document id of a document id of the whole.
    unsigned shard_of_docid(Xapian::docid did) const { return (did - 1) % size(); }
    Xapian::docid local(Xapian::docid did) const { return (did - 1) / size() + 1; }
    Xapian::docid whole(unsigned shard, Xapian::docid local) const {
        return (local - 1) * size() + shard + 1;
    }

    /// A document id of the whole, in shard `shard`, above every id handed out or stored so far.
    Xapian::docid next_docid(unsigned shard);

    /// Writes `doc` as a new document at `did` (from next_docid()).
    void add(Xapian::docid did, const Xapian::Document& doc);
    void replace(Xapian::docid did, const Xapian::Document& doc);
    void remove(Xapian::docid did);
    /// Removes every document with `term` from every shard.
    void remove_term(const std::string& term);

    /// Commits every shard, the metadata shard last.
    void commit();
    void close();

  private:
    std::vector<std::string> paths_;
    std::vector<Xapian::WritableDatabase> shards_;
    Xapian::Database all_;
    Xapian::docid last_ = 0;  ///< the highest document id of the whole handed out or stored
};

}  // namespace newsdesk::indexer
