// Per-file sync state: what the indexer knew about each input file when it last indexed it, so
// that a re-run reads only what changed.
//
// One record per file, stored as Xapian user metadata under "newsdesk.file:" + the file's path as
// it appears in its XF term (document.cpp's file_term, so long paths are hashed the same way).
// A record is written in the same commit as the file's documents, so after a crash the records
// and the documents always agree: a file is either fully indexed with its record, or not at all.
//
// Database metadata written by the indexer (all under "newsdesk."):
//   newsdesk.file:<path>   a FileRecord (encode()/decode() below; binary, versioned)
//   newsdesk.last_run      JSON summary of the last run that committed (IndexReport::to_json)
//   newsdesk.run           JSON {pid, started} while a run is in progress (removed at its end)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdesk::indexer {

inline constexpr std::string_view kFileRecordPrefix = "newsdesk.file:";
inline constexpr std::string_view kLastRunKey = "newsdesk.last_run";
inline constexpr std::string_view kRunInProgressKey = "newsdesk.run";

/// What a file looked like and what came of it when it was last indexed.
struct FileRecord {
    enum class Outcome : std::uint8_t { ok = 0, skipped = 1 };

    /// One article of the file: its public id and a hash of its content (everything stored
    /// except where it came from: path, key, line), to tell changed JSON Lines records.
    struct ArticleState {
        std::string id;
        std::uint64_t content_hash = 0;
    };

    /// A problem the file had (replayed, not re-read, while the file is unchanged).
    struct Problem {
        std::size_t line = 0;
        std::string reason;
    };

    std::string path;           ///< absolute, lexically normal
    std::uint64_t size = 0;     ///< bytes, as stat(2) said before the file was read
    std::int64_t mtime_ns = 0;  ///< modification time, ns since the epoch; 0: always re-check
    std::uint64_t hash = 0;     ///< content_hash() of the bytes; 0 when not read (too large)
    Outcome outcome = Outcome::ok;
    std::uint64_t max_file_size = 0;  ///< --max-file-size in force (a skip may depend on it)
    bool uses_mtime = false;          ///< some article's date is the file's modification time
    std::uint32_t records_skipped = 0;
    std::uint32_t records_failed = 0;
    std::vector<ArticleState> articles;
    std::vector<Problem> problems;
};

/// The metadata key of the record for the file whose XF term is `file_term`.
std::string record_key_for_term(std::string_view file_term);

/// The XF term a record key stands for (the inverse of record_key_for_term).
std::string term_for_record_key(std::string_view key);

/// Serialises a record (compact binary with a version byte).
std::string encode(const FileRecord& r);

/// Parses a record; nullopt when `data` is not a record this version can read (the file is then
/// simply indexed again).
std::optional<FileRecord> decode(std::string_view data);

/// The content hash used for files (text::fnv1a64 of the bytes).
std::uint64_t content_hash(std::string_view bytes) noexcept;

}  // namespace newsdesk::indexer
