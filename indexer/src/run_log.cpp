#include "run_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "newsdesk/error.hpp"

namespace newsdesk::indexer {

std::string local_timestamp() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
    return buf;
}

RunLog::RunLog(const std::string& path) {
    if (path.empty()) return;
    // A log directory that does not exist yet (/var/log/newsdesk on a new machine) is made.
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw UsageError("cannot open --log-file " + path + ": " + std::strerror(errno));
    }
}

RunLog::~RunLog() {
    if (fd_ >= 0) ::close(fd_);
}

// `text` is printable (text::printable() for whatever came from outside): one line.
void RunLog::line(const std::string& text) {
    if (fd_ < 0) return;
    std::string out =
        local_timestamp() + " newsdesk-index[" + std::to_string(::getpid()) + "]: " + text + "\n";
    // A log that cannot be written must not stop the indexing: the summary still goes to stdout.
    [[maybe_unused]] ssize_t n = ::write(fd_, out.data(), out.size());
}

}  // namespace newsdesk::indexer
