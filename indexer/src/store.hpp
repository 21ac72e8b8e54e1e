// The on-disk layout of a newsdesk database and its writer lock.
//
//   DIR/XAPIANDB   Xapian stub file naming the live generation ("glass gen-3")
//   DIR/gen-N/     a Xapian glass database
//   DIR/.lock      held (flock) by the one indexer writing DIR; holds its pid and start time
//
// Readers simply open DIR: Xapian follows the stub. A rebuild or a compaction writes gen-N+1
// beside the live generation and switches by renaming a new stub over the old one
// (switch_generation), so there is never a moment without a complete database; the old
// generation is removed afterwards (readers that still have it open keep reading it: unlinked
// files live on while open). Every function here that changes DIR must be called with the
// WriterLock held.
#pragma once

#include <xapian.h>

#include <string>

namespace newsdesk::indexer {

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

/// Opens the live generation of DIR for writing, creating DIR and a first generation when DIR
/// does not exist. Throws DatabaseError when DIR exists but is not a newsdesk database.
Xapian::WritableDatabase open_writable(const std::string& dir);

/// The name of the live generation of DIR ("gen-3"), from its stub; "" when there is no stub.
std::string live_generation(const std::string& dir);

/// Creates a new, empty generation beside the live one (the next free "gen-N") carrying the
/// schema version, and returns its name. It is not live until switch_generation().
std::string create_generation(const std::string& dir);

/// Makes `generation` the live one: writes a new stub to a temporary file, fsyncs it and
/// renames it over DIR/XAPIANDB. Readers opening DIR from then on get `generation`.
void switch_generation(const std::string& dir, const std::string& generation);

/// Removes every generation of DIR but the live one (left behind by an interrupted rebuild or
/// replaced by a switch). Returns how many were removed.
int remove_other_generations(const std::string& dir);

/// Compacts the live generation into a new one and switches to it; the old one stays until
/// remove_other_generations(). No writer may have DIR open. Returns the new generation's name.
std::string compact(const std::string& dir);

}  // namespace newsdesk::indexer
