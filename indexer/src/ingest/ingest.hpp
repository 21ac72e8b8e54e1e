// Ingestion: from a file on disk to the articles it holds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "newsdesk/article.hpp"
#include "newsdesk/indexer.hpp"

namespace newsdesk::ingest {

struct Options {
    std::uintmax_t max_file_size = 10u << 20;
};

enum class Outcome {
    ok,       ///< parsed; `articles` holds at least one article (problems may list bad lines)
    skipped,  ///< deliberately not indexed: empty, binary, too large, unsupported type
    failed,   ///< could not be read or parsed
};

struct FileResult {
    Outcome outcome = Outcome::ok;
    std::vector<Article> articles;
    std::vector<IndexProblem> problems;  ///< one per skipped file, failed file or bad record
};

/// Reads `path` (as given by the user) and parses it according to its type.
FileResult read_file(const std::filesystem::path& path, const Options& options);

/// Parses the bytes of a plain-text article. `mtime_date` ("YYYY-MM-DD") is used when the text
/// names no date.
Article parse_plain_text(std::string_view utf8, const std::string& path,
                         const std::string& mtime_date);

}  // namespace newsdesk::ingest
