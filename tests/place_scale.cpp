// What placement asks of the whole fleet at once, so that an unplaced job costs no visit to
// every cluster, against the straightforward computation on random fleets in random states
// of use: the fleet sets' counts, visits and room, a cluster's room and the clusters ordered
// by what they hold (Usage); what the explainer remembers of needs no node has room for; and
// an unplaced job's explanation over every cluster (ranked from the fleet sets) against the
// same explanation from a survey of each cluster in turn. Seeded; ALLOT_SEED=N
// overrides the seed.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "grammar/parser.hpp"
#include "tests/property_support.hpp"
#include "place/explain.hpp"
#include "tests/support.hpp"

namespace allot::place_detail {

/// Whether the explainer can rank every cluster from the fleet sets for a job of one group.
struct ExplainerProbe {
  static bool ranks_fleet(const Explainer& e, std::size_t job, const Tier* tier, const std::vector<Amount>& need,
                          bool whole_gang, std::size_t groups, Strategy strategy, const std::vector<Amount>& total) {
    const Explainer::Ask ask{job, 0, tier, need, whole_gang, groups};
    FleetShortfall fleet;
    std::vector<Explainer::Rank> ranks;
    return e.rank_fleet(ask, strategy, total, 3, fleet, ranks);
  }
};

}  // namespace allot::place_detail

using namespace allot;
using namespace allot::place_detail;

namespace {

std::uint64_t seed() { return test::property_seed(0x5ca1'ab1eULL); }

struct Random {
  std::mt19937_64 rng{seed()};
  int operator()(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
};

constexpr Amount kGiB = Amount{1} << 30;

/// 1 to `most` clusters of 1 to 10 nodes, some labelled pool=a, with few distinct amounts so
/// that ties are common, some in use already.
Inventory fleet(Random& pick, int most) {
  Inventory inv;
  inv.file = "gen-inventory.yaml";
  for (int c = pick(1, most); c > 0; --c) {
    Cluster cl;
    cl.name = fmt::format("c{}", inv.clusters.size());
    for (int k = pick(1, 10); k > 0; --k) {
      Node n;
      n.name = fmt::format("n{}", inv.nodes.size());
      n.cluster = inv.clusters.size();
      if (pick(0, 2) == 0) n.labels = {{"pool", "a"}};
      n.capacity = {1000 * pick(0, 4), 1000 * pick(1, 8), kGiB * pick(1, 4)};
      n.allocated = {0, 1000 * pick(0, 2), 0};
      cl.nodes.push_back(inv.nodes.size());
      inv.nodes.push_back(std::move(n));
    }
    inv.clusters.push_back(std::move(cl));
  }
  return inv;
}

/// An amount of resource `r` from the grid requests and capacities are drawn from.
Amount amount(Random& pick, std::size_t r) {
  switch (r) {
    case 0: return 1000 * pick(0, 4);
    case 1: return 500 * pick(0, 10);
    default: return (kGiB / 2) * pick(0, 6);
  }
}

/// Puts something on a random node (over its capacity, too), or with `take_back`, sometimes
/// takes back something put; sometimes counts a gang against a cluster.
void step(Random& pick, const Inventory& inv, Usage& usage, std::vector<std::pair<std::size_t, std::vector<Amount>>>& placed,
          bool take_back) {
  if (take_back && !placed.empty() && pick(0, 3) == 0) {
    const auto k = static_cast<std::size_t>(pick(0, static_cast<int>(placed.size()) - 1));
    usage.use(placed[k].first, placed[k].second, -1);
    placed.erase(placed.begin() + static_cast<std::ptrdiff_t>(k));
  } else {
    const auto n = static_cast<std::size_t>(pick(0, static_cast<int>(inv.nodes.size()) - 1));
    std::vector<Amount> a{1000 * pick(0, 1), 1000 * pick(0, 2), kGiB * pick(0, 1)};
    usage.use(n, a, 1);
    placed.emplace_back(n, std::move(a));
  }
  if (pick(0, 2) == 0) {
    const auto c = static_cast<std::size_t>(pick(0, static_cast<int>(inv.clusters.size()) - 1));
    usage.commit(c, {1000 * pick(0, 2), 1000 * pick(0, 3), kGiB * pick(0, 2)});
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(fleet_sets_count_visit_and_find_room_as_a_scan_does) {
  Random pick;
  std::size_t checked = 0, with_room = 0, without = 0;
  for (int instance = 0; instance < 200; ++instance) {
    const Inventory inv = fleet(pick, 5);
    Usage usage(inv, 3, 0);
    std::vector<std::vector<Amount>> amounts(3);
    for (std::size_t r = 0; r < 3; ++r)
      for (int k = pick(0, 6); k > 0; --k) amounts[r].push_back(amount(pick, r));
    usage.set_fleet_amounts(amounts);
    // Every node, the labelled ones, and a random few, added once the fleet is in use.
    std::vector<std::vector<std::size_t>> sets(3);
    for (std::size_t n = 0; n < inv.nodes.size(); ++n) {
      sets[0].push_back(n);
      if (!inv.nodes[n].labels.empty()) sets[1].push_back(n);
      if (pick(0, 1) == 0) sets[2].push_back(n);
    }
    std::vector<std::size_t> ids{usage.add_fleet_set(sets[0]), usage.add_fleet_set(sets[1])};
    std::vector<std::pair<std::size_t, std::vector<Amount>>> placed;
    for (int s = 0; s < 40; ++s) {
      step(pick, inv, usage, placed, true);
      if (s == 10) ids.push_back(usage.add_fleet_set(sets[2]));
      const std::string where = fmt::format("instance {} step {}", instance, s);
      for (std::size_t k = 0; k < ids.size(); ++k) {
        const auto& nodes = sets[k];
        BOOST_TEST(usage.fleet_size(ids[k]) == nodes.size(), where);
        for (std::size_t r = 0; r < 3; ++r) {
          Amount most = 0;
          for (auto n : nodes) most = std::max(most, inv.nodes[n].capacity[r]);
          BOOST_TEST(usage.fleet_max_capacity(ids[k], r) == most, where);
          for (const Amount a : amounts[r]) {
            std::size_t below = 0;
            std::multiset<std::size_t> enough, visited;
            for (auto n : nodes) {
              if (usage.free(n, r) < a) ++below;
              else enough.insert(n);
            }
            const auto got = usage.fleet_below(ids[k], r, a);
            BOOST_TEST_REQUIRE(got.has_value(), where);
            BOOST_TEST(*got == below, where);
            usage.fleet_visit(ids[k], r, a, [&](std::size_t n) {
              visited.insert(n);
              return true;
            });
            BOOST_TEST((visited == enough), where);
            ++checked;
          }
          // An amount not set is not answered.
          const Amount other = 7;
          if (std::find(amounts[r].begin(), amounts[r].end(), other) == amounts[r].end())
            BOOST_TEST(!usage.fleet_below(ids[k], r, other).has_value(), where);
        }
        // Room for a need made of amounts set (or nothing): some node has all of it free.
        std::vector<Amount> need(3, 0);
        for (std::size_t r = 0; r < 3; ++r)
          if (!amounts[r].empty() && pick(0, 2) > 0)
            need[r] = amounts[r][static_cast<std::size_t>(pick(0, static_cast<int>(amounts[r].size()) - 1))];
        const bool room = std::any_of(nodes.begin(), nodes.end(), [&](std::size_t n) {
          for (std::size_t r = 0; r < 3; ++r)
            if (need[r] > 0 && usage.free(n, r) < need[r]) return false;
          return true;
        });
        BOOST_TEST(usage.fleet_has_room(ids[k], need) == room, where);
        (room ? with_room : without) += 1;
      }
      // Likewise for each cluster's nodes.
      for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
        std::vector<Amount> need(3, 0);
        for (std::size_t r = 0; r < 3; ++r)
          if (pick(0, 2) > 0) need[r] = amount(pick, r);
        const auto& nodes = inv.clusters[c].nodes;
        const bool room = std::any_of(nodes.begin(), nodes.end(), [&](std::size_t n) {
          for (std::size_t r = 0; r < 3; ++r)
            if (need[r] > 0 && usage.free(n, r) < need[r]) return false;
          return true;
        });
        BOOST_TEST(usage.set_has_room(c, need) == room, where);
      }
      // The clusters by what they hold, as cluster_used says.
      for (std::size_t r = 0; r < 3; ++r) {
        Usage::Index expect;
        for (std::size_t c = 0; c < inv.clusters.size(); ++c) expect.insert({usage.cluster_used(c, r), c});
        BOOST_TEST((usage.clusters_by_used(r) == expect), where);
      }
    }
  }
  BOOST_TEST(checked > 20000u);
  BOOST_TEST(with_room > 1000u);
  BOOST_TEST(without > 1000u);
  BOOST_TEST_MESSAGE(fmt::format("{} counts checked (seed {:#x})", checked, seed()));
}

BOOST_AUTO_TEST_CASE(explaining_every_cluster_at_once_says_what_surveying_each_says) {
  Random pick;
  std::size_t compared = 0, ranked = 0, shortfalls = 0;
  for (int instance = 0; instance < 150; ++instance) {
    Diagnostics d;
    const bool node_limits = pick(0, 4) == 0;
    const std::string text = fmt::format(
        "policy p\nresource gpu count\nresource vcpu count\nresource memory bytes\n"
        "tier t {{ per user {{ gpu <= 10000 }} {} per cluster {{ gpu <= {} vcpu <= 40 }} }}\ndefault tier t\n",
        node_limits ? "per node { gpu <= 3 vcpu <= 10 }" : "per node { gpu <= 64 }", pick(4, 12));
    const Policy pol = grammar::load(text, "gen.allot", d);
    BOOST_TEST_REQUIRE(!d.has_errors(), test::describe(d));
    const Inventory inv = fleet(pick, 8);
    // Jobs of one group or two, some with a node selector on a group, some asking nothing of
    // a resource.
    std::vector<Job> jobs(6);
    for (auto& job : jobs) {
      for (int g = pick(1, 4) == 1 ? 2 : 1; g > 0; --g) {
        Group group;
        group.name = g == 2 ? "head" : "";
        group.replicas = pick(0, 3);
        for (std::size_t r = 0; r < 3; ++r) group.request.push_back(pick(0, 3) == 0 ? 0 : amount(pick, r));
        if (pick(0, 2) == 0) group.node_selector = {{"pool", "a"}};
        job.groups.push_back(std::move(group));
      }
      if (job.replicas() == 0) job.groups[0].replicas = 1;
    }
    Usage usage(inv, 3, 0);
    std::vector<std::vector<Amount>> amounts(3);  // as the engine sets them
    for (const auto& j : jobs)
      for (std::size_t r = 0; r < 3; ++r) {
        for (const auto& g : j.groups) amounts[r].push_back(g.request[r]);
        amounts[r].push_back(j.largest_request(r));
        amounts[r].push_back(j.total(r).value_or(kMaxAmount));
      }
    usage.set_fleet_amounts(amounts);
    Holdings holdings(inv);
    NodeSelectors selectors(inv, jobs);
    Explainer explainer(pol, inv, usage, holdings, selectors);
    std::vector<std::pair<std::size_t, std::vector<Amount>>> placed;
    const Strategy strategies[] = {Strategy::pack, Strategy::spread, Strategy::strict_spread, Strategy::strict_pack};
    for (int s = 0; s < 25; ++s) {
      // Only ever more in use, as between the decisions of a plan: fleet_room counts on it.
      step(pick, inv, usage, placed, false);
      for (std::size_t ji = 0; ji < jobs.size(); ++ji) {
        const Job& job = jobs[ji];
        const Strategy strategy = strategies[pick(0, 3)];
        const std::size_t near_misses = static_cast<std::size_t>(pick(0, 4));
        std::vector<Amount> total(3);
        for (std::size_t r = 0; r < 3; ++r) total[r] = job.total(r).value_or(kMaxAmount);
        Unplaced every{ji, {}, {}}, each{ji, {}, {}};
        explainer.explain_clusters(job, ji, strategy, &pol.tiers[0], total, Explainer::Clusters{{}, true}, near_misses,
                                   every);
        // Each cluster listed, in the order placing tries them: surveyed one by one.
        Explainer::Clusters listed;
        const bool spread = strategy == Strategy::spread || strategy == Strategy::strict_spread;
        for (const auto& [key, c] : spread ? usage.clusters_by_free_desc() : usage.clusters_by_free())
          listed.listed.push_back(c);
        explainer.explain_clusters(job, ji, strategy, &pol.tiers[0], total, listed, near_misses, each);
        const std::string where = fmt::format("instance {} step {} job {}", instance, s, ji);
        BOOST_TEST((every.reasons == each.reasons), where);
        BOOST_TEST((every.hints == each.hints), where);
        for (const auto& r : every.reasons) shortfalls += std::holds_alternative<FleetShortfall>(r);
        const bool whole_gang = strategy == Strategy::strict_pack;
        // What fleet_room remembers of needs without room holds still.
        const std::vector<Amount>& need = whole_gang ? total : job.groups[0].request;
        const std::size_t f = explainer.fleet_set(selectors.id(ji, 0));
        BOOST_TEST(explainer.fleet_room(f, need) == usage.fleet_has_room(f, need), where);
        if (job.groups.size() == 1)
          ranked += ExplainerProbe::ranks_fleet(explainer, ji, &pol.tiers[0], need, whole_gang, 1, strategy, total);
        ++compared;
      }
    }
  }
  // Most single-group jobs are ranked from the fleet sets; the rest fall back to the scan.
  BOOST_TEST(ranked > compared / 3);
  BOOST_TEST(shortfalls > compared / 4);
  BOOST_TEST_MESSAGE(fmt::format("{} explanations compared, {} ranked from the fleet sets (seed {:#x})", compared,
                                 ranked, seed()));
}
