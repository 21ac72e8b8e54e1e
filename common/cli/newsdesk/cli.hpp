// Shared command-line plumbing for newsdesk's executables: option groups defined once, exit
// codes, and the conversion of exceptions into one clear line and an exit code.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <vector>

namespace newsdesk::cli {

/// Exit codes, documented in the README and in each program's --help.
enum ExitCode : int {
    kOk = 0,          ///< done (for the indexer: even if some inputs were skipped)
    kFailed = 1,      ///< done, but something failed (indexer --strict with skipped/failed inputs)
    kUsage = 2,       ///< bad option or malformed query
    kDatabase = 3,    ///< the database cannot be opened or created
    kIncomplete = 4,  ///< the run could not complete (I/O error, interrupted)
    kLocked = 75,     ///< another indexer holds the database (EX_TEMPFAIL: try again later)
};

/// The text for --help listing the exit codes above.
std::string exit_codes_help(bool indexer);

/// --db DIR, defaulting to $NEWSDESK_DB, else ./newsdesk-db.
boost::program_options::options_description database_options(std::string& db);

/// --color=never|always|auto.
boost::program_options::options_description color_options(std::string& color);

/// Resolves a --color value for file descriptor `fd` ("auto": is it a terminal?).
/// Throws UsageError for a value other than never, always, auto.
bool use_color(const std::string& color, int fd);

/// Parses argv into `vm`. Throws UsageError with Boost's message on a bad command line.
void parse(int argc, const char* const argv[],
           const boost::program_options::options_description& all,
           const boost::program_options::positional_options_description& positional,
           boost::program_options::variables_map& vm);

/// Runs `body`, turning newsdesk and Xapian exceptions into "program: message" on stderr and the
/// matching exit code. Nothing escapes as an uncaught exception.
int run(const char* program, const std::function<int()>& body);

}  // namespace newsdesk::cli
