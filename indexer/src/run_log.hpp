// The --log-file of a run: timestamped lines appended to a file.
#pragma once

#include <string>

namespace newsdesk::indexer {

/// Appends "2024-10-29T02:00:01+0100 newsdesk-index[1234]: TEXT" lines to a file, each with one
/// write(2) so that lines of concurrent writers never interleave. Not thread-safe.
class RunLog {
  public:
    /// Does nothing when `path` is empty. Throws UsageError when the file cannot be opened.
    explicit RunLog(const std::string& path);
    ~RunLog();
    RunLog(const RunLog&) = delete;
    RunLog& operator=(const RunLog&) = delete;

    void line(const std::string& text);

  private:
    int fd_ = -1;
};

/// The local time now as "YYYY-MM-DDTHH:MM:SS+ZZZZ".
std::string local_timestamp();

}  // namespace newsdesk::indexer
