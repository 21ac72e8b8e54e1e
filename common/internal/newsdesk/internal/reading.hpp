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

#include <cstdint>
#include <string>
#include <vector>

#include "newsdesk/error.hpp"

namespace newsdesk::reading {

/// How many times one open or read is attempted before its error is reported.
inline constexpr int kAttempts = 5;

/// Opens the database at `dir` for reading, again when an indexer's commit raced the opening.
/// Throws what Xapian throws when the database cannot be opened.
Xapian::Database open(const std::string& dir);

/// A database of several shards (its stub names several), with a handle on each shard that
/// shares its state (a reopen() of `all` moves them too): Xapian gives a revision only per shard.
struct Shards {
    Xapian::Database all;
    std::vector<Xapian::Database> each;  ///< empty for a database of one shard
    /// The revision of `all`: Xapian's for one shard, the sum of the shards' for several (it
    /// grows with every commit to any of them).
    std::uint64_t revision() const;
};

/// open(), keeping a handle on each shard.
Shards open_shards(const std::string& dir);

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
