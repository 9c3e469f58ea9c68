#include "place/summary.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace allot::place_detail {
namespace {

std::string selector_text(const Group& group) {
  std::string s;
  for (const auto& [k, v] : group.node_selector) s += fmt::format("{}{}={}", s.empty() ? "" : ",", k, v);
  return s;
}

/// A replica shape: group `group` of jobs[job].
struct Shape {
  std::size_t job, group;
};

/// Distinct replica shapes (request and selector) that use the primary resource, smallest
/// first: free GPUs are stranded on a node where none of them fits (a CPU-only replica does
/// not use them).
std::vector<Shape> primary_shapes(const std::vector<Job>& jobs, std::size_t primary) {
  std::vector<Shape> shapes;
  std::set<std::pair<std::vector<Amount>, std::string>> seen;
  for (std::size_t j = 0; j < jobs.size(); ++j)
    for (std::size_t g = 0; g < jobs[j].groups.size(); ++g) {
      const Group& grp = jobs[j].groups[g];
      if (grp.replicas > 0 && grp.request[primary] > 0 && seen.insert({grp.request, selector_text(grp)}).second)
        shapes.push_back({j, g});
    }
  auto request = [&](const Shape& s) { return jobs[s.job].groups[s.group].request[primary]; };
  std::stable_sort(shapes.begin(), shapes.end(), [&](const Shape& a, const Shape& b) { return request(a) < request(b); });
  return shapes;
}

/// Whether a replica of `shape` fits on node `n` as it is now (no tier: free capacity only).
bool replica_fits(const std::vector<Job>& jobs, const Shape& shape, std::size_t n, const Usage& usage,
                  const NodeSelectors& selectors) {
  const auto& request = jobs[shape.job].groups[shape.group].request;
  for (std::size_t r = 0; r < request.size(); ++r)
    if (request[r] > 0 && usage.room(n, r, nullptr) < request[r]) return false;
  return selectors.matches(shape.job, shape.group, n);
}

}  // namespace

std::vector<ClusterUsage> cluster_usage(const Policy& policy, const Inventory& inv, const std::vector<Job>& jobs,
                                        const Usage& usage, const NodeSelectors& selectors, std::size_t primary) {
  const std::size_t R = policy.resources.size();
  const auto shapes = primary_shapes(jobs, primary);
  std::vector<ClusterUsage> out(inv.clusters.size());
  for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
    auto& u = out[c];
    u.held.assign(R, 0);
    u.capacity.assign(R, 0);
    u.limit.assign(R, std::nullopt);
    for (std::size_t r = 0; r < R; ++r) {
      u.held[r] = usage.cluster_used(c, r);
      u.limit[r] = loosest_limit(policy, Scope::cluster, r);
    }
    for (auto n : inv.clusters[c].nodes) {
      for (std::size_t r = 0; r < R; ++r) u.capacity[r] = sat_add(u.capacity[r], inv.nodes[n].capacity[r]);
      const Amount f = usage.free(n, primary);
      if (f == 0) continue;
      const bool usable = std::any_of(shapes.begin(), shapes.end(), [&](const Shape& s) {
        return jobs[s.job].groups[s.group].request[primary] <= f && replica_fits(jobs, s, n, usage, selectors);
      });
      if (!usable && !shapes.empty()) u.stranded = sat_add(u.stranded, f);  // no GPU job: nothing to strand
    }
  }
  return out;
}

}  // namespace allot::place_detail
