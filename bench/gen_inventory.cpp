// Generates a synthetic allot Inventory for the placement benchmark.
//
//   gen_inventory OUT.yaml NODES CLUSTERS [SEED]
//
// NODES nodes spread evenly over CLUSTERS clusters (three regions). Node shapes follow a
// GPU fleet: about 40% 8x H100, 25% 4x A100, 20% 4x L40S and 15% CPU-only nodes, labelled
// gpu.model and pool. About a quarter of the nodes already run something, and a few users
// and teams already hold GPUs. Every node stays within bench/place.allot's per-node limits,
// and 100 nodes within its per-cluster limits. The output depends only on the arguments.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "rng.hpp"

namespace {

struct Shape {
  const char* model;  ///< gpu.model label; nullptr for CPU-only nodes
  unsigned weight;    ///< out of 100
  unsigned gpu, vcpu, memory_gib, storage_tb;
};

constexpr Shape kShapes[] = {
    {"H100", 40, 8, 192, 2048, 30},
    {"A100", 25, 4, 96, 1024, 15},
    {"L40S", 20, 4, 64, 512, 8},
    {nullptr, 15, 0, 128, 1024, 50},
};

const Shape& pick_shape(Rng& rng) {
  unsigned roll = static_cast<unsigned>(rng.between(0, 99));
  for (const auto& s : kShapes) {
    if (roll < s.weight) return s;
    roll -= s.weight;
  }
  return kShapes[0];
}

/// What already runs on a node: a share of its GPUs (or of its CPUs on a CPU node), with
/// vCPU and memory in proportion. Empty for most nodes.
std::string allocated(const Shape& s, Rng& rng) {
  if (!rng.chance(250)) return "";
  const unsigned parts = s.gpu > 0 ? s.gpu : 8;
  const unsigned used = static_cast<unsigned>(rng.between(1, parts - 1));
  std::string gpu = s.gpu > 0 ? fmt::format("gpu: {}, ", used) : "";
  return fmt::format("        allocated: {{{}vcpu: {}, memory: {}GiB, storage: {}TB}}\n", gpu, s.vcpu * used / parts,
                     s.memory_gib * used / parts, s.storage_tb * used / parts);
}

std::string node(unsigned long cluster, unsigned long index, Rng& rng) {
  const Shape& s = pick_shape(rng);
  std::string labels = s.model ? fmt::format("{{gpu.model: {}, pool: gpu}}", s.model) : "{pool: cpu}";
  std::string gpu = s.gpu > 0 ? fmt::format("gpu: {}, ", s.gpu) : "";
  return fmt::format(
             "      - name: c{:03}-n{:05}\n"
             "        labels: {}\n"
             "        capacity: {{{}vcpu: {}, memory: {}GiB, storage: {}TB}}\n",
             cluster, index, labels, gpu, s.vcpu, s.memory_gib, s.storage_tb) +
         allocated(s, rng);
}

/// A few users and teams of the job generator already hold GPUs elsewhere.
std::string usage() {
  std::string out = "usage:\n  users:\n";
  for (int u = 0; u < 50; ++u) out += fmt::format("    user-{}: {{gpu: {}, vcpu: {}}}\n", u * 7, 1 + u % 8, 8 * (1 + u % 8));
  out += "  teams:\n";
  for (int t = 0; t < 10; ++t) out += fmt::format("    team-{}: {{gpu: {}}}\n", t * 3, 16 * (1 + t % 4));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: gen_inventory OUT.yaml NODES CLUSTERS [SEED]\n");
    return 2;
  }
  const unsigned long nodes = std::strtoul(argv[2], nullptr, 10);
  const unsigned long clusters = std::max(1ul, std::strtoul(argv[3], nullptr, 10));
  const unsigned long seed = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 1;
  static const char* const kRegions[] = {"eu", "us", "ap"};
  std::string text = fmt::format("# gen_inventory {} {} {}\napiVersion: allot/v1\nkind: Inventory\nclusters:\n", nodes,
                                 clusters, seed);
  for (unsigned long c = 0; c < clusters; ++c) {
    text += fmt::format("  - name: c{:03}\n    labels: {{region: {}}}\n    nodes:\n", c, kRegions[c % 3]);
    // Cluster c gets nodes [first, last): sizes differ by at most one.
    const unsigned long first = nodes * c / clusters, last = nodes * (c + 1) / clusters;
    for (unsigned long n = first; n < last; ++n) {
      Rng rng{seed, nodes, clusters, n};
      text += node(c, n - first, rng);
    }
  }
  text += usage();
  std::FILE* f = std::fopen(argv[1], "wb");
  if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size()) return 1;
  return std::fclose(f) == 0 ? 0 : 1;
}
