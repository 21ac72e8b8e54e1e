// The on-disk layout of a newsdesk database and its writer lock.
//
//   DIR/XAPIANDB   Xapian stub file naming the live generation ("glass gen-3")
//   DIR/gen-N/     a Xapian glass database
//   DIR/.lock      held (flock) by the one indexer writing DIR; holds its pid and start time
//
// Readers simply open DIR: Xapian follows the stub. A rebuild writes gen-N+1 beside the live
// generation and switches by renaming a new stub over the old one, so there is never a moment
// without a complete database.
#pragma once

#include <xapian.h>

#include <string>

namespace newsdesk::indexer {

/// Holds DIR/.lock for its lifetime. Throws LockedError when another process holds it.
class WriterLock {
  public:
    explicit WriterLock(const std::string& dir);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

  private:
    int fd_ = -1;
};

/// Opens the live generation of DIR for writing, creating DIR and a first generation when DIR
/// does not exist. Throws DatabaseError when DIR exists but is not a newsdesk database.
Xapian::WritableDatabase open_writable(const std::string& dir);

}  // namespace newsdesk::indexer
