#include "progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace newsdesk::indexer {

ProgressBar::ProgressBar(int fd) : fd_(fd), enabled_(::isatty(fd) == 1) {}

ProgressBar::~ProgressBar() {
    clear();
}

void ProgressBar::update(const IndexProgress& p) {
    if (!enabled_ || p.files_total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    const bool last = p.files_done >= p.files_total;
    if (!last && drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double secs = p.seconds > 0 ? p.seconds : 1e-9;
    const double files_rate = static_cast<double>(p.files_done) / secs;
    const double articles_rate = static_cast<double>(p.articles) / secs;
    char eta[32] = "--:--";
    if (files_rate > 0) {
        const long left =
            static_cast<long>(static_cast<double>(p.files_total - p.files_done) / files_rate);
        std::snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
    }
    char line[160];
    const int n = std::snprintf(
        line, sizeof line,
        "\r\033[Kindexing %zu/%zu files  %3.0f%%  %.0f files/s  %.0f articles/s  ETA %s",
        p.files_done, p.files_total,
        100.0 * static_cast<double>(p.files_done) / static_cast<double>(p.files_total), files_rate,
        articles_rate, eta);
    if (n > 0) {
        [[maybe_unused]] ssize_t w = ::write(fd_, line, static_cast<std::size_t>(n));
        drawn_ = true;
    }
}

void ProgressBar::clear() {
    if (!drawn_) return;
    [[maybe_unused]] ssize_t w = ::write(fd_, "\r\033[K", 4);
    drawn_ = false;
}

}  // namespace newsdesk::indexer
