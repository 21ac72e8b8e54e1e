#include "store.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"

namespace newsdesk::indexer {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kGenPrefix = "gen-";

std::string now_local() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z", &tm);
    return buf;
}

void fsync_path(const fs::path& path, int flags) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void write_atomically(const fs::path& path, const std::string& content) {
    fs::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << content;
        out.flush();
        if (!out) throw DatabaseError("cannot write " + tmp.string());
    }
    fsync_path(tmp, O_RDONLY);
    fs::rename(tmp, path);
    fsync_path(path.parent_path().empty() ? fs::path(".") : path.parent_path(),
               O_RDONLY | O_DIRECTORY);
}

// The number of a generation directory name ("gen-12" -> 12), 0 when it is not one.
unsigned long generation_number(const std::string& name) {
    if (name.compare(0, kGenPrefix.size(), kGenPrefix) != 0 || name.size() == kGenPrefix.size()) {
        return 0;
    }
    unsigned long n = 0;
    for (char c : name.substr(kGenPrefix.size())) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + static_cast<unsigned long>(c - '0');
    }
    return n;
}

std::vector<std::string> generations(const fs::path& root) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(root, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (generation_number(name) > 0 && it->is_directory(ec)) out.push_back(name);
    }
    return out;
}

LockHolder parse_holder(const std::string& text) {
    LockHolder h;
    std::string line = text.substr(0, text.find('\n'));
    std::size_t space = line.find(' ');
    h.pid = std::strtol(line.substr(0, space).c_str(), nullptr, 10);
    if (space != std::string::npos) h.since = line.substr(space + 1);
    return h;
}

std::string read_lock_file(int fd) {
    char buf[256] = {};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

void check_database_dir(const std::string& dir) {
    const fs::path root(dir);
    std::error_code ec;
    const fs::file_status st = fs::status(root, ec);
    if (!fs::exists(st)) return;
    if (!fs::is_directory(st)) {
        throw DatabaseError(dir + " exists and is not a newsdesk database directory");
    }
    if (fs::exists(root / "XAPIANDB", ec)) return;
    // No stub: only what an interrupted first run can leave (the lock, a temporary stub, a
    // first generation) is accepted; anything else is somebody's folder.
    for (fs::directory_iterator it(root, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == ".lock" || name == "XAPIANDB.tmp" || generation_number(name) > 0) continue;
        throw DatabaseError(dir +
                            " exists and is not a newsdesk database (no XAPIANDB); "
                            "refusing to write into it");
    }
    if (ec) throw DatabaseError("cannot read " + dir + ": " + ec.message());
}

WriterLock::WriterLock(const std::string& dir, double wait_seconds) {
    check_database_dir(dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    const std::string path = (fs::path(dir) / ".lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw DatabaseError("cannot create lock file " + path + ": " + std::strerror(errno));
    }
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<long long>(
                                             std::max(0.0, std::min(wait_seconds, 1e9)) * 1000));
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK) {
            int e = errno;
            ::close(fd_);
            fd_ = -1;
            throw DatabaseError("cannot lock " + path + ": " + std::strerror(e));
        }
        if (wait_seconds < 0 || Clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        // The holder writes its line just after taking the lock: give it a moment.
        std::string text = read_lock_file(fd_);
        for (int i = 0; i < 20 && text.empty(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            text = read_lock_file(fd_);
        }
        ::close(fd_);
        fd_ = -1;
        const LockHolder h = parse_holder(text);
        char waited[48] = "";
        if (wait_seconds > 0) std::snprintf(waited, sizeof waited, " (waited %g s)", wait_seconds);
        throw LockedError("another newsdesk-index (pid " +
                          (h.pid > 0 ? std::to_string(h.pid) : std::string("?")) +
                          ") is updating " + dir + " since " +
                          (h.since.empty() ? "an unknown time" : h.since) + waited);
    }
    std::string me = std::to_string(::getpid()) + " " + now_local() + "\n";
    if (::ftruncate(fd_, 0) == 0) {
        [[maybe_unused]] ssize_t w = ::pwrite(fd_, me.data(), me.size(), 0);
    }
}

WriterLock::~WriterLock() {
    if (fd_ >= 0) {
        [[maybe_unused]] int r = ::ftruncate(fd_, 0);
        ::close(fd_);
    }
}

LockHolder lock_holder(const std::string& dir) {
    const std::string path = (fs::path(dir) / ".lock").string();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    LockHolder h = parse_holder(read_lock_file(fd));
    ::close(fd);
    // A process killed outright leaves its line behind; the lock itself went with it.
    if (h.pid <= 0 || (::kill(static_cast<pid_t>(h.pid), 0) != 0 && errno == ESRCH)) return {};
    return h;
}

namespace {

// Throws DatabaseError unless the shard at `path` carries this program's schema version.
void check_version(const std::string& dir, const Xapian::Database& shard) {
    const std::string v = shard.get_metadata(std::string(schema::kVersionKey));
    if (v != std::to_string(schema::kVersion)) {
        throw DatabaseError(dir + " has newsdesk schema version " + (v.empty() ? "none" : v) +
                            ", this program writes " + std::to_string(schema::kVersion) +
                            ": rebuild it with newsdesk-index --rebuild");
    }
}

unsigned long next_generation_number(const fs::path& root, const std::string& live) {
    unsigned long next = generation_number(live) + 1;
    for (const auto& g : generations(root))
        next = std::max(next, generation_number(g) + 1);
    return next;
}

std::string shard_name(const std::string& generation, unsigned k) {
    return generation + "/shard-" + std::to_string(k);
}

}  // namespace

Layout ensure_database(const std::string& dir, unsigned shards) {
    const fs::path root(dir);
    try {
        check_database_dir(dir);
        if (fs::exists(root / "XAPIANDB")) {
            Layout live = live_layout(dir);
            if (live.shards.empty()) throw DatabaseError(dir + "/XAPIANDB names no database");
            for (const auto& s : live.shards)
                check_version(dir, Xapian::Database((root / s).string()));
            return live;
        }
        fs::create_directories(root);
        remove_other_generations(dir);  // a first run interrupted before its stub was written
        const Layout layout = create_generation(dir, std::max(shards, 1u));
        switch_generation(dir, layout);
        return layout;
    } catch (const Xapian::DatabaseLockError& e) {
        throw LockedError("another process is writing " + dir + " (" + e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database " + dir + ": " + e.get_description());
    } catch (const fs::filesystem_error& e) {
        throw DatabaseError("cannot create database " + dir + ": " + e.code().message());
    }
}

Layout live_layout(const std::string& dir) {
    std::ifstream in(fs::path(dir) / "XAPIANDB");
    Layout layout;
    std::string backend, name;
    while (in >> backend >> name) {
        if (layout.generation.empty()) layout.generation = name.substr(0, name.find('/'));
        layout.shards.push_back(name);
    }
    return layout;
}

std::string live_generation(const std::string& dir) {
    return live_layout(dir).generation;
}

Layout create_generation(const std::string& dir, unsigned shards) {
    const fs::path root(dir);
    Layout layout;
    layout.generation = std::string(kGenPrefix) +
                        std::to_string(next_generation_number(root, live_generation(dir)));
    try {
        for (unsigned k = 0; k < shards; ++k) {
            const std::string name = shard_name(layout.generation, k);
            fs::create_directories(root / layout.generation);
            Xapian::WritableDatabase shard((root / name).string(),
                                           Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
            shard.set_metadata(std::string(schema::kVersionKey), std::to_string(schema::kVersion));
            shard.set_metadata(std::string(schema::kShardKey),
                               std::to_string(k) + "/" + std::to_string(shards));
            shard.commit();
            layout.shards.push_back(name);
        }
    } catch (const Xapian::Error& e) {
        std::error_code ec;
        fs::remove_all(root / layout.generation, ec);
        throw DatabaseError("cannot create " + (root / layout.generation).string() + ": " +
                            e.get_description());
    }
    return layout;
}

void switch_generation(const std::string& dir, const Layout& layout) {
    std::string stub;
    for (const auto& s : layout.shards)
        stub += "glass " + s + "\n";
    try {
        write_atomically(fs::path(dir) / "XAPIANDB", stub);
    } catch (const fs::filesystem_error& e) {
        throw DatabaseError("cannot switch " + dir + " to " + layout.generation + ": " +
                            e.code().message());
    }
}

int remove_other_generations(const std::string& dir) {
    const std::string live = live_generation(dir);
    int removed = 0;
    for (const auto& g : generations(fs::path(dir))) {
        if (g == live) continue;
        std::error_code ec;
        fs::remove_all(fs::path(dir) / g, ec);
        removed += !ec;
    }
    return removed;
}

std::string compact(const std::string& dir) {
    const Layout live = live_layout(dir);
    if (live.shards.empty()) throw DatabaseError("no database at " + dir + " to compact");
    const Layout out = compact_generation(dir, live);
    switch_generation(dir, out);
    return out.generation;
}

Layout compact_generation(const std::string& dir, const Layout& live) {
    const fs::path root(dir);
    Layout out;
    out.generation =
        std::string(kGenPrefix) + std::to_string(next_generation_number(root, live.generation));
    try {
        fs::create_directories(root / out.generation);
        for (unsigned k = 0; k < live.shards.size(); ++k) {
            const std::string name = shard_name(out.generation, k);
            Xapian::Database src((root / live.shards[k]).string());
            src.compact((root / name).string(),
                        Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
            out.shards.push_back(name);
        }
    } catch (const Xapian::Error& e) {
        std::error_code ec;
        fs::remove_all(root / out.generation, ec);
        throw DatabaseError("cannot compact " + dir + ": " + e.get_description());
    } catch (const fs::filesystem_error& e) {
        std::error_code ec;
        fs::remove_all(root / out.generation, ec);
        throw DatabaseError("cannot compact " + dir + ": " + e.code().message());
    }
    return out;
}

unsigned shard_of(const std::string& article_id, unsigned shards) {
    if (shards <= 1) return 0;
    std::uint64_t v = 0;
    const auto [end, ec] =
        std::from_chars(article_id.data(), article_id.data() + article_id.size(), v, 16);
    if (ec != std::errc() || end != article_id.data() + article_id.size()) {
        v = 0xcbf29ce484222325ULL;  // not an id this program made: FNV-1a of its bytes
        for (unsigned char c : article_id)
            v = (v ^ c) * 0x100000001b3ULL;
    }
    return static_cast<unsigned>(v % shards);
}

}  // namespace newsdesk::indexer
