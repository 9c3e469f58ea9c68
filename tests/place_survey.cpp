// The explainer's indexed survey (what a cluster lacks for a job, from the per-cluster
// free-amount indexes) against the node-by-node scan it replaces, on random fleets in random
// states of use: the same counts, the same best and hint nodes (ties to the first node in
// inventory order), the same replicas possible. Seeded; ALLOT_SEED=N overrides the seed.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "grammar/parser.hpp"
#include "tests/property_support.hpp"
#include "place/explain.hpp"
#include "tests/support.hpp"

namespace allot::place_detail {

/// Reaches the explainer's two ways of surveying a cluster.
struct ExplainerProbe {
  static void both(const Explainer& e, std::size_t c, std::size_t job, const Tier* tier, const std::vector<Amount>& need,
                   bool whole_gang, std::size_t groups, Explainer::Survey& indexed, Explainer::Survey& scanned,
                   bool& indexable) {
    const Explainer::Ask ask{job, 0, tier, need, whole_gang, groups};
    e.survey_into(c, ask, indexed);
    e.survey_reset(ask, scanned);
    e.survey_scan(c, ask, scanned);
    const std::size_t set = e.node_set(c, ask);
    indexable = set != Explainer::kNoSet && e.indexable(set, ask, scanned);
  }
};

}  // namespace allot::place_detail

using namespace allot;
using namespace allot::place_detail;

namespace {

std::uint64_t seed() { return test::property_seed(0x5eed'5a77'e1ULL); }

Policy policy(bool node_limits) {
  Diagnostics d;
  const std::string text = fmt::format(
      "policy p\nresource gpu count\nresource vcpu count\nresource memory bytes\n"
      "tier t {{ per user {{ gpu <= 10000 }} {} }}\ndefault tier t\n",
      node_limits ? "per node { gpu <= 3 vcpu <= 10 }" : "per node { gpu <= 64 }");
  Policy p = grammar::load(text, "gen.allot", d);
  BOOST_TEST_REQUIRE(!d.has_errors(), test::describe(d));
  return p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(indexed_survey_finds_what_the_scan_finds) {
  std::mt19937_64 rng(seed());
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::size_t compared = 0, indexed_cases = 0;
  for (int instance = 0; instance < 300; ++instance) {
    const bool node_limits = pick(0, 4) == 0;
    const Policy pol = policy(node_limits);
    Inventory inv;
    inv.file = "gen-inventory.yaml";
    const int clusters = pick(1, 3);
    for (int c = 0; c < clusters; ++c) {
      Cluster cl;
      cl.name = fmt::format("c{}", c);
      for (int k = pick(1, 12); k > 0; --k) {
        Node n;
        n.name = fmt::format("n{}", inv.nodes.size());
        n.cluster = static_cast<std::size_t>(c);
        if (pick(0, 2) == 0) n.labels = {{"pool", "a"}};
        // Few distinct amounts, so that ties are common.
        n.capacity = {1000 * pick(0, 4), 1000 * pick(1, 8), (Amount{1} << 30) * pick(1, 4)};
        n.allocated = {0, 1000 * pick(0, 2), 0};
        cl.nodes.push_back(inv.nodes.size());
        inv.nodes.push_back(std::move(n));
      }
      inv.clusters.push_back(std::move(cl));
    }
    std::vector<Job> jobs(2);
    for (auto& job : jobs) {
      job.groups.emplace_back();
      job.groups.back().request = {0, 0, 0};
    }
    jobs[1].groups.back().node_selector = {{"pool", "a"}};
    Usage usage(inv, 3, 0);
    Holdings holdings(inv);
    NodeSelectors selectors(inv, jobs);
    Explainer explainer(pol, inv, usage, holdings, selectors);
    std::vector<std::pair<std::size_t, std::vector<Amount>>> placed;
    for (int step = 0; step < 40; ++step) {
      // Put something on a random node (over its capacity, too), or take back something put.
      if (!placed.empty() && pick(0, 3) == 0) {
        const auto k = static_cast<std::size_t>(pick(0, static_cast<int>(placed.size()) - 1));
        usage.use(placed[k].first, placed[k].second, -1);
        placed.erase(placed.begin() + static_cast<std::ptrdiff_t>(k));
      } else {
        const std::size_t n = static_cast<std::size_t>(pick(0, static_cast<int>(inv.nodes.size()) - 1));
        std::vector<Amount> amount{1000 * pick(0, 1), 1000 * pick(0, 2), (Amount{1} << 30) * pick(0, 1)};
        usage.use(n, amount, 1);
        placed.emplace_back(n, std::move(amount));
      }
      const std::vector<Amount> need{1000 * pick(0, 3), 500 * pick(0, 6), (Amount{1} << 29) * pick(0, 4)};
      const std::size_t job = pick(0, 3) == 0 ? 1 : 0;
      const bool whole_gang = pick(0, 3) == 0;
      for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
        Explainer::Survey a, b;
        bool indexable = false;
        ExplainerProbe::both(explainer, c, job, &pol.tiers[0], need, whole_gang, 1, a, b, indexable);
        // Indexable: no per-node limit is below the capacity of a node the selector matches.
        bool expect_indexable = need != std::vector<Amount>{0, 0, 0};
        for (auto m : inv.clusters[c].nodes)
          for (std::size_t r = 0; r < 3; ++r)
            if (const Limit* l = pol.tiers[0].limit(Scope::node, r);
                l && need[r] > 0 && l->max < inv.nodes[m].capacity[r] && (job == 0 || !inv.nodes[m].labels.empty()))
              expect_indexable = false;
        BOOST_TEST(indexable == expect_indexable);
        if (!indexable) continue;
        ++indexed_cases;
        const std::string where = fmt::format("instance {} step {} cluster {}", instance, step, c);
        BOOST_TEST(a.not_matching == b.not_matching, where);
        BOOST_TEST(a.holders == b.holders, where);
        BOOST_TEST(a.replicas_possible == b.replicas_possible, where);
        BOOST_TEST(a.short_of == b.short_of, where);
        BOOST_TEST(a.best == b.best, where);
        BOOST_TEST(a.best_room == b.best_room, where);
        if (b.holders == 0)  // hints are read only then, and only of a node with some room
          for (std::size_t r = 0; r < 3; ++r) {
            const bool some_room = b.hint_node[r] && b.hint_room[r] > 0;
            BOOST_TEST(a.hint_node[r].has_value() == some_room, where);
            if (some_room && a.hint_node[r]) {
              BOOST_TEST(*a.hint_node[r] == *b.hint_node[r], where);
              BOOST_TEST(a.hint_room[r] == b.hint_room[r], where);
            }
          }
        ++compared;
      }
    }
  }
  BOOST_TEST(indexed_cases > 3000u);
  BOOST_TEST_MESSAGE(fmt::format("{} surveys compared (seed {:#x})", compared, seed()));
}
