// Stopping a run cleanly on SIGINT and SIGTERM.
#pragma once

namespace newsdesk::indexer {

/// While alive, SIGINT and SIGTERM set a flag instead of killing the process, so the run can
/// commit what it has and stop; a second signal of either kind kills the process as usual (the
/// database then opens at its last commit). The previous handlers come back on destruction.
/// Only one StopSignals may exist at a time (signal dispositions are per process).
class StopSignals {
  public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    /// True once SIGINT or SIGTERM arrived. Safe to call from any thread.
    static bool requested() noexcept;
};

}  // namespace newsdesk::indexer
