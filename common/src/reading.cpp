#include "newsdesk/internal/reading.hpp"

namespace newsdesk::reading {

Xapian::Database open(const std::string& dir) {
    for (int attempt = 1;; ++attempt) {
        try {
            return Xapian::Database(dir);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == kAttempts) throw;
        } catch (const Xapian::DatabaseCorruptError&) {  // a reused root block (see the header)
            if (attempt == kAttempts) throw;
        }
    }
}

bool renew(Xapian::Database& db, const std::string& dir) {
    Xapian::Database newest = open(dir);
    if (newest.get_uuid() == db.get_uuid() && newest.get_revision() == db.get_revision()) {
        return false;
    }
    db = std::move(newest);
    return true;
}

}  // namespace newsdesk::reading
