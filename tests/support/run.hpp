// Runs a program and captures what a user would see: stdout, stderr, exit status.
#pragma once

#include <string>
#include <vector>

namespace newsdesk::test {

struct Output {
    int status = -1;  ///< exit code, or 128 + signal
    std::string out;
    std::string err;
};

/// Runs argv[0] with `argv`, feeding `input` to its stdin. `env` entries ("NAME=value") are added
/// to the environment.
Output run(const std::vector<std::string>& argv, const std::string& input = {},
           const std::vector<std::string>& env = {});

}  // namespace newsdesk::test
