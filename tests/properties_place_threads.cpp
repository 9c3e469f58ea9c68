// Seeded property test: `allot place` and `allot validate` give the same bytes and exit code
// whatever the number of threads reading the manifests. Small random instances (a policy, an
// inventory and a directory tree of many manifest files, some with several documents, some
// skipped kinds, and in some instances broken documents) are written to a temporary
// directory and the real binary is run with -j 1, 2, 8 and 0 (one per core): place with
// --format json (and, for half the instances, text at -j 1 and 8), validate with --format json. Standard output,
// standard error and the exit code must not change.
//
// The seed is fixed and printed; ALLOT_SEED=N overrides it. A failure prints the seed, the
// instance number and the two outputs that differ; ALLOT_KEEP=DIR keeps every instance's
// files in DIR/instance-N for replaying the commands by hand.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/property_support.hpp"
#include "tests/run_allot.hpp"
#include "tests/support.hpp"

using namespace allot;
using test::Rng;

namespace {

constexpr std::uint64_t kDefaultSeed = 0x5eed'7407'0004ULL;
constexpr std::size_t kInstances = 6;

std::uint64_t seed() {
  static const std::uint64_t s = test::property_seed(kDefaultSeed);
  return s;
}

const std::vector<std::string> kUsers = {"alice", "bob", "carol", "trial-1"};
const std::vector<std::string> kTeams = {"ml-a", "ml-b", "ops"};
const std::vector<std::string> kModels = {"H100", "A100", "L40S"};

std::string policy(Rng& rng) {
  auto n = [&](int lo, int hi) { return rng.pick_int(lo, hi); };
  return fmt::format(
      "policy threads\n"
      "resource gpu count\nresource vcpu count\nresource memory bytes\n"
      "tier base {{\n"
      "  per node {{ gpu <= {} vcpu <= {} }}\n"
      "  per job {{ gpu <= {} warn at 75% memory <= {}GiB }}\n"
      "  per user {{ gpu <= {} warn at {} vcpu <= {} }}\n"
      "  per team {{ gpu <= {} warn at 80% }}\n"
      "  per cluster {{ gpu <= {} }}\n"
      "}}\n"
      "tier big extends base {{\n  per user {{ gpu <= {} }}\n  per job {{ gpu <= {} }}\n}}\n"
      "default tier base\nassign tier big to team \"ml-*\", user \"alice\"\n",
      n(4, 8), n(32, 64), n(4, 12), n(64, 256), 12, n(4, 12), n(48, 96), n(12, 24), n(16, 40), n(16, 32),
      n(8, 16));
}

std::string inventory(Rng& rng) {
  std::string y = "apiVersion: allot/v1\nkind: Inventory\nclusters:\n";
  const int clusters = rng.pick_int(1, 3);
  for (int c = 0; c < clusters; ++c) {
    y += fmt::format("  - name: c{}\n    nodes:\n", c);
    for (int k = rng.pick_int(1, 5); k > 0; --k) {
      y += fmt::format("      - name: c{}-n{}\n        labels: {{gpu.model: {}}}\n", c, k, rng.one_of(kModels));
      const int gpus = rng.pick_int(0, 8);
      y += fmt::format("        capacity: {{gpu: {}, vcpu: {}, memory: {}Gi}}\n", gpus, 8 * rng.pick_int(1, 8),
                       64 * rng.pick_int(1, 8));
      if (rng.chance(30)) y += fmt::format("        allocated: {{gpu: {}, vcpu: 4}}\n", rng.pick_int(0, std::min(2, gpus)));
    }
  }
  if (rng.chance(50))
    y += fmt::format("usage:\n  users: {{{}: {{gpu: {}}}}}\n  teams: {{{}: {{gpu: {}}}}}\n", rng.one_of(kUsers),
                     rng.pick_int(1, 4), rng.one_of(kTeams), rng.pick_int(1, 6));
  return y;
}

std::string document(Rng& rng, const std::string& name, bool broken) {
  const int kind = rng.pick_int(0, 9);
  if (kind == 0) return fmt::format("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {}}}\ndata: {{a: b}}\n", name);
  if (broken && rng.chance(40))  // an error allot reports: an unknown resource, or a bad replica count
    return rng.chance(50) ? fmt::format("apiVersion: allot/v1\nkind: Job\nmetadata: {{name: {}, user: bob}}\n"
                                        "spec:\n  resources: {{gpus: 2}}\n",
                                        name)
                          : fmt::format("apiVersion: allot/v1\nkind: Job\nmetadata: {{name: {}, user: bob}}\n"
                                        "spec:\n  replicas: two\n  resources: {{gpu: 1}}\n",
                                        name);
  const std::string user = rng.one_of(kUsers);
  const std::string team = rng.chance(60) ? rng.one_of(kTeams) : "";
  const std::string requests = fmt::format("gpu: {}, vcpu: {}, memory: {}Gi", rng.pick_int(0, 4),
                                           2 * rng.pick_int(1, 8), 16 * rng.pick_int(1, 8));
  if (kind <= 2)
    return fmt::format(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {}\n  labels: {{allot/user: {}{}}}\n"
        "spec:\n  replicas: {}\n  template:\n    spec:\n      containers:\n"
        "        - name: main\n          resources:\n            requests: {{{}}}\n",
        name, user, team.empty() ? "" : ", allot/team: " + team, rng.pick_int(0, 3),
        fmt::format("nvidia.com/gpu: {}, cpu: {}, memory: {}Gi", rng.pick_int(0, 2), rng.pick_int(1, 8),
                    8 * rng.pick_int(1, 8)));
  static const std::vector<std::string> strategies = {"pack", "spread", "strict-pack", "strict-spread"};
  std::string y = fmt::format("apiVersion: allot/v1\nkind: Job\nmetadata:\n  name: {}\n  user: {}\n", name, user);
  if (!team.empty()) y += "  team: " + team + "\n";
  y += fmt::format("spec:\n  replicas: {}\n  priority: {}\n  resources: {{{}}}\n", rng.pick_int(1, 4),
                   rng.pick_int(-1, 2), requests);
  if (rng.chance(70)) {
    y += fmt::format("  placement:\n    strategy: {}\n", rng.one_of(strategies));
    if (rng.chance(20)) y += "    cluster: c0\n";
    if (rng.chance(20)) y += fmt::format("    nodeSelector: {{gpu.model: {}}}\n", rng.one_of(kModels));
  }
  return y;
}

/// Writes instance `i` under `root`: p.allot, inventory.yaml and jobs/.
void write_instance(Rng& rng, const std::filesystem::path& root, bool broken) {
  test::write_file(root / "p.allot", policy(rng));
  test::write_file(root / "inventory.yaml", inventory(rng));
  static const std::vector<std::string> dirs = {"", "a/", "b/", "b/c/", "z/"};
  const int files = rng.pick_int(15, 40);
  int job = 0;
  for (int f = 0; f < files; ++f) {
    std::string text;
    for (int d = rng.pick_int(1, 3); d > 0; --d)
      text += (text.empty() ? "" : "---\n") + document(rng, fmt::format("job-{}", job++), broken);
    test::write_file(root / "jobs" / fmt::format("{}f{:02}.{}", rng.one_of(dirs), rng.pick_int(0, 99), rng.chance(80) ? "yaml" : "yml"),
          text);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(properties_place_threads)

BOOST_AUTO_TEST_CASE(outputs_do_not_depend_on_the_number_of_threads) {
  BOOST_TEST_MESSAGE(fmt::format("properties_place_threads: ALLOT_SEED={:#x}, {} instances through {}", seed(),
                                 kInstances, ALLOT_BINARY));
  std::size_t failures = 0;
  std::map<int, std::size_t> place_codes, validate_codes;
  for (std::size_t i = 0; i < kInstances && failures < 3; ++i) {
    BOOST_TEST_CHECKPOINT(test::repro(seed(), i));
    Rng rng = test::instance_rng(seed(), 1, i);
    test::TempDir dir;
    const bool broken = i % 3 == 2;
    write_instance(rng, dir.path(), broken);
    const std::string p = dir / "p.allot", inv = dir / "inventory.yaml", jobs = dir / "jobs";
    struct Command {
      std::string what;
      std::vector<std::string> args;
      std::vector<std::string> threads;
    };
    const std::vector<Command> commands = {
        {"place --format json", {"place", "--policy", p, "--inventory", inv, "--format", "json", jobs}, {"1", "2", "8", "0"}},
        {"place", {"place", "--policy", p, "--inventory", inv, jobs}, {"1", "8"}},  // only for even instances
        {"validate --format json", {"validate", "--policy", p, "--format", "json", jobs}, {"1", "2", "8", "0"}},
    };
    std::string problem;
    for (const auto& c : commands) {
      if (c.what == "place" && i % 2 == 1) continue;  // text is printed from the same plan as JSON
      std::optional<test::RunResult> first;
      for (const auto& j : c.threads) {
        auto args = c.args;
        args.insert(args.begin() + 1, {"-j", j});
        const auto r = test::run_program(ALLOT_BINARY, args, dir);
        if (r.signal != 0 || r.code < 0 || r.code > 3)
          problem += fmt::format("{} -j {} ended with code {} signal {}: {}\n", c.what, j, r.code, r.signal, r.err);
        if (!first) {
          first = r;
          (c.what.rfind("place", 0) == 0 ? place_codes : validate_codes)[r.code] += 1;
          if (r.out.empty() && r.err.empty()) problem += c.what + " printed nothing\n";
          continue;
        }
        if (r.code != first->code || r.out != first->out || r.err != first->err)
          problem += fmt::format("{}: -j {} and -j {} differ: exit {} and {}\n--- -j {} stdout:\n{}--- stderr:\n{}"
                                 "--- -j {} stdout:\n{}--- stderr:\n{}",
                                 c.what, c.threads[0], j, first->code, r.code, c.threads[0], first->out, first->err, j,
                                 r.out, r.err);
      }
    }
    std::string kept;
    if (const char* keep = std::getenv("ALLOT_KEEP"); keep != nullptr && *keep != '\0') {
      const auto to = std::filesystem::path(keep) / fmt::format("instance-{}", i);
      std::filesystem::create_directories(to);
      std::filesystem::copy(dir.path(), to, std::filesystem::copy_options::recursive |
                                                std::filesystem::copy_options::overwrite_existing);
      kept = " (files kept in " + to.string() + ")";
    }
    if (problem.empty()) continue;
    ++failures;
    BOOST_ERROR(fmt::format("{}{}: {}", test::repro(seed(), i), kept, problem));
  }
  BOOST_TEST(failures == 0u);
  std::string tally;
  for (const auto& [code, n] : place_codes) tally += fmt::format(" place exit {}: {}", code, n);
  for (const auto& [code, n] : validate_codes) tally += fmt::format(" validate exit {}: {}", code, n);
  BOOST_TEST_MESSAGE("outcomes:" + tally);
  // Both outcomes of each command come up: some plans place everything or fail on limits,
  // and the broken instances are refused.
  BOOST_TEST(validate_codes[2] > 0u);
  BOOST_TEST(validate_codes[1] + validate_codes[0] > 0u);
  BOOST_TEST(place_codes[2] > 0u);
  BOOST_TEST(place_codes[1] + place_codes[0] > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
