#include "newsdesk/internal/reading.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace newsdesk::reading {

namespace {

// The databases DIR/XAPIANDB names, as paths; empty when it names one or none.
std::vector<std::string> stub_shards(const std::string& dir) {
    std::ifstream in(std::filesystem::path(dir) / "XAPIANDB");
    std::vector<std::string> out;
    std::string backend, name;
    while (in >> backend >> name)
        out.push_back((std::filesystem::path(dir) / name).string());
    if (out.size() < 2) out.clear();
    return out;
}

template <typename Open>
auto attempting(Open&& open_once) -> decltype(open_once()) {
    for (int attempt = 1;; ++attempt) {
        if (attempt > 1) pause_before(attempt);
        try {
            return open_once();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == kAttempts) throw;
        } catch (const Xapian::DatabaseCorruptError&) {  // a reused root block (see the header)
            if (attempt == kAttempts) throw;
        } catch (const Xapian::DatabaseOpeningError&) {
            // A shard of a generation that a switch retired between reading the stub and
            // opening it: the stub names the new one now.
            if (attempt == kAttempts) throw;
        }
    }
}

double seconds(const std::string& text, const std::string& where) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno != 0 || !(v >= 0) || v > 86400) {
        throw UsageError(where + ": '" + text + "' is not a number of seconds (0 to 86400)");
    }
    return v;
}

unsigned milliseconds(double s) {
    return static_cast<unsigned>(std::lround(s * 1000));
}

// A stand-in for a shard that cannot be reached: no documents, and it keeps the others' ids.
Xapian::Database empty_shard() {
    return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

Shards open_cluster(const std::string& file, const std::vector<std::string>& skip) {
    const Cluster cluster = read_cluster(file);
    Shards s;
    for (const auto& shard : cluster.shards) {
        Xapian::Database db;
        s.names.push_back(shard.name());
        if (shard.backend == "remote") {
            s.remote = true;
            try {
                if (std::find(skip.begin(), skip.end(), shard.name()) != skip.end()) {
                    throw Xapian::NetworkError("skipped");
                }
                db = Xapian::Remote::open(shard.host, shard.port, milliseconds(cluster.timeout),
                                          milliseconds(cluster.connect_timeout));
            } catch (const Xapian::NetworkError&) {
                s.missing.push_back(shard.name());
                db = empty_shard();
            }
        } else {
            db = Xapian::Database(shard.where);
        }
        s.each.push_back(db);
        s.all.add_database(db);
    }
    return s;
}

// A remote (or stand-in) shard has no revision Xapian tells: its last document id and size,
// which an indexer's run changes, stand for it.
std::uint64_t stand_in_revision(const Xapian::Database& shard) {
    return std::uint64_t{shard.get_lastdocid()} + shard.get_doccount();
}

}  // namespace

bool is_cluster_file(const std::string& db) {
    std::error_code ec;
    return std::filesystem::is_regular_file(db, ec);
}

Cluster read_cluster(const std::string& path) {
    namespace fs = std::filesystem;
    std::ifstream in(path);
    if (!in) throw UsageError("cannot read cluster file " + path);
    const fs::path base = fs::absolute(path).parent_path();
    Cluster c;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string where = path + ":" + std::to_string(number);
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        std::string key, value, extra;
        if (!(words >> key)) continue;
        if (!(words >> value) || (words >> extra)) {
            throw UsageError(where + ": expected two words (as 'remote HOST:PORT'), not '" + line +
                             "'");
        }
        if (key == "timeout") {
            c.timeout = seconds(value, where);
        } else if (key == "connect-timeout") {
            c.connect_timeout = seconds(value, where);
        } else if (key == "retry") {
            c.retry = seconds(value, where);
        } else if (key == "glass" || key == "auto") {
            c.shards.push_back({key, (base / value).lexically_normal().string(), {}, 0});
        } else if (key == "remote") {
            const auto colon = value.rfind(':');
            char* end = nullptr;
            const unsigned long port =
                colon == std::string::npos ? 0 : std::strtoul(value.c_str() + colon + 1, &end, 10);
            if (colon == std::string::npos || colon == 0 || port == 0 || port > 65535 ||
                *end != '\0') {
                throw UsageError(where + ": a remote shard is HOST:PORT, not '" + value + "'");
            }
            c.shards.push_back({key, value, value.substr(0, colon), static_cast<unsigned>(port)});
        } else {
            throw UsageError(where + ": unknown line '" + key +
                             "' (expected remote, glass, auto, timeout, connect-timeout or retry)");
        }
    }
    if (c.shards.empty()) throw UsageError(path + " names no shard (as 'remote HOST:PORT')");
    return c;
}

Xapian::Database open(const std::string& dir) {
    return open_shards(dir).all;
}

Shards open_shards(const std::string& dir) {
    return open_shards(dir, {});
}

Shards open_shards(const std::string& dir, const std::vector<std::string>& skip) {
    return attempting([&] {
        if (is_cluster_file(dir)) return open_cluster(dir, skip);
        Shards s;
        const std::vector<std::string> paths = stub_shards(dir);
        if (paths.empty()) {
            s.all = Xapian::Database(dir);
            return s;
        }
        for (const auto& p : paths) {
            s.each.emplace_back(p);
            s.all.add_database(s.each.back());
        }
        return s;
    });
}

std::uint64_t Shards::revision() const {
    if (each.empty()) return all.get_revision();
    std::uint64_t sum = 0;
    for (const auto& s : each) {
        try {
            sum += s.get_revision();
        } catch (const Xapian::InvalidOperationError&) {
            sum += stand_in_revision(s);
        } catch (const Xapian::UnimplementedError&) {
            sum += stand_in_revision(s);
        }
    }
    return sum;
}

bool renew(Xapian::Database& db, const std::string& dir) {
    Shards newest = open_shards(dir);
    if (newest.each.empty() && newest.all.get_uuid() == db.get_uuid() &&
        newest.all.get_revision() == db.get_revision()) {
        return false;
    }
    db = std::move(newest.all);
    return true;
}

}  // namespace newsdesk::reading
