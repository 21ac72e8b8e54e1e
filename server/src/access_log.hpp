// One line per request, written whole (lines from concurrent requests never interleave):
//
//   2026-11-24T09:28:08.123Z 127.0.0.1 "GET /api/search?q=Kursk HTTP/1.1" 200 1432 1.84ms
//
// time (UTC), client address, the request line, status, body bytes, time spent answering (from
// the Server-Timing header the handlers set; "-" when there is none). Bytes outside printable
// ASCII, '"' and '\' in the request line are written as \xNN, so a request cannot forge lines.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

namespace newsdesk::server {

struct AccessEntry {
    std::string remote_addr;
    std::string method;
    std::string target;  ///< path and query string as received
    std::string version;
    int status = 0;
    std::size_t bytes = 0;
    std::string duration;  ///< "1.84ms" or "-"
};

/// The line for `entry`, without the newline; `now_utc` is "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string access_line(const AccessEntry& entry, const std::string& now_utc);

/// The current time as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string utc_timestamp();

/// Where the lines go: a file opened for appending, or standard error. Thread-safe.
class AccessLog {
  public:
    /// `path` empty: standard error. Throws RuntimeError when the file cannot be opened.
    explicit AccessLog(const std::string& path);
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    void write(const AccessEntry& entry);

  private:
    std::mutex mutex_;
    std::FILE* file_;  // guarded by mutex_; owned unless it is stderr
};

}  // namespace newsdesk::server
