#include "store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"

namespace newsdesk::indexer {

namespace fs = std::filesystem;

namespace {

std::string now_iso() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
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
    int fd = ::open(tmp.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    fs::rename(tmp, path);
}

}  // namespace

WriterLock::WriterLock(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    const std::string path = (fs::path(dir) / ".lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw DatabaseError("cannot create lock file " + path + ": " + std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        char buf[256] = {};
        ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
        std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
        while (!holder.empty() && holder.back() == '\n')
            holder.pop_back();
        ::close(fd_);
        fd_ = -1;
        std::string pid = holder.substr(0, holder.find(' '));
        std::string since = holder.find(' ') == std::string::npos
                                ? "an unknown time"
                                : holder.substr(holder.find(' ') + 1);
        throw LockedError("another newsdesk-index (pid " + (pid.empty() ? "?" : pid) +
                          ") is updating " + dir + " since " + since);
    }
    std::string me = std::to_string(::getpid()) + " " + now_iso() + "\n";
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

Xapian::WritableDatabase open_writable(const std::string& dir) {
    const fs::path root(dir);
    const fs::path stub = root / "XAPIANDB";
    try {
        if (fs::exists(stub)) {
            Xapian::WritableDatabase db(dir, Xapian::DB_OPEN);
            std::string v = db.get_metadata(std::string(schema::kVersionKey));
            if (v != std::to_string(schema::kVersion)) {
                throw DatabaseError(dir + " has newsdesk schema version " +
                                    (v.empty() ? "none" : v) + ", this program writes " +
                                    std::to_string(schema::kVersion) +
                                    ": rebuild it with newsdesk-index --rebuild");
            }
            return db;
        }
        if (fs::exists(root) && !fs::is_directory(root)) {
            throw DatabaseError(dir + " exists and is not a newsdesk database directory");
        }
        if (fs::exists(root) && !fs::is_empty(root) &&
            !(fs::exists(root / ".lock") &&
              std::distance(fs::directory_iterator(root), fs::directory_iterator()) == 1)) {
            throw DatabaseError(dir +
                                " exists and is not a newsdesk database (no XAPIANDB); "
                                "refusing to write into it");
        }
        fs::create_directories(root);
        {
            Xapian::WritableDatabase gen((root / "gen-1").string(),
                                         Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
            gen.set_metadata(std::string(schema::kVersionKey), std::to_string(schema::kVersion));
            gen.commit();
        }
        write_atomically(stub, "glass gen-1\n");
        return Xapian::WritableDatabase(dir, Xapian::DB_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
        throw LockedError("another process is writing " + dir + " (" + e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database " + dir + ": " + e.get_description());
    } catch (const fs::filesystem_error& e) {
        throw DatabaseError("cannot create database " + dir + ": " + e.code().message());
    }
}

}  // namespace newsdesk::indexer
