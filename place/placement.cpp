#include "place/placement.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

namespace allot {
namespace {

std::string short_location(const Location& l) { return fmt::format("{}:{}:{}", l.file.str(), l.line, l.column); }

bool selector_matches(const Job& job, const Labels& labels) {
  for (const auto& [k, v] : job.node_selector) {
    auto it = std::find_if(labels.begin(), labels.end(), [&key = k](const auto& l) { return l.first == key; });
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

std::string selector_text(const Job& job) {
  std::string s;
  for (const auto& [k, v] : job.node_selector) s += fmt::format("{}{}={}", s.empty() ? "" : ",", k, v);
  return s;
}

/// The placement engine. Node usage lives in one flat array; each cluster keeps its nodes
/// ordered by the free amount of the primary resource, so best fit (pack) and most free
/// (spread) are a lower_bound and a walk, not a scan of every node.
class Engine {
 public:
  Engine(const Policy& policy, const Inventory& inv, const std::vector<Job>& jobs, const PlaceOptions& options)
      : policy_(policy), inv_(inv), jobs_(jobs), options_(options), R_(policy.resources.size()) {
    plan_.primary = policy.find_resource("gpu").value_or(0);
    used_.assign(inv.nodes.size() * R_, 0);
    cluster_used_.assign(inv.clusters.size() * R_, 0);
    cluster_free_.assign(inv.clusters.size() * R_, 0);
    by_free_.assign(inv.clusters.size(), std::vector<Index>(R_));
    for (std::size_t n = 0; n < inv.nodes.size(); ++n) {
      const Node& node = inv.nodes[n];
      for (std::size_t r = 0; r < R_; ++r) {
        used_[n * R_ + r] = node.allocated[r];
        cluster_used_[node.cluster * R_ + r] = sat_add(cluster_used_[node.cluster * R_ + r], node.allocated[r]);
        cluster_free_[node.cluster * R_ + r] = sat_add(cluster_free_[node.cluster * R_ + r], free(n, r));
      }
      for (std::size_t r = 0; r < R_; ++r) by_free_[node.cluster][r].insert({free(n, r), n});
    }
    for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
      cluster_key_.push_back(cluster_free_[c * R_ + plan_.primary]);
      by_cluster_free_.insert({cluster_key_[c], c});
      by_cluster_free_desc_.insert({-cluster_key_[c], c});
      cluster_index_.emplace(inv.clusters[c].name, c);
    }
    // Labels never change, so which nodes a selector matches is worked out once per distinct
    // selector, when a job first needs it.
    std::unordered_map<std::string, std::size_t> selector_ids;
    job_selector_.assign(jobs.size(), 0);
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      if (jobs[j].node_selector.empty()) continue;
      const auto [it, added] = selector_ids.emplace(selector_key(jobs[j]), selector_ids.size() + 1);
      job_selector_[j] = it->second;
    }
    selector_matches_.resize(selector_ids.size() + 1);
    for (const auto& [user, amounts] : inv.user_usage) user_held_[user] = amounts;
    for (const auto& [team, amounts] : inv.team_usage) team_held_[team] = amounts;
  }

  Plan run() {
    for (auto j : order()) place_job(j);
    summarize();
    return std::move(plan_);
  }

 private:
  static Amount sat_add(Amount a, Amount b) { return checked_add(a, b).value_or(kMaxAmount); }

  Amount free(std::size_t n, std::size_t r) const {
    return std::max<Amount>(0, inv_.nodes[n].capacity[r] - used_[n * R_ + r]);
  }

  Strategy strategy(const Job& j) const { return j.strategy.value_or(options_.strategy); }

  static std::string selector_key(const Job& j) {
    std::string key;
    for (const auto& [k, v] : j.node_selector) fmt::format_to(std::back_inserter(key), "{}:{}={}:{};", k.size(), k, v.size(), v);
    return key;
  }

  /// Whether node `n`'s labels match the selector of `job` (one of jobs_).
  bool matches(const Job& job, std::size_t n) const {
    const std::size_t id = job_selector_[static_cast<std::size_t>(&job - jobs_.data())];
    if (id == 0) return true;
    auto& table = selector_matches_[id];
    if (table.empty()) {
      table.reserve(inv_.nodes.size());
      for (const auto& node : inv_.nodes) table.push_back(selector_matches(job, node.labels));
    }
    return table[n];
  }

  /// The job's share of the inventory's largest resource: its size for --order size.
  std::vector<std::size_t> order() const {
    std::vector<std::size_t> idx(jobs_.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::vector<Amount> total_cap(R_, 0);
    for (const auto& n : inv_.nodes)
      for (std::size_t r = 0; r < R_; ++r) total_cap[r] = sat_add(total_cap[r], n.capacity[r]);
    // Dominant share of each job, as an exact fraction (computed once, compared with
    // 128-bit cross products).
    __extension__ typedef __int128 i128;
    std::vector<std::pair<i128, i128>> share(jobs_.size(), {0, 1});
    if (options_.order_by_size)
      for (std::size_t j = 0; j < jobs_.size(); ++j)
        for (std::size_t r = 0; r < R_; ++r) {
          if (total_cap[r] == 0) continue;
          const i128 num = static_cast<i128>(jobs_[j].request[r]) * jobs_[j].replicas;
          if (num * share[j].second > share[j].first * total_cap[r]) share[j] = {num, total_cap[r]};
        }
    auto bigger = [&](std::size_t a, std::size_t b) {
      const i128 lhs = share[a].first * share[b].second, rhs = share[b].first * share[a].second;
      if (lhs != rhs) return lhs > rhs;
      if (jobs_[a].name != jobs_[b].name) return jobs_[a].name < jobs_[b].name;
      return a < b;
    };
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      if (jobs_[a].priority != jobs_[b].priority) return jobs_[a].priority > jobs_[b].priority;
      if (options_.order_by_size) return bigger(a, b);
      return a < b;
    });
    return idx;
  }

  /// How much of resource `r` node `n` can still take for a job of `tier`.
  Amount room(std::size_t n, std::size_t r, const Tier* tier) const {
    Amount room = free(n, r);
    if (tier != nullptr)
      if (const Limit* l = tier->limit(Scope::node, r)) room = std::min(room, std::max<Amount>(0, l->max - used_[n * R_ + r]));
    return room;
  }

  bool fits(std::size_t n, const std::vector<Amount>& need, const Tier* tier, const Job& job) const {
    for (std::size_t r = 0; r < R_; ++r)
      if (need[r] > 0 && room(n, r, tier) < need[r]) return false;
    return matches(job, n);
  }

  void use(std::size_t n, const std::vector<Amount>& amount, int sign) {
    const std::size_t c = inv_.nodes[n].cluster;
    for (std::size_t r = 0; r < R_; ++r) {
      if (amount[r] == 0) continue;
      const Amount before = free(n, r);
      by_free_[c][r].erase({before, n});
      used_[n * R_ + r] += sign * amount[r];
      cluster_free_[c * R_ + r] += free(n, r) - before;
      by_free_[c][r].insert({free(n, r), n});
    }
  }

  std::vector<Amount> totals(const Job& j, bool& overflow) const {
    std::vector<Amount> t(R_, 0);
    for (std::size_t r = 0; r < R_; ++r) {
      auto v = checked_mul(j.request[r], j.replicas);
      if (!v) overflow = true;
      t[r] = v.value_or(kMaxAmount);
    }
    return t;
  }

  std::string amount_text(std::size_t r, Amount a) const { return format_quantity(a, policy_.resources[r].kind); }

  /// Limits that block the job wherever it goes: per job, per user, per team, per node.
  void limit_reasons(const Job& j, const Tier* tier, const std::vector<Amount>& total, std::vector<std::string>& out) const {
    auto row_of = [&](const auto& table, const std::string& who) {
      auto it = table.find(who);
      return it == table.end() || it->second.empty() ? nullptr : &it->second;
    };
    const std::vector<Amount>* user_row = j.user.empty() ? nullptr : row_of(user_held_, j.user);
    const std::vector<Amount>* team_row = j.team.empty() ? nullptr : row_of(team_held_, j.team);
    auto held = [&](const std::vector<Amount>* row, std::size_t r) { return row == nullptr ? Amount{0} : (*row)[r]; };
    const Tier* team_tier = nullptr;
    if (!j.team.empty())
      if (const auto t = policy_.tier_for_team(j.team); t.has_value()) team_tier = &policy_.tiers[*t];
    for (std::size_t r = 0; r < R_; ++r) {
      if (total[r] == 0 && j.request[r] == 0) continue;
      const auto& name = policy_.resources[r].name;
      auto say = [&](const Limit& l, std::string what, Amount value, std::string_view scope, const Tier& t) {
        out.push_back(fmt::format("limit: {} {} {} > {} (per {}, tier {}, {})", what, name, amount_text(r, value),
                                  amount_text(r, l.max), scope, t.name, short_location(l.location)));
      };
      if (tier != nullptr) {
        if (const Limit* l = tier->limit(Scope::job, r); l && total[r] > l->max)
          say(*l, "the job would take", total[r], "job", *tier);
        if (const Limit* l = tier->limit(Scope::user, r); l && !j.user.empty()) {
          const Amount v = sat_add(held(user_row, r), total[r]);
          if (v > l->max) say(*l, fmt::format("user '{}' would hold", j.user), v, "user", *tier);
        }
        const Amount per_node = strategy(j) == Strategy::strict_pack ? total[r] : j.request[r];
        if (const Limit* l = tier->limit(Scope::node, r); l && per_node > l->max)
          say(*l, strategy(j) == Strategy::strict_pack ? "the whole gang on one node would need" : "a replica needs",
              per_node, "node", *tier);
        if (const Limit* l = tier->limit(Scope::cluster, r); l && total[r] > l->max)
          say(*l, "the gang in one cluster would need", total[r], "cluster", *tier);
      }
      if (team_tier != nullptr)
        if (const Limit* l = team_tier->limit(Scope::team, r)) {
          const Amount v = sat_add(held(team_row, r), total[r]);
          if (v > l->max) say(*l, fmt::format("team '{}' would hold", j.team), v, "team", *team_tier);
        }
    }
  }

  /// Tries to put every replica in cluster `c`; on failure nothing of the attempt remains.
  bool try_cluster(const Job& j, std::size_t c, const Tier* tier, std::vector<std::size_t>& nodes) {
    const auto strat = strategy(j);
    const auto& req = j.request;
    // Walk the nodes ordered by the job's key resource: GPUs for a GPU job (so pack fills
    // GPU nodes best-fit), else what it asks most of; nodes without enough of it are never seen.
    const std::size_t k = key_resource(j, c);
    const Amount primary = req[k];
    auto& index = by_free_[c][k];
    nodes.clear();
    auto undo = [&] {
      for (auto n : nodes) use(n, req, -1);
      nodes.clear();
      return false;
    };
    if (strat == Strategy::strict_pack) {
      bool overflow = false;
      const auto total = totals(j, overflow);
      if (overflow) return false;
      for (auto it = index.lower_bound({total[k], 0}); it != index.end(); ++it)
        if (fits(it->second, total, tier, j)) {
          for (Amount i = 0; i < j.replicas; ++i) {
            nodes.push_back(it->second);
          }
          use(it->second, total, +1);
          return true;
        }
      return false;
    }
    const bool spread = strat == Strategy::spread || strat == Strategy::strict_spread;
    std::set<std::size_t> taken;
    for (Amount i = 0; i < j.replicas; ++i) {
      std::optional<std::size_t> pick;
      if (!spread) {
        for (auto it = index.lower_bound({primary, 0}); it != index.end() && !pick; ++it)
          if (fits(it->second, req, tier, j)) pick = it->second;
      } else {
        for (int pass = 0; pass < 2 && !pick; ++pass) {
          if (pass == 1 && strat == Strategy::strict_spread) break;
          for (auto it = index.rbegin(); it != index.rend() && it->first >= primary && !pick; ++it)
            if ((pass == 1 || !taken.count(it->second)) && fits(it->second, req, tier, j)) pick = it->second;
        }
      }
      if (!pick) return undo();
      use(*pick, req, +1);
      nodes.push_back(*pick);
      taken.insert(*pick);
    }
    return true;
  }

  /// The resource whose node index a job walks: the primary one if it asks for it, else the
  /// one it needs the largest share of in cluster `c`.
  std::size_t key_resource(const Job& j, std::size_t c) const {
    if (j.request[plan_.primary] > 0) return plan_.primary;
    std::size_t best = plan_.primary;
    __extension__ typedef __int128 i128;
    i128 best_num = 0, best_den = 1;
    for (std::size_t r = 0; r < R_; ++r) {
      const Amount cap = std::max<Amount>(1, cluster_free_[c * R_ + r]);
      if (static_cast<i128>(j.request[r]) * best_den > best_num * cap) best = r, best_num = j.request[r], best_den = cap;
    }
    return best;
  }

  /// Whether some node of cluster `c` could hold what the job puts on one node, resource by
  /// resource: a constant-time test that spares walking clusters that cannot work.
  bool may_fit(std::size_t c, const std::vector<Amount>& need) const {
    for (std::size_t r = 0; r < R_; ++r)
      if (need[r] > 0 && (by_free_[c][r].empty() || by_free_[c][r].rbegin()->first < need[r])) return false;
    return true;
  }

  /// The clusters a job could go to, in the order find_cluster tries them: for explanations.
  std::vector<std::size_t> clusters_for(const Job& j) const {
    std::vector<std::size_t> cs;
    const bool spread = strategy(j) == Strategy::spread || strategy(j) == Strategy::strict_spread;
    if (!j.cluster.empty()) {
      if (const auto it = cluster_index_.find(j.cluster); it != cluster_index_.end()) cs.push_back(it->second);
    } else if (spread) {
      for (const auto& [key, c] : by_cluster_free_desc_) cs.push_back(c);
    } else {
      for (const auto& [key, c] : by_cluster_free_) cs.push_back(c);
    }
    return cs;
  }

  bool cluster_limit_ok(std::size_t c, const Tier* tier, const std::vector<Amount>& total) const {
    if (tier == nullptr) return true;
    for (std::size_t r = 0; r < R_; ++r)
      if (const Limit* l = tier->limit(Scope::cluster, r); l && total[r] > 0 && sat_add(cluster_used_[c * R_ + r], total[r]) > l->max)
        return false;
    return true;
  }

  bool cluster_has_room(std::size_t c, const std::vector<Amount>& total) const {
    for (std::size_t r = 0; r < R_; ++r)
      if (total[r] > cluster_free_[c * R_ + r]) return false;
    return true;
  }

  void place_job(std::size_t ji) {
    const Job& j = jobs_[ji];
    const auto ti = policy_.tier_for(j.user, j.team);
    const Tier* tier = ti ? &policy_.tiers[*ti] : nullptr;
    bool overflow = false;
    const auto total = totals(j, overflow);
    std::vector<std::string> limits;
    limit_reasons(j, tier, total, limits);
    if (overflow) limits.emplace_back("limit: the job's total request overflows");
    if (limits.empty() && j.replicas > 0) {
      std::vector<std::size_t> nodes;
      if (const auto c = find_cluster(j, tier, total, nodes)) {
        commit(ji, *c, total, std::move(nodes));
        return;
      }
    } else if (limits.empty()) {
      plan_.placements.push_back({ji, 0, {}});  // nothing to place
      return;
    }
    explain(ji, tier, total, std::move(limits));
  }

  /// Requests known not to fit a cluster, for one class of jobs (same strategy, tier and node
  /// selector). Placing only ever takes capacity away (a failed attempt is undone exactly), and
  /// for identical replicas the greedy walk of try_cluster finds a place whenever one exists;
  /// so a cluster that could not hold `replicas` x `request` never holds a gang asking at least
  /// as much in every resource and replica count for the rest of the batch. Remembering the
  /// smallest such failures spares walking fragmented clusters again for every job after them.
  struct Failure {
    std::vector<Amount> request;
    Amount replicas = 0;
  };
  static constexpr std::size_t kFailuresKept = 8;  // per class and cluster; the oldest goes first

  std::vector<std::vector<Failure>>& failures_of(const Job& j, const Tier* tier) {
    std::string key;
    auto put = [&key](const auto& v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
    put(strategy(j));
    put(tier == nullptr ? std::size_t{0} : static_cast<std::size_t>(tier - policy_.tiers.data()) + 1);
    put(job_selector_[static_cast<std::size_t>(&j - jobs_.data())]);
    auto& per_cluster = failures_[std::move(key)];
    if (per_cluster.empty()) per_cluster.resize(inv_.clusters.size());
    return per_cluster;
  }

  static bool covers(const Failure& f, const Job& j) {
    if (j.replicas < f.replicas) return false;
    for (std::size_t r = 0; r < f.request.size(); ++r)
      if (j.request[r] < f.request[r]) return false;
    return true;
  }

  static void remember(std::vector<Failure>& known, const Job& j) {
    Failure f{j.request, j.replicas};
    std::erase_if(known, [&](const Failure& k) {
      if (k.replicas < f.replicas) return false;
      for (std::size_t r = 0; r < k.request.size(); ++r)
        if (k.request[r] < f.request[r]) return false;
      return true;  // asks at least as much as the new one: implied by it
    });
    if (known.size() == kFailuresKept) known.erase(known.begin());
    known.push_back(std::move(f));
  }

  /// The first cluster, in the order the strategy prefers, that holds the whole gang: tightest
  /// first for pack, most free first for spread (the primary resource's free total decides;
  /// ties go to input order); only the pinned one if the job names one. Clusters with less of
  /// the primary resource free than the gang needs are never visited.
  std::optional<std::size_t> find_cluster(const Job& j, const Tier* tier, const std::vector<Amount>& total,
                                          std::vector<std::size_t>& nodes) {
    auto& failures = failures_of(j, tier);
    const auto& per_node = strategy(j) == Strategy::strict_pack ? total : j.request;
    auto works = [&](std::size_t c) {
      auto& known = failures[c];
      if (std::any_of(known.begin(), known.end(), [&](const Failure& f) { return covers(f, j); })) return false;
      if (may_fit(c, per_node) && cluster_limit_ok(c, tier, total) && cluster_has_room(c, total) &&
          try_cluster(j, c, tier, nodes))
        return true;
      remember(known, j);
      return false;
    };
    const Amount need = total[plan_.primary];
    if (!j.cluster.empty()) {
      const auto it = cluster_index_.find(j.cluster);
      if (it != cluster_index_.end() && works(it->second)) return it->second;
      return std::nullopt;
    }
    if (strategy(j) == Strategy::spread || strategy(j) == Strategy::strict_spread) {
      for (auto it = by_cluster_free_desc_.begin(); it != by_cluster_free_desc_.end() && -it->first >= need; ++it)
        if (works(it->second)) return it->second;
    } else {
      for (auto it = by_cluster_free_.lower_bound({need, 0}); it != by_cluster_free_.end(); ++it)
        if (works(it->second)) return it->second;
    }
    return std::nullopt;
  }

  void commit(std::size_t ji, std::size_t c, const std::vector<Amount>& total, std::vector<std::size_t> nodes) {
    const Job& j = jobs_[ji];
    for (std::size_t r = 0; r < R_; ++r) cluster_used_[c * R_ + r] = sat_add(cluster_used_[c * R_ + r], total[r]);
    if (const Amount key = cluster_free_[c * R_ + plan_.primary]; key != cluster_key_[c]) {
      by_cluster_free_.erase({cluster_key_[c], c});
      by_cluster_free_desc_.erase({-cluster_key_[c], c});
      cluster_key_[c] = key;
      by_cluster_free_.insert({key, c});
      by_cluster_free_desc_.insert({-key, c});
    }
    auto add = [&](auto& table, const std::string& who) {
      if (who.empty()) return;
      auto& row = table[who];
      if (row.empty()) row.assign(R_, 0);
      for (std::size_t r = 0; r < R_; ++r) row[r] = sat_add(row[r], total[r]);
    };
    add(user_held_, j.user);
    add(team_held_, j.team);
    plan_.replicas_placed += nodes.size();
    plan_.placements.push_back({ji, c, std::move(nodes)});
  }

  /// Why the job fits nowhere: every blocking limit, then what each cluster lacks.
  void explain(std::size_t ji, const Tier* tier, const std::vector<Amount>& total, std::vector<std::string> reasons) {
    const Job& j = jobs_[ji];
    const bool blocked = !reasons.empty();
    Unplaced u{ji, std::move(reasons), {}};
    if (!j.cluster.empty() && clusters_for(j).empty())
      u.reasons.push_back(fmt::format("cluster '{}' is not in the inventory", j.cluster));
    for (auto c : clusters_for(j)) explain_cluster(j, c, tier, total, u, blocked);
    plan_.unplaced.push_back(std::move(u));
  }

  void explain_cluster(const Job& j, std::size_t c, const Tier* tier, const std::vector<Amount>& total, Unplaced& u,
                       bool blocked_by_limits) {
    const Cluster& cl = inv_.clusters[c];
    if (tier != nullptr)
      for (std::size_t r = 0; r < R_; ++r)
        if (const Limit* l = tier->limit(Scope::cluster, r);  // the job alone over it is a limit reason already
            l && total[r] > 0 && total[r] <= l->max && sat_add(cluster_used_[c * R_ + r], total[r]) > l->max)
          u.reasons.push_back(fmt::format("cluster {}: per-cluster {} limit reached ({} of {} held, needs {})", cl.name,
                                          policy_.resources[r].name, amount_text(r, cluster_used_[c * R_ + r]),
                                          amount_text(r, l->max), amount_text(r, total[r])));
    const bool strict_pack = strategy(j) == Strategy::strict_pack;
    const auto& need = strict_pack ? total : j.request;
    std::size_t mismatched = 0, holders = 0;
    Amount replicas_possible = 0;
    std::vector<std::size_t> short_of(R_, 0);
    std::vector<std::optional<std::size_t>> best(R_);  // matching node with the most room, per short resource
    std::vector<std::optional<std::size_t>> hint_node(R_);  // likewise, among nodes short of that one only
    for (auto n : cl.nodes) {
      if (!matches(j, n)) {
        ++mismatched;
        continue;
      }
      Amount can = kMaxAmount;
      std::size_t shorts = 0, the_short = 0;
      for (std::size_t r = 0; r < R_; ++r) {
        if (need[r] == 0) continue;
        const Amount room_r = room(n, r, tier);
        can = std::min(can, room_r / need[r]);
        if (room_r < need[r]) {
          ++short_of[r];
          ++shorts;
          the_short = r;
          if (!best[r] || room(*best[r], r, tier) < room_r) best[r] = n;
        }
      }
      // A hint names only a node that lacks nothing else, so asking for less really fits.
      if (shorts == 1 && (!hint_node[the_short] || room(*hint_node[the_short], the_short, tier) < room(n, the_short, tier)))
        hint_node[the_short] = n;
      if (can > 0) {
        ++holders;
        replicas_possible = sat_add(replicas_possible, strict_pack ? 1 : can);
      }
    }
    const std::string what = strict_pack ? "all replicas" : "a replica";
    std::vector<std::string> parts;
    for (std::size_t r = 0; r < R_; ++r) {
      if (short_of[r] == 0) continue;
      std::string part = fmt::format("{} short of {}", short_of[r], policy_.resources[r].name);
      if (best[r])
        part += fmt::format(" (best: {} has {} free, needs {})", inv_.nodes[*best[r]].name,
                            amount_text(r, room(*best[r], r, tier)), amount_text(r, need[r]));
      parts.push_back(std::move(part));
    }
    if (mismatched > 0) parts.push_back(fmt::format("{} do not match {}", mismatched, selector_text(j)));
    std::string line = fmt::format("cluster {}: {} of {} nodes can hold {}", cl.name, holders, cl.nodes.size(), what);
    const Amount wanted = strict_pack ? 1 : j.replicas;
    if (holders > 0 && replicas_possible < wanted)
      line += fmt::format(", {} replica{} in all, needs {}", replicas_possible, replicas_possible == 1 ? "" : "s", wanted);
    if (holders > 0 && strategy(j) == Strategy::strict_spread && static_cast<Amount>(holders) < j.replicas)
      line += fmt::format(" (strict-spread needs {} distinct nodes)", j.replicas);
    if (!parts.empty()) line += ": " + fmt::format("{}", fmt::join(parts, ", "));
    u.reasons.push_back(std::move(line));
    // A hint a person can act on: what a replica could ask for, or how many more nodes.
    // None while a limit forbids the job anyway: more nodes would not help.
    if (blocked_by_limits) return;
    for (std::size_t r = 0; r < R_; ++r) {
      if (!hint_node[r] || holders != 0) continue;
      const Amount per_replica = strict_pack ? room(*hint_node[r], r, tier) / std::max<Amount>(1, j.replicas)
                                             : room(*hint_node[r], r, tier);
      if (per_replica > 0)
        u.hints.push_back(fmt::format("in cluster {}, {} fits on {} if {} asks for {} <= {}", cl.name,
                                      strict_pack ? "the gang" : "a replica", inv_.nodes[*hint_node[r]].name,
                                      strict_pack ? "each replica" : "it", policy_.resources[r].name,
                                      amount_text(r, per_replica)));
    }
    if (holders > 0 && replicas_possible < wanted && !strict_pack) {
      const Amount per_node = std::max<Amount>(1, replicas_possible / static_cast<Amount>(holders));
      const Amount more = (wanted - replicas_possible + per_node - 1) / per_node;
      u.hints.push_back(fmt::format("in cluster {}, {} more node{} like the ones that fit would hold the rest", cl.name,
                                    more, more == 1 ? "" : "s"));
    }
  }

  /// Per-cluster totals, and free primary capacity no replica of this batch could use.
  void summarize() {
    plan_.clusters.resize(inv_.clusters.size());
    // Distinct replica shapes that use the primary resource, smallest first: free GPUs are
    // stranded on a node where none of them fits (a CPU-only replica does not use them).
    std::vector<std::size_t> shapes;
    std::set<std::pair<std::vector<Amount>, std::string>> seen;
    for (std::size_t j = 0; j < jobs_.size(); ++j)
      if (jobs_[j].replicas > 0 && jobs_[j].request[plan_.primary] > 0 &&
          seen.insert({jobs_[j].request, selector_text(jobs_[j])}).second)
        shapes.push_back(j);
    std::stable_sort(shapes.begin(), shapes.end(), [&](std::size_t a, std::size_t b) {
      return jobs_[a].request[plan_.primary] < jobs_[b].request[plan_.primary];
    });
    for (std::size_t c = 0; c < inv_.clusters.size(); ++c) {
      auto& u = plan_.clusters[c];
      u.held.assign(R_, 0);
      u.capacity.assign(R_, 0);
      u.limit.assign(R_, std::nullopt);
      for (std::size_t r = 0; r < R_; ++r) {
        u.held[r] = cluster_used_[c * R_ + r];
        u.limit[r] = loosest_limit(policy_, Scope::cluster, r);
      }
      for (auto n : inv_.clusters[c].nodes) {
        for (std::size_t r = 0; r < R_; ++r) u.capacity[r] = sat_add(u.capacity[r], inv_.nodes[n].capacity[r]);
        const Amount f = free(n, plan_.primary);
        if (f == 0) continue;
        bool usable = false;
        for (auto s : shapes) {
          if (jobs_[s].request[plan_.primary] > f) break;
          if (fits(n, jobs_[s].request, nullptr, jobs_[s])) {
            usable = true;
            break;
          }
        }
        if (!usable && !shapes.empty()) u.stranded = sat_add(u.stranded, f);  // no GPU job: nothing to strand
      }
    }
  }

  const Policy& policy_;
  const Inventory& inv_;
  const std::vector<Job>& jobs_;
  const PlaceOptions& options_;
  const std::size_t R_;
  std::vector<Amount> used_;          // [node * R + r]: allocated + placed
  std::vector<Amount> cluster_used_;  // [cluster * R + r]
  std::vector<Amount> cluster_free_;  // [cluster * R + r]: sum of node free
  using Index = std::set<std::pair<Amount, std::size_t>>;  // (free amount, node), ascending
  std::vector<std::vector<Index>> by_free_;  // [cluster][resource]
  std::vector<Amount> cluster_key_;  // [cluster]: free primary, as the two orders below hold it
  std::set<std::pair<Amount, std::size_t>> by_cluster_free_;       // (free primary, cluster)
  std::set<std::pair<Amount, std::size_t>> by_cluster_free_desc_;  // (-free primary, cluster)
  std::unordered_map<std::string, std::size_t> cluster_index_;     // name -> cluster
  std::unordered_map<std::string, std::vector<std::vector<Failure>>> failures_;  // class -> [cluster]
  std::vector<std::size_t> job_selector_;                  // [job]: 0 for none, else an index below
  mutable std::vector<std::vector<bool>> selector_matches_;  // [selector][node], filled when first asked  // class -> [cluster]
  std::unordered_map<std::string, std::vector<Amount>> user_held_, team_held_;
  Plan plan_;
};

}  // namespace

Plan place(const Policy& policy, const Inventory& inventory, const std::vector<Job>& jobs, const PlaceOptions& options) {
  return Engine(policy, inventory, jobs, options).run();
}

}  // namespace allot
