// Ingestion: from a file on disk to the articles it holds.
//
// read_file() is the one entry point the indexer calls. It decides the format (by extension and
// content), converts the bytes to NFC UTF-8, parses, cleans, and extracts metadata. Problems with
// the file are never thrown: they come back as IndexProblem lines ("path[:line]: reason") with an
// outcome. docs/INGESTION.md describes formats, cleaning rules and warnings.
// Thread-safety: every function here may be called from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "newsdesk/article.hpp"
#include "newsdesk/indexer.hpp"

namespace newsdesk::ingest {

struct Options {
    /// Files larger than this many bytes are skipped (--max-file-size).
    std::uintmax_t max_file_size = 10u << 20;
};

enum class Outcome {
    ok,       ///< parsed; `articles` holds at least one article (problems may list bad records)
    skipped,  ///< deliberately not indexed: empty, binary, too large, unsupported type, no text
    failed,   ///< could not be read or parsed: unreadable, broken symlink, invalid JSON
};

struct FileResult {
    Outcome outcome = Outcome::ok;
    std::vector<Article> articles;
    /// One per skipped or failed file, and one per bad record of a file whose outcome is ok.
    std::vector<IndexProblem> problems;
    /// Records (JSON Lines lines, JSON array elements) of an ok file that were not indexed:
    /// skipped = valid JSON without article text; failed = not valid JSON. Each has a problem.
    /// Both are 0 unless outcome is ok (a file that yields nothing is one skipped/failed file).
    std::size_t records_skipped = 0;
    std::size_t records_failed = 0;
};

/// Problems listed per file of records (JSON Lines, JSON); one more line counts the rest.
constexpr std::size_t kMaxRecordProblems = 10;

enum class ReadStatus { ok, not_regular, error };

/// Reads at most `limit` bytes of `path` into `out`, only if it is a regular file: opened with
/// O_NONBLOCK (opening a FIFO would wait for a writer) and checked with fstat() on what was
/// opened, so a FIFO, socket or device (a link to /dev/zero) is never read. error: errno says why.
ReadStatus read_regular_file(const std::filesystem::path& path, std::size_t limit,
                             std::string& out);

/// Reads `path` (as given by the user; problems name it so) and parses it according to its
/// type. Never throws for anything about the file itself (std::bad_alloc aside).
FileResult read_file(const std::filesystem::path& path, const Options& options);

/// read_file() for a file whose bytes the caller has just read (the indexer, to hash them):
/// `bytes` is used (moved from) instead of reading the file a second time.
FileResult read_file(const std::filesystem::path& path, const Options& options,
                     std::string&& bytes);

/// What read_file() does once it has the bytes: `path` names them (its extension and the bytes
/// decide the format; articles get its absolute path), `mtime_date` ("YYYY-MM-DD", or empty)
/// stands in for an article that names no date. Never throws for anything about the bytes.
FileResult parse_bytes(std::string bytes, const std::filesystem::path& path,
                       const std::string& mtime_date, const Options& options);

/// Parses a plain-text article (valid UTF-8 with "\n" line ends, as normalize_text() makes it).
/// `mtime_date` ("YYYY-MM-DD") is used when the text names no date.
Article parse_plain_text(std::string_view utf8, const std::string& path,
                         const std::string& mtime_date);

}  // namespace newsdesk::ingest
