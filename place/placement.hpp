#pragma once
// Gang placement of jobs onto an inventory, within every limit of the policy, with the
// reasons a job could not be placed.

#include <atomic>
#include <cstddef>
#include <optional>
#include <vector>

#include "place/reasons.hpp"
#include "policy/inventory.hpp"
#include "policy/job.hpp"
#include "policy/policy.hpp"

namespace allot {

struct PlaceOptions {
  Strategy strategy = Strategy::pack;  ///< for jobs whose manifest names none
  bool order_by_size = false;          ///< larger jobs first (first-fit decreasing)
  std::size_t near_misses = 3;         ///< clusters an unplaced job's explanation names one by one
  /// Replicas that ask for no GPU try nodes without GPUs first, keeping GPU nodes for GPU work.
  bool gpu_aware = false;
  /// If given, one relaxed add per job decided (placed or not), for a progress line.
  std::atomic<std::size_t>* decided = nullptr;
};

/// A placed job: every replica on a node of one cluster.
struct Placement {
  std::size_t job = 0;
  std::size_t cluster = 0;
  std::vector<std::size_t> nodes;  ///< node of each replica, by replica index
};

/// A job that could not be placed, and why: the limits that block it wherever it goes; else
/// what the clusters it could go to lack, summed over the fleet when they are many, and the
/// nearest of them one by one, nearest first.
struct Unplaced {
  std::size_t job = 0;
  std::vector<Reason> reasons;
  std::vector<Hint> hints;
};

/// What a cluster holds after the plan, per resource.
struct ClusterUsage {
  std::vector<Amount> held;      ///< allocated before + placed by the plan
  std::vector<Amount> capacity;
  std::vector<std::optional<Amount>> limit;  ///< the loosest per-cluster limit, if every tier has one
  Amount stranded = 0;           ///< free primary resource on nodes where no replica of the batch fits
};

struct Plan {
  std::vector<Placement> placements;  ///< in the order they were decided
  std::vector<Unplaced> unplaced;     ///< likewise
  std::vector<ClusterUsage> clusters; ///< indexed like Inventory::clusters
  std::size_t primary = 0;            ///< the resource stranded capacity is counted in (gpu if declared)
  std::size_t replicas_placed = 0;
};

/// Places `jobs` in order: higher priority first, then input order (or size, with
/// `order_by_size`), ties broken by name. Same inputs, same plan.
[[nodiscard]] Plan place(const Policy& policy, const Inventory& inventory, const std::vector<Job>& jobs,
                         const PlaceOptions& options);

}  // namespace allot
