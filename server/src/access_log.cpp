#include "access_log.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "newsdesk/error.hpp"

namespace newsdesk::server {

namespace {

std::string escaped(const std::string& s) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

std::string access_line(const AccessEntry& e, const std::string& now_utc) {
    std::string line = now_utc;
    line += ' ';
    line += e.remote_addr.empty() ? "-" : escaped(e.remote_addr);
    line += " \"" + escaped(e.method) + ' ' + escaped(e.target) + ' ' + escaped(e.version) + "\" ";
    line += std::to_string(e.status) + ' ' + std::to_string(e.bytes) + ' ';
    line += e.duration.empty() ? "-" : escaped(e.duration);
    return line;
}

std::string utc_timestamp() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t secs = system_clock::to_time_t(now);
    const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    ::gmtime_r(&secs, &tm);
    char seconds[32];
    std::strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &tm);
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(millis));
    return std::string(seconds) + fraction;
}

AccessLog::AccessLog(const std::string& path) : file_(stderr) {
    if (!path.empty()) {
        file_ = std::fopen(path.c_str(), "a");
        if (!file_) {
            throw RuntimeError("cannot open access log " + path + ": " + std::strerror(errno));
        }
    }
}

AccessLog::~AccessLog() {
    if (file_ != stderr) std::fclose(file_);
}

void AccessLog::write(const AccessEntry& entry) {
    std::string line = access_line(entry, utc_timestamp());
    line += '\n';
    std::lock_guard<std::mutex> lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
}

}  // namespace newsdesk::server
