#pragma once
// `allot test PATH...`: policy unit tests. Runs the cases of every allot-test.yaml found
// under PATH through validate (and place), and says which held.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace allot::cli {

struct TestOptions {
  std::vector<std::string> paths;
  bool verbose = false;          ///< the findings of every case, not only of failing ones
  bool coverage = false;         ///< the policy limits no case exercised
  std::string format = "text";   ///< text | json | junit
};

/// Registers the subcommand; when it runs, its exit code goes to `result`.
void setup_test(CLI::App& app, int& result);
[[nodiscard]] int run_test(const TestOptions& options);

}  // namespace allot::cli
