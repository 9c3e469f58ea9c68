#include "place/summary.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace allot::place_detail {
namespace {

std::string selector_text(const Job& job) {
  std::string s;
  for (const auto& [k, v] : job.node_selector) s += fmt::format("{}{}={}", s.empty() ? "" : ",", k, v);
  return s;
}

/// Distinct replica shapes (request and selector) that use the primary resource, smallest
/// first: free GPUs are stranded on a node where none of them fits (a CPU-only replica does
/// not use them).
std::vector<std::size_t> primary_shapes(const std::vector<Job>& jobs, std::size_t primary) {
  std::vector<std::size_t> shapes;
  std::set<std::pair<std::vector<Amount>, std::string>> seen;
  for (std::size_t j = 0; j < jobs.size(); ++j)
    if (jobs[j].replicas > 0 && jobs[j].request[primary] > 0 && seen.insert({jobs[j].request, selector_text(jobs[j])}).second)
      shapes.push_back(j);
  std::stable_sort(shapes.begin(), shapes.end(),
                   [&](std::size_t a, std::size_t b) { return jobs[a].request[primary] < jobs[b].request[primary]; });
  return shapes;
}

/// Whether a replica of jobs[j] fits on node `n` as it is now (no tier: free capacity only).
bool replica_fits(const Job& job, std::size_t j, std::size_t n, const Usage& usage, const NodeSelectors& selectors) {
  for (std::size_t r = 0; r < job.request.size(); ++r)
    if (job.request[r] > 0 && usage.room(n, r, nullptr) < job.request[r]) return false;
  return selectors.matches(j, n);
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
      const bool usable = std::any_of(shapes.begin(), shapes.end(), [&](std::size_t s) {
        return jobs[s].request[primary] <= f && replica_fits(jobs[s], s, n, usage, selectors);
      });
      if (!usable && !shapes.empty()) u.stranded = sat_add(u.stranded, f);  // no GPU job: nothing to strand
    }
  }
  return out;
}

}  // namespace allot::place_detail
