#include "place/placement.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>

#include "place/explain.hpp"
#include "place/failures.hpp"
#include "place/order.hpp"
#include "place/selectors.hpp"
#include "place/summary.hpp"
#include "place/usage.hpp"

namespace allot {
namespace {

using namespace place_detail;

/// The placement engine: decides each job in turn, on top of what is placed so far. Usage
/// keeps each cluster's nodes ordered by free amount, so best fit (pack) and most free
/// (spread) are a lower_bound and a walk, not a scan of every node.
class Engine {
 public:
  Engine(const Policy& policy, const Inventory& inv, const std::vector<Job>& jobs, const PlaceOptions& options)
      : policy_(policy),
        inv_(inv),
        jobs_(jobs),
        options_(options),
        R_(policy.resources.size()),
        primary_(policy.find_resource("gpu").value_or(0)),
        gpu_declared_(policy.find_resource("gpu").has_value()),
        usage_(inv, R_, primary_),
        holdings_(inv),
        selectors_(inv, jobs),
        failures_(inv.clusters.size()),
        explainer_(policy, inv, usage_, holdings_, selectors_) {
    for (std::size_t c = 0; c < inv.clusters.size(); ++c) cluster_index_.emplace(inv.clusters[c].name, c);
    // What the fleet sets are asked about: a replica's request of each group, and the whole
    // gang for strict-pack (what find_cluster and the explainer look for room for). Only
    // those: each amount is a bucket that every use may have to move a node across. An
    // amount left out is only answered the slow way.
    std::vector<std::vector<Amount>> amounts(R_);
    for (const auto& j : jobs)
      for (std::size_t r = 0; r < R_; ++r) {
        auto add = [&](Amount a) {  // one group asks one amount twice
          if (amounts[r].empty() || amounts[r].back() != a) amounts[r].push_back(a);
        };
        for (const auto& g : j.groups) add(g.request[r]);
        add(j.largest_request(r));
        if (strategy(j) == Strategy::strict_pack) add(j.total(r).value_or(kMaxAmount));
      }
    usage_.set_fleet_amounts(std::move(amounts));
  }

  Plan run() {
    plan_.primary = primary_;
    for (auto j : decision_order(inv_, jobs_, R_, options_.order_by_size)) {
      place_job(j);
      if (options_.decided != nullptr) options_.decided->fetch_add(1, std::memory_order_relaxed);
    }
    plan_.clusters = cluster_usage(policy_, inv_, jobs_, usage_, selectors_, primary_);
    return std::move(plan_);
  }

 private:
  Strategy strategy(const Job& j) const { return j.strategy.value_or(options_.strategy); }
  static bool spreads(Strategy s) { return s == Strategy::spread || s == Strategy::strict_spread; }

  /// Whether node `n` takes `need` for group `g` of job `ji` of `tier`: room for it and a
  /// matching selector.
  bool fits(std::size_t n, const std::vector<Amount>& need, const Tier* tier, std::size_t ji, std::size_t g) const {
    for (std::size_t r = 0; r < R_; ++r)
      if (need[r] > 0 && usage_.room(n, r, tier) < need[r]) return false;
    return selectors_.matches(ji, g, n);
  }

  /// replicas x request per resource over the groups, saturated; `overflow` set when one does
  /// not fit an Amount.
  std::vector<Amount> totals(const Job& j, bool& overflow) const {
    std::vector<Amount> t(R_, 0);
    for (std::size_t r = 0; r < R_; ++r) {
      auto v = j.total(r);
      if (!v) overflow = true;
      t[r] = v.value_or(kMaxAmount);
    }
    return t;
  }

  /// The most one replica of any group asks of each resource: what some node must have.
  std::vector<Amount> largest(const Job& j) const {
    std::vector<Amount> most(R_, 0);
    for (std::size_t r = 0; r < R_; ++r) most[r] = j.largest_request(r);
    return most;
  }

  void place_job(std::size_t ji) {
    const Job& j = jobs_[ji];
    const auto ti = policy_.tier_for(j.user, j.team);
    const Tier* tier = ti ? &policy_.tiers[*ti] : nullptr;
    if (j.volume) return place_volume(ji, tier);
    if (j.per_node) return place_daemon_set(ji, tier);
    bool overflow = false;
    const auto total = totals(j, overflow);
    std::vector<Reason> limits = explainer_.limit_blocks(j, strategy(j), tier, total);
    if (overflow) limits.emplace_back(TotalOverflow{});
    if (limits.empty() && j.replicas() > 0) {
      std::vector<std::size_t> nodes;
      if (const auto c = find_cluster(ji, tier, total, nodes)) {
        commit(ji, *c, total, std::move(nodes));
        return;
      }
    } else if (limits.empty()) {
      plan_.placements.push_back({ji, 0, {}});  // nothing to place
      return;
    }
    Unplaced u{ji, std::move(limits), {}};
    explainer_.explain_clusters(j, ji, strategy(j), tier, total, clusters_for(j), options_.near_misses, u);
    plan_.unplaced.push_back(std::move(u));
  }

  /// A volume claim is on no node: it only adds to what its user and team hold, within their
  /// limits.
  void place_volume(std::size_t ji, const Tier* tier) {
    const Job& j = jobs_[ji];
    bool overflow = false;
    const auto total = totals(j, overflow);
    std::vector<Reason> limits;
    for (auto& r : explainer_.limit_blocks(j, Strategy::pack, tier, total))
      if (const auto* b = std::get_if<LimitBlock>(&r); b && (b->scope == LimitScope::user || b->scope == LimitScope::team))
        limits.push_back(std::move(r));
    if (overflow) limits.emplace_back(TotalOverflow{});
    if (!limits.empty()) {
      plan_.unplaced.push_back({ji, std::move(limits), {}});
      return;
    }
    holdings_.add(j.user, j.team, total);
    plan_.placements.push_back({ji, 0, {}});
  }

  /// A DaemonSet: one pod on every node of one cluster that its node selector matches. The
  /// clusters are tried in inventory order (only the pinned one, if any); the first whose
  /// matching nodes all have room, within every limit for that many pods, takes it.
  void place_daemon_set(std::size_t ji, const Tier* tier) {
    const Job& j = jobs_[ji];
    Unplaced u{ji, {}, {}};
    std::vector<std::size_t> clusters;
    for (std::size_t c = 0; c < inv_.clusters.size(); ++c)
      if (j.cluster.empty() || inv_.clusters[c].name == j.cluster) clusters.push_back(c);
    bool any_match = false;
    for (auto c : clusters) {
      std::vector<std::size_t> nodes;
      for (auto n : inv_.clusters[c].nodes)
        if (selectors_.matches(ji, 0, n)) nodes.push_back(n);
      any_match = any_match || !nodes.empty();
      Job as_placed = j;  // the DaemonSet as this cluster would run it
      as_placed.groups.front().replicas = static_cast<Amount>(std::max<std::size_t>(nodes.size(), 1));
      bool overflow = false;
      const auto total = totals(as_placed, overflow);
      auto limits = explainer_.limit_blocks(as_placed, Strategy::strict_spread, tier, total);
      if (overflow) limits.emplace_back(TotalOverflow{});
      const auto& request = j.groups.front().request;
      if (!nodes.empty() && limits.empty() && cluster_limit_ok(c, tier, total) &&
          std::all_of(nodes.begin(), nodes.end(), [&](std::size_t n) { return fits(n, request, tier, ji, 0); })) {
        for (auto n : nodes) usage_.use(n, request, +1);
        commit(ji, c, total, std::move(nodes));
        return;
      }
      for (auto& r : limits)
        if (std::find(u.reasons.begin(), u.reasons.end(), r) == u.reasons.end()) u.reasons.push_back(std::move(r));
      explainer_.explain_clusters(as_placed, ji, Strategy::strict_spread, tier, total, Explainer::Clusters{{c}, false},
                                options_.near_misses, u);
    }
    if (clusters.empty()) u.reasons.emplace_back(UnknownCluster{j.cluster});
    if (!clusters.empty() && !any_match) {  // as in Kubernetes: no matching node, no pod
      plan_.placements.push_back({ji, 0, {}});
      return;
    }
    plan_.unplaced.push_back(std::move(u));
  }

  /// The first cluster, in the order the strategy prefers, that holds the whole gang: tightest
  /// first for pack, most free first for spread (the primary resource's free total decides;
  /// ties go to input order); only the pinned one if the job names one. Clusters with less of
  /// the primary resource free than the gang needs are never visited.
  std::optional<std::size_t> find_cluster(std::size_t ji, const Tier* tier, const std::vector<Amount>& total,
                                          std::vector<std::size_t>& nodes) {
    const Job& j = jobs_[ji];
    const std::size_t tier_key = tier == nullptr ? 0 : static_cast<std::size_t>(tier - policy_.tiers.data()) + 1;
    // Known failures hold for gangs of one shape only: the greedy walk is exact for them.
    const bool memo = j.groups.size() == 1;
    auto* failures = memo ? &failures_.of(strategy(j), tier_key, selectors_.id(ji, 0)) : nullptr;
    const auto per_node = strategy(j) == Strategy::strict_pack ? total : largest(j);
    auto works = [&](std::size_t c) {
      if (memo && FailureMemo::known((*failures)[c], j.groups[0])) return false;
      // For one group, a cluster none of whose nodes has room for one replica (the gang, for
      // strict-pack) is ruled out by the node that fewest have enough of, which is cheaper
      // than failing a walk by the key resource; full clusters come first for pack.
      if (may_fit(c, per_node) && cluster_limit_ok(c, tier, total) && cluster_has_room(c, total) &&
          (!memo || usage_.set_has_room(c, per_node)) && try_cluster(ji, c, tier, nodes))
        return true;
      if (memo) FailureMemo::remember((*failures)[c], j.groups[0]);
      return false;
    };
    const Amount need = total[primary_];
    if (!j.cluster.empty()) {
      const auto it = cluster_index_.find(j.cluster);
      if (it != cluster_index_.end() && works(it->second)) return it->second;
      return std::nullopt;
    }
    // When no node of the fleet that the selector allows has room for one replica (the gang,
    // for strict-pack), no cluster holds the gang: that is one question to the fleet set
    // instead of a visit to every cluster, which for each job left unplaced grows with the
    // fleet. For one group only, where per_node is what a replica asks. The clusters not
    // visited are not noted as failures either; the memo only ever spares work.
    if (memo && !explainer_.fleet_room(explainer_.fleet_set(selectors_.id(ji, 0)), per_node)) return std::nullopt;
    if (spreads(strategy(j))) {
      const auto& order = usage_.clusters_by_free_desc();
      for (auto it = order.begin(); it != order.end() && -it->first >= need; ++it)
        if (works(it->second)) return it->second;
    } else {
      const auto& order = usage_.clusters_by_free();
      for (auto it = order.lower_bound({need, 0}); it != order.end(); ++it)
        if (works(it->second)) return it->second;
    }
    return std::nullopt;
  }

  /// The clusters a job could go to, for explanations: the one it names, or every cluster,
  /// in the order find_cluster tries them (which the explainer reads itself).
  Explainer::Clusters clusters_for(const Job& j) const {
    Explainer::Clusters cs;
    cs.every = j.cluster.empty();
    if (const auto it = cluster_index_.find(j.cluster); !cs.every && it != cluster_index_.end())
      cs.listed.push_back(it->second);
    return cs;
  }

  /// Whether some node of cluster `c` could hold what the job puts on one node, resource by
  /// resource: a constant-time test that spares walking clusters that cannot work.
  bool may_fit(std::size_t c, const std::vector<Amount>& need) const {
    for (std::size_t r = 0; r < R_; ++r) {
      const auto& index = usage_.nodes_by_free(c, r);
      if (need[r] > 0 && (index.empty() || index.rbegin()->first < need[r])) return false;
    }
    return true;
  }

  bool cluster_limit_ok(std::size_t c, const Tier* tier, const std::vector<Amount>& total) const {
    if (tier == nullptr) return true;
    for (std::size_t r = 0; r < R_; ++r)
      if (const Limit* l = tier->limit(Scope::cluster, r);
          l && total[r] > 0 && sat_add(usage_.cluster_used(c, r), total[r]) > l->max)
        return false;
    return true;
  }

  bool cluster_has_room(std::size_t c, const std::vector<Amount>& total) const {
    for (std::size_t r = 0; r < R_; ++r)
      if (total[r] > usage_.cluster_free(c, r)) return false;
    return true;
  }

  /// The resource whose node index a replica of `request` walks: the primary one if it asks
  /// for it, else the one it needs the largest share of in cluster `c`.
  std::size_t key_resource(const std::vector<Amount>& request, std::size_t c) const {
    if (request[primary_] > 0) return primary_;
    std::size_t best = primary_;
    __extension__ typedef __int128 i128;
    i128 best_num = 0, best_den = 1;
    for (std::size_t r = 0; r < R_; ++r) {
      const Amount cap = std::max<Amount>(1, usage_.cluster_free(c, r));
      if (static_cast<i128>(request[r]) * best_den > best_num * cap) best = r, best_num = request[r], best_den = cap;
    }
    return best;
  }

  /// Tries to put every replica in cluster `c`, group by group, the largest replicas of the
  /// primary resource first (a GPU worker is harder to place than a CPU head); on failure
  /// nothing of the attempt remains. Nodes are walked ordered by the group's key resource:
  /// GPUs for GPU replicas (so pack fills GPU nodes best-fit), else what they ask most of;
  /// nodes without enough of it are never seen. Spreading counts every replica of the gang.
  bool try_cluster(std::size_t ji, std::size_t c, const Tier* tier, std::vector<std::size_t>& nodes) {
    const Job& j = jobs_[ji];
    if (strategy(j) == Strategy::strict_pack) return gang_on_one_node(ji, c, tier, nodes);
    std::vector<std::size_t> offset(j.groups.size(), 0), order(j.groups.size());
    for (std::size_t g = 0; g < j.groups.size(); ++g) {
      order[g] = g;
      if (g > 0) offset[g] = offset[g - 1] + static_cast<std::size_t>(j.groups[g - 1].replicas);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return j.groups[a].request[primary_] > j.groups[b].request[primary_];
    });
    nodes.assign(static_cast<std::size_t>(j.replicas()), 0);
    std::vector<std::pair<std::size_t, std::size_t>> done;  // (node, group), to undo
    std::set<std::size_t> taken;
    auto undo = [&] {
      for (auto [n, g] : done) usage_.use(n, j.groups[g].request, -1);
      nodes.clear();
      return false;
    };
    for (auto g : order) {
      const Group& group = j.groups[g];
      const std::size_t k = key_resource(group.request, c);
      for (Amount i = 0; i < group.replicas; ++i) {
        const auto pick = pick_node(ji, g, c, k, tier, taken);
        if (!pick) return undo();
        usage_.use(*pick, group.request, +1);
        done.emplace_back(*pick, g);
        nodes[offset[g] + static_cast<std::size_t>(i)] = *pick;
        taken.insert(*pick);
      }
    }
    return true;
  }

  /// strict-pack: the tightest node that takes every replica at once, by the key resource of
  /// the whole gang; its node selectors must all allow the node.
  bool gang_on_one_node(std::size_t ji, std::size_t c, const Tier* tier, std::vector<std::size_t>& nodes) {
    const Job& j = jobs_[ji];
    bool overflow = false;
    const auto total = totals(j, overflow);
    if (overflow) return false;
    const std::size_t k = key_resource(total, c);
    std::vector<const Usage::Index*> indexes;
    if (cpu_only(total)) indexes.push_back(&usage_.plain_nodes_by_free(c, k));  // GPU-aware, as pick_node
    indexes.push_back(&usage_.nodes_by_free(c, k));
    for (const auto* index : indexes)
      for (auto it = index->lower_bound({total[k], 0}); it != index->end(); ++it) {
        const std::size_t n = it->second;
        bool all = fits(n, total, tier, ji, 0);
        for (std::size_t g = 1; all && g < j.groups.size(); ++g) all = selectors_.matches(ji, g, n);
        if (all) {
          nodes.assign(static_cast<std::size_t>(j.replicas()), n);
          usage_.use(n, total, +1);
          return true;
        }
      }
    nodes.clear();
    return false;
  }

  /// The node for the next replica of group `g` of job `ji`, given the nodes its earlier
  /// replicas took: pack takes the tightest that fits; spread the one with the most free,
  /// preferring nodes the gang does not use yet (strict-spread only those).
  std::optional<std::size_t> pick_node(std::size_t ji, std::size_t g, std::size_t c, std::size_t k, const Tier* tier,
                                       const std::set<std::size_t>& taken) const {
    // GPU-aware: a replica that asks for no GPU looks at the nodes without GPUs first, so
    // that it leaves GPU nodes to the GPU replicas that come later.
    if (cpu_only(jobs_[ji].groups[g].request))
      if (auto n = pick_in(usage_.plain_nodes_by_free(c, k), ji, g, k, tier, taken)) return n;
    return pick_in(usage_.nodes_by_free(c, k), ji, g, k, tier, taken);
  }

  /// Whether a replica of `request` asks for none of the primary resource, which is gpu, and
  /// --gpu-aware asks to keep GPU nodes for GPU replicas.
  bool cpu_only(const std::vector<Amount>& request) const {
    return options_.gpu_aware && gpu_declared_ && request[primary_] == 0;
  }

  /// pick_node within the nodes of `index`.
  std::optional<std::size_t> pick_in(const Usage::Index& index, std::size_t ji, std::size_t g, std::size_t k,
                                     const Tier* tier, const std::set<std::size_t>& taken) const {
    const auto strat = strategy(jobs_[ji]);
    const auto& request = jobs_[ji].groups[g].request;
    const Amount key_need = request[k];
    if (!spreads(strat)) {
      for (auto it = index.lower_bound({key_need, 0}); it != index.end(); ++it)
        if (fits(it->second, request, tier, ji, g)) return it->second;
      return std::nullopt;
    }
    for (int pass = 0; pass < 2; ++pass) {
      if (pass == 1 && strat == Strategy::strict_spread) break;
      for (auto it = index.rbegin(); it != index.rend() && it->first >= key_need; ++it)
        if ((pass == 1 || !taken.count(it->second)) && fits(it->second, request, tier, ji, g)) return it->second;
    }
    return std::nullopt;
  }

  void commit(std::size_t ji, std::size_t c, const std::vector<Amount>& total, std::vector<std::size_t> nodes) {
    const Job& j = jobs_[ji];
    usage_.commit(c, total);
    holdings_.add(j.user, j.team, total);
    plan_.replicas_placed += nodes.size();
    plan_.placements.push_back({ji, c, std::move(nodes)});
  }

  const Policy& policy_;
  const Inventory& inv_;
  const std::vector<Job>& jobs_;
  const PlaceOptions& options_;
  const std::size_t R_;
  const std::size_t primary_;  // the resource clusters are ordered by (gpu if declared)
  const bool gpu_declared_;
  Usage usage_;
  Holdings holdings_;
  NodeSelectors selectors_;
  FailureMemo failures_;
  Explainer explainer_;
  std::unordered_map<std::string, std::size_t> cluster_index_;  // name -> cluster
  Plan plan_;
};

}  // namespace

Plan place(const Policy& policy, const Inventory& inventory, const std::vector<Job>& jobs, const PlaceOptions& options) {
  return Engine(policy, inventory, jobs, options).run();
}

}  // namespace allot
