#pragma once
// Which nodes the node selector of a job's group allows. Labels never change during a plan,
// so the nodes a selector matches are worked out once per distinct selector, when a group
// first needs them.

#include <cstddef>
#include <vector>

#include "policy/inventory.hpp"
#include "policy/job.hpp"

namespace allot::place_detail {

class NodeSelectors {
 public:
  NodeSelectors(const Inventory& inv, const std::vector<Job>& jobs);

  /// Whether node `n`'s labels match the selector of group `g` of jobs[j].
  [[nodiscard]] bool matches(std::size_t j, std::size_t g, std::size_t n) const;
  /// The nodes of cluster `c` that selector `id` (not 0) matches, in inventory order.
  [[nodiscard]] const std::vector<std::size_t>& matching_nodes(std::size_t id, std::size_t c) const;
  /// The selector of group `g` of jobs[j]: 0 for none; groups with the same selector share one id.
  [[nodiscard]] std::size_t id(std::size_t j, std::size_t g) const { return group_selector_[first_group_[j] + g]; }

 private:
  const Inventory& inv_;
  std::vector<std::size_t> first_group_;                     // [job]: its first group's index below
  std::vector<std::size_t> group_selector_;                  // [group]: 0 for none, else an index below
  std::vector<const Group*> selector_group_;                 // [selector]: a group that has it
  mutable std::vector<std::vector<bool>> selector_matches_;  // [selector][node], filled when first asked
  mutable std::vector<std::vector<std::vector<std::size_t>>> cluster_matches_;  // [selector][cluster]: likewise
};

}  // namespace allot::place_detail
