#pragma once
// Which nodes a job's node selector allows. Labels never change during a plan, so the nodes
// a selector matches are worked out once per distinct selector, when a job first needs them.

#include <cstddef>
#include <vector>

#include "policy/inventory.hpp"
#include "policy/job.hpp"

namespace allot::place_detail {

class NodeSelectors {
 public:
  NodeSelectors(const Inventory& inv, const std::vector<Job>& jobs);

  /// Whether node `n`'s labels match the selector of jobs[j].
  [[nodiscard]] bool matches(std::size_t j, std::size_t n) const;
  /// The selector of jobs[j]: 0 for none; jobs with the same selector share one id.
  [[nodiscard]] std::size_t id(std::size_t j) const { return job_selector_[j]; }

 private:
  const Inventory& inv_;
  const std::vector<Job>& jobs_;
  std::vector<std::size_t> job_selector_;                    // [job]: 0 for none, else an index below
  mutable std::vector<std::vector<bool>> selector_matches_;  // [selector][node], filled when first asked
};

}  // namespace allot::place_detail
