// Small random placement instances for bench/milp_quality, written twice: for allot and as
// an exact MILP in GNU MathProg for glpsol. Both see the same integers: GPUs, vCPUs, and
// memory in GiB.
//
//   milp_instance gen SEED DIR          writes DIR/{policy.allot,inventory.yaml,jobs.yaml,model.mod}
//                                       and prints "nodes N jobs J clusters K limit L demand D free F"
//   milp_instance score SEED PLAN.json  checks allot's JSON plan against the instance (gang,
//                                       one cluster, selectors, capacity, cluster limit) and
//                                       prints the GPUs it places; exit 1 if the plan is wrong
//
// An instance: 8-30 nodes (8x H100, 4x A100, 4x L40S, some partly in use) in 1-3 clusters,
// and jobs of 1-4 replicas of 1, 2, 4 or 8 GPUs, added until they ask for 1.1-2x the free
// GPUs or there are 80. A fifth of the jobs select a GPU model; four instances in ten with
// several clusters have a per-cluster GPU limit. The instance depends only on SEED.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rng.hpp"

namespace {

constexpr int kGpu = 0, kVcpu = 1, kMem = 2, kRes = 3;
using Amounts = std::array<long, kRes>;

struct NodeI {
  std::string name, model;
  int cluster = 0;
  Amounts cap{}, alloc{};
};

struct JobI {
  std::string name, selector;  ///< selector: a gpu.model, or empty
  long replicas = 1;
  Amounts req{};
};

struct Instance {
  int clusters = 1;
  long limit = -1;  ///< per-cluster GPU limit, or -1
  std::vector<NodeI> nodes;
  std::vector<JobI> jobs;
};

NodeI make_node(int i, int clusters, Rng& rng) {
  NodeI n;
  n.name = fmt::format("n{}", i);
  n.cluster = i < clusters ? i : static_cast<int>(rng.between(0, clusters - 1));
  const auto roll = rng.between(0, 99);
  if (roll < 45) n = {n.name, "H100", n.cluster, {8, static_cast<long>(rng.between(6, 12)) * 16, rng.chance(500) ? 1024 : 2048}, {}};
  else if (roll < 75) n = {n.name, "A100", n.cluster, {4, rng.chance(500) ? 64 : 96, rng.chance(500) ? 512 : 1024}, {}};
  else n = {n.name, "L40S", n.cluster, {4, rng.chance(500) ? 48 : 64, rng.chance(500) ? 384 : 512}, {}};
  if (rng.chance(300)) {
    const long used = static_cast<long>(rng.between(1, n.cap[kGpu] - 1));
    n.alloc = {used, n.cap[kVcpu] * used / n.cap[kGpu], n.cap[kMem] * used / n.cap[kGpu]};
  }
  return n;
}

JobI make_job(int i, const Instance& inst, Rng& rng) {
  JobI j;
  j.name = fmt::format("j{}", i);
  const auto roll = rng.between(0, 99);
  const long gpu = roll < 35 ? 1 : roll < 65 ? 2 : roll < 90 ? 4 : 8;
  j.replicas = static_cast<long>(rng.between(1, 4));
  j.req = {gpu, gpu * static_cast<long>(rng.between(4, 20)), gpu * static_cast<long>(rng.between(32, 200))};
  if (rng.chance(200)) j.selector = inst.nodes[rng.between(0, inst.nodes.size() - 1)].model;
  return j;
}

Instance generate(unsigned long seed) {
  Rng rng{seed, 7};
  Instance inst;
  inst.clusters = static_cast<int>(rng.between(1, 3));
  const int nodes = static_cast<int>(rng.between(8, 30));
  long free = 0;
  for (int i = 0; i < nodes; ++i) {
    inst.nodes.push_back(make_node(i, inst.clusters, rng));
    free += inst.nodes.back().cap[kGpu] - inst.nodes.back().alloc[kGpu];
  }
  const long target = free * static_cast<long>(rng.between(110, 200)) / 100;
  long demand = 0;
  while (demand < target && inst.jobs.size() < 80) {
    inst.jobs.push_back(make_job(static_cast<int>(inst.jobs.size()), inst, rng));
    demand += inst.jobs.back().req[kGpu] * inst.jobs.back().replicas;
  }
  if (inst.clusters > 1 && rng.chance(400)) {
    std::vector<long> cap(inst.clusters, 0);
    for (const auto& n : inst.nodes) cap[n.cluster] += n.cap[kGpu];
    inst.limit = *std::max_element(cap.begin(), cap.end()) * 6 / 10;
  }
  return inst;
}

/// How many replicas of `j` node `n` can hold on its own: the MILP's bound on y[j,n].
long fit(const JobI& j, const NodeI& n) {
  if (!j.selector.empty() && j.selector != n.model) return 0;
  long k = j.replicas;
  for (int r = 0; r < kRes; ++r) k = std::min(k, (n.cap[r] - n.alloc[r]) / j.req[r]);
  return k;
}

long held(const Instance& inst, int c) {
  long h = 0;
  for (const auto& n : inst.nodes)
    if (n.cluster == c) h += n.alloc[kGpu];
  return h;
}

bool write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

std::string policy(const Instance& inst) {
  std::string limits = inst.limit >= 0 ? fmt::format("  per cluster {{ gpu <= {} }}\n", inst.limit) : "";
  return fmt::format(
      "policy milp\nresource gpu count\nresource vcpu count\nresource memory bytes\n"
      "tier open {{\n{}}}\ndefault tier open\n",
      limits);
}

std::string inventory(const Instance& inst) {
  std::string out = "apiVersion: allot/v1\nkind: Inventory\nclusters:\n";
  for (int c = 0; c < inst.clusters; ++c) {
    out += fmt::format("  - name: c{}\n    nodes:\n", c);
    for (const auto& n : inst.nodes) {
      if (n.cluster != c) continue;
      out += fmt::format("      - name: {}\n        labels: {{gpu.model: {}}}\n", n.name, n.model);
      out += fmt::format("        capacity: {{gpu: {}, vcpu: {}, memory: {}GiB}}\n", n.cap[kGpu], n.cap[kVcpu], n.cap[kMem]);
      if (n.alloc[kGpu] > 0)
        out += fmt::format("        allocated: {{gpu: {}, vcpu: {}, memory: {}GiB}}\n", n.alloc[kGpu], n.alloc[kVcpu],
                           n.alloc[kMem]);
    }
  }
  return out;
}

std::string jobs(const Instance& inst) {
  std::string out;
  for (std::size_t i = 0; i < inst.jobs.size(); ++i) {
    const JobI& j = inst.jobs[i];
    if (i > 0) out += "---\n";
    out += fmt::format(
        "apiVersion: allot/v1\nkind: Job\nmetadata: {{name: {}, user: u{}}}\nspec:\n  replicas: {}\n"
        "  resources: {{gpu: {}, vcpu: {}, memory: {}GiB}}\n  placement:\n    strategy: pack\n",
        j.name, i % 5, j.replicas, j.req[kGpu], j.req[kVcpu], j.req[kMem]);
    if (!j.selector.empty()) out += fmt::format("    nodeSelector: {{gpu.model: {}}}\n", j.selector);
  }
  return out;
}

// Maximise GPUs placed. x[j]: the job is placed; z[j,c]: in cluster c; y[j,n]: replicas
// on node n, at most what n can hold alone (0 where the selector does not match).
// gang_in_cluster is implied by in_cluster for integers; it makes the LP bound much tighter.
constexpr const char* kModel = R"(set J; set N; set C; set RES;
param cof{N} symbolic in C;
param rep{J} integer > 0;
param req{J, RES} integer >= 0;
param free{N, RES} integer >= 0;
param ub{J, N} integer >= 0 default 0;
param lim default -1;
param held{C} default 0;
var x{J} binary;
var z{J, C} binary;
var y{J, N} integer >= 0;
maximize gpus: sum{j in J} req[j, "gpu"] * rep[j] * x[j];
s.t. gang{j in J}: sum{n in N} y[j, n] = rep[j] * x[j];
s.t. one_cluster{j in J}: sum{c in C} z[j, c] = x[j];
s.t. in_cluster{j in J, n in N}: y[j, n] <= ub[j, n] * z[j, cof[n]];
s.t. gang_in_cluster{j in J, c in C}: sum{n in N: cof[n] = c} y[j, n] <= rep[j] * z[j, c];
s.t. capacity{n in N, r in RES}: sum{j in J} req[j, r] * y[j, n] <= free[n, r];
s.t. cluster_limit{c in C: lim >= 0}: held[c] + sum{j in J} req[j, "gpu"] * rep[j] * z[j, c] <= lim;
)";

std::string model(const Instance& inst) {
  std::string d = kModel;
  d += "data;\nset RES := gpu vcpu memory;\nset C :=";
  for (int c = 0; c < inst.clusters; ++c) d += fmt::format(" c{}", c);
  d += ";\nset N :=";
  for (const auto& n : inst.nodes) d += " " + n.name;
  d += ";\nset J :=";
  for (const auto& j : inst.jobs) d += " " + j.name;
  d += ";\nparam cof :=";
  for (const auto& n : inst.nodes) d += fmt::format(" {} c{}", n.name, n.cluster);
  d += ";\nparam rep :=";
  for (const auto& j : inst.jobs) d += fmt::format(" {} {}", j.name, j.replicas);
  d += ";\nparam req : gpu vcpu memory :=\n";
  for (const auto& j : inst.jobs) d += fmt::format("  {} {} {} {}\n", j.name, j.req[kGpu], j.req[kVcpu], j.req[kMem]);
  d += ";\nparam free : gpu vcpu memory :=\n";
  for (const auto& n : inst.nodes)
    d += fmt::format("  {} {} {} {}\n", n.name, n.cap[kGpu] - n.alloc[kGpu], n.cap[kVcpu] - n.alloc[kVcpu],
                     n.cap[kMem] - n.alloc[kMem]);
  d += ";\nparam ub :=";
  for (const auto& j : inst.jobs)
    for (const auto& n : inst.nodes)
      if (long k = fit(j, n); k > 0) d += fmt::format(" {} {} {}", j.name, n.name, k);
  d += ";\n";
  if (inst.limit >= 0) {
    d += fmt::format("param lim := {};\nparam held :=", inst.limit);
    for (int c = 0; c < inst.clusters; ++c) d += fmt::format(" c{} {}", c, held(inst, c));
    d += ";\n";
  }
  return d + "end;\n";
}

int gen(unsigned long seed, const std::filesystem::path& dir) {
  const Instance inst = generate(seed);
  std::filesystem::create_directories(dir);
  if (!write(dir / "policy.allot", policy(inst)) || !write(dir / "inventory.yaml", inventory(inst)) ||
      !write(dir / "jobs.yaml", jobs(inst)) || !write(dir / "model.mod", model(inst)))
    return 1;
  long demand = 0, free = 0;
  for (const auto& j : inst.jobs) demand += j.req[kGpu] * j.replicas;
  for (const auto& n : inst.nodes) free += n.cap[kGpu] - n.alloc[kGpu];
  std::printf("nodes %zu jobs %zu clusters %d limit %s demand %ld free %ld\n", inst.nodes.size(), inst.jobs.size(),
              inst.clusters, inst.limit >= 0 ? std::to_string(inst.limit).c_str() : "-", demand, free);
  return 0;
}

/// The value of every `"key": "value"` in `text`, in order, with its offset.
std::vector<std::pair<std::size_t, std::string>> strings(const std::string& text, const std::string& key) {
  std::vector<std::pair<std::size_t, std::string>> out;
  const std::string needle = "\"" + key + "\": \"";
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    const auto start = at + needle.size();
    out.emplace_back(at, text.substr(start, text.find('"', start) - start));
  }
  return out;
}

/// Replays allot's plan on the instance; every broken rule is an error.
int score(unsigned long seed, const std::string& plan_file) {
  const Instance inst = generate(seed);
  std::ifstream in(plan_file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const auto end = text.find("\"unplaced\": [");
  if (text.find("\"placements\": [") == std::string::npos || end == std::string::npos) {
    std::fprintf(stderr, "milp_instance: %s is not an allot JSON plan\n", plan_file.c_str());
    return 1;
  }
  std::map<std::string, const JobI*> job_of;
  std::map<std::string, const NodeI*> node_of;
  for (const auto& j : inst.jobs) job_of[j.name] = &j;
  for (const auto& n : inst.nodes) node_of[n.name] = &n;
  std::map<std::string, std::vector<const NodeI*>> placed;  // job -> node of each replica
  auto jobs_seen = strings(text, "job");
  auto nodes_seen = strings(text, "node");
  for (std::size_t k = 0, m = 0; k < jobs_seen.size() && jobs_seen[k].first < end; ++k) {
    const auto next = k + 1 < jobs_seen.size() ? jobs_seen[k + 1].first : text.size();
    auto& reps = placed[jobs_seen[k].second];
    for (; m < nodes_seen.size() && nodes_seen[m].first < next; ++m) reps.push_back(node_of.at(nodes_seen[m].second));
  }
  int errors = 0;
  auto fail = [&](const std::string& what) {
    std::fprintf(stderr, "milp_instance: seed %lu: %s\n", seed, what.c_str());
    ++errors;
  };
  std::map<const NodeI*, Amounts> used;
  std::vector<long> cluster_gpu(inst.clusters, 0);
  long gpus = 0;
  for (const auto& [name, reps] : placed) {
    const JobI& j = *job_of.at(name);
    if (static_cast<long>(reps.size()) != j.replicas) fail(fmt::format("{}: {} of {} replicas", name, reps.size(), j.replicas));
    for (const NodeI* n : reps) {
      if (n->cluster != reps[0]->cluster) fail(fmt::format("{}: replicas in two clusters", name));
      if (!j.selector.empty() && j.selector != n->model) fail(fmt::format("{}: on {}, not {}", name, n->model, j.selector));
      for (int r = 0; r < kRes; ++r) used[n][r] += j.req[r];
    }
    if (!reps.empty()) cluster_gpu[reps[0]->cluster] += j.req[kGpu] * j.replicas;
    gpus += j.req[kGpu] * j.replicas;
  }
  for (const auto& [n, u] : used)
    for (int r = 0; r < kRes; ++r)
      if (n->alloc[r] + u[r] > n->cap[r]) fail(fmt::format("node {} over capacity in resource {}", n->name, r));
  for (int c = 0; c < inst.clusters && inst.limit >= 0; ++c)
    if (held(inst, c) + cluster_gpu[c] > inst.limit) fail(fmt::format("cluster c{} over its GPU limit", c));
  std::printf("%ld\n", gpus);
  return errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string verb = argc > 1 ? argv[1] : "";
  if (argc != 4 || (verb != "gen" && verb != "score")) {
    std::fprintf(stderr, "usage: milp_instance gen SEED DIR | milp_instance score SEED PLAN.json\n");
    return 2;
  }
  const unsigned long seed = std::strtoul(argv[2], nullptr, 10);
  try {
    return verb == "gen" ? gen(seed, argv[3]) : score(seed, argv[3]);
  } catch (const std::exception& e) {  // an unknown job or node name in the plan
    std::fprintf(stderr, "milp_instance: %s\n", e.what());
    return 1;
  }
}
