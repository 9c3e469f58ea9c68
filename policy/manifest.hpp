#pragma once
// Job manifests: allot's own `kind: Job` and Kubernetes workloads, read into one typed
// Job with the position of every field a diagnostic may point at.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/policy.hpp"
#include "policy/yaml_reader.hpp"

namespace allot {

/// How a gang's replicas spread over nodes, with the meaning Ray gives these words.
enum class Strategy { pack, spread, strict_pack, strict_spread };

[[nodiscard]] std::string_view to_string(Strategy s);
[[nodiscard]] std::optional<Strategy> strategy_from_string(std::string_view s);

/// One job: a gang of identical replicas. Amounts are per replica, in base units.
struct Job {
  std::string name;
  std::string kind;         ///< "Job" for allot's own, else the Kubernetes kind
  bool kubernetes = false;
  std::string user;         ///< empty when a Kubernetes workload has no user label
  std::string team;         ///< empty when none
  std::string file;
  std::size_t document = 0; ///< 0-based index of the document in its file
  Position at;              ///< the job's name (or its document when it has none)
  Amount replicas = 1;
  Position replicas_at;
  long long priority = 0;
  std::optional<Strategy> strategy;
  std::string cluster;      ///< pinned cluster, if any
  std::vector<std::pair<std::string, std::string>> node_selector;
  std::vector<Amount> request;        ///< per replica, indexed like Policy::resources
  std::vector<Position> request_at;   ///< where each request was written

  [[nodiscard]] bool asks(std::size_t resource) const { return request[resource] != 0; }
  /// `p` in this job's file.
  [[nodiscard]] Location where(Position p, std::uint32_t length = 1) const { return allot::at(file, p, length); }
};

struct ManifestOptions {
  std::string user_label = "allot/user";
  std::string team_label = "allot/team";
  bool strict_kinds = false;  ///< documents of other kinds are errors, not skipped
};

/// What the YAML reader must keep for `interpret` to work.
[[nodiscard]] yaml::Interest manifest_filter(const std::vector<std::string>& path);

/// The result of reading one document.
struct Interpretation {
  std::optional<Job> job;  ///< set when the document is a job without errors
  bool skipped = false;    ///< not a workload allot understands (counted, not checked)
};

/// Turns one document into a Job, adding every problem found to `diags`.
[[nodiscard]] Interpretation interpret(const yaml::Document& doc, const Policy& policy,
                                       const ManifestOptions& options, Diagnostics& diags);

}  // namespace allot
