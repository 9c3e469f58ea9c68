#pragma once
// The order jobs are decided in.

#include <cstddef>
#include <vector>

#include "policy/inventory.hpp"
#include "policy/job.hpp"

namespace allot::place_detail {

/// Job indexes, higher priority first; then input order, or with `by_size` the larger
/// dominant share first (the job's total over the inventory's capacity, the largest over the
/// resources), then name, then input order.
[[nodiscard]] std::vector<std::size_t> decision_order(const Inventory& inv, const std::vector<Job>& jobs,
                                                      std::size_t resources, bool by_size);

}  // namespace allot::place_detail
