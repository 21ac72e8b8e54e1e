// Reading a database while an indexer commits to it.
//
// Xapian keeps a database's two newest revisions readable; a reader still at an older one finds
// the revision it reads discarded (DatabaseModifiedError) and must move to the newest. Xapian
// 1.4's glass backend lets the same race surface as other errors too, rarely:
//  - when opening, a table's root block that a newer revision has reused is checked for its level
//    before its revision: DatabaseCorruptError ("Expected block 10 to be level 1, not 0");
//  - blocks carry no checksum, so a block read while the indexer rewrites it can mix old and new
//    bytes and pass the revision checks: DatabaseCorruptError, DocNotFoundError, or a document
//    record that does not decode.
// Such a failure is retried at the newest revision, but only when there is a newer revision: the
// same error on a database nobody has written to since means real damage and is reported.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "newsdesk/error.hpp"

namespace newsdesk::reading {

/// How many times one open or read is attempted before its error is reported, and the pause
/// before the second attempt, doubled before each next one (10, 20, ... 640 ms: 1.27 s in all).
/// A reader slower than the indexer's commits (a loaded machine, a big query, a batch of a few
/// files) would otherwise see each revision it opens replaced before it is done, attempt after
/// attempt; pausing lets the indexer's batch finish first.
inline constexpr int kAttempts = 8;
inline constexpr std::chrono::milliseconds kFirstPause{10};

/// Waits before attempt `attempt` (2, 3, ...) of kAttempts.
inline void pause_before(int attempt) {
    std::this_thread::sleep_for(kFirstPause * (1 << (attempt - 2)));
}

/// Opens the database at `dir` for reading, again when an indexer's commit raced the opening.
/// Throws what Xapian throws when the database cannot be opened.
Xapian::Database open(const std::string& dir);

/// A cluster file (docs/CLUSTER.md): a text file, given as --db instead of a database directory,
/// naming shards one a line in the writer's shard order ("glass PATH", "auto PATH", relative to
/// the file's directory, or "remote HOST:PORT" for a shard that xapian-tcpsrv serves), and how
/// long to wait for remote ones ("timeout SECONDS", "connect-timeout SECONDS", "retry SECONDS").
/// '#' starts a comment.
struct Cluster {
    struct Shard {
        std::string backend;  ///< "glass", "auto" or "remote"
        std::string where;    ///< a path (made absolute), or HOST:PORT
        std::string host;     ///< remote only
        unsigned port = 0;    ///< remote only
        /// How answers name it ("remote 10.0.0.2:33333").
        std::string name() const { return backend + " " + where; }
    };
    std::vector<Shard> shards;
    double timeout = 10;         ///< seconds a remote shard may take to answer one request
    double connect_timeout = 3;  ///< seconds to connect to one
    double retry = 2;            ///< seconds between attempts to reconnect a missing shard
};

/// Whether --db `db` is a cluster file (a regular file) rather than a database directory.
bool is_cluster_file(const std::string& db);

/// Reads the cluster file `path`. Throws UsageError naming the line that is wrong.
Cluster read_cluster(const std::string& path);

/// A database of several shards (its stub names several), with a handle on each shard that
/// shares its state (a reopen() of `all` moves them too): Xapian gives a revision only per shard.
/// Opened from a cluster file, a remote shard that cannot be reached stands in `all` as an empty
/// database, so the others keep their document ids, and is listed in `missing`.
struct Shards {
    Xapian::Database all;
    std::vector<Xapian::Database> each;  ///< empty for a database of one shard
    std::vector<std::string> missing;    ///< the unreachable shards, as Cluster::Shard::name()
    std::vector<std::string> names;      ///< a cluster's shards, as Cluster::Shard::name()
    bool remote = false;                 ///< some shard is remote (served by xapian-tcpsrv)
    /// The revision of `all`: Xapian's for one shard, the sum of the shards' for several (it
    /// grows with every commit to any of them).
    std::uint64_t revision() const;
};

/// open(), keeping a handle on each shard; `dir` may also be a cluster file (Cluster).
Shards open_shards(const std::string& dir);
/// The same, treating the cluster shards named in `skip` as unreachable without trying them.
Shards open_shards(const std::string& dir, const std::vector<std::string>& skip);

/// Moves `db`, opened at `dir`, to the newest revision there (a new generation too). Returns
/// false, leaving `db` alone, when it already is at the newest (always true for several shards,
/// whose revisions Xapian does not tell apart through one handle).
bool renew(Xapian::Database& db, const std::string& dir);

/// Returns `read()`. When it throws an error that an indexer's commit can cause, calls `renew()`,
/// which moves the reader to the newest revision and returns false when there is none newer, and
/// reads again if it moved; otherwise, and after kAttempts reads, the error propagates.
template <typename Read, typename Renew>
auto retrying(Read&& read, Renew&& renew) -> decltype(read()) {
    for (int attempt = 1;; ++attempt) {
        if (attempt > 1) pause_before(attempt);
        try {
            return read();
        } catch (const Xapian::DatabaseError&) {  // DatabaseModifiedError, DatabaseCorruptError
            if (attempt == kAttempts || !renew()) throw;
        } catch (const Xapian::DocNotFoundError&) {
            if (attempt == kAttempts || !renew()) throw;
        } catch (const newsdesk::DatabaseError&) {  // a record that does not decode
            if (attempt == kAttempts || !renew()) throw;
        }
    }
}

}  // namespace newsdesk::reading
