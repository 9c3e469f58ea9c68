#pragma once
// Reading job manifests: allot's own `kind: Job` and Kubernetes workloads, read into one
// typed Job (policy/job.hpp) with the position of every field a diagnostic may point at.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/job.hpp"
#include "policy/policy.hpp"
#include "input/yaml_reader.hpp"

namespace allot {

struct ManifestOptions {
  std::string user_label = "allot/user";
  std::string team_label = "allot/team";
  bool strict_kinds = false;  ///< documents of other kinds are errors, not skipped
  /// Nodes a DaemonSet runs on (`--nodes`): its replica count. Unknown: per-pod checks only.
  std::optional<long long> nodes;
  /// Say in a note (V032) when a DaemonSet's totals cannot be checked; place counts its
  /// nodes itself.
  bool per_node_note = true;
};

/// What the YAML reader must keep for `interpret` to work.
[[nodiscard]] yaml::Interest manifest_filter(const std::vector<std::string>& path);

/// The result of reading one document.
struct Interpretation {
  std::optional<Job> job;  ///< set when the document is a job without errors
  bool skipped = false;    ///< not a workload allot understands (counted, not checked)
  /// Skipped, but recognised: a configuration kind that asks for nothing, or a document
  /// warned about (V031). Such documents keep an input from counting as "nothing found".
  bool recognised = false;
};

/// Turns one document into a Job, adding every problem found to `diags`.
[[nodiscard]] Interpretation interpret(const yaml::Document& doc, const Policy& policy,
                                       const ManifestOptions& options, Diagnostics& diags);

/// Interprets a document, or each item of a `kind: List` (what `kubectl get -o yaml` and
/// some renderers write) as a document of its own, passing each result to `sink`.
void interpret_each(const yaml::Document& doc, const Policy& policy, const ManifestOptions& options,
                    Diagnostics& diags, const std::function<void(Interpretation&&)>& sink);

}  // namespace allot
