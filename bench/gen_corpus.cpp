// Generates a synthetic corpus of job manifests for benchmarks.
//
//   gen_corpus OUT_DIR JOBS USERS [PER_FILE]
//
// JOBS jobs spread over USERS users (and USERS/8+1 teams), PER_FILE documents per file
// (1: one job per file; more: multi-document files). Every fifth job is a Kubernetes
// Deployment, the rest allot Jobs. Requests are modest, so with ten jobs per user most
// users stay within the Swarm limits and a few go over, as in a real repository.
// The output depends only on the arguments.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>

namespace {

std::string allot_job(unsigned long i, unsigned long users) {
  const unsigned long u = (i * 7919) % users;
  return fmt::format(
      "apiVersion: allot/v1\n"
      "kind: Job\n"
      "metadata:\n"
      "  name: job-{}\n"
      "  user: user-{}\n"
      "  team: team-{}\n"
      "spec:\n"
      "  replicas: {}\n"
      "  priority: {}\n"
      "  resources:\n"
      "    gpu: {}\n"
      "    vcpu: {}\n"
      "    memory: {}GiB\n"
      "    storage: {}GB\n"
      "  placement:\n"
      "    strategy: {}\n",
      i, u, u / 8, 1 + i % 2, i % 10, (i % 4) / 2 + (i % 7 == 0 ? 2 : 0), 1 + i % 8, 4 * (1 + i % 8), 100 * (1 + i % 5),
      i % 3 == 0 ? "spread" : "pack");
}

std::string deployment(unsigned long i, unsigned long users) {
  const unsigned long u = (i * 7919) % users;
  return fmt::format(
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "metadata:\n"
      "  name: svc-{}\n"
      "  namespace: team-{}\n"
      "  labels:\n"
      "    app: svc-{}\n"
      "    allot/user: user-{}\n"
      "spec:\n"
      "  replicas: {}\n"
      "  selector:\n"
      "    matchLabels: {{app: svc-{}}}\n"
      "  template:\n"
      "    metadata:\n"
      "      labels: {{app: svc-{}}}\n"
      "    spec:\n"
      "      containers:\n"
      "        - name: server\n"
      "          image: registry.example/svc:{}\n"
      "          resources:\n"
      "            requests: {{cpu: \"{}\", memory: {}Gi, nvidia.com/gpu: 1}}\n"
      "        - name: sidecar\n"
      "          image: registry.example/proxy:1\n"
      "          resources:\n"
      "            requests: {{cpu: 250m, memory: 256Mi}}\n",
      i, u / 8, i, u, 1 + i % 2, i, i, i % 7, 1 + i % 4, 2 * (1 + i % 8));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: gen_corpus OUT_DIR JOBS USERS [PER_FILE]\n");
    return 2;
  }
  const std::filesystem::path out = argv[1];
  const unsigned long jobs = std::strtoul(argv[2], nullptr, 10);
  const unsigned long users = std::max(1ul, std::strtoul(argv[3], nullptr, 10));
  const unsigned long per_file = argc > 4 ? std::max(1ul, std::strtoul(argv[4], nullptr, 10)) : 1;
  std::filesystem::create_directories(out);
  for (unsigned long first = 0, file = 0; first < jobs; first += per_file, ++file) {
    // 100 files per directory, like a repository of services.
    const auto dir = out / fmt::format("d{:04}", file / 100);
    std::filesystem::create_directories(dir);
    std::string text;
    for (unsigned long i = first; i < std::min(jobs, first + per_file); ++i) {
      if (i != first) text += "---\n";
      text += i % 5 == 4 ? deployment(i, users) : allot_job(i, users);
    }
    const auto path = dir / fmt::format("f{:06}.yaml", file);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size()) return 1;
    std::fclose(f);
  }
  return 0;
}
