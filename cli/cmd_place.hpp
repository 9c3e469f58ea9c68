#pragma once
// `allot place --policy POLICY --inventory INV PATH...`: a gang placement plan.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/progress.hpp"
#include "input/inventory_reader.hpp"
#include "input/manifest_reader.hpp"
#include "place/placement.hpp"

namespace allot::cli {

struct PlaceCmdOptions {
  std::string policy;
  std::string inventory;
  std::vector<std::string> paths;
  std::vector<std::string> excludes;
  ManifestOptions manifest;
  InventoryOptions inventory_options;
  std::string strategy = "pack";
  std::string order = "input";  ///< input | size
  bool gpu_aware = false;
  std::size_t near_misses = 3;  ///< clusters an unplaced job's explanation names one by one
  std::string format = "text";  ///< text | json | yaml
  std::string output;
  std::string report;  ///< --report: also the plan as an HTML page, to this file
  unsigned jobs = 0;
  bool allow_empty = false;
  bool fail_on_warn = false;
  bool timings = false;
  ProgressMode progress = ProgressMode::automatic;
};

/// Registers the subcommand; when it runs, its exit code goes to `result`.
void setup_place(CLI::App& app, int& result);
[[nodiscard]] int run_place(const PlaceCmdOptions& options);

}  // namespace allot::cli
