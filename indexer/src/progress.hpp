// A progress line for newsdesk-index on a terminal.
#pragma once

#include <chrono>

#include "newsdesk/indexer.hpp"

namespace newsdesk::indexer {

/// Draws "indexing  1234/5678 files  22%  310 files/s  900 articles/s  ETA 0:14" on one line of
/// `fd`, redrawn at most five times a second, and only when `fd` is a terminal (cron and pipes
/// see nothing). Not thread-safe.
class ProgressBar {
  public:
    explicit ProgressBar(int fd = 2);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    bool enabled() const { return enabled_; }
    void update(const IndexProgress& p);
    /// Erases the line (before a summary or a warning is printed).
    void clear();

  private:
    int fd_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace newsdesk::indexer
