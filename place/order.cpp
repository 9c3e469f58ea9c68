#include "place/order.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

#include "place/usage.hpp"

namespace allot::place_detail {
namespace {

__extension__ typedef __int128 i128;
using Fraction = std::pair<i128, i128>;  // numerator, denominator; compared by 128-bit cross products

/// Each job's share of the inventory's largest resource: its size for --order size.
std::vector<Fraction> dominant_shares(const Inventory& inv, const std::vector<Job>& jobs, std::size_t R) {
  std::vector<Amount> total_cap(R, 0);
  for (const auto& n : inv.nodes)
    for (std::size_t r = 0; r < R; ++r) total_cap[r] = sat_add(total_cap[r], n.capacity[r]);
  std::vector<Fraction> share(jobs.size(), {0, 1});
  for (std::size_t j = 0; j < jobs.size(); ++j)
    for (std::size_t r = 0; r < R; ++r) {
      if (total_cap[r] == 0) continue;
      i128 num = 0;
      for (const auto& g : jobs[j].groups) num += static_cast<i128>(g.request[r]) * g.replicas;
      if (num * share[j].second > share[j].first * total_cap[r]) share[j] = {num, total_cap[r]};
    }
  return share;
}

}  // namespace

std::vector<std::size_t> decision_order(const Inventory& inv, const std::vector<Job>& jobs, std::size_t resources,
                                        bool by_size) {
  std::vector<std::size_t> idx(jobs.size());
  std::iota(idx.begin(), idx.end(), 0);
  const std::vector<Fraction> share =
      by_size ? dominant_shares(inv, jobs, resources) : std::vector<Fraction>(jobs.size(), {0, 1});
  auto bigger = [&](std::size_t a, std::size_t b) {
    const i128 lhs = share[a].first * share[b].second, rhs = share[b].first * share[a].second;
    if (lhs != rhs) return lhs > rhs;
    if (jobs[a].name != jobs[b].name) return jobs[a].name < jobs[b].name;
    return a < b;
  };
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    if (jobs[a].priority != jobs[b].priority) return jobs[a].priority > jobs[b].priority;
    if (by_size) return bigger(a, b);
    return a < b;
  });
  return idx;
}

}  // namespace allot::place_detail
