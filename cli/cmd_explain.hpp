#pragma once
// `allot explain CODE` and `allot explain --list`: the catalogue of diagnostics, for people
// (like `rustc --explain`) and for editors (`--format json`).

#include <string>

#include <CLI/CLI.hpp>

namespace allot::cli {

struct ExplainOptions {
  std::string code;             ///< empty with --list
  bool list = false;
  std::string format = "text";  ///< text | json
};

/// Registers the subcommand; when it runs, its exit code goes to `result`.
void setup_explain(CLI::App& app, int& result);
[[nodiscard]] int run_explain(const ExplainOptions& options);

}  // namespace allot::cli
