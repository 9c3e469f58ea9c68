// Generates gang jobs for the placement benchmark, as multi-document manifest files.
//
//   gen_place_jobs OUT_DIR JOBS REPLICAS [SEED] [PER_FILE] [GPU_PERCENT]
//
// JOBS allot Jobs with REPLICAS replicas in all, over JOBS/10 users in teams of eight,
// PER_FILE (default 100) documents per file. A cluster of GPUs cannot hold as many GPU
// replicas as the benchmark has replicas (200,000 on 10,000 nodes), so most jobs are
// CPU-only services and pipelines and about one job in six asks for GPUs:
//
//   kind      share  GPUs per replica  replicas  nodeSelector (some)
//   train-xl   1.2%         8            1-4     gpu.model H100
//   train      3.0%         4            1-2     gpu.model A100 or L40S
//   finetune   4.0%         2            1-4     -
//   infer      8.0%         1            1-3     gpu.model L40S or H100
//   cpu       83.8%         0            rest    pool cpu
//
// GPU jobs ask for about 0.78 GPU per job in all. With gen_inventory's fleet (5 GPUs per
// node, a quarter of nodes partly in use) and five jobs per node, about 80% of the GPUs end
// up held: most jobs fit, some do not. CPU-only jobs take the replicas left over, so the
// total is exactly REPLICAS. GPU_PERCENT (default 100) scales the share of every GPU kind:
// 300 makes about half the jobs GPU jobs, asking for about 2.5 times the fleet's GPUs, an
// oversubscribed queue where most GPU jobs wait. The output depends only on the arguments.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rng.hpp"

namespace {

enum class Kind { train_xl, train, finetune, infer, cpu };

struct Spec {
  Kind kind = Kind::cpu;
  unsigned long replicas = 1;
};

Kind pick_kind(Rng& rng, unsigned long gpu_percent) {
  const auto roll = rng.between(0, 999);
  auto below = [&](unsigned long per_mille) { return static_cast<unsigned long>(roll) * 100 < per_mille * gpu_percent; };
  if (below(12)) return Kind::train_xl;
  if (below(42)) return Kind::train;
  if (below(82)) return Kind::finetune;
  if (below(162)) return Kind::infer;
  return Kind::cpu;
}

unsigned long gpu_replicas(Kind k, Rng& rng) {
  switch (k) {
    case Kind::train_xl: return rng.between(1, 4);
    case Kind::train: return rng.between(1, 2);
    case Kind::finetune: return rng.between(1, 4);
    case Kind::infer: return rng.between(1, 3);
    case Kind::cpu: return 0;
  }
  return 0;
}

/// Kinds and replica counts. CPU-only jobs share what GPU jobs leave of `replicas`: in pairs
/// one gets d more than the mean and the other d fewer, so the sum is exact but sizes vary.
std::vector<Spec> specs(unsigned long jobs, unsigned long replicas, unsigned long seed, unsigned long gpu_percent) {
  std::vector<Spec> out(jobs);
  std::vector<std::size_t> cpu;
  unsigned long used = 0;
  for (unsigned long i = 0; i < jobs; ++i) {
    Rng rng{seed, i, 1};
    out[i].kind = pick_kind(rng, gpu_percent);
    out[i].replicas = gpu_replicas(out[i].kind, rng);
    used += out[i].replicas;
    if (out[i].kind == Kind::cpu) cpu.push_back(i);
  }
  const unsigned long rest = replicas > used ? replicas - used : 0;
  if (cpu.empty() || rest < cpu.size()) {
    std::fprintf(stderr, "gen_place_jobs: too few replicas for %lu jobs; every CPU job gets one\n", jobs);
    for (auto i : cpu) out[i].replicas = 1;
    return out;
  }
  const unsigned long mean = rest / cpu.size(), extra = rest % cpu.size();
  for (std::size_t k = 0; k < cpu.size(); ++k) out[cpu[k]].replicas = mean + (k < extra ? 1 : 0);
  for (std::size_t k = 0; k + 1 < cpu.size(); k += 2) {
    Rng rng{seed, cpu[k], 2};
    const unsigned long d = rng.between(0, mean - 1);
    out[cpu[k]].replicas += d;
    out[cpu[k + 1]].replicas -= d;
  }
  return out;
}

struct Request {
  unsigned gpu = 0;
  std::string vcpu;  ///< "500m" or a whole number
  unsigned memory_gib = 0, storage_gb = 0;
  std::string selector;  ///< "{key: value}" or empty
};

Request request(Kind k, Rng& rng) {
  Request r;
  auto whole = [&](unsigned lo, unsigned hi) { return fmt::format("{}", rng.between(lo, hi)); };
  switch (k) {
    case Kind::train_xl:
      r = {8, whole(96, 160), static_cast<unsigned>(rng.between(8, 12)) * 128, 2000, ""};
      if (rng.chance(600)) r.selector = "{gpu.model: H100}";
      break;
    case Kind::train:
      r = {4, whole(32, 64), static_cast<unsigned>(rng.between(2, 4)) * 128, 1000, ""};
      if (rng.chance(450)) r.selector = rng.chance(670) ? "{gpu.model: A100}" : "{gpu.model: L40S}";
      break;
    case Kind::finetune:
      r = {2, whole(16, 32), static_cast<unsigned>(rng.between(2, 4)) * 64, 500, ""};
      break;
    case Kind::infer:
      r = {1, whole(4, 16), static_cast<unsigned>(rng.between(1, 4)) * 32, 100, ""};
      if (rng.chance(350)) r.selector = rng.chance(700) ? "{gpu.model: L40S}" : "{gpu.model: H100}";
      break;
    case Kind::cpu:
      r = {0, rng.chance(300) ? "500m" : whole(1, 4), static_cast<unsigned>(rng.between(1, 16)), 20, ""};
      r.storage_gb = 10 * static_cast<unsigned>(rng.between(1, 20));
      if (rng.chance(300)) r.selector = "{pool: cpu}";
      break;
  }
  return r;
}

/// pack mostly; strict-pack only for gangs that fit on one node of the fleet.
const char* strategy(const Spec& s, const Request& r, Rng& rng) {
  const auto roll = rng.between(0, 99);
  const bool small = s.replicas * r.gpu <= 8 && s.replicas * r.memory_gib <= 1024 && s.replicas <= 8;
  if (roll < 60) return "pack";
  if (roll < 85) return "spread";
  if (roll < 93 || !small) return "strict-spread";
  return "strict-pack";
}

std::string job(unsigned long i, const Spec& s, unsigned long users, unsigned long seed) {
  Rng rng{seed, i, 3};
  const Request r = request(s.kind, rng);
  const unsigned long user = rng.between(0, users - 1);
  const auto priority = rng.chance(700) ? 0 : rng.between(1, 3) * (s.kind == Kind::cpu ? 1 : 10);
  std::string text = fmt::format(
      "apiVersion: allot/v1\n"
      "kind: Job\n"
      "metadata:\n"
      "  name: job-{}\n"
      "  user: user-{}\n"
      "  team: team-{}\n"
      "spec:\n"
      "  replicas: {}\n"
      "  priority: {}\n"
      "  resources:\n",
      i, user, user / 8, s.replicas, priority);
  if (r.gpu > 0) text += fmt::format("    gpu: {}\n", r.gpu);
  text += fmt::format("    vcpu: {}\n    memory: {}GiB\n    storage: {}GB\n  placement:\n    strategy: {}\n", r.vcpu,
                      r.memory_gib, r.storage_gb, strategy(s, r, rng));
  if (!r.selector.empty()) text += fmt::format("    nodeSelector: {}\n", r.selector);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: gen_place_jobs OUT_DIR JOBS REPLICAS [SEED] [PER_FILE] [GPU_PERCENT]\n");
    return 2;
  }
  const std::filesystem::path out = argv[1];
  const unsigned long jobs = std::strtoul(argv[2], nullptr, 10);
  const unsigned long replicas = std::strtoul(argv[3], nullptr, 10);
  const unsigned long seed = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 1;
  const unsigned long per_file = argc > 5 ? std::max(1ul, std::strtoul(argv[5], nullptr, 10)) : 100;
  const unsigned long gpu_percent = argc > 6 ? std::strtoul(argv[6], nullptr, 10) : 100;
  const unsigned long users = std::max(1ul, jobs / 10);
  const auto all = specs(jobs, replicas, seed, gpu_percent);
  std::filesystem::create_directories(out);
  for (unsigned long first = 0, file = 0; first < jobs; first += per_file, ++file) {
    std::string text;
    for (unsigned long i = first; i < std::min(jobs, first + per_file); ++i) {
      if (i != first) text += "---\n";
      text += job(i, all[i], users, seed);
    }
    const auto path = out / fmt::format("jobs-{:05}.yaml", file);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size()) return 1;
    std::fclose(f);
  }
  return 0;
}
