#pragma once
// The promises of `allot place` (man/allot.1) that hold for any input, checked on a plan:
// every job decided once, gangs whole and inside one (the pinned) cluster on nodes their
// strategy and selector allow, and after each placement no node over capacity and no
// per-node, per-cluster, per-job, per-user or per-team limit of the job's tier exceeded,
// counting what the inventory says is allocated and already held. The same rules as
// tests/placement_properties.cpp, restated for arbitrary (fuzzed) inputs: sums are exact
// (128-bit), so huge amounts cannot wrap inside the checker.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "policy/inventory.hpp"
#include "input/manifest_reader.hpp"
#include "place/placement.hpp"
#include "policy/policy.hpp"

namespace allot::test {

__extension__ typedef __int128 Wide;

/// Whether a node with `labels` matches the node selector of a job's group, restated plainly
/// (every key present with the same value) for the checks, not taken from the engine.
inline bool selector_matches(const Group& g, const Labels& labels) {
  for (const auto& [k, v] : g.node_selector) {
    bool found = false;
    for (const auto& [lk, lv] : labels)
      if (lk == k) {
        found = lv == v;
        break;
      }
    if (!found) return false;
  }
  return true;
}

/// Both plans say the same, field by field (reasons and hints compared as values). The one
/// comparison of plans the tests share: placement_properties.cpp and the fuzz targets use it.
inline bool same_plan(const Plan& a, const Plan& b) {
  if (a.primary != b.primary || a.replicas_placed != b.replicas_placed) return false;
  if (a.placements.size() != b.placements.size() || a.unplaced.size() != b.unplaced.size()) return false;
  for (std::size_t i = 0; i < a.placements.size(); ++i)
    if (a.placements[i].job != b.placements[i].job || a.placements[i].cluster != b.placements[i].cluster ||
        a.placements[i].nodes != b.placements[i].nodes)
      return false;
  for (std::size_t i = 0; i < a.unplaced.size(); ++i)
    if (a.unplaced[i].job != b.unplaced[i].job || a.unplaced[i].reasons != b.unplaced[i].reasons ||
        a.unplaced[i].hints != b.unplaced[i].hints)
      return false;
  if (a.clusters.size() != b.clusters.size()) return false;
  for (std::size_t c = 0; c < a.clusters.size(); ++c)
    if (a.clusters[c].held != b.clusters[c].held || a.clusters[c].capacity != b.clusters[c].capacity ||
        a.clusters[c].limit != b.clusters[c].limit || a.clusters[c].stranded != b.clusters[c].stranded)
      return false;
  return true;
}

/// Checks one plan of `jobs` on `inv` under `policy`; returns one line per broken promise.
class PlanChecker {
 public:
  PlanChecker(const Policy& policy, const Inventory& inv, const std::vector<Job>& jobs, const PlaceOptions& options)
      : p_(policy), inv_(inv), jobs_(jobs), options_(options), R_(policy.resources.size()) {}

  std::vector<std::string> check(const Plan& plan) {
    bad_.clear();
    if (!decided_once(plan)) return bad_;
    start();
    std::size_t replicas = 0;
    for (const auto& pl : plan.placements) {
      if (!gang(pl)) continue;
      add(pl);
      replicas += pl.nodes.size();
    }
    if (plan.replicas_placed != replicas)
      bad_.push_back(fmt::format("replicas_placed {} != {} replicas in the placements", plan.replicas_placed, replicas));
    // Not checked for an inventory without clusters: the engine then gives no reason at all
    // (reported; it gives one reason per cluster it tried, and there is none).
    for (const auto& u : plan.unplaced)
      if (u.reasons.empty() && !inv_.clusters.empty())
        bad_.push_back(fmt::format("{} unplaced without a reason", name(u.job)));
    cluster_totals(plan);
    return bad_;
  }

 private:
  std::string name(std::size_t j) const { return fmt::format("job #{} '{}'", j, jobs_[j].name); }

  std::optional<Amount> limit(std::optional<std::size_t> tier, Scope scope, std::size_t r) const {
    if (!tier) return std::nullopt;
    const Limit* l = p_.tiers[*tier].limit(scope, r);
    return l ? std::optional<Amount>(l->max) : std::nullopt;
  }


  /// Every job is in exactly one of the two lists, once.
  bool decided_once(const Plan& plan) {
    std::vector<int> seen(jobs_.size(), 0);
    for (const auto& pl : plan.placements)
      if (pl.job < seen.size()) ++seen[pl.job];
      else bad_.push_back(fmt::format("placement of job #{} which does not exist", pl.job));
    for (const auto& u : plan.unplaced)
      if (u.job < seen.size()) ++seen[u.job];
      else bad_.push_back(fmt::format("unplaced job #{} which does not exist", u.job));
    for (std::size_t j = 0; j < seen.size(); ++j)
      if (seen[j] != 1) bad_.push_back(fmt::format("{} decided {} times", name(j), seen[j]));
    return bad_.empty();
  }

  /// What the inventory says is in use before the plan.
  void start() {
    node_.assign(inv_.nodes.size(), std::vector<Wide>(R_, 0));
    cluster_.assign(inv_.clusters.size(), std::vector<Wide>(R_, 0));
    for (std::size_t n = 0; n < inv_.nodes.size(); ++n)
      for (std::size_t r = 0; r < R_; ++r) {
        node_[n][r] = inv_.nodes[n].allocated[r];
        cluster_[inv_.nodes[n].cluster][r] += inv_.nodes[n].allocated[r];
      }
    user_.clear();
    team_.clear();
    for (const auto& [who, a] : inv_.user_usage)
      for (std::size_t r = 0; r < a.size() && r < R_; ++r) held(user_, who)[r] = a[r];
    for (const auto& [who, a] : inv_.team_usage)
      for (std::size_t r = 0; r < a.size() && r < R_; ++r) held(team_, who)[r] = a[r];
  }

  std::vector<Wide>& held(std::map<std::string, std::vector<Wide>>& table, const std::string& who) {
    auto& row = table[who];
    if (row.empty()) row.assign(R_, 0);
    return row;
  }

  /// The group of replica `i`: replicas come group after group.
  static std::size_t group_of(const Job& j, std::size_t i) {
    for (std::size_t g = 0; g < j.groups.size(); ++g) {
      if (i < static_cast<std::size_t>(j.groups[g].replicas)) return g;
      i -= static_cast<std::size_t>(j.groups[g].replicas);
    }
    return j.groups.size() - 1;
  }

  /// A whole gang in one cluster (the pinned one), on nodes its strategy and selector allow.
  /// Returns false when its nodes cannot even be looked at.
  bool gang(const Placement& pl) {
    const Job& j = jobs_[pl.job];
    if (static_cast<Amount>(pl.nodes.size()) != j.replicas()) {
      bad_.push_back(fmt::format("{} has {} nodes for {} replicas", name(pl.job), pl.nodes.size(), j.replicas()));
      return false;
    }
    if (pl.nodes.empty()) return true;
    if (pl.cluster >= inv_.clusters.size()) {
      bad_.push_back(fmt::format("{} in cluster #{} which does not exist", name(pl.job), pl.cluster));
      return false;
    }
    const std::string& cname = inv_.clusters[pl.cluster].name;
    if (!j.cluster.empty() && cname != j.cluster)
      bad_.push_back(fmt::format("{} pinned to '{}' but placed in '{}'", name(pl.job), j.cluster, cname));
    const std::set<std::size_t> distinct(pl.nodes.begin(), pl.nodes.end());
    const Strategy strat = j.strategy.value_or(options_.strategy);
    if (strat == Strategy::strict_pack && distinct.size() != 1)
      bad_.push_back(fmt::format("{} is strict-pack but uses {} nodes", name(pl.job), distinct.size()));
    if (strat == Strategy::strict_spread && distinct.size() != pl.nodes.size())
      bad_.push_back(fmt::format("{} is strict-spread but uses {} nodes for {} replicas", name(pl.job), distinct.size(),
                                 pl.nodes.size()));
    for (auto n : distinct)
      if (n >= inv_.nodes.size() || inv_.nodes[n].cluster != pl.cluster) {
        bad_.push_back(fmt::format("{} has a replica on node #{} outside cluster '{}'", name(pl.job), n, cname));
        return false;
      }
    for (std::size_t i = 0; i < pl.nodes.size(); ++i) {
      const std::size_t n = pl.nodes[i];
      // strict-pack puts every group on one node: each group's selector must allow it.
      for (std::size_t g = 0; g < j.groups.size(); ++g)
        if ((strat == Strategy::strict_pack || g == group_of(j, i)) && !selector_matches(j.groups[g], inv_.nodes[n].labels))
          bad_.push_back(fmt::format("{} on node '{}' whose labels do not match", name(pl.job), inv_.nodes[n].name));
    }
    return true;
  }

  /// Adds a placed job, then checks every node it uses and every limit of its tier.
  void add(const Placement& pl) {
    const Job& j = jobs_[pl.job];
    if (pl.nodes.empty()) return;
    const auto tier = p_.tier_for(j.user, j.team);
    const auto team_tier = j.team.empty() ? std::nullopt : p_.tier_for_team(j.team);
    std::vector<Wide> total(R_);
    for (std::size_t r = 0; r < R_; ++r) {
      for (const auto& g : j.groups) total[r] += static_cast<Wide>(g.request[r]) * g.replicas;
      if (total[r] > kMaxAmount) bad_.push_back(fmt::format("{} placed, but its total {} overflows", name(pl.job), r));
    }
    for (std::size_t i = 0; i < pl.nodes.size(); ++i)
      for (std::size_t r = 0; r < R_; ++r) node_[pl.nodes[i]][r] += j.groups[group_of(j, i)].request[r];
    auto over = [](std::optional<Amount> lim, Wide v) { return lim && v > *lim; };
    for (std::size_t r = 0; r < R_; ++r) {
      const std::string& res = p_.resources[r].name;
      // A node's per-node limit binds the replicas that ask for the resource on it.
      std::set<std::size_t> asking;
      for (std::size_t i = 0; i < pl.nodes.size(); ++i)
        if (j.groups[group_of(j, i)].asks(r) || (j.strategy.value_or(options_.strategy) == Strategy::strict_pack && j.asks(r)))
          asking.insert(pl.nodes[i]);
      for (auto n : std::set<std::size_t>(pl.nodes.begin(), pl.nodes.end())) {
        if (node_[n][r] > inv_.nodes[n].capacity[r])
          bad_.push_back(fmt::format("after {}: node '{}' holds more {} than its capacity", name(pl.job),
                                     inv_.nodes[n].name, res));
        if (asking.count(n) && over(limit(tier, Scope::node, r), node_[n][r]))
          bad_.push_back(fmt::format("after {}: node '{}' is over the per-node {} limit", name(pl.job),
                                     inv_.nodes[n].name, res));
      }
      if (total[r] == 0) continue;
      cluster_[pl.cluster][r] += total[r];
      if (over(limit(tier, Scope::cluster, r), cluster_[pl.cluster][r]))
        bad_.push_back(fmt::format("after {}: cluster '{}' is over the per-cluster {} limit", name(pl.job),
                                   inv_.clusters[pl.cluster].name, res));
      if (over(limit(tier, Scope::job, r), total[r]))
        bad_.push_back(fmt::format("{} is over the per-job {} limit", name(pl.job), res));
      if (!j.user.empty()) {
        auto& h = held(user_, j.user)[r];
        h += total[r];
        if (over(limit(tier, Scope::user, r), h))
          bad_.push_back(fmt::format("after {}: user '{}' is over the per-user {} limit", name(pl.job), j.user, res));
      }
      if (!j.team.empty()) {
        auto& h = held(team_, j.team)[r];
        h += total[r];
        if (over(limit(team_tier, Scope::team, r), h))
          bad_.push_back(fmt::format("after {}: team '{}' is over the per-team {} limit", name(pl.job), j.team, res));
      }
    }
  }

  /// What the plan says each cluster holds and has: sums saturated at the largest amount.
  void cluster_totals(const Plan& plan) {
    if (plan.clusters.size() != inv_.clusters.size()) {
      bad_.push_back(fmt::format("{} cluster totals for {} clusters", plan.clusters.size(), inv_.clusters.size()));
      return;
    }
    auto sat = [](Wide v) { return static_cast<Amount>(v > kMaxAmount ? kMaxAmount : v); };
    for (std::size_t c = 0; c < inv_.clusters.size(); ++c) {
      const auto& cu = plan.clusters[c];
      std::vector<Wide> capacity(R_, 0);
      for (auto n : inv_.clusters[c].nodes)
        for (std::size_t r = 0; r < R_; ++r) capacity[r] += inv_.nodes[n].capacity[r];
      if (cu.held.size() != R_ || cu.capacity.size() != R_) {
        bad_.push_back(fmt::format("cluster '{}': totals for {} resources", inv_.clusters[c].name, cu.held.size()));
        continue;
      }
      for (std::size_t r = 0; r < R_; ++r) {
        if (cu.held[r] != sat(cluster_[c][r]))
          bad_.push_back(fmt::format("cluster '{}': held {} differs from allocated + placed", inv_.clusters[c].name,
                                     p_.resources[r].name));
        if (cu.capacity[r] != sat(capacity[r]))
          bad_.push_back(fmt::format("cluster '{}': capacity {} differs from the sum of its nodes",
                                     inv_.clusters[c].name, p_.resources[r].name));
      }
    }
  }

  const Policy& p_;
  const Inventory& inv_;
  const std::vector<Job>& jobs_;
  const PlaceOptions& options_;
  const std::size_t R_;
  std::vector<std::string> bad_;
  std::vector<std::vector<Wide>> node_, cluster_;  // [node][r], [cluster][r]: allocated + placed
  std::map<std::string, std::vector<Wide>> user_, team_;
};

}  // namespace allot::test
