#include "signals.hpp"

#include <signal.h>

#include <atomic>

namespace newsdesk::indexer {

namespace {

// Signal handlers can only reach process-wide state; this flag is the one piece of it.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

struct sigaction g_old_int {};
struct sigaction g_old_term {};

extern "C" void on_stop_signal(int sig) {
    if (g_stop.exchange(true)) {
        // Second time: the user means it.
        ::signal(sig, SIG_DFL);
        ::raise(sig);
    }
}

}  // namespace

StopSignals::StopSignals() {
    g_stop = false;
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, &g_old_int);
    ::sigaction(SIGTERM, &sa, &g_old_term);
}

StopSignals::~StopSignals() {
    ::sigaction(SIGINT, &g_old_int, nullptr);
    ::sigaction(SIGTERM, &g_old_term, nullptr);
}

bool StopSignals::requested() noexcept {
    return g_stop.load();
}

}  // namespace newsdesk::indexer
