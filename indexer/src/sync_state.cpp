#include "sync_state.hpp"

#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::indexer {

namespace {

// Version 1: varints (7 bits a byte, low first), strings as varint length + bytes, the hash
// as a varint too.
constexpr char kVersion = 1;

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

void put_string(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out.append(s);
}

// Reads from a string_view, remembering the first failure.
class Reader {
  public:
    explicit Reader(std::string_view data) : data_(data) {}

    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= data_.size()) return fail();
            auto b = static_cast<unsigned char>(data_[pos_++]);
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        return fail();
    }

    std::string string() {
        std::uint64_t n = varint();
        if (!ok_ || n > data_.size() - pos_) {
            fail();
            return {};
        }
        std::string s(data_.substr(pos_, n));
        pos_ += n;
        return s;
    }

    bool ok() const { return ok_; }
    bool at_end() const { return pos_ == data_.size(); }

  private:
    std::uint64_t fail() {
        ok_ = false;
        pos_ = data_.size();
        return 0;
    }

    std::string_view data_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

std::int64_t unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

}  // namespace

std::string record_key_for_term(std::string_view file_term) {
    std::string key(kFileRecordPrefix);
    key.append(file_term.substr(std::min(file_term.size(), schema::kFile.size())));
    return key;
}

std::string term_for_record_key(std::string_view key) {
    std::string term(schema::kFile);
    term.append(key.substr(std::min(key.size(), kFileRecordPrefix.size())));
    return term;
}

std::string encode(const FileRecord& r) {
    std::string out;
    out.reserve(64 + r.path.size() + r.articles.size() * 26);
    out += kVersion;
    put_string(out, r.path);
    put_varint(out, r.size);
    put_varint(out, zigzag(r.mtime_ns));
    put_varint(out, r.hash);
    out += static_cast<char>(r.outcome);
    put_varint(out, r.max_file_size);
    out += static_cast<char>(r.uses_mtime ? 1 : 0);
    put_varint(out, r.records_skipped);
    put_varint(out, r.records_failed);
    put_varint(out, r.articles.size());
    for (const auto& a : r.articles) {
        put_string(out, a.id);
        put_varint(out, a.content_hash);
    }
    put_varint(out, r.problems.size());
    for (const auto& p : r.problems) {
        put_varint(out, p.line);
        put_string(out, p.reason);
    }
    return out;
}

std::optional<FileRecord> decode(std::string_view data) {
    if (data.empty() || data[0] != kVersion) return std::nullopt;
    Reader in(data.substr(1));
    FileRecord r;
    r.path = in.string();
    r.size = in.varint();
    r.mtime_ns = unzigzag(in.varint());
    r.hash = in.varint();
    const std::uint64_t outcome = in.varint();
    if (outcome > 1) return std::nullopt;
    r.outcome = static_cast<FileRecord::Outcome>(outcome);
    r.max_file_size = in.varint();
    r.uses_mtime = in.varint() != 0;
    r.records_skipped = static_cast<std::uint32_t>(in.varint());
    r.records_failed = static_cast<std::uint32_t>(in.varint());
    const std::uint64_t n = in.varint();
    if (!in.ok() || n > data.size()) return std::nullopt;
    r.articles.resize(n);
    for (auto& a : r.articles) {
        a.id = in.string();
        a.content_hash = in.varint();
    }
    const std::uint64_t np = in.varint();
    if (!in.ok() || np > data.size()) return std::nullopt;
    r.problems.resize(np);
    for (auto& p : r.problems) {
        p.line = in.varint();
        p.reason = in.string();
    }
    if (!in.ok() || !in.at_end()) return std::nullopt;
    return r;
}

std::uint64_t content_hash(std::string_view bytes) noexcept {
    return text::fnv1a64(bytes);
}

}  // namespace newsdesk::indexer
