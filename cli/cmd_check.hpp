#pragma once
// `allot check POLICY...`: report every problem in policy files.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace allot::cli {

struct CheckOptions {
  std::vector<std::string> files;
  bool fail_on_warn = false;
  bool quiet = false;
  std::string format = "text";  ///< text | json | sarif | junit | github, as validate writes them
  std::string output;           ///< file written atomically; standard output if empty
};

/// Registers the subcommand; when it runs, its exit code goes to `result`.
void setup_check(CLI::App& app, int& result);
[[nodiscard]] int run_check(const CheckOptions& options);

}  // namespace allot::cli
