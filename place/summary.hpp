#pragma once
// What each cluster holds after the plan, and the primary capacity it strands.

#include <cstddef>
#include <vector>

#include "place/placement.hpp"
#include "place/selectors.hpp"
#include "place/usage.hpp"

namespace allot::place_detail {

/// Per-cluster totals (indexed like Inventory::clusters), and free primary capacity on nodes
/// where no replica shape of the batch that uses the primary resource fits.
[[nodiscard]] std::vector<ClusterUsage> cluster_usage(const Policy& policy, const Inventory& inv,
                                                      const std::vector<Job>& jobs, const Usage& usage,
                                                      const NodeSelectors& selectors, std::size_t primary);

}  // namespace allot::place_detail
