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
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "input/files.hpp"
#include "input/manifests.hpp"
#include "input/inventory_reader.hpp"
#include "place/placement.hpp"

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
  std::string stdin_text;
  if (policy) inv = allot::input::read_inventory_file(argv[2], *policy, {}, diags, stdin_text);
  std::vector<std::string> files;
  if (inv) files = allot::input::collect_inputs({argv[3]}, {}, diags);
  const auto set = allot::input::read_manifests(files, policy ? *policy : allot::Policy{}, {}, 1);
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
