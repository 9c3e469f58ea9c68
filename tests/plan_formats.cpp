// place --format ray | kubernetes on random plans: every placed replica is in exactly one
// bundle, in replica order, and its node in the affinity of exactly its pod template;
// unplaced jobs are in no spec. Exact outputs are the CLI cases' (tests/cli/place_plan_*).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/plan_formats.hpp"
#include "place/placement.hpp"
#include "tests/property_support.hpp"
#include "tests/support.hpp"

using namespace allot;
using namespace allot::cli;

namespace {

constexpr std::uint64_t kDefaultSeed = 0x91a4'f0a3'a75ULL;

const char* kPolicy = R"(policy p
resource gpu count
resource vcpu count
resource memory bytes
resource storage bytes
tier t { per node { gpu <= 8 } }
default tier t
)";

struct Instance {
  Inventory inv;
  std::vector<Job> jobs;
  PlaceOptions options;
};

Instance generate(const Policy& p, test::Rng& rng) {
  Instance in;
  in.inv.file = "inv.yaml";
  const std::size_t n_res = p.resources.size();
  for (int c = 0, clusters = rng.pick_int(1, 3); c < clusters; ++c) {
    Cluster cl;
    cl.name = fmt::format("c{}", c);
    for (int k = 0, nodes = rng.pick_int(1, 5); k < nodes; ++k) {
      Node n;
      n.name = fmt::format("c{}-n{}", c, k);
      n.cluster = static_cast<std::size_t>(c);
      n.capacity = {rng.pick(0, 8) * 1000, rng.pick(1, 64) * 1000, rng.pick(1, 512) << 30, Amount{1} << 40};
      n.allocated.assign(n_res, 0);
      cl.nodes.push_back(in.inv.nodes.size());
      in.inv.nodes.push_back(std::move(n));
    }
    in.inv.clusters.push_back(std::move(cl));
  }
  for (int i = 0, jobs = rng.pick_int(1, 8); i < jobs; ++i) {
    Job j;
    j.name = fmt::format("job-{}", i);
    j.user = fmt::format("u{}", rng.pick_int(0, 2));
    j.kubernetes = rng.chance(75);
    j.kind = j.kubernetes ? "RayCluster" : "Job";
    j.api_version = j.kubernetes ? "ray.io/v1" : "allot/v1";
    j.file = "jobs.yaml";
    if (rng.chance(30)) j.strategy = static_cast<Strategy>(rng.pick_int(0, 3));
    for (int g = 0, groups = rng.pick_int(1, 3); g < groups; ++g) {
      Group gr;
      gr.name = groups == 1 ? "" : fmt::format("g{}", g);
      gr.replicas = rng.pick(0, 4);
      // Some replicas ask for nothing Ray schedules (storage only): no placement group.
      gr.request = {rng.chance(50) ? rng.pick(0, 4) * 500 : 0, rng.chance(90) ? rng.pick(1, 16) * 250 : 0,
                    rng.chance(80) ? rng.pick(1, 64) << 30 : 0, rng.chance(30) ? Amount{1} << 30 : 0};
      gr.request_at.assign(n_res, {});
      // Two groups may share a template (a LeaderWorkerSet without a leaderTemplate).
      const int tmpl = rng.chance(25) ? 0 : g;
      if (j.kubernetes) gr.pod_spec = {{"spec", fmt::format("t{}", tmpl), "template", "spec"}, rng.chance(30), false};
      gr.pod_spec.node_affinity = gr.pod_spec.affinity && rng.chance(50);
      j.groups.push_back(std::move(gr));
    }
    in.jobs.push_back(std::move(j));
  }
  in.options.strategy = static_cast<Strategy>(rng.pick_int(0, 3));
  return in;
}

std::string render(const PlanView& view, bool ray) {
  std::string out;
  const Sink sink = [&](std::string_view piece) { out += piece; };
  (void)(ray ? render_ray(view, sink) : render_kubernetes(view, sink));
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  return out;
}

std::size_t count_of(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

bool rayless(const Policy& p, const Group& g) {
  for (std::size_t r = 0; r < p.resources.size(); ++r)
    if (g.request[r] != 0 && !ray_resource(p.resources[r]).empty()) return false;
  return true;
}

/// The problems of the Ray lines of one plan.
std::vector<std::string> check_ray(const Policy& p, const Instance& in, const Plan& plan, const std::string& text) {
  std::vector<std::string> bad;
  const auto lines = lines_of(text);
  std::size_t expected_lines = 0;
  for (const auto& pl : plan.placements) {
    const Job& j = in.jobs[pl.job];
    const auto groups = replica_groups(j, pl.nodes.size());
    const bool none = pl.nodes.empty() ||
                      std::any_of(groups.begin(), groups.end(), [&](std::size_t g) { return rayless(p, j.groups[g]); });
    std::vector<std::string> nodes;
    for (auto n : pl.nodes) nodes.push_back(fmt::format("\"{}\"", in.inv.nodes[n].name));
    const std::string head = fmt::format("{{\"cluster\":\"{}\",\"job\":\"{}\",\"nodes\":[{}],", in.inv.clusters[pl.cluster].name,
                                         j.name, fmt::join(nodes, ","));
    const auto found = std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(head, 0) == 0; });
    if (found != (none ? 0 : 1)) bad.push_back(fmt::format("{}: {} lines starting {}", j.name, found, head));
    if (none) continue;
    ++expected_lines;
    const auto& line = *std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(head, 0) == 0; });
    const std::string bundles = line.substr(line.find("\"bundles\":["));
    if (count_of(bundles, "{") != pl.nodes.size())
      bad.push_back(fmt::format("{}: {} bundles for {} replicas", j.name, count_of(bundles, "{"), pl.nodes.size()));
    const std::string strategy(ray_strategy(j.strategy.value_or(in.options.strategy)));
    if (line.find(fmt::format("\"strategy\":\"{}\"", strategy)) == std::string::npos)
      bad.push_back(fmt::format("{}: not {}", j.name, strategy));
  }
  if (lines.size() != expected_lines) bad.push_back(fmt::format("{} lines, {} expected", lines.size(), expected_lines));
  for (const auto& u : plan.unplaced)
    if (text.find(fmt::format("\"job\":\"{}\"", in.jobs[u.job].name)) != std::string::npos)
      bad.push_back(fmt::format("unplaced {} has a placement group", in.jobs[u.job].name));
  return bad;
}

/// The problems of the Kubernetes script of one plan.
std::vector<std::string> check_kubernetes(const Instance& in, const Plan& plan, const std::string& text) {
  std::vector<std::string> bad;
  const auto lines = lines_of(text);
  auto command = [&](const Job& j) {
    const std::string start = fmt::format("kubectl patch raycluster.ray.io {} ", j.name);
    return std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(start, 0) == 0; });
  };
  for (const auto& pl : plan.placements) {
    const Job& j = in.jobs[pl.job];
    const bool patched = j.kubernetes && !pl.nodes.empty();
    if (command(j) != (patched ? 1 : 0)) bad.push_back(fmt::format("{}: {} commands", j.name, command(j)));
    if (!patched) continue;
    const std::string start = fmt::format("kubectl patch raycluster.ray.io {} ", j.name);
    const auto& line = *std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(start, 0) == 0; });
    // Each template: its replicas' nodes, sorted and unique, once.
    std::vector<std::pair<const Group::PodSpecAt*, std::set<std::string>>> want;
    const auto groups = replica_groups(j, pl.nodes.size());
    for (std::size_t i = 0; i < pl.nodes.size(); ++i) {
      const auto* at = &j.groups[groups[i]].pod_spec;
      auto it = std::find_if(want.begin(), want.end(), [&](const auto& w) { return w.first->path == at->path; });
      if (it == want.end()) it = want.insert(want.end(), {at, {}});
      it->second.insert(in.inv.nodes[pl.nodes[i]].name);
    }
    if (count_of(line, "\"op\":\"add\"") != want.size())
      bad.push_back(fmt::format("{}: {} operations for {} templates", j.name, count_of(line, "\"op\":\"add\""), want.size()));
    for (const auto& [at, nodes] : want) {
      std::string path = "/" + fmt::format("{}", fmt::join(at->path, "/")) + "/affinity";
      if (at->affinity) path += "/nodeAffinity";
      if (at->node_affinity) path += "/requiredDuringSchedulingIgnoredDuringExecution";
      std::vector<std::string> quoted;
      for (const auto& n : nodes) quoted.push_back(fmt::format("\"{}\"", n));
      const std::string values = fmt::format("\"values\":[{}]", fmt::join(quoted, ","));
      const auto op = line.find(fmt::format("\"path\":\"{}\",", path));
      const auto next = line.find("\"op\"", op == std::string::npos ? 0 : op);
      if (op == std::string::npos || line.substr(op, next - op).find(values) == std::string::npos)
        bad.push_back(fmt::format("{}: no {} with {}", j.name, path, values));
    }
    if (count_of(line, "\"kubernetes.io/hostname\"") != want.size())
      bad.push_back(fmt::format("{}: {} hostname terms for {} templates", j.name,
                                count_of(line, "\"kubernetes.io/hostname\""), want.size()));
  }
  for (const auto& u : plan.unplaced)
    if (command(in.jobs[u.job]) != 0) bad.push_back(fmt::format("unplaced {} is patched", in.jobs[u.job].name));
  return bad;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_placed_replica_is_in_one_spec_and_unplaced_jobs_in_none) {
  const std::uint64_t seed = test::property_seed(kDefaultSeed);
  BOOST_TEST_MESSAGE(fmt::format("plan_formats: ALLOT_SEED={:#x}", seed));
  const Policy p = test::load_policy(kPolicy);
  std::size_t placed = 0, unplaced = 0, failures = 0, lines = 0, patches = 0;
  for (std::size_t i = 0; i < 3000 && failures < 3; ++i) {
    auto rng = test::instance_rng(seed, 0x91a4, i);
    const Instance in = generate(p, rng);
    const Plan plan = place(p, in.inv, in.jobs, in.options);
    const PlanView view{p, in.inv, in.jobs, plan, in.options.strategy};
    const std::string ray = render(view, true), kube = render(view, false);
    auto bad = check_ray(p, in, plan, ray);
    for (auto& b : check_kubernetes(in, plan, kube)) bad.push_back(std::move(b));
    if (!bad.empty()) {
      ++failures;
      BOOST_ERROR(fmt::format("instance {} (ALLOT_SEED={:#x}): {}\n{}\n{}", i, seed, fmt::join(bad, "; "), ray, kube));
    }
    placed += plan.placements.size();
    unplaced += plan.unplaced.size();
    lines += count_of(ray, "\n");
    patches += count_of(kube, "\nkubectl patch");
  }
  BOOST_TEST_MESSAGE(fmt::format("{} placed, {} unplaced, {} placement groups, {} patches", placed, unplaced, lines, patches));
  // The generator must keep producing every outcome.
  BOOST_TEST(placed > 1000u);
  BOOST_TEST(unplaced > 300u);
  BOOST_TEST(lines > 500u);
  BOOST_TEST(patches > 500u);
}

BOOST_AUTO_TEST_CASE(ray_names_and_strategies) {
  const Policy p = test::load_policy(kPolicy);
  std::vector<std::string> names;
  for (const auto& r : p.resources) names.push_back(ray_resource(r));
  BOOST_TEST(names == (std::vector<std::string>{"GPU", "CPU", "memory", ""}), boost::test_tools::per_element());
  BOOST_TEST(ray_strategy(Strategy::pack) == "PACK");
  BOOST_TEST(ray_strategy(Strategy::spread) == "SPREAD");
  BOOST_TEST(ray_strategy(Strategy::strict_pack) == "STRICT_PACK");
  BOOST_TEST(ray_strategy(Strategy::strict_spread) == "STRICT_SPREAD");
}

BOOST_AUTO_TEST_CASE(replicas_go_to_groups_in_order) {
  Job j;
  for (Amount n : {2, 0, 3}) {
    Group g;
    g.replicas = n;
    j.groups.push_back(g);
  }
  BOOST_TEST(replica_groups(j, 5) == (std::vector<std::size_t>{0, 0, 2, 2, 2}), boost::test_tools::per_element());
}
