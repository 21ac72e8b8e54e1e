#include "ingest/ingest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>

#include "ingest/encoding.hpp"
#include "ingest/formats.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::ingest {

namespace fs = std::filesystem;

namespace {

FileResult finish(const fs::path& path, Outcome outcome, std::string reason) {
    FileResult r;
    r.outcome = outcome;
    r.problems.push_back(IndexProblem{path.string(), 0, std::move(reason)});
    return r;
}

std::string date_of(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

// Text fields of an article from HTML or JSON to NFC, control characters dropped.
void normalize_fields(Article& a) {
    for (std::string* s : {&a.title, &a.text, &a.byline, &a.source, &a.dateline, &a.url}) {
        if (!s->empty()) *s = normalize_text(std::move(*s));
    }
}

}  // namespace

ReadStatus read_regular_file(const fs::path& path, std::size_t limit, std::string& out) {
    out.clear();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return ReadStatus::error;
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int e = errno;
        ::close(fd);
        errno = e;
        return ReadStatus::error;
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return ReadStatus::not_regular;
    }
    out.resize(std::min<std::size_t>(static_cast<std::size_t>(st.st_size), limit));
    std::size_t got = 0;
    for (;;) {
        if (got == out.size()) {  // grew while we read
            if (got >= limit) break;
            out.resize(std::min<std::size_t>(got + 65536, limit));
        }
        const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int e = errno;
            ::close(fd);
            errno = e;
            return ReadStatus::error;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.resize(got);
    return ReadStatus::ok;
}

namespace {

FileResult read_file_impl(const fs::path& path, const Options& options, std::string&& read,
                          bool was_read);

}  // namespace

FileResult read_file(const fs::path& path, const Options& options) {
    return read_file_impl(path, options, std::string(), false);
}

FileResult read_file(const fs::path& path, const Options& options, std::string&& bytes) {
    return read_file_impl(path, options, std::move(bytes), true);
}

namespace {

FileResult read_file_impl(const fs::path& path, const Options& options, std::string&& read,
                          bool was_read) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        int e = errno;
        std::error_code ec;
        if (e == ENOENT && fs::is_symlink(fs::symlink_status(path, ec))) {
            return finish(path, Outcome::failed, "broken symbolic link (its target is missing)");
        }
        return finish(path, Outcome::failed, std::string("cannot read: ") + std::strerror(e));
    }
    if (!S_ISREG(st.st_mode)) return finish(path, Outcome::skipped, "not a regular file");

    std::string ext;
    const Format by_name = format_from_name(path.filename().string(), &ext);
    if (by_name == Format::unsupported) {
        return finish(path, Outcome::skipped, "unsupported file type " + ext);
    }
    if (st.st_size == 0) return finish(path, Outcome::skipped, "empty file");
    const auto size = static_cast<std::uintmax_t>(st.st_size);
    if (size > options.max_file_size) {
        return finish(path, Outcome::skipped,
                      "larger than --max-file-size (" + std::to_string(size) + " > " +
                          std::to_string(options.max_file_size) + " bytes)");
    }

    // At most one byte more than allowed: a file growing while it is read is skipped as too
    // large, and memory stays bounded. Bytes the caller has read are those.
    std::string bytes = std::move(read);
    const auto limit =
        static_cast<std::size_t>(std::min<std::uintmax_t>(options.max_file_size, SIZE_MAX - 1) + 1);
    switch (was_read ? ReadStatus::ok : read_regular_file(path, limit, bytes)) {
        case ReadStatus::ok:
            break;
        case ReadStatus::not_regular:  // replaced between stat() and open()
            return finish(path, Outcome::skipped, "not a regular file");
        case ReadStatus::error:
            return finish(path, Outcome::failed,
                          std::string("cannot read: ") + std::strerror(errno));
    }
    return parse_bytes(std::move(bytes), path, date_of(st.st_mtime), options);
}

}  // namespace

FileResult parse_bytes(std::string bytes, const fs::path& path, const std::string& mtime,
                       const Options& options) {
    std::string ext;
    const Format by_name = format_from_name(path.filename().string(), &ext);
    if (by_name == Format::unsupported) {
        return finish(path, Outcome::skipped, "unsupported file type " + ext);
    }
    if (bytes.empty()) return finish(path, Outcome::skipped, "empty file");
    if (bytes.size() > options.max_file_size) {
        return finish(path, Outcome::skipped, "larger than --max-file-size (grew while read)");
    }
    if (std::string why = binary_reason(bytes); !why.empty()) {
        return finish(path, Outcome::skipped, why);
    }

    const Format format = sniff_format(by_name, ext, bytes);
    const std::string abs = fs::absolute(path).lexically_normal().string();
    Decoded dec = to_utf8(bytes, format == Format::html ? declared_charset(bytes) : "");
    bytes.clear();
    bytes.shrink_to_fit();
    if (text::trim(dec.text).empty()) {
        return finish(path, Outcome::skipped, "empty file (only whitespace)");
    }

    FileResult r;
    switch (format) {
        case Format::text: {
            std::string utf8 = normalize_text(std::move(dec.text));
            if (has_char_refs(utf8)) utf8 = normalize_text(decode_char_refs(utf8));
            Article a = parse_plain_text(utf8, abs, mtime);
            if (a.text.empty()) return finish(path, Outcome::skipped, "no article text");
            a.key = abs;
            r.articles.push_back(std::move(a));
            return r;
        }
        case Format::html: {
            Article a = parse_html(dec.text, abs, mtime);
            if (a.text.empty()) {
                return finish(path, Outcome::skipped,
                              "no article text in HTML (malformed, truncated or not an article)");
            }
            normalize_fields(a);
            a.key = abs;
            r.articles.push_back(std::move(a));
            return r;
        }
        case Format::jsonl:
        case Format::json: {
            FileContext ctx{path.string(), abs, mtime};
            if (format == Format::jsonl) {
                parse_json_lines(dec.text, ctx, r);
            } else {
                parse_json(dec.text, ctx, r);
            }
            for (auto& a : r.articles)
                normalize_fields(a);
            // One line per bad record, up to kMaxRecordProblems: a file of a million bad lines
            // must not flood the terminal and the log.
            if (r.problems.size() > kMaxRecordProblems) {
                const std::size_t more = r.problems.size() - kMaxRecordProblems;
                r.problems.resize(kMaxRecordProblems);
                r.problems.push_back(IndexProblem{
                    path.string(), 0, "and " + std::to_string(more) + " more bad records"});
            }
            return r;
        }
        case Format::unsupported:
            break;
    }
    return finish(path, Outcome::skipped, "unsupported file type " + ext);
}

}  // namespace newsdesk::ingest
