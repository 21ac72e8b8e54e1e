// newsdesk/error.hpp — the exceptions newsdesk throws across its public API.
//
// Two families, as in Xapian: a UsageError is the caller's mistake (a malformed query, a bad
// parameter) and will fail again if retried unchanged; a RuntimeError is a failure of the
// environment (an unreadable or corrupt database, an I/O error). Front ends map them to exit codes
// (the CLIs) or status codes (the HTTP server). "Not found" is never an exception.
#pragma once

#include <stdexcept>
#include <string>

namespace newsdesk {

/// The caller asked for something that cannot be done: bad query, bad option value.
class UsageError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

/// Something in the environment failed.
class RuntimeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The database does not exist, cannot be opened, or is not a newsdesk database.
class DatabaseError : public RuntimeError {
  public:
    using RuntimeError::RuntimeError;
};

/// Another process holds the database's write lock.
class LockedError : public RuntimeError {
  public:
    using RuntimeError::RuntimeError;
};

}  // namespace newsdesk
