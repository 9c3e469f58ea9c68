#pragma once
// A job: a gang of replicas, in groups of one shape each, with the user, team and placement wishes that the
// limits and the placement engine need. Read from manifests by input/manifest_reader.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/quantity.hpp"

namespace allot {

/// How a gang's replicas spread over nodes, with the meaning Ray gives these words.
enum class Strategy { pack, spread, strict_pack, strict_spread };

[[nodiscard]] std::string_view to_string(Strategy s);
[[nodiscard]] std::optional<Strategy> strategy_from_string(std::string_view s);

/// Replicas of one shape within a job: a KubeRay worker group, a PyTorchJob replica type,
/// the leader or the workers of a LeaderWorkerSet. Amounts are per replica, in base units.
struct Group {
  std::string name;                 ///< empty when the job has one shape; else "head", "Worker", ...
  Amount replicas = 1;
  Position replicas_at;
  std::vector<Amount> request;      ///< per replica, indexed like Policy::resources
  std::vector<Position> request_at; ///< where each request was written
  std::vector<std::pair<std::string, std::string>> node_selector;
  /// A Kubernetes group's pod spec inside its workload, as keys and list indexes
  /// (`spec`, `workerGroupSpecs`, `1`, `template`, `spec`), and whether the manifest gives it
  /// an `affinity` and a `nodeAffinity`: what a patch that pins the group's pods needs.
  /// Empty path for allot's own jobs.
  struct PodSpecAt {
    std::vector<std::string> path;
    bool affinity = false;
    bool node_affinity = false;
    friend bool operator==(const PodSpecAt&, const PodSpecAt&) = default;
  } pod_spec;

  [[nodiscard]] bool asks(std::size_t resource) const { return request[resource] != 0; }
  friend bool operator==(const Group&, const Group&) = default;
};

/// One job: a gang of replicas, placed together or not at all, of one shape or of several
/// (a CPU-only head with GPU workers).
struct Job {
  std::string name;
  std::string kind;         ///< "Job" for allot's own, else the Kubernetes kind
  std::string api_version;  ///< as written (kinds of one name differ by it: Volcano's Job)
  bool kubernetes = false;
  /// A DaemonSet: one replica per matching node. Its replica count is the number of nodes
  /// when known (`--nodes`, or the inventory in place); `per_node_only` when it is not, and
  /// then only per-pod limits apply.
  bool per_node = false;
  bool per_node_only = false;
  /// A PersistentVolumeClaim: storage the user holds, on no node.
  bool volume = false;
  std::string user;         ///< empty when a Kubernetes workload has no user label
  std::string team;         ///< empty when none
  std::string queue;        ///< Kueue's `kueue.x-k8s.io/queue-name` label, if any
  std::string ns;           ///< a Kubernetes workload's `metadata.namespace`, if written
  FileRef file;
  std::size_t document = 0; ///< 0-based index of the document in its file
  Position at;              ///< the job's name (or its document when it has none)
  long long priority = 0;
  std::optional<Strategy> strategy;
  std::string cluster;      ///< pinned cluster, if any
  std::vector<Group> groups;  ///< at least one

  /// All replicas of all groups, saturated.
  [[nodiscard]] Amount replicas() const;
  /// Whether any group asks for `resource` (per replica, whatever its replica count).
  [[nodiscard]] bool asks(std::size_t resource) const;
  /// replicas x request of `resource` summed over the groups; nothing on overflow.
  [[nodiscard]] std::optional<Amount> total(std::size_t resource) const;
  /// The largest per-replica request of `resource` among the groups.
  [[nodiscard]] Amount largest_request(std::size_t resource) const;
  /// The group holding the most of `resource` in all (the first on ties): where a finding
  /// about the job's total points.
  [[nodiscard]] const Group& main_group(std::size_t resource) const;
  /// "job" or "job/group": how a finding names one group.
  [[nodiscard]] std::string group_label(const Group& g) const;
  /// `p` in this job's file.
  [[nodiscard]] Location where(Position p, std::uint32_t length = 1) const { return allot::at(file, p, length); }
};

}  // namespace allot
