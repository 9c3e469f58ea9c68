#pragma once
// `allot fmt [--check | -w] POLICY...`: print policies in their canonical layout.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace allot::cli {

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;  ///< exit 1 and name the files that would change
  bool write = false;  ///< rewrite files in place, atomically
};

/// Registers the subcommand; when it runs, its exit code goes to `result`.
void setup_fmt(CLI::App& app, int& result);
[[nodiscard]] int run_fmt(const FmtOptions& options);

}  // namespace allot::cli
