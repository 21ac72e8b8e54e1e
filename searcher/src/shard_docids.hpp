// Document ids of a match spy on one shard of several.
#pragma once

#include <xapian.h>

namespace newsdesk::searcher {

/// Xapian 1.4 hands a match spy on a database of several shards the document with its id in its
/// own shard, not the whole's: spies on such a database run once per shard, told which, and map
/// the id back (local id L of shard K of N is (L - 1) x N + K + 1 of the whole).
struct ShardDocids {
    unsigned shard = 0;
    unsigned shards = 1;
    Xapian::docid whole(Xapian::docid local) const { return (local - 1) * shards + shard + 1; }
};

}  // namespace newsdesk::searcher
