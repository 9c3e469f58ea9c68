#pragma once
// Why a job could not be placed, and what would help: facts, not sentences. The engine fills
// these in; the printers in cli/ turn them into text and into JSON or YAML objects.
//
// Indexes (tier, resource, cluster, node) refer to the Policy and Inventory the plan was made
// from. Amounts are exact, in base units like every Amount.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/quantity.hpp"

namespace allot {

/// Where a limit that blocks a job applies.
enum class LimitScope {
  job,           ///< the job as a whole: replicas x request
  user,          ///< what the job's user would hold with it
  team,          ///< what the job's team would hold with it
  node,          ///< one replica on one node
  gang_on_node,  ///< a strict-pack gang: every replica on one node
  cluster,       ///< the whole gang in one cluster
};

/// A limit of the policy the job would break wherever it went.
struct LimitBlock {
  LimitScope scope = LimitScope::job;
  std::size_t tier = 0;      ///< the job's tier; the team's tier for LimitScope::team
  std::size_t resource = 0;
  std::string who;           ///< the user (scope user) or the team (scope team); else empty
  Amount amount = 0;         ///< what the job would take, hold or need there
  Amount limit = 0;
  Location policy_location;  ///< where the limit is written
  friend bool operator==(const LimitBlock&, const LimitBlock&) = default;
};

/// The job's total request (replicas x request) is beyond the largest amount.
struct TotalOverflow {
  friend bool operator==(const TotalOverflow&, const TotalOverflow&) = default;
};

/// The job is pinned to a cluster the inventory does not have.
struct UnknownCluster {
  std::string cluster;
  friend bool operator==(const UnknownCluster&, const UnknownCluster&) = default;
};

/// A per-cluster limit the job alone is within, but which what the cluster already holds
/// leaves no room for.
struct ClusterLimitReached {
  std::size_t cluster = 0;
  std::size_t tier = 0;
  std::size_t resource = 0;
  Amount held = 0;   ///< what the cluster holds now
  Amount limit = 0;
  Amount need = 0;   ///< the gang's total
  Location policy_location;
  friend bool operator==(const ClusterLimitReached&, const ClusterLimitReached&) = default;
};

/// The nodes of one cluster that lack one resource, and the closest of them.
struct ResourceShort {
  std::size_t resource = 0;
  std::size_t nodes = 0;      ///< matching nodes with less room than `need`
  std::size_t best_node = 0;  ///< the one among them with the most room (the first, on ties)
  Amount best_free = 0;       ///< its room: free capacity within the per-node limit
  Amount need = 0;            ///< what a replica needs (the whole gang, for strict-pack)
  friend bool operator==(const ResourceShort&, const ResourceShort&) = default;
};

/// What one cluster lacks to hold the gang.
struct ClusterShortfall {
  std::size_t cluster = 0;
  std::size_t nodes = 0;              ///< nodes in the cluster
  std::size_t holders = 0;            ///< matching nodes that can hold a replica (the gang, for strict-pack)
  bool whole_gang = false;            ///< strict-pack: a holder holds every replica
  Amount replicas_possible = 0;       ///< replicas the holders could take together (gangs, for strict-pack)
  Amount replicas_needed = 0;         ///< the job's replicas (1 gang, for strict-pack)
  Amount distinct_nodes_needed = 0;   ///< strict-spread: one node per replica; else 0
  std::vector<ResourceShort> short_of;  ///< by resource index; only resources some node lacks
  std::size_t not_matching = 0;       ///< nodes the job's node selector leaves out
  std::string group;                  ///< the group whose replicas these are, in a gang of several shapes
  bool only_apart = false;            ///< each group fits the cluster on its own, the gang does not
  friend bool operator==(const ClusterShortfall&, const ClusterShortfall&) = default;
};

/// What every cluster the job could go to lacks, summed: written when the clusters are more
/// than the nearest ones shown after it, so an explanation stays short on any fleet.
struct FleetShortfall {
  std::size_t clusters = 0;           ///< clusters the job could go to
  std::size_t shown = 0;              ///< of those, the nearest, explained one by one after this
  std::size_t clusters_at_limit = 0;  ///< clusters whose per-cluster limit leaves no room for it
  std::size_t nodes = 0;
  std::size_t holders = 0;            ///< nodes that can hold a replica of the group surveyed
  std::vector<std::pair<std::size_t, std::size_t>> short_of;  ///< (resource, matching nodes short of it)
  std::size_t not_matching = 0;       ///< nodes the node selector leaves out
  friend bool operator==(const FleetShortfall&, const FleetShortfall&) = default;
};

/// One reason a job was not placed. A new kind is one more alternative here and one more
/// case in each printer.
using Reason = std::variant<LimitBlock, TotalOverflow, UnknownCluster, ClusterLimitReached, ClusterShortfall,
                            FleetShortfall>;

/// A node that would take a replica (every replica, for strict-pack) if each replica asked
/// for at most `at_most` of `resource`: the node lacks nothing else.
struct SmallerRequest {
  std::size_t cluster = 0;
  std::size_t node = 0;
  std::size_t resource = 0;
  Amount at_most = 0;
  bool whole_gang = false;
  std::string group;  ///< whose replicas, in a gang of several shapes
  friend bool operator==(const SmallerRequest&, const SmallerRequest&) = default;
};

/// `nodes` more nodes like the ones that fit would hold the replicas left over.
struct MoreNodes {
  std::size_t cluster = 0;
  Amount nodes = 0;
  friend bool operator==(const MoreNodes&, const MoreNodes&) = default;
};

/// Something a person could change so that the job fits.
using Hint = std::variant<SmallerRequest, MoreNodes>;

/// Stable names for machine output: "limit", "total_overflow", "unknown_cluster",
/// "cluster_limit", "cluster_shortfall", "fleet_shortfall"; "smaller_request", "more_nodes".
[[nodiscard]] std::string_view kind_name(const Reason& r);
[[nodiscard]] std::string_view kind_name(const Hint& h);
/// "job", "user", "team", "node", "gang_on_node", "cluster".
[[nodiscard]] std::string_view to_string(LimitScope s);

}  // namespace allot
