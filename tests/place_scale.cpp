// What placement asks of the whole fleet at once, so that an unplaced job costs no visit to
// every cluster, against the straightforward computation on random fleets in random states
// of use: the fleet sets' counts, visits and room, a cluster's room and the clusters ordered
// by what they hold (Usage). Seeded; ALLOT_SEED=N overrides the seed.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "place/usage.hpp"
#include "tests/support.hpp"

using namespace allot;
using namespace allot::place_detail;

namespace {

std::uint64_t seed() {
  const char* env = std::getenv("ALLOT_SEED");
  return env != nullptr && *env != '\0' ? std::strtoull(env, nullptr, 0) : 0x5ca1'ab1eULL;
}

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
