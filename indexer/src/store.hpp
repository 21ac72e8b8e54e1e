// The on-disk layout of a newsdesk database and its writer lock.
//
//   DIR/XAPIANDB        Xapian stub file naming the live generation's shards, one a line
//                       ("glass gen-3/shard-0", "glass gen-3/shard-1", ...)
//   DIR/gen-N/shard-K/  shard K of generation N: a complete, ordinary Xapian glass database
//   DIR/.lock           held (flock) by the one indexer writing DIR; holds its pid and start time
//
// (A database written before shards has one line, "glass gen-N", naming a glass database that is
// the generation itself: it reads and updates as one shard.) Readers simply open DIR: Xapian
// follows the stub and reads the shards as one database. A rebuild or a compaction writes gen-N+1
// beside the live generation and switches by renaming a new stub over the old one
// (switch_generation), so there is never a moment without a complete database; the old
// generation is removed afterwards (readers that still have it open keep reading it: unlinked
// files live on while open). Every function here that changes DIR must be called with the
// WriterLock held.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace newsdesk::indexer {

/// The live generation of a database and its shards, as its stub names them.
struct Layout {
    std::string generation;           ///< "gen-3"
    std::vector<std::string> shards;  ///< relative to DIR: "gen-3/shard-0", ... (or "gen-3")
};

/// Holds DIR/.lock for its lifetime (creating DIR when missing).
class WriterLock {
  public:
    /// Takes the lock. `wait_seconds`: 0 fails at once, < 0 waits as long as it takes, > 0 waits
    /// up to that long. Throws LockedError ("another newsdesk-index (pid N) is updating DIR since
    /// TIME") when another process holds it, DatabaseError when the lock file cannot be created.
    explicit WriterLock(const std::string& dir, double wait_seconds = 0);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

  private:
    int fd_ = -1;
};

/// Who holds DIR/.lock, as it says: "" when nobody (or a process that has died).
struct LockHolder {
    long pid = 0;
    std::string since;
};
LockHolder lock_holder(const std::string& dir);

/// Throws DatabaseError when DIR exists and is neither a newsdesk database nor an empty
/// directory (so that nothing, not even a lock file, is written into someone else's folder).
void check_database_dir(const std::string& dir);

/// Creates DIR and a first generation of `shards` shards when DIR has no database yet, and
/// checks the schema version of each live shard. Returns the live layout. Throws DatabaseError
/// when DIR exists but is not a newsdesk database, or has another schema version.
Layout ensure_database(const std::string& dir, unsigned shards);

/// The live generation of DIR and its shards, from its stub; empty when there is no stub.
Layout live_layout(const std::string& dir);

/// The name of the live generation of DIR ("gen-3"), from its stub; "" when there is no stub.
std::string live_generation(const std::string& dir);

/// Creates a new generation of `shards` empty shards beside the live one (the next free
/// "gen-N"), each carrying the schema version and its place ("newsdesk.shard" = "K/N"), and
/// returns it. It is not live until switch_generation().
Layout create_generation(const std::string& dir, unsigned shards);

/// Makes `layout` the live one: writes a new stub to a temporary file, fsyncs it and renames it
/// over DIR/XAPIANDB. Readers opening DIR from then on get its shards.
void switch_generation(const std::string& dir, const Layout& layout);

/// Removes every generation of DIR but the live one (left behind by an interrupted rebuild or
/// replaced by a switch). Returns how many were removed.
int remove_other_generations(const std::string& dir);

/// Compacts each shard of the live generation into a new generation and switches to it; the old
/// one stays until remove_other_generations(). No writer may have DIR open. Returns the new
/// generation's name.
std::string compact(const std::string& dir);

/// Compacts each shard of `from` (a generation of DIR) into a new generation, which it returns
/// without switching to it. No writer may have `from` open.
Layout compact_generation(const std::string& dir, const Layout& from);

/// The shard an article goes to among `shards`: a stable function of its id (the 16 hex digits
/// of the article id, modulo the number of shards), so a changed article replaces itself.
unsigned shard_of(const std::string& article_id, unsigned shards);

}  // namespace newsdesk::indexer
