#pragma once
// Turning PATH arguments into the list of manifest files to read.

#include <string>
#include <vector>

#include "policy/diagnostic.hpp"

namespace allot::cli {

/// Expands `paths`: a file stands for itself, a directory for every `*.yaml` and `*.yml`
/// below it (sorted by name at each level, symlinks followed, loops reported as V005),
/// and "-" for standard input. A path matching any `excludes` glob (whole path or file
/// name) is left out. Unreadable paths are reported as E001.
[[nodiscard]] std::vector<std::string> collect_inputs(const std::vector<std::string>& paths,
                                                      const std::vector<std::string>& excludes,
                                                      Diagnostics& diags);

}  // namespace allot::cli
