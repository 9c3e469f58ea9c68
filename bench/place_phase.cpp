// Times allot's placement phase alone, in CPU time as well as wall time, so a busy machine
// does not decide the figure: `allot place --timings` reports wall time, which other
// processes on the same core inflate.
//
//   place_phase POLICY INVENTORY JOBS_DIR [RUNS] [size]
//
// Reads the inputs once as `allot place` does (one thread), then calls allot::place RUNS
// times (default 5; "size" for --order size) and prints
//   "cpu_ms MIN MEDIAN wall_ms MIN MEDIAN placed JOBS replicas REPLICAS"
// The plan is the same on every run (placement is deterministic); the counts let the
// caller check it against the CLI's.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "cli/inputs.hpp"
#include "cli/manifests.hpp"
#include "policy/inventory.hpp"
#include "policy/placement.hpp"
#include "policy/yaml_reader.hpp"

namespace {

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double wall_ms() {
  using ms = std::chrono::duration<double, std::milli>;
  return ms(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// As cli/cmd_place.cpp reads an inventory file.
std::optional<allot::Inventory> load_inventory(const std::string& file, const allot::Policy& policy,
                                               allot::Diagnostics& diags) {
  std::vector<allot::yaml::Document> docs;
  std::ifstream in(file, std::ios::binary);
  allot::yaml::read_documents(in, file, allot::inventory_filter, allot::inventory_limits(),
                              [&](allot::yaml::Document&& d) { docs.push_back(std::move(d)); }, diags);
  if (diags.has_errors()) return std::nullopt;
  auto inv = allot::read_inventory(docs, file, policy, {}, diags);
  if (diags.has_errors()) return std::nullopt;
  return inv;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: place_phase POLICY INVENTORY JOBS_DIR [RUNS] [size]\n");
    return 2;
  }
  const int runs = argc > 4 ? std::max(1, std::atoi(argv[4])) : 5;
  allot::Diagnostics diags;
  allot::cli::SourceCache sources;
  const auto policy = allot::cli::load_policy(argv[1], diags, sources);
  std::optional<allot::Inventory> inv;
  if (policy) inv = load_inventory(argv[2], *policy, diags);
  std::vector<std::string> files;
  if (inv) files = allot::cli::collect_inputs({argv[3]}, {}, diags);
  const auto set = allot::cli::read_manifests(files, policy ? *policy : allot::Policy{}, {}, 1);
  diags.append(set.diags);
  if (!inv || diags.has_errors()) {
    allot::cli::report(diags, sources);
    return 1;
  }
  allot::PlaceOptions options;
  options.order_by_size = argc > 5 && std::string(argv[5]) == "size";
  std::vector<double> cpu, wall;
  allot::Plan plan;
  for (int i = 0; i < runs; ++i) {
    const double c0 = thread_cpu_ms(), w0 = wall_ms();
    plan = allot::place(*policy, *inv, set.jobs, options);
    cpu.push_back(thread_cpu_ms() - c0);
    wall.push_back(wall_ms() - w0);
  }
  std::printf("cpu_ms %.1f %.1f wall_ms %.1f %.1f placed %zu replicas %zu\n", *std::min_element(cpu.begin(), cpu.end()),
              median(cpu), *std::min_element(wall.begin(), wall.end()), median(wall), plan.placements.size(),
              plan.replicas_placed);
  return 0;
}
