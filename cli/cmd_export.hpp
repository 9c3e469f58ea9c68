#pragma once
// `allot export TARGET POLICY`: the policy as the configuration of a scheduler.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "export/export.hpp"
#include "input/manifest_reader.hpp"

namespace allot::cli {

struct ExportCommandOptions {
  std::string target;
  std::string policy;
  exporting::ExportOptions target_options;  ///< the names given with --team, --user, --cluster
  std::vector<std::string> manifests;       ///< --from-manifests: files or directories
  std::vector<std::string> excludes;
  ManifestOptions manifest;                 ///< the labels that name users and teams
  std::string output;                       ///< file written atomically; standard output if empty
  bool fail_on_warn = false;
};

/// Registers the subcommand; when it runs, its exit code goes to `result`.
void setup_export(CLI::App& app, int& result);
[[nodiscard]] int run_export(const ExportCommandOptions& options);

}  // namespace allot::cli
