// Seeded property tests of the placement engine. Thousands of small random instances (a
// policy parsed from generated text, an inventory and jobs built in memory) are planned, and
// each plan is checked against what man/allot.1 promises: no node over capacity, every limit
// of the job's tier honoured (per node, per cluster, per job, per user and per team, with
// what the inventory says is allocated and already held), whole gangs in one cluster, the
// strategies' node rules, node selectors, pinned clusters, every job decided exactly once,
// the order, the cluster totals and stranded capacity, the same plan every time, and that a
// job left unplaced could not have gone anywhere (checked by brute force on the final state).
//
// The seed is fixed and printed; ALLOT_SEED=N overrides it. A failure prints the seed, the
// instance number and a shrunk instance as a policy, an inventory and manifests that
// `allot place` reads, so the case can be replayed from the command line.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <tuple>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "grammar/parser.hpp"
#include "policy/inventory.hpp"
#include "input/manifest_reader.hpp"
#include "cli/place_reasons.hpp"
#include "place/placement.hpp"
#include "tests/placement_invariants.hpp"
#include "tests/support.hpp"

using namespace allot;

namespace {

constexpr std::uint64_t kDefaultSeed = 0x5eed'a110'7001ULL;
constexpr Amount kGi = Amount{1} << 30;

std::uint64_t base_seed() {
  static const std::uint64_t seed = [] {
    const char* env = std::getenv("ALLOT_SEED");
    return env != nullptr && *env != '\0' ? std::strtoull(env, nullptr, 0) : kDefaultSeed;
  }();
  return seed;
}

// ---------------------------------------------------------------------------------------
// Instances

struct NodeSpec {
  std::string name;
  Labels labels;
  std::vector<Amount> capacity, allocated;
};

struct ClusterSpec {
  std::string name;
  std::vector<NodeSpec> nodes;
};

/// One random case. The policy is kept as text (and parsed once); the inventory is kept as
/// specs so that shrinking can drop nodes and clusters and rebuild the indexes.
struct Instance {
  std::string policy_text;
  Policy policy;
  std::vector<ClusterSpec> clusters;
  std::map<std::string, std::vector<Amount>> user_usage, team_usage;
  std::vector<Job> jobs;
  PlaceOptions options;
};

Inventory build_inventory(const Instance& in) {
  Inventory inv;
  inv.file = "gen-inventory.yaml";
  for (std::size_t c = 0; c < in.clusters.size(); ++c) {
    Cluster cl;
    cl.name = in.clusters[c].name;
    cl.at = {static_cast<std::uint32_t>(c + 1), 1};
    for (const auto& ns : in.clusters[c].nodes) {
      Node n;
      n.name = ns.name;
      n.cluster = c;
      n.labels = ns.labels;
      n.capacity = ns.capacity;
      n.allocated = ns.allocated;
      cl.nodes.push_back(inv.nodes.size());
      inv.nodes.push_back(std::move(n));
    }
    inv.clusters.push_back(std::move(cl));
  }
  inv.user_usage = in.user_usage;
  inv.team_usage = in.team_usage;
  return inv;
}

/// Resource sets: gpu first, gpu not first (the primary is found by name), no gpu at all
/// (the primary is the first resource), and a single resource.
const std::vector<std::vector<std::pair<std::string, ResourceKind>>>& resource_sets() {
  static const std::vector<std::vector<std::pair<std::string, ResourceKind>>> sets = {
      {{"gpu", ResourceKind::count}, {"vcpu", ResourceKind::count}, {"memory", ResourceKind::bytes}},
      {{"vcpu", ResourceKind::count}, {"memory", ResourceKind::bytes}, {"gpu", ResourceKind::count}},
      {{"vcpu", ResourceKind::count}, {"memory", ResourceKind::bytes}},
      {{"gpu", ResourceKind::count}},
  };
  return sets;
}

/// The step of a resource: amounts are small multiples of it (1 GPU, 0.5 vCPU, 1 GiB).
Amount step(const std::string& name) {
  if (name == "gpu") return 1000;
  if (name == "vcpu") return 500;
  return kGi;
}

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(int percent) { return pick(0, 99) < percent; }
  template <class T>
  const T& one_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
  }

  /// A random instance; `single_job` makes one job and no usage beyond the inventory's.
  Instance instance(bool single_job) {
    Instance in;
    const auto& res = one_of(resource_sets());
    in.policy_text = policy_text(res);
    Diagnostics d;
    in.policy = grammar::load(in.policy_text, "gen.allot", d);
    BOOST_TEST_REQUIRE(!d.has_errors(), in.policy_text + test::describe(d));
    const int clusters = pick(1, 3);
    for (int c = 0; c < clusters; ++c) {
      ClusterSpec cs{fmt::format("c{}", c), {}};
      const int nodes = chance(8) ? 0 : pick(1, 4);
      for (int n = 0; n < nodes; ++n) cs.nodes.push_back(node(fmt::format("c{}n{}", c, n), res));
      in.clusters.push_back(std::move(cs));
    }
    for (const std::string who : {"u0", "u1", "u2"})
      if (chance(25)) in.user_usage[who] = amounts(res, 3);
    for (const std::string who : {"ta", "tb"})
      if (chance(25)) in.team_usage[who] = amounts(res, 4);
    if (chance(5)) in.user_usage["u1"] = {};  // a row with no amounts counts as nothing held
    const int jobs = single_job ? 1 : pick(1, 8);
    for (int j = 0; j < jobs; ++j) in.jobs.push_back(job(j, res, in.clusters, single_job));
    in.options.strategy = one_of(std::vector{Strategy::pack, Strategy::spread, Strategy::strict_pack,
                                             Strategy::strict_spread});
    in.options.order_by_size = chance(40);
    in.options.near_misses = static_cast<std::size_t>(pick(1, 3));
    in.options.gpu_aware = chance(30);
    return in;
  }

 private:
  /// As a policy writes it: bytes always with a unit, even zero.
  std::string quantity(const std::pair<std::string, ResourceKind>& r, int k) {
    return r.second == ResourceKind::bytes ? fmt::format("{}GiB", k * step(r.first) / kGi)
                                           : format_quantity(k * step(r.first), r.second);
  }

  /// `per SCOPE { ... }` with a random subset of the resources, or "" for none.
  std::string block(const std::vector<std::pair<std::string, ResourceKind>>& res, std::string_view scope, int lo,
                    int hi) {
    std::string body;
    for (const auto& r : res)
      if (chance(60)) body += fmt::format(" {} <= {}", r.first, quantity(r, chance(3) ? 0 : pick(lo, hi)));
    return body.empty() ? "" : fmt::format("  per {} {{{} }}\n", scope, body);
  }

  std::string tier(const std::string& name, const std::string& parent,
                   const std::vector<std::pair<std::string, ResourceKind>>& res, bool everything) {
    std::string body;
    // A child usually overrides only what is its own (job, user, team); sometimes more.
    if (everything || chance(25)) body += block(res, "node", 1, 8);
    if (everything || chance(25)) body += block(res, "cluster", 2, 24);
    if (everything || chance(40)) body += block(res, "user", 2, 16);
    body += block(res, "job", 1, 12);
    body += block(res, "team", 2, 20);
    return fmt::format("tier {}{} {{\n{}}}\n", name, parent.empty() ? "" : " extends " + parent, body);
  }

  std::string policy_text(const std::vector<std::pair<std::string, ResourceKind>>& res) {
    std::string t = "policy gen\n";
    for (const auto& [name, kind] : res) t += fmt::format("resource {} {}\n", name, to_string(kind));
    t += tier("base", "", res, true);
    const int children = pick(0, 2);
    for (int i = 0; i < children; ++i) t += tier(fmt::format("t{}", i), chance(80) ? "base" : "", res, false);
    if (chance(85)) t += "default tier base\n";
    std::vector<std::string> tiers{"base"};
    for (int i = 0; i < children; ++i) tiers.push_back(fmt::format("t{}", i));
    if (chance(50)) t += fmt::format("assign tier {} to team \"ta\"\n", one_of(tiers));
    if (chance(50)) t += fmt::format("assign tier {} to user \"u1\"\n", one_of(tiers));
    if (chance(25)) t += fmt::format("assign tier {} to team \"t*\", user \"u*\"\n", one_of(tiers));
    return t;
  }

  std::vector<Amount> amounts(const std::vector<std::pair<std::string, ResourceKind>>& res, int hi) {
    std::vector<Amount> a;
    for (const auto& r : res) a.push_back(chance(30) ? 0 : pick(0, hi) * step(r.first));
    return a;
  }

  NodeSpec node(std::string name, const std::vector<std::pair<std::string, ResourceKind>>& res) {
    NodeSpec n{std::move(name), {}, {}, {}};
    if (chance(70)) n.labels.emplace_back("zone", chance(50) ? "a" : "b");
    if (chance(50)) n.labels.emplace_back("model", chance(50) ? "x" : "y");
    for (const auto& r : res) {
      const Amount cap = (chance(10) ? 0 : pick(1, r.first == "vcpu" ? 16 : 8)) * step(r.first);
      n.capacity.push_back(cap);
      n.allocated.push_back(chance(30) ? pick(0, static_cast<int>(cap / step(r.first))) * step(r.first) : 0);
    }
    return n;
  }

  Job job(int index, const std::vector<std::pair<std::string, ResourceKind>>& res,
          const std::vector<ClusterSpec>& clusters, bool single_job) {
    Job j;
    j.groups.emplace_back();
    j.name = fmt::format("j{}", chance(10) ? pick(0, 2) : index);  // equal names test the tie-break
    j.kind = "Job";
    j.file = "gen-jobs.yaml";
    j.document = static_cast<std::size_t>(index);
    j.at = {static_cast<std::uint32_t>(index + 1), 1};
    j.groups[0].replicas = single_job ? pick(1, 4) : chance(3) ? 0 : pick(1, 4);
    j.priority = chance(70) ? 0 : pick(0, 2);
    if (chance(60))
      j.strategy = one_of(std::vector{Strategy::pack, Strategy::spread, Strategy::strict_pack, Strategy::strict_spread});
    j.user = one_of(std::vector<std::string>{"u0", "u1", "u2", ""});
    j.team = one_of(std::vector<std::string>{"", "ta", "tb"});
    if (chance(12)) j.cluster = chance(85) ? one_of(clusters).name : "nowhere";
    if (chance(25)) j.groups[0].node_selector.emplace_back("zone", chance(50) ? "a" : "b");
    if (chance(10)) j.groups[0].node_selector.emplace_back("model", chance(50) ? "x" : "y");
    for (const auto& r : res) {
      const int hi = r.first == "vcpu" ? 6 : r.first == "gpu" ? 3 : 4;
      j.groups[0].request.push_back(chance(30) ? 0 : pick(0, hi) * step(r.first));
      j.groups[0].request_at.push_back({j.at.line, 20});
    }
    return j;
  }

  std::mt19937_64 rng_;
};

// ---------------------------------------------------------------------------------------
// Describing an instance as files `allot place` reads

std::string amounts_yaml(const Policy& p, const std::vector<Amount>& a) {
  std::vector<std::string> parts;
  for (std::size_t r = 0; r < a.size() && r < p.resources.size(); ++r)
    if (a[r] != 0) parts.push_back(fmt::format("{}: {}", p.resources[r].name, format_quantity(a[r], p.resources[r].kind)));
  return fmt::format("{{{}}}", fmt::join(parts, ", "));
}

std::string labels_yaml(const Labels& labels) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : labels) parts.push_back(fmt::format("{}: {}", k, v));
  return fmt::format("{{{}}}", fmt::join(parts, ", "));
}

std::string describe(const Instance& in) {
  const Policy& p = in.policy;
  std::string s = "----- gen.allot\n" + in.policy_text;
  s += "----- gen-inventory.yaml\napiVersion: allot/v1\nkind: Inventory\nclusters:\n";
  for (const auto& c : in.clusters) {
    s += fmt::format("  - name: {}\n    nodes:{}\n", c.name, c.nodes.empty() ? " []" : "");
    for (const auto& n : c.nodes)
      s += fmt::format("      - {{name: {}, labels: {}, capacity: {}, allocated: {}}}\n", n.name, labels_yaml(n.labels),
                       amounts_yaml(p, n.capacity), amounts_yaml(p, n.allocated));
  }
  if (!in.user_usage.empty() || !in.team_usage.empty()) {
    s += "usage:\n  users:\n";
    for (const auto& [who, a] : in.user_usage) s += fmt::format("    {}: {}\n", who, amounts_yaml(p, a));
    s += "  teams:\n";
    for (const auto& [who, a] : in.team_usage) s += fmt::format("    {}: {}\n", who, amounts_yaml(p, a));
  }
  s += "----- gen-jobs.yaml\n";
  for (const auto& j : in.jobs) {
    s += fmt::format("---\napiVersion: allot/v1\nkind: Job\nmetadata: {{name: {}{}{}}}\n", j.name,
                     j.user.empty() ? "" : ", user: " + j.user, j.team.empty() ? "" : ", team: " + j.team);
    s += fmt::format("spec:\n  replicas: {}\n  priority: {}\n  resources: {}\n", j.groups[0].replicas, j.priority,
                     amounts_yaml(p, j.groups[0].request));
    std::vector<std::string> placement;
    if (j.strategy) placement.push_back(fmt::format("strategy: {}", to_string(*j.strategy)));
    if (!j.cluster.empty()) placement.push_back("cluster: " + j.cluster);
    if (!j.groups[0].node_selector.empty()) placement.push_back("nodeSelector: " + labels_yaml(j.groups[0].node_selector));
    if (!placement.empty()) s += fmt::format("  placement: {{{}}}\n", fmt::join(placement, ", "));
  }
  s += fmt::format("----- allot place -p gen.allot -i gen-inventory.yaml --strategy {} --order {} --near-misses {} "
                   "{}gen-jobs.yaml\n",
                   to_string(in.options.strategy), in.options.order_by_size ? "size" : "input", in.options.near_misses,
                   in.options.gpu_aware ? "--gpu-aware " : "");
  return s;
}

// ---------------------------------------------------------------------------------------
// The model the checks use: a plain re-statement of the rules of man/allot.1

Strategy strategy_of(const Instance& in, const Job& j) { return j.strategy.value_or(in.options.strategy); }


std::optional<Amount> limit_of(const Policy& p, std::optional<std::size_t> tier, Scope scope, std::size_t r) {
  if (!tier) return std::nullopt;
  const Limit* l = p.tiers[*tier].limit(scope, r);
  return l ? std::optional<Amount>(l->max) : std::nullopt;
}

/// Who holds what, on top of the inventory: replayed placement by placement.
struct State {
  std::vector<std::vector<Amount>> node;     // [node][r]: allocated + placed
  std::vector<std::vector<Amount>> cluster;  // [cluster][r]
  std::map<std::string, std::vector<Amount>> user, team;

  State(const Inventory& inv, std::size_t R) : node(inv.nodes.size()), cluster(inv.clusters.size(), std::vector<Amount>(R, 0)) {
    for (std::size_t n = 0; n < inv.nodes.size(); ++n) {
      node[n] = inv.nodes[n].allocated;
      for (std::size_t r = 0; r < R; ++r) cluster[inv.nodes[n].cluster][r] += inv.nodes[n].allocated[r];
    }
    for (const auto& [who, a] : inv.user_usage) user[who] = a.empty() ? std::vector<Amount>(R, 0) : a;
    for (const auto& [who, a] : inv.team_usage) team[who] = a.empty() ? std::vector<Amount>(R, 0) : a;
  }

  Amount held(const std::map<std::string, std::vector<Amount>>& table, const std::string& who, std::size_t r) const {
    auto it = table.find(who);
    return it == table.end() ? 0 : it->second[r];
  }
};

/// Could `j` be placed on top of `s`? Exact: replicas of one shape fill nodes greedily, so a
/// cluster can take the gang iff its nodes have room for enough replicas in all.
bool fits_on(const Instance& in, const Inventory& inv, const State& s, const Job& j) {
  const Policy& p = in.policy;
  const std::size_t R = p.resources.size();
  const auto tier = p.tier_for(j.user, j.team);
  const auto team_tier = j.team.empty() ? std::nullopt : p.tier_for_team(j.team);
  const Strategy strat = strategy_of(in, j);
  std::vector<Amount> total(R), need(R);
  for (std::size_t r = 0; r < R; ++r) {
    total[r] = j.groups[0].request[r] * j.groups[0].replicas;
    need[r] = strat == Strategy::strict_pack ? total[r] : j.groups[0].request[r];
  }
  for (std::size_t r = 0; r < R; ++r) {
    if (total[r] == 0 && j.groups[0].request[r] == 0) continue;
    auto over = [&](std::optional<Amount> lim, Amount v) { return lim && v > *lim; };
    if (over(limit_of(p, tier, Scope::job, r), total[r])) return false;
    if (!j.user.empty() && over(limit_of(p, tier, Scope::user, r), s.held(s.user, j.user, r) + total[r])) return false;
    if (over(limit_of(p, tier, Scope::node, r), need[r])) return false;
    if (over(limit_of(p, tier, Scope::cluster, r), total[r])) return false;
    if (!j.team.empty() && over(limit_of(p, team_tier, Scope::team, r), s.held(s.team, j.team, r) + total[r]))
      return false;
  }
  if (j.groups[0].replicas == 0) return true;
  for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
    if (!j.cluster.empty() && inv.clusters[c].name != j.cluster) continue;
    bool limit_ok = true;
    for (std::size_t r = 0; r < R; ++r)
      if (auto l = limit_of(p, tier, Scope::cluster, r); l && total[r] > 0 && s.cluster[c][r] + total[r] > *l)
        limit_ok = false;
    if (!limit_ok) continue;
    Amount replicas = 0, holders = 0;
    for (auto n : inv.clusters[c].nodes) {
      if (!test::selector_matches(j.groups[0], inv.nodes[n].labels)) continue;
      Amount k = j.groups[0].replicas;  // a node can hold this many replicas (all of them when asked nothing)
      for (std::size_t r = 0; r < R; ++r) {
        if (need[r] == 0) continue;
        Amount room = std::max<Amount>(0, inv.nodes[n].capacity[r] - s.node[n][r]);
        if (auto l = limit_of(p, tier, Scope::node, r)) room = std::min(room, std::max<Amount>(0, *l - s.node[n][r]));
        k = std::min(k, room / need[r]);
      }
      if (k > 0) ++holders;
      replicas += k;
    }
    const bool ok = strat == Strategy::strict_pack    ? holders > 0
                    : strat == Strategy::strict_spread ? holders >= j.groups[0].replicas
                                                       : replicas >= j.groups[0].replicas;
    if (ok) return true;
  }
  return false;
}

/// Room for resource `r` on node `n` for a job of `tier`: free capacity within the per-node limit.
Amount room_on(const Policy& p, const Inventory& inv, const State& s, std::optional<std::size_t> tier, std::size_t n,
               std::size_t r) {
  Amount room = std::max<Amount>(0, inv.nodes[n].capacity[r] - s.node[n][r]);
  if (auto l = limit_of(p, tier, Scope::node, r)) room = std::min(room, std::max<Amount>(0, *l - s.node[n][r]));
  return room;
}

/// Reasons or hints as the text output shows them, one per line: for failure messages only;
/// the checks compare the values.
template <class T>
std::string sentences(const Instance& in, const Inventory& inv, const Job& j, const std::vector<T>& list,
                      std::string_view separator) {
  std::vector<std::string> lines;
  for (const auto& x : list) {
    if constexpr (std::is_same_v<T, Reason>) lines.push_back(cli::reason_text(in.policy, inv, j, x));
    else lines.push_back(cli::hint_text(in.policy, inv, j, x));
  }
  return fmt::format("{}", fmt::join(lines, separator));
}

/// The reasons and hints man/allot.1 ("Explanations") gives for a job that cannot be placed
/// on top of `s`, built from the rules there.
struct Explanation {
  std::vector<Reason> reasons;
  std::vector<Hint> hints;
};

/// The limits that block `j` wherever it goes, resource by resource: per job, per user,
/// per node (the whole gang on one node for strict-pack), per cluster, per team.
std::vector<Reason> expected_limit_blocks(const Instance& in, const State& s, const Job& j) {
  const Policy& p = in.policy;
  const auto tier = p.tier_for(j.user, j.team);
  const auto team_tier = j.team.empty() ? std::nullopt : p.tier_for_team(j.team);
  const bool strict_pack = strategy_of(in, j) == Strategy::strict_pack;
  std::vector<Reason> out;
  for (std::size_t r = 0; r < p.resources.size(); ++r) {
    const Amount total = j.groups[0].request[r] * j.groups[0].replicas;
    if (total == 0 && j.groups[0].request[r] == 0) continue;
    auto say = [&](std::optional<std::size_t> t, Scope scope, LimitScope as, Amount v, const std::string& who) {
      if (!t) return;
      const Limit* l = p.tiers[*t].limit(scope, r);
      if (l != nullptr && v > l->max) out.emplace_back(LimitBlock{as, *t, r, who, v, l->max, l->location});
    };
    say(tier, Scope::job, LimitScope::job, total, "");
    if (!j.user.empty()) say(tier, Scope::user, LimitScope::user, s.held(s.user, j.user, r) + total, j.user);
    say(tier, Scope::node, strict_pack ? LimitScope::gang_on_node : LimitScope::node, strict_pack ? total : j.groups[0].request[r],
        "");
    say(tier, Scope::cluster, LimitScope::cluster, total, "");
    if (!j.team.empty()) say(team_tier, Scope::team, LimitScope::team, s.held(s.team, j.team, r) + total, j.team);
  }
  return out;
}

/// The clusters `j` could go to, in the order they are tried: by free primary resource
/// (most free first when spreading), ties in inventory order; only the one it is pinned to.
std::vector<std::size_t> expected_cluster_order(const Instance& in, const Inventory& inv, const State& s, const Job& j) {
  const std::size_t primary = in.policy.find_resource("gpu").value_or(0);
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c < inv.clusters.size(); ++c)
    if (j.cluster.empty() || inv.clusters[c].name == j.cluster) order.push_back(c);
  auto free_primary = [&](std::size_t c) {
    Amount f = 0;
    for (auto n : inv.clusters[c].nodes) f += std::max<Amount>(0, inv.nodes[n].capacity[primary] - s.node[n][primary]);
    return f;
  };
  const Strategy strat = strategy_of(in, j);
  const bool spread = strat == Strategy::spread || strat == Strategy::strict_spread;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return spread ? free_primary(a) > free_primary(b) : free_primary(a) < free_primary(b);
  });
  return order;
}

/// What cluster `c` lacks for `j` (a reason) and, unless `blocked`, what would help (hints).
void expect_cluster(const Instance& in, const Inventory& inv, const State& s, const Job& j, std::size_t c, bool blocked,
                    Explanation& e) {
  const Policy& p = in.policy;
  const std::size_t R = p.resources.size();
  const auto tier = p.tier_for(j.user, j.team);
  const Strategy strat = strategy_of(in, j);
  const bool strict_pack = strat == Strategy::strict_pack;
  const Cluster& cl = inv.clusters[c];
  std::vector<Amount> total(R), need(R);
  for (std::size_t r = 0; r < R; ++r) {
    total[r] = j.groups[0].request[r] * j.groups[0].replicas;
    need[r] = strict_pack ? total[r] : j.groups[0].request[r];
  }
  for (std::size_t r = 0; r < R; ++r)
    if (auto l = limit_of(p, tier, Scope::cluster, r); l && total[r] > 0 && total[r] <= *l && s.cluster[c][r] + total[r] > *l)
      e.reasons.emplace_back(ClusterLimitReached{c, *tier, r, s.cluster[c][r], *l, total[r],
                                                 p.tiers[*tier].limit(Scope::cluster, r)->location});
  ClusterShortfall f;
  f.cluster = c;
  f.nodes = cl.nodes.size();
  f.whole_gang = strict_pack;
  f.replicas_needed = strict_pack ? 1 : j.groups[0].replicas;
  f.distinct_nodes_needed = strat == Strategy::strict_spread ? j.groups[0].replicas : 0;
  std::vector<std::size_t> short_of(R, 0);
  std::vector<std::optional<std::size_t>> best(R);
  std::vector<std::optional<std::size_t>> hint_node(R);  // nodes short of that one resource only
  for (auto n : cl.nodes) {
    if (!test::selector_matches(j.groups[0], inv.nodes[n].labels)) {
      ++f.not_matching;
      continue;
    }
    Amount can = kMaxAmount;
    std::size_t shorts = 0, the_short = 0;
    for (std::size_t r = 0; r < R; ++r) {
      if (need[r] == 0) continue;
      const Amount room = room_on(p, inv, s, tier, n, r);
      can = std::min(can, room / need[r]);
      if (room < need[r]) {
        ++short_of[r];
        ++shorts;
        the_short = r;
        if (!best[r] || room_on(p, inv, s, tier, *best[r], r) < room) best[r] = n;
      }
    }
    if (shorts == 1 && (!hint_node[the_short] || room_on(p, inv, s, tier, *hint_node[the_short], the_short) <
                                                     room_on(p, inv, s, tier, n, the_short)))
      hint_node[the_short] = n;
    if (can > 0) {
      ++f.holders;
      f.replicas_possible = checked_add(f.replicas_possible, strict_pack ? 1 : can).value_or(kMaxAmount);
    }
  }
  for (std::size_t r = 0; r < R; ++r)
    if (short_of[r] > 0)
      f.short_of.push_back({r, short_of[r], *best[r], room_on(p, inv, s, tier, *best[r], r), need[r]});
  e.reasons.emplace_back(f);
  if (blocked) return;
  for (std::size_t r = 0; r < R; ++r) {
    if (!hint_node[r] || f.holders != 0) continue;
    const Amount room = room_on(p, inv, s, tier, *hint_node[r], r);
    const Amount per_replica = strict_pack ? room / std::max<Amount>(1, j.groups[0].replicas) : room;
    if (per_replica > 0) e.hints.emplace_back(SmallerRequest{c, *hint_node[r], r, per_replica, strict_pack, {}});
  }
  if (f.holders > 0 && f.replicas_possible < f.replicas_needed && !strict_pack) {
    const Amount per_node = std::max<Amount>(1, f.replicas_possible / static_cast<Amount>(f.holders));
    e.hints.emplace_back(MoreNodes{c, (f.replicas_needed - f.replicas_possible + per_node - 1) / per_node});
  }
}

/// The explanation (man/allot.1, "Why a job is not placed"): the limits that block the job,
/// and nothing else when there are any; else the clusters it could go to, the nearest first
/// (no per-cluster limit in the way, then most replicas possible, then most holders, then
/// the order they are tried in), the `near_misses` nearest one by one, after the sum over
/// all of them when they are more.
Explanation expected_explanation(const Instance& in, const Inventory& inv, const State& s, const Job& j) {
  Explanation e{expected_limit_blocks(in, s, j), {}};
  const auto order = expected_cluster_order(in, inv, s, j);
  if (!j.cluster.empty() && order.empty()) e.reasons.emplace_back(UnknownCluster{j.cluster});
  if (!e.reasons.empty()) return e;
  struct Near {
    Explanation x;
    std::size_t i;
  };
  std::vector<Near> near;
  FleetShortfall fleet;
  fleet.clusters = order.size();
  std::map<std::size_t, std::size_t> short_of;
  for (std::size_t i = 0; i < order.size(); ++i) {
    Near n{{}, i};
    expect_cluster(in, inv, s, j, order[i], false, n.x);
    const auto& f = std::get<ClusterShortfall>(n.x.reasons.back());
    fleet.clusters_at_limit += n.x.reasons.size() > 1;
    fleet.nodes += f.nodes;
    fleet.holders += f.holders;
    fleet.not_matching += f.not_matching;
    for (const auto& x : f.short_of) short_of[x.resource] += x.nodes;
    near.push_back(std::move(n));
  }
  for (const auto& [r, n] : short_of) fleet.short_of.emplace_back(r, n);
  auto key = [](const Near& n) {
    const auto& f = std::get<ClusterShortfall>(n.x.reasons.back());
    return std::tuple(n.x.reasons.size() > 1, -f.replicas_possible, -static_cast<long long>(f.holders), n.i);
  };
  std::sort(near.begin(), near.end(), [&](const Near& a, const Near& b) { return key(a) < key(b); });
  fleet.shown = std::min(in.options.near_misses, near.size());
  if (fleet.shown < near.size()) e.reasons.emplace_back(fleet);
  for (std::size_t i = 0; i < fleet.shown; ++i) {
    for (auto& r : near[i].x.reasons) e.reasons.push_back(std::move(r));
    for (auto& h : near[i].x.hints) e.hints.push_back(std::move(h));
  }
  return e;
}

/// A hint "a replica fits on N if it asks for R <= V" (or "the gang fits on N if each replica
/// asks for R <= V") is a promise: with that request, the replica (the gang) fits on N, a
/// node of the hint's cluster. Returns what is wrong with `hint`, or "".
std::string broken_hint(const Instance& in, const Inventory& inv, const State& s, const Job& j, const Hint& hint) {
  const auto* h = std::get_if<SmallerRequest>(&hint);
  if (h == nullptr) return "";  // "K more nodes ..." promises nothing of one node
  const Policy& p = in.policy;
  if (h->resource >= p.resources.size()) return fmt::format("hint names resource #{}", h->resource);
  if (h->node >= inv.nodes.size() || inv.nodes[h->node].cluster != h->cluster)
    return fmt::format("hint names node #{} not in cluster #{}", h->node, h->cluster);
  const std::string& node = inv.nodes[h->node].name;
  const auto tier = p.tier_for(j.user, j.team);
  const Amount k = strategy_of(in, j) == Strategy::strict_pack ? j.groups[0].replicas : 1;
  if (h->whole_gang != (strategy_of(in, j) == Strategy::strict_pack))
    return "hint says whole_gang for a job that is not strict-pack, or the reverse";
  std::vector<Amount> need = j.groups[0].request;
  need[h->resource] = h->at_most;
  if (!test::selector_matches(j.groups[0], inv.nodes[h->node].labels)) return fmt::format("node {} does not match the selector", node);
  for (std::size_t x = 0; x < need.size(); ++x)
    if (need[x] * k > room_on(p, inv, s, tier, h->node, x))
      return fmt::format("asking for {} {} still does not fit on {}: it needs {} of {}, which has {} room",
                         format_quantity(h->at_most, p.resources[h->resource].kind), p.resources[h->resource].name,
                         node, format_quantity(need[x] * k, p.resources[x].kind), p.resources[x].name,
                         format_quantity(room_on(p, inv, s, tier, h->node, x), p.resources[x].kind));
  return "";
}

/// The order jobs are decided in (man/allot.1, "Order"): higher priority first; then input
/// order, or with --order size the larger dominant share (the job's total over the whole
/// inventory's capacity, the largest over the resources the inventory has), then name, then
/// input order.
std::vector<std::size_t> decision_order(const Instance& in, const Inventory& inv) {
  const std::size_t R = in.policy.resources.size();
  std::vector<Amount> capacity(R, 0);
  for (const auto& n : inv.nodes)
    for (std::size_t r = 0; r < R; ++r) capacity[r] += n.capacity[r];
  __extension__ typedef __int128 i128;
  auto share = [&](const Job& j) {  // a fraction num/den, compared exactly by cross products
    std::pair<i128, i128> best{0, 1};
    for (std::size_t r = 0; r < R; ++r)
      if (capacity[r] > 0) {
        const i128 num = static_cast<i128>(j.groups[0].request[r]) * j.groups[0].replicas;
        if (num * best.second > best.first * capacity[r]) best = {num, capacity[r]};
      }
    return best;
  };
  std::vector<std::size_t> order(in.jobs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Job &x = in.jobs[a], &y = in.jobs[b];
    if (x.priority != y.priority) return x.priority > y.priority;
    if (!in.options.order_by_size) return a < b;
    const auto sx = share(x), sy = share(y);
    if (sx.first * sy.second != sy.first * sx.second) return sx.first * sy.second > sy.first * sx.second;
    if (x.name != y.name) return x.name < y.name;
    return a < b;
  });
  return order;
}

/// Adds a placed job to `s`.
void add_to(State& s, const Job& j, const Placement& pl) {
  const std::size_t R = j.groups[0].request.size();
  if (pl.nodes.empty()) return;
  for (auto n : pl.nodes)
    for (std::size_t r = 0; r < R; ++r) s.node[n][r] += j.groups[0].request[r];
  for (std::size_t r = 0; r < R; ++r) {
    const Amount total = j.groups[0].request[r] * j.groups[0].replicas;
    s.cluster[pl.cluster][r] += total;
    for (auto* row : {j.user.empty() ? nullptr : &s.user[j.user], j.team.empty() ? nullptr : &s.team[j.team]})
      if (row != nullptr) {
        if (row->empty()) row->assign(R, 0);
        (*row)[r] += total;
      }
  }
}

using Problems = std::vector<std::string>;

/// Every job is in exactly one of the two lists, once.
void check_decided_once(const Instance& in, const Plan& plan, Problems& bad) {
  std::vector<int> seen(in.jobs.size(), 0);
  for (const auto& pl : plan.placements)
    if (pl.job < seen.size()) ++seen[pl.job];
    else bad.push_back(fmt::format("placement of job #{} which does not exist", pl.job));
  for (const auto& u : plan.unplaced)
    if (u.job < seen.size()) ++seen[u.job];
    else bad.push_back(fmt::format("unplaced job #{} which does not exist", u.job));
  for (std::size_t j = 0; j < seen.size(); ++j)
    if (seen[j] != 1) bad.push_back(fmt::format("job #{} '{}' decided {} times", j, in.jobs[j].name, seen[j]));
}

/// Both lists follow the order the jobs were decided in.
void check_order(const Instance& in, const Inventory& inv, const Plan& plan, Problems& bad) {
  const auto order = decision_order(in, inv);
  std::vector<std::size_t> rank(in.jobs.size());
  for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  auto ordered = [&](auto const& list, std::string_view what) {
    for (std::size_t i = 1; i < list.size(); ++i)
      if (rank[list[i - 1].job] > rank[list[i].job])
        bad.push_back(fmt::format("{} out of order: job #{} '{}' before job #{} '{}'", what, list[i - 1].job,
                                  in.jobs[list[i - 1].job].name, list[i].job, in.jobs[list[i].job].name));
  };
  ordered(plan.placements, "placements");
  ordered(plan.unplaced, "unplaced jobs");
}

/// A whole gang in one cluster (the pinned one), on nodes its strategy and selector allow.
/// Returns false when the nodes cannot even be looked at.
bool check_gang(const Instance& in, const Inventory& inv, const Placement& pl, Problems& bad) {
  const Job& j = in.jobs[pl.job];
  const std::string name = fmt::format("job #{} '{}'", pl.job, j.name);
  if (static_cast<Amount>(pl.nodes.size()) != j.groups[0].replicas) {
    bad.push_back(fmt::format("{} has {} nodes for {} replicas", name, pl.nodes.size(), j.groups[0].replicas));
    return false;
  }
  if (pl.nodes.empty()) return true;  // no replicas: placed on nothing
  if (pl.cluster >= inv.clusters.size()) {
    bad.push_back(fmt::format("{} in cluster #{} which does not exist", name, pl.cluster));
    return false;
  }
  const std::string& cname = inv.clusters[pl.cluster].name;
  if (!j.cluster.empty() && cname != j.cluster) bad.push_back(fmt::format("{} pinned to {} but placed in {}", name, j.cluster, cname));
  const std::set<std::size_t> distinct(pl.nodes.begin(), pl.nodes.end());
  const Strategy strat = strategy_of(in, j);
  if (strat == Strategy::strict_pack && distinct.size() != 1)
    bad.push_back(fmt::format("{} is strict-pack but uses {} nodes", name, distinct.size()));
  if (strat == Strategy::strict_spread && distinct.size() != pl.nodes.size())
    bad.push_back(fmt::format("{} is strict-spread but shares nodes ({} nodes for {} replicas)", name, distinct.size(),
                              pl.nodes.size()));
  for (auto n : distinct) {
    if (n >= inv.nodes.size() || inv.nodes[n].cluster != pl.cluster) {
      bad.push_back(fmt::format("{} has a replica on node #{} outside cluster {}", name, n, cname));
      return false;
    }
    if (!test::selector_matches(j.groups[0], inv.nodes[n].labels))
      bad.push_back(fmt::format("{} on node {} whose labels do not match", name, inv.nodes[n].name));
  }
  return true;
}

/// Right after `pl` was added to `s`: its nodes within capacity and every limit of the job's
/// tier holds for what the job asks for (its team's tier for the team).
void check_limits(const Instance& in, const Inventory& inv, const State& s, const Placement& pl, Problems& bad) {
  const Policy& p = in.policy;
  const Job& j = in.jobs[pl.job];
  const std::string name = fmt::format("job #{} '{}'", pl.job, j.name);
  const auto tier = p.tier_for(j.user, j.team);
  const auto team_tier = j.team.empty() ? std::nullopt : p.tier_for_team(j.team);
  auto over = [&](std::optional<Amount> limit, Amount v) { return limit && v > *limit; };
  for (std::size_t r = 0; r < p.resources.size(); ++r) {
    const auto& res = p.resources[r].name;
    const Amount total = j.groups[0].request[r] * j.groups[0].replicas;
    for (auto n : std::set<std::size_t>(pl.nodes.begin(), pl.nodes.end())) {
      if (s.node[n][r] > inv.nodes[n].capacity[r])
        bad.push_back(fmt::format("after {}: node {} holds {} {} of a capacity of {}", name, inv.nodes[n].name,
                                  s.node[n][r], res, inv.nodes[n].capacity[r]));
      if (j.groups[0].request[r] > 0 && over(limit_of(p, tier, Scope::node, r), s.node[n][r]))
        bad.push_back(fmt::format("after {}: node {} holds {} {}, over the per-node limit", name, inv.nodes[n].name,
                                  s.node[n][r], res));
    }
    if (total == 0) continue;
    if (over(limit_of(p, tier, Scope::cluster, r), s.cluster[pl.cluster][r]))
      bad.push_back(fmt::format("after {}: cluster {} holds {} {}, over the per-cluster limit", name,
                                inv.clusters[pl.cluster].name, s.cluster[pl.cluster][r], res));
    if (over(limit_of(p, tier, Scope::job, r), total))
      bad.push_back(fmt::format("{} takes {} {}, over the per-job limit", name, total, res));
    if (!j.user.empty() && over(limit_of(p, tier, Scope::user, r), s.held(s.user, j.user, r)))
      bad.push_back(fmt::format("after {}: user {} holds {} {}, over the per-user limit", name, j.user,
                                s.held(s.user, j.user, r), res));
    if (over(limit_of(p, team_tier, Scope::team, r), s.held(s.team, j.team, r)))
      bad.push_back(fmt::format("after {}: team {} holds {} {}, over the per-team limit", name, j.team,
                                s.held(s.team, j.team, r), res));
  }
}

/// Free primary resource on nodes where no replica (with replicas, asking for it) fits.
Amount stranded_in(const Instance& in, const Inventory& inv, const State& s, std::size_t c, std::size_t primary) {
  // With no such replica at all, placement.cpp strands nothing, where man/allot.1 says every
  // free GPU is stranded: reported, and left out of this check.
  const bool gpu_jobs = std::any_of(in.jobs.begin(), in.jobs.end(),
                                    [&](const Job& j) { return j.groups[0].replicas > 0 && j.groups[0].request[primary] > 0; });
  Amount stranded = 0;
  for (auto n : inv.clusters[c].nodes) {
    const Amount f = inv.nodes[n].capacity[primary] - s.node[n][primary];
    bool usable = false;
    for (const auto& j : in.jobs) {
      if (j.groups[0].replicas == 0 || j.groups[0].request[primary] == 0 || !test::selector_matches(j.groups[0], inv.nodes[n].labels)) continue;
      bool fits = true;
      for (std::size_t r = 0; r < j.groups[0].request.size(); ++r)
        fits = fits && j.groups[0].request[r] <= inv.nodes[n].capacity[r] - s.node[n][r];
      usable = usable || fits;
    }
    if (f > 0 && !usable && gpu_jobs) stranded += f;
  }
  return stranded;
}

/// What the plan says each cluster holds, has and strands, against the final state.
void check_cluster_totals(const Instance& in, const Inventory& inv, const State& s, const Plan& plan, Problems& bad) {
  const std::size_t R = in.policy.resources.size();
  if (plan.clusters.size() != inv.clusters.size()) {
    bad.push_back(fmt::format("{} cluster totals for {} clusters", plan.clusters.size(), inv.clusters.size()));
    return;
  }
  for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
    const auto& cu = plan.clusters[c];
    const std::string& name = inv.clusters[c].name;
    std::vector<Amount> capacity(R, 0);
    for (auto n : inv.clusters[c].nodes)
      for (std::size_t r = 0; r < R; ++r) capacity[r] += inv.nodes[n].capacity[r];
    if (cu.held != s.cluster[c]) bad.push_back(fmt::format("cluster {}: held differs from allocated + placed", name));
    if (cu.capacity != capacity) bad.push_back(fmt::format("cluster {}: capacity differs from the sum of its nodes", name));
    const Amount stranded = stranded_in(in, inv, s, c, plan.primary);
    if (cu.stranded != stranded) bad.push_back(fmt::format("cluster {}: stranded {} != {}", name, cu.stranded, stranded));
  }
}

/// Every way `plan` breaks a promise, one line each; empty when it keeps them all.
Problems check_plan(const Instance& in, const Inventory& inv, const Plan& plan) {
  Problems bad;
  check_decided_once(in, plan, bad);
  if (!bad.empty()) return bad;
  check_order(in, inv, plan, bad);
  const auto primary = in.policy.find_resource("gpu").value_or(0);
  if (plan.primary != primary) bad.push_back(fmt::format("primary resource #{} != #{}", plan.primary, primary));
  // Replay the placements in the order they were decided, checking every limit after each.
  State s(inv, in.policy.resources.size());
  std::size_t replicas = 0;
  for (const auto& pl : plan.placements) {
    if (!check_gang(in, inv, pl, bad)) continue;
    add_to(s, in.jobs[pl.job], pl);
    check_limits(in, inv, s, pl, bad);
    replicas += pl.nodes.size();
  }
  if (plan.replicas_placed != replicas) bad.push_back(fmt::format("replicas_placed {} != {}", plan.replicas_placed, replicas));
  // Unplaced: a reason, and no room for it even now (room only shrinks as jobs are placed).
  for (const auto& u : plan.unplaced) {
    const Job& j = in.jobs[u.job];
    if (u.reasons.empty()) bad.push_back(fmt::format("job #{} '{}' unplaced without a reason", u.job, j.name));
    if (fits_on(in, inv, s, j))
      bad.push_back(fmt::format("job #{} '{}' unplaced, but it fits on the final state; reasons: {}", u.job, j.name,
                                sentences(in, inv, j, u.reasons, " | ")));
  }
  check_cluster_totals(in, inv, s, plan, bad);
  return bad;
}

/// Walks the jobs in the order they were decided and calls `on_unplaced(state at that
/// moment, job, its Unplaced)` for each job that was not placed.
template <class F>
void replay_decisions(const Instance& in, const Inventory& inv, const Plan& plan, F on_unplaced) {
  const auto order = decision_order(in, inv);
  std::map<std::size_t, const Placement*> placed;
  std::map<std::size_t, const Unplaced*> unplaced;
  for (const auto& pl : plan.placements) placed[pl.job] = &pl;
  for (const auto& u : plan.unplaced) unplaced[u.job] = &u;
  State s(inv, in.policy.resources.size());
  for (auto j : order) {
    if (placed.count(j)) add_to(s, in.jobs[j], *placed[j]);
    else if (unplaced.count(j)) on_unplaced(s, in.jobs[j], *unplaced[j]);
  }
}

/// Each unplaced job's reasons and hints, exactly as the model writes them.
std::vector<std::string> check_explanations(const Instance& in, const Inventory& inv, const Plan& plan) {
  std::vector<std::string> bad;
  replay_decisions(in, inv, plan, [&](const State& s, const Job& j, const Unplaced& u) {
    const auto [reasons, hints] = expected_explanation(in, inv, s, j);
    if (u.reasons != reasons)
      bad.push_back(fmt::format("job '{}': reasons\n    {}\n  expected\n    {}", j.name,
                                sentences(in, inv, j, u.reasons, "\n    "), sentences(in, inv, j, reasons, "\n    ")));
    if (u.hints != hints)
      bad.push_back(fmt::format("job '{}': hints\n    {}\n  expected\n    {}", j.name,
                                sentences(in, inv, j, u.hints, "\n    "), sentences(in, inv, j, hints, "\n    ")));
  });
  return bad;
}

/// Hints whose promise does not hold at the moment they were given.
std::vector<std::string> check_hints(const Instance& in, const Inventory& inv, const Plan& plan) {
  std::vector<std::string> bad;
  replay_decisions(in, inv, plan, [&](const State& s, const Job& j, const Unplaced& u) {
    for (const auto& h : u.hints)
      if (auto why = broken_hint(in, inv, s, j, h); !why.empty())
        bad.push_back(fmt::format("job '{}': hint \"{}\": {}", j.name, cli::hint_text(in.policy, inv, j, h), why));
  });
  return bad;
}

/// The problems of one instance, determinism included.
std::vector<std::string> problems(const Instance& in) {
  const Inventory inv = build_inventory(in);
  const Plan plan = place(in.policy, inv, in.jobs, in.options);
  auto bad = check_plan(in, inv, plan);
  for (auto& b : check_explanations(in, inv, plan)) bad.push_back(std::move(b));
  if (!test::same_plan(plan, place(in.policy, inv, in.jobs, in.options))) bad.push_back("a second run gives another plan");
  return bad;
}

/// The smallest instance found, by dropping jobs, nodes, clusters and usage and lowering
/// replica counts, that still has a problem.
Instance shrink(Instance in) {
  for (bool progress = true; progress;) {
    progress = false;
    auto attempt = [&](Instance candidate) {
      if (!progress && !problems(candidate).empty()) {
        in = std::move(candidate);
        progress = true;
      }
    };
    for (std::size_t j = 0; j < in.jobs.size() && !progress; ++j) {
      Instance c = in;
      c.jobs.erase(c.jobs.begin() + static_cast<std::ptrdiff_t>(j));
      attempt(std::move(c));
    }
    for (std::size_t c = 0; c < in.clusters.size() && !progress; ++c) {
      Instance x = in;
      x.clusters.erase(x.clusters.begin() + static_cast<std::ptrdiff_t>(c));
      attempt(std::move(x));
      for (std::size_t n = 0; n < in.clusters[c].nodes.size() && !progress; ++n) {
        Instance y = in;
        y.clusters[c].nodes.erase(y.clusters[c].nodes.begin() + static_cast<std::ptrdiff_t>(n));
        attempt(std::move(y));
      }
    }
    for (const auto& who : {std::string("u0"), std::string("u1"), std::string("u2")})
      if (in.user_usage.count(who) && !progress) {
        Instance x = in;
        x.user_usage.erase(who);
        attempt(std::move(x));
      }
    for (const auto& who : {std::string("ta"), std::string("tb")})
      if (in.team_usage.count(who) && !progress) {
        Instance x = in;
        x.team_usage.erase(who);
        attempt(std::move(x));
      }
    for (std::size_t j = 0; j < in.jobs.size() && !progress; ++j)
      if (in.jobs[j].groups[0].replicas > 1) {
        Instance c = in;
        --c.jobs[j].groups[0].replicas;
        attempt(std::move(c));
      }
  }
  return in;
}

/// What a run over many instances saw, so a generator that stopped producing interesting
/// cases (all placed, all unplaced) fails the test instead of passing it vacuously.
struct Coverage {
  std::size_t instances = 0, placed = 0, unplaced = 0, failures = 0;
  std::map<Strategy, std::size_t> placed_by_strategy;
  std::map<std::string, std::size_t> reasons;
};

/// What a reason counts towards: its kind; for a limit, its scope; for a cluster's shortfall,
/// each part it has (nodes short of a resource, nodes the selector leaves out, too few
/// distinct nodes for strict-spread).
std::vector<std::string> coverage_keys(const Reason& r) {
  std::vector<std::string> keys{std::string(kind_name(r))};
  if (const auto* b = std::get_if<LimitBlock>(&r)) keys.push_back(fmt::format("limit per {}", to_string(b->scope)));
  if (const auto* f = std::get_if<FleetShortfall>(&r); f && !f->short_of.empty()) keys.emplace_back("fleet short of a resource");
  if (const auto* f = std::get_if<ClusterShortfall>(&r)) {
    if (!f->short_of.empty()) keys.emplace_back("short of a resource");
    if (f->not_matching > 0) keys.emplace_back("selector leaves nodes out");
    if (f->holders > 0 && static_cast<Amount>(f->holders) < f->distinct_nodes_needed) keys.emplace_back("distinct nodes");
  }
  return keys;
}

void tally(Coverage& cov, const Instance& in, const Plan& plan) {
  ++cov.instances;
  cov.placed += plan.placements.size();
  cov.unplaced += plan.unplaced.size();
  for (const auto& pl : plan.placements)
    if (!pl.nodes.empty()) ++cov.placed_by_strategy[strategy_of(in, in.jobs[pl.job])];
  for (const auto& u : plan.unplaced)
    for (const auto& r : u.reasons)
      for (const auto& key : coverage_keys(r)) ++cov.reasons[key];
}

void run_instances(std::uint64_t salt, std::size_t count, bool single_job, Coverage& cov) {
  const std::uint64_t seed = base_seed();
  for (std::size_t i = 0; i < count && cov.failures < 3; ++i) {
    Generator gen(seed ^ (salt + 0x9e3779b97f4a7c15ULL * (i + 1)));
    const Instance in = gen.instance(single_job);
    const Inventory inv = build_inventory(in);
    tally(cov, in, place(in.policy, inv, in.jobs, in.options));
    if (problems(in).empty()) continue;
    ++cov.failures;
    const Instance small = shrink(in);
    BOOST_ERROR(fmt::format("ALLOT_SEED={:#x}, instance {} (salt {}): {}\nshrunk instance:\n{}", seed, i, salt,
                            fmt::join(problems(small), "\n"), describe(small)));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(placement_properties)

BOOST_AUTO_TEST_CASE(random_batches_keep_every_promise) {
  BOOST_TEST_MESSAGE(fmt::format("placement_properties: ALLOT_SEED={:#x}", base_seed()));
  Coverage cov;
  run_instances(1, 12000, false, cov);
  BOOST_TEST(cov.failures == 0u);
  BOOST_TEST_MESSAGE(fmt::format("{} instances, {} jobs placed, {} unplaced", cov.instances, cov.placed, cov.unplaced));
  for (const auto& [key, n] : cov.reasons) BOOST_TEST_MESSAGE(fmt::format("  reason '{}': {}", key, n));
  for (const auto& [s, n] : cov.placed_by_strategy) BOOST_TEST_MESSAGE(fmt::format("  placed {}: {}", to_string(s), n));
  // The generator must keep producing both outcomes and every kind of reason.
  BOOST_TEST(cov.placed > cov.instances);
  BOOST_TEST(cov.unplaced > cov.instances / 4);
  for (auto s : {Strategy::pack, Strategy::spread, Strategy::strict_pack, Strategy::strict_spread})
    BOOST_TEST(cov.placed_by_strategy[s] > 100u, to_string(s));
  for (const char* key : {"limit per job", "limit per user", "limit per node", "limit per gang_on_node",
                          "limit per cluster", "limit per team", "cluster_limit", "cluster_shortfall",
                          "short of a resource", "selector leaves nodes out", "distinct nodes", "unknown_cluster",
                          "fleet_shortfall", "fleet short of a resource"})
    BOOST_TEST(cov.reasons[key] > 10u, key);
}

// Gangs of several shapes (a CPU head with GPU workers): every placed gang still keeps
// every limit, capacity, selector and strategy promise, and the plan is deterministic.
BOOST_AUTO_TEST_CASE(gangs_of_several_shapes_keep_every_promise) {
  const std::uint64_t seed = base_seed();
  std::size_t gangs = 0, placed_gangs = 0, failures = 0;
  for (std::size_t i = 0; i < 3000 && failures < 3; ++i) {
    Instance in = Generator(seed ^ (5 + 0x9e3779b97f4a7c15ULL * (i + 1))).instance(false);
    std::mt19937_64 rng(seed ^ (i * 7919 + 5));
    auto roll = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
    for (auto& j : in.jobs) {
      if (roll(100) >= 45) continue;
      const Group first = j.groups[0];
      j.groups[0].name = "a";
      for (int extra = 1 + roll(2), k = 0; k < extra; ++k) {
        Group g = first;
        g.name = k == 0 ? "b" : "c";
        g.replicas = roll(4);
        for (std::size_t r = 0; r < g.request.size(); ++r) {
          // Half, double or none of the first group's amount; the first resource (gpu) of
          // one extra group is dropped, as a CPU-only head's is.
          const int how = roll(3);
          g.request[r] = how == 0 ? first.request[r] / 2 : how == 1 ? first.request[r] * 2 : 0;
          if (k == 1 && r == 0) g.request[r] = 0;
        }
        g.node_selector.clear();
        if (roll(3) == 0) g.node_selector.emplace_back("zone", roll(2) ? "a" : "b");
        j.groups.push_back(std::move(g));
      }
      ++gangs;
    }
    const Inventory inv = build_inventory(in);
    const Plan plan = place(in.policy, inv, in.jobs, in.options);
    for (const auto& pl : plan.placements) placed_gangs += in.jobs[pl.job].groups.size() > 1 && !pl.nodes.empty();
    // The checker of tests/placement_invariants.hpp knows groups; this file's model of the
    // explanations and of "it would fit" is for gangs of one shape.
    auto bad = test::PlanChecker(in.policy, inv, in.jobs, in.options).check(plan);
    if (!test::same_plan(plan, place(in.policy, inv, in.jobs, in.options))) bad.push_back("a second run gives another plan");
    if (bad.empty()) continue;
    ++failures;
    std::string gangs_text;
    for (const auto& j : in.jobs) {
      gangs_text += fmt::format("{} strategy {}:", j.name, j.strategy ? to_string(*j.strategy) : "-");
      for (const auto& g : j.groups)
        gangs_text += fmt::format(" [{} x{} {} sel {}]", g.name, g.replicas, fmt::join(g.request, ","), g.node_selector.size());
      gangs_text += "\n";
    }
    for (const auto& pl : plan.placements) gangs_text += fmt::format("placed {} on {}\n", pl.job, fmt::join(pl.nodes, ","));
    BOOST_ERROR(fmt::format("ALLOT_SEED={:#x}, instance {} (salt 5): {}\n{}{}", seed, i, fmt::join(bad, "\n"), describe(in), gangs_text));
  }
  BOOST_TEST(failures == 0u);
  BOOST_TEST_MESSAGE(fmt::format("{} gangs of several shapes, {} placed", gangs, placed_gangs));
  BOOST_TEST(placed_gangs > 600u);  // the generator keeps producing placeable gangs
  BOOST_TEST(gangs > placed_gangs + 1000u);  // and gangs that do not fit
}

BOOST_AUTO_TEST_CASE(a_job_that_fits_alone_is_placed) {
  BOOST_TEST_MESSAGE(fmt::format("placement_properties: ALLOT_SEED={:#x}", base_seed()));
  const std::uint64_t seed = base_seed();
  std::size_t fit = 0, not_fit = 0, failures = 0;
  for (std::size_t i = 0; i < 8000 && failures < 3; ++i) {
    Generator gen(seed ^ (2 + 0x9e3779b97f4a7c15ULL * (i + 1)));
    const Instance in = gen.instance(true);
    const Inventory inv = build_inventory(in);
    const bool expected = fits_on(in, inv, State(inv, in.policy.resources.size()), in.jobs[0]);
    const Plan plan = place(in.policy, inv, in.jobs, in.options);
    const bool placed = plan.placements.size() == 1;
    ++(expected ? fit : not_fit);
    if (placed == expected) continue;
    ++failures;
    std::string why;
    for (const auto& u : plan.unplaced) why = sentences(in, inv, in.jobs[u.job], u.reasons, " | ");
    BOOST_ERROR(fmt::format("ALLOT_SEED={:#x}, instance {}: brute force says {}, the plan {}{}\n{}", seed, i,
                            expected ? "it fits" : "it does not fit", placed ? "placed it" : "did not: ", why,
                            describe(in)));
  }
  BOOST_TEST(failures == 0u);
  BOOST_TEST_MESSAGE(fmt::format("{} single jobs fit, {} do not", fit, not_fit));
  BOOST_TEST(fit > 1000u);  // both outcomes are common
  BOOST_TEST(not_fit > 500u);
}

// Every "fits on N if it asks for R <= V" hint must come true: N lacks nothing but R.
BOOST_AUTO_TEST_CASE(hints_keep_their_promise) {
  // "in cluster C, a replica fits on N if it asks for R <= V": with that request, it does.
  const std::uint64_t seed = base_seed();
  std::size_t hints = 0, broken = 0;
  std::string first;
  for (std::size_t i = 0; i < 3000; ++i) {
    const Instance in = Generator(seed ^ (4 + 0x9e3779b97f4a7c15ULL * (i + 1))).instance(i % 2 == 0);
    const Inventory inv = build_inventory(in);
    const Plan plan = place(in.policy, inv, in.jobs, in.options);
    for (const auto& u : plan.unplaced)
      hints += static_cast<std::size_t>(std::count_if(u.hints.begin(), u.hints.end(), [](const Hint& h) {
        return std::holds_alternative<SmallerRequest>(h);
      }));
    const auto bad = check_hints(in, inv, plan);
    broken += bad.size();
    if (!bad.empty() && first.empty())
      first = fmt::format("ALLOT_SEED={:#x}, instance {} (salt 4): {}\n{}", seed, i, fmt::join(bad, "\n"), describe(in));
  }
  BOOST_TEST_REQUIRE(hints > 200u);  // the generator gives hints to check
  BOOST_TEST(broken == 0u, broken << " of " << hints << " hints do not keep their promise; the first:\n" << first);
}

BOOST_AUTO_TEST_CASE(the_plan_does_not_depend_on_earlier_runs) {
  // Plans of many instances made in one order, then again in reverse, are the same: no
  // state survives between calls of place().
  const std::uint64_t seed = base_seed();
  std::vector<Instance> instances;
  for (std::size_t i = 0; i < 200; ++i) instances.push_back(Generator(seed ^ (3 + 977 * i)).instance(false));
  std::vector<Plan> first;
  std::vector<Inventory> invs;
  for (const auto& in : instances) invs.push_back(build_inventory(in));
  for (std::size_t i = 0; i < instances.size(); ++i)
    first.push_back(place(instances[i].policy, invs[i], instances[i].jobs, instances[i].options));
  for (std::size_t k = instances.size(); k-- > 0;)
    BOOST_TEST(test::same_plan(first[k], place(instances[k].policy, invs[k], instances[k].jobs, instances[k].options)),
               "instance " << k);
}

BOOST_AUTO_TEST_SUITE_END()
