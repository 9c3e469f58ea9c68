#pragma once
// `allot place --format ray|kubernetes`: a plan as what a scheduler takes. Ray gets one
// placement group per placed job (JSON Lines); Kubernetes gets a shell script of
// `kubectl patch` commands that pin each workload's pods to the plan's nodes.

#include <cstddef>
#include <string>
#include <vector>

#include "cli/output.hpp"
#include "place/placement.hpp"

namespace allot::cli {

/// A plan and what it was made from.
struct PlanView {
  const Policy& policy;
  const Inventory& inv;
  const std::vector<Job>& jobs;
  const Plan& plan;
  Strategy strategy;  ///< for jobs whose manifest names none
};

/// A placed job that gets no spec in the format, and why: printed as a note.
struct NoSpec {
  std::size_t job = 0;
  std::string why;
};

/// The group of each of `replicas` replicas of `job`, in replica order (the order of
/// Placement::nodes): the groups' replicas one after another.
[[nodiscard]] std::vector<std::size_t> replica_groups(const Job& job, std::size_t replicas);

/// The name Ray knows a policy resource by ("CPU", "GPU", "memory", or the resource's own
/// name for a custom resource); empty for storage, which Ray does not schedule.
[[nodiscard]] std::string ray_resource(const Resource& r);
/// Ray's name of a strategy: PACK, SPREAD, STRICT_PACK, STRICT_SPREAD.
[[nodiscard]] std::string_view ray_strategy(Strategy s);

/// One JSON line per placed job, each `{"cluster", "job", "nodes", "spec"}`, where `spec`
/// is the keyword arguments of `ray.util.placement_group`. Returns the placed jobs left out.
std::vector<NoSpec> render_ray(const PlanView& in, const Sink& out);

/// A POSIX shell script: for each placed Kubernetes workload, one `kubectl patch --type=json`
/// that adds a required node affinity on `kubernetes.io/hostname` to each group's pod
/// template. Returns the placed jobs left out.
std::vector<NoSpec> render_kubernetes(const PlanView& in, const Sink& out);

}  // namespace allot::cli
