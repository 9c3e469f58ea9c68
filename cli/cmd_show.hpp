#pragma once
// `allot show POLICY`: the effective, inheritance-resolved limits of every tier.

#include <string>

#include <CLI/CLI.hpp>

namespace allot::cli {

struct ShowOptions {
  std::string file;
  std::string tier;             ///< only this tier, if set
  std::string format = "text";  ///< text | json
  std::string output;           ///< file to write, atomically; standard output if empty
};

/// Registers the subcommand; when it runs, its exit code goes to `result`.
void setup_show(CLI::App& app, int& result);
[[nodiscard]] int run_show(const ShowOptions& options);

}  // namespace allot::cli
