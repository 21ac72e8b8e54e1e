#include "newsdesk/internal/reading.hpp"

#include <filesystem>
#include <fstream>

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

}  // namespace

Xapian::Database open(const std::string& dir) {
    return open_shards(dir).all;
}

Shards open_shards(const std::string& dir) {
    return attempting([&] {
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
    for (const auto& s : each)
        sum += s.get_revision();
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
