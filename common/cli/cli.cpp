#include "newsdesk/cli.hpp"

#include <unistd.h>
#include <xapian.h>

#include <cstdlib>
#include <iostream>

#include "newsdesk/error.hpp"

namespace po = boost::program_options;

namespace newsdesk::cli {

std::string exit_codes_help(bool indexer) {
    std::string s = "Exit codes:\n";
    if (indexer) {
        s += "  0   the run completed (inputs may have been skipped; see the summary)\n"
             "  1   --strict, and some inputs were skipped or failed\n";
    } else {
        s += "  0   the query ran (with or without results)\n";
    }
    s += "  2   bad option or malformed query\n"
         "  3   the database cannot be opened or created\n"
         "  4   the run could not complete (I/O error, interrupted)\n";
    if (indexer) s += "  75  another newsdesk-index is updating the database\n";
    return s;
}

po::options_description database_options(std::string& db) {
    const char* env = std::getenv("NEWSDESK_DB");
    std::string def = env && *env ? env : "./newsdesk-db";
    po::options_description d("Database");
    d.add_options()("db", po::value<std::string>(&db)->default_value(def)->value_name("DIR"),
                    "database directory (default: $NEWSDESK_DB, else ./newsdesk-db)");
    return d;
}

po::options_description color_options(std::string& color) {
    po::options_description d("Output");
    d.add_options()("color",
                    po::value<std::string>(&color)->default_value("auto")->value_name("WHEN"),
                    "highlight matches with ANSI bold: never, always or auto (when stdout is a "
                    "terminal)");
    return d;
}

bool use_color(const std::string& color, int fd) {
    if (color == "always") return true;
    if (color == "never") return false;
    if (color == "auto") return ::isatty(fd) == 1 && std::getenv("NO_COLOR") == nullptr;
    throw UsageError("--color must be never, always or auto, not '" + color + "'");
}

void parse(int argc, const char* const argv[], const po::options_description& all,
           const po::positional_options_description& positional, po::variables_map& vm) {
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
}

int run(const char* program, const std::function<int()>& body) {
    auto say = [&](const std::string& msg) { std::cerr << program << ": " << msg << '\n'; };
    try {
        return body();
    } catch (const UsageError& e) {
        say(e.what());
        std::cerr << "Try '" << program << " --help' for more information.\n";
        return kUsage;
    } catch (const LockedError& e) {
        say(e.what());
        return kLocked;
    } catch (const DatabaseError& e) {
        say(e.what());
        return kDatabase;
    } catch (const RuntimeError& e) {
        say(e.what());
        return kIncomplete;
    } catch (const Xapian::DatabaseError& e) {
        say("database error: " + e.get_description());
        return kDatabase;
    } catch (const Xapian::Error& e) {
        say(e.get_description());
        return kIncomplete;
    } catch (const std::bad_alloc&) {
        say("out of memory");
        return kIncomplete;
    } catch (const std::exception& e) {
        say(e.what());
        return kIncomplete;
    }
}

}  // namespace newsdesk::cli
