// Reading and parsing files on worker threads while the calling thread writes.
//
// The expensive, database-free part of indexing a file — reading it, hashing it, parsing it into
// articles, building their Xapian documents — runs on `threads` workers, each with its own
// DocumentBuilder. Results come back strictly in job order, so what the writer does (story
// detection looks at what was written before) is the same whatever the number of threads. At
// most a bounded number of files (and bytes) are in flight: memory does not grow with the corpus.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "document.hpp"
#include "ingest/ingest.hpp"
#include "newsdesk/internal/stored.hpp"
#include "stories.hpp"
#include "sync_state.hpp"

namespace newsdesk::indexer {

/// A file to read: new, or changed since its record.
struct FileJob {
    std::filesystem::path path;  ///< as walked (problems name it so)
    std::string abs;             ///< absolute, lexically normal: the articles' path
    std::string term;            ///< its XF term
    std::uint64_t size = 0;      ///< from stat(2) during the walk
    std::int64_t mtime_ns = 0;
    std::optional<FileRecord> old;  ///< the record of the last run, if any
};

/// One article of a parsed file.
struct ParsedArticle {
    stored::StoredArticle stored;  ///< id set, story not yet assigned
    std::uint64_t content_hash = 0;
    /// Same id and content as in the file's old record: nothing was built, nothing to write.
    bool unchanged = false;
    Xapian::Document doc;  ///< built by DocumentBuilder unless `unchanged`
    StoryFeatures story;   ///< story_features(doc), with it
};

struct ParsedFile {
    /// The content hash equals the old record's: only the record's size and time need updating.
    bool touched = false;
    ingest::Outcome outcome = ingest::Outcome::ok;
    std::vector<IndexProblem> problems;
    std::size_t records_skipped = 0;
    std::size_t records_failed = 0;
    std::vector<ParsedArticle> articles;
    /// The record to store when the file is applied (articles' ids and hashes filled in).
    FileRecord record;
};

/// Reads one file into articles: indexer.cpp's call into ingestion. `bytes`, when not null, are
/// the file's bytes, just read (to hash them): ingestion takes them instead of reading again.
using ReadFile =
    std::function<ingest::FileResult(const std::filesystem::path&, std::string* bytes)>;

/// The content hash of an article: everything stored except its origin (path, key, line).
std::uint64_t article_content_hash(const Article& a);

/// Does the work of one job (any thread; `builder` is that thread's).
class FileParser {
  public:
    FileParser(ReadFile read, std::uintmax_t max_file_size)
        : read_(std::move(read)), max_file_size_(max_file_size) {}
    /// Reads, hashes, parses the job's file and builds the documents of its new or changed
    /// articles. Never throws for anything about the file (problems come back in the result).
    ParsedFile parse(const FileJob& job);
    /// Builds the document of an article (for the writer's own use).
    Xapian::Document build(const stored::StoredArticle& s);

  private:
    ReadFile read_;
    std::uintmax_t max_file_size_;
    DocumentBuilder builder_;
};

class ParsePipeline {
  public:
    /// Starts parsing `jobs` (which must outlive the pipeline) on `threads` threads; 0 parses
    /// in the thread calling next().
    ParsePipeline(const std::vector<FileJob>& jobs, unsigned threads, const ReadFile& read,
                  std::uintmax_t max_file_size);
    /// Stops the workers (abandoning files not yet taken) and joins them.
    ~ParsePipeline();
    ParsePipeline(const ParsePipeline&) = delete;
    ParsePipeline& operator=(const ParsePipeline&) = delete;

    /// The next file's result, in job order; nullopt after the last. Rethrows what a worker
    /// threw (std::bad_alloc, say).
    std::optional<ParsedFile> next();

  private:
    void work();
    bool may_start(std::size_t index) const;
    std::uint64_t cost(std::size_t index) const;  ///< bytes a job holds while in flight

    const std::vector<FileJob>& jobs_;
    ReadFile read_;
    std::uintmax_t max_file_size_;
    std::unique_ptr<FileParser> inline_parser_;  ///< when there are no workers

    std::mutex mu_;
    std::condition_variable work_cv_;  ///< workers wait for room in the window
    std::condition_variable done_cv_;  ///< next() waits for its result
    std::size_t next_job_ = 0;         ///< the next job a worker takes
    std::size_t consumed_ = 0;         ///< jobs handed out by next()
    std::uint64_t bytes_in_flight_ = 0;
    std::map<std::size_t, ParsedFile> done_;
    std::exception_ptr error_;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace newsdesk::indexer
