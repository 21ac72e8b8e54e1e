// The shared option groups, parsed from argv vectors as the programs do.
#include <doctest/doctest.h>

#include <cstdlib>

#include "newsdesk/cli.hpp"
#include "newsdesk/error.hpp"

namespace po = boost::program_options;
using namespace newsdesk;

namespace {

po::variables_map parse(std::vector<const char*> argv, const po::options_description& desc) {
    argv.insert(argv.begin(), "prog");
    po::variables_map vm;
    cli::parse(static_cast<int>(argv.size()), argv.data(), desc, {}, vm);
    return vm;
}

}  // namespace

TEST_CASE("--db takes a value, defaulting to $NEWSDESK_DB, else ./newsdesk-db") {
    ::unsetenv("NEWSDESK_DB");
    std::string db;
    parse({}, cli::database_options(db));
    CHECK(db == "./newsdesk-db");
    ::setenv("NEWSDESK_DB", "/srv/news", 1);
    std::string db2;
    parse({}, cli::database_options(db2));
    CHECK(db2 == "/srv/news");
    std::string db3;
    parse({"--db", "/x"}, cli::database_options(db3));
    CHECK(db3 == "/x");
    ::unsetenv("NEWSDESK_DB");
    std::string db4;
    CHECK_THROWS_AS(parse({"--db"}, cli::database_options(db4)), UsageError);
}

TEST_CASE("--color accepts never, always, auto and nothing else") {
    std::string color;
    parse({"--color=always"}, cli::color_options(color));
    CHECK(cli::use_color(color, 1));
    parse({"--color", "never"}, cli::color_options(color));
    CHECK_FALSE(cli::use_color(color, 1));
    CHECK_THROWS_AS(cli::use_color("sometimes", 1), UsageError);
}

TEST_CASE("the error boundary maps exception kinds to documented exit codes") {
    CHECK(cli::run("t", [] { return 0; }) == cli::kOk);
    CHECK(cli::run("t", []() -> int { throw UsageError("bad"); }) == cli::kUsage);
    CHECK(cli::run("t", []() -> int { throw DatabaseError("db"); }) == cli::kDatabase);
    CHECK(cli::run("t", []() -> int { throw LockedError("busy"); }) == cli::kLocked);
    CHECK(cli::run("t", []() -> int { throw RuntimeError("io"); }) == cli::kIncomplete);
    CHECK(cli::run("t", []() -> int { throw std::runtime_error("?"); }) == cli::kIncomplete);
}
