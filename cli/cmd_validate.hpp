#pragma once
// `allot validate --policy POLICY PATH...`: lint job manifests against a policy.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/progress.hpp"
#include "input/manifest_reader.hpp"

namespace allot::cli {

struct ValidateOptions {
  std::string policy;
  std::vector<std::string> paths;
  std::vector<std::string> excludes;
  ManifestOptions manifest;
  bool allow_empty = false;
  bool fail_on_warn = false;
  std::string format = "text";  ///< text | json | sarif | junit | github
  std::string output;           ///< file written atomically; standard output if empty
  unsigned jobs = 0;            ///< reader threads; 0 = one per core
  ProgressMode progress = ProgressMode::automatic;
};

/// Registers the subcommand; when it runs, its exit code goes to `result`.
void setup_validate(CLI::App& app, int& result);
[[nodiscard]] int run_validate(const ValidateOptions& options);

}  // namespace allot::cli
