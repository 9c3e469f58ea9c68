// Manifests into Jobs: allot's own Job and each Kubernetes workload kind, with exact
// per-replica amounts in base units (thousandths for counts, bytes for bytes), replica
// counts, users and teams, positions, and the structural errors V010-V030.

#include <boost/test/unit_test.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "grammar/parser.hpp"
#include "input/manifest_reader.hpp"
#include "input/yaml_reader.hpp"
#include "tests/support.hpp"

using namespace allot;
using allot::test::Expected;
using allot::test::error;

namespace {

const std::string kFile = "m.yaml";

/// Resources 0..4: gpu, vcpu, memory, storage (the Kubernetes mapping) and fpga.
const Policy& policy() {
  static const Policy p = test::load_policy(
      "policy p\nresource gpu count\nresource vcpu count\nresource memory bytes\nresource storage bytes\n"
      "resource fpga count\ntier t { per job { gpu <= 8 } }\ndefault tier t\n");
  return p;
}
constexpr std::size_t kGpu = 0, kVcpu = 1, kMemory = 2, kStorage = 3, kFpga = 4;

constexpr Amount kGi = Amount{1} << 30;

struct Read {
  std::vector<Interpretation> results;
  Diagnostics diags;
};

Read interpret_all(const std::string& text, const ManifestOptions& options = {}) {
  Read r;
  std::istringstream in(text);
  yaml::read_documents(
      in, kFile, manifest_filter, yaml::Limits{},
      [&](yaml::Document&& doc) { r.results.push_back(interpret(doc, policy(), options, r.diags)); }, r.diags);
  return r;
}

/// The one job `text` describes, which must come without diagnostics.
Job one_job(const std::string& text, const ManifestOptions& options = {}) {
  const Read r = interpret_all(text, options);
  BOOST_TEST_REQUIRE(r.diags.empty(), test::describe(r.diags));
  BOOST_TEST_REQUIRE(r.results.size() == 1u);
  BOOST_TEST_REQUIRE(r.results[0].job.has_value());
  BOOST_TEST(!r.results[0].skipped);
  return *r.results[0].job;
}

/// The diagnostics of `text`, which must give no job.
std::vector<Diagnostic> errors_of(const std::string& text, const ManifestOptions& options = {}) {
  const Read r = interpret_all(text, options);
  for (const auto& res : r.results) BOOST_TEST(!res.job.has_value());
  return r.diags.list();
}

void expect(const std::vector<Diagnostic>& got, const std::vector<Expected>& want) {
  test::expect_diagnostics(got, want, kFile);
}

std::string pos(Position p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

/// A Kubernetes pod spec with the given containers, wrapped as `kind`.
std::string workload(const std::string& kind, const std::string& containers, const std::string& extra_spec = "") {
  const bool pod = kind == "Pod";
  std::string s = "apiVersion: " + std::string(pod ? "v1" : kind == "Job" ? "batch/v1" : "apps/v1") + "\n";
  s += "kind: " + kind + "\nmetadata:\n  name: w\n  labels: {allot/user: u}\nspec:\n" + extra_spec;
  s += pod ? "  containers:\n" + containers : "  template:\n    spec:\n      containers:\n" + containers;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(policy_manifest)

BOOST_AUTO_TEST_CASE(an_allot_job_with_every_field) {
  const Job j = one_job(
      "apiVersion: allot/v1\n"
      "kind: Job\n"
      "metadata:\n"
      "  name: train\n"
      "  user: alice\n"
      "  team: ml\n"
      "spec:\n"
      "  replicas: 4\n"
      "  priority: -3\n"
      "  resources:\n"
      "    gpu: 8\n"
      "    vcpu: 500m\n"
      "    memory: 256GiB\n"
      "    storage: 1.5TB\n"
      "  placement:\n"
      "    strategy: strict-pack\n"
      "    cluster: east\n"
      "    nodeSelector: {gpu.model: H100, zone: a}\n");
  BOOST_TEST(j.name == "train");
  BOOST_TEST(j.kind == "Job");
  BOOST_TEST(!j.kubernetes);
  BOOST_TEST(j.user == "alice");
  BOOST_TEST(j.team == "ml");
  BOOST_TEST(j.file == kFile);
  BOOST_TEST(j.document == 0u);
  BOOST_TEST(pos(j.at) == "4:9");
  BOOST_TEST(j.groups[0].replicas == 4);
  BOOST_TEST(pos(j.groups[0].replicas_at) == "8:13");
  BOOST_TEST(j.priority == -3);
  BOOST_TEST((j.strategy == Strategy::strict_pack));
  BOOST_TEST(j.cluster == "east");
  BOOST_TEST_REQUIRE(j.groups[0].node_selector.size() == 2u);
  BOOST_TEST(j.groups[0].node_selector[0].first == "gpu.model");
  BOOST_TEST(j.groups[0].node_selector[0].second == "H100");
  BOOST_TEST(j.groups[0].node_selector[1].first == "zone");
  BOOST_TEST_REQUIRE(j.groups[0].request.size() == 5u);
  BOOST_TEST(j.groups[0].request[kGpu] == 8000);
  BOOST_TEST(j.groups[0].request[kVcpu] == 500);
  BOOST_TEST(j.groups[0].request[kMemory] == 256 * kGi);
  BOOST_TEST(j.groups[0].request[kStorage] == 1'500'000'000'000);
  BOOST_TEST(j.groups[0].request[kFpga] == 0);
  BOOST_TEST(!j.asks(kFpga));
  BOOST_TEST(pos(j.groups[0].request_at[kGpu]) == "11:10");
  BOOST_TEST(pos(j.groups[0].request_at[kVcpu]) == "12:11");
  BOOST_TEST(pos(j.groups[0].request_at[kMemory]) == "13:13");
  BOOST_TEST(pos(j.groups[0].request_at[kStorage]) == "14:14");
  BOOST_TEST(j.where(j.groups[0].request_at[kGpu]).str() == "m.yaml:11:10");
}

BOOST_AUTO_TEST_CASE(an_allot_job_with_only_what_is_required) {
  const Job j = one_job("apiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\nspec: {resources: {gpu: 0.25}}\n");
  BOOST_TEST(j.groups[0].replicas == 1);
  BOOST_TEST(pos(j.groups[0].replicas_at) == pos(j.at));  // no replicas field: the name stands in
  BOOST_TEST(j.team.empty());
  BOOST_TEST(j.priority == 0);
  BOOST_TEST(!j.strategy.has_value());
  BOOST_TEST(j.groups[0].request[kGpu] == 250);
  BOOST_TEST(j.groups[0].request[kMemory] == 0);
}

BOOST_AUTO_TEST_CASE(byte_units_in_an_allot_job_are_exact) {
  const Job j = one_job(
      "apiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\n"
      "spec: {resources: {memory: 1.5TiB, storage: 7B}}\n");
  BOOST_TEST(j.groups[0].request[kMemory] == 1536 * kGi);
  BOOST_TEST(j.groups[0].request[kStorage] == 7);
}

BOOST_AUTO_TEST_CASE(a_pod_sums_its_containers_with_limits_standing_in_for_requests) {
  const Job j = one_job(workload("Pod",
                                 "    - name: main\n"
                                 "      resources:\n"
                                 "        requests: {nvidia.com/gpu: 1, cpu: 500m, memory: 1Gi}\n"
                                 "        limits: {nvidia.com/gpu: 1, cpu: \"2\", memory: 4Gi, ephemeral-storage: 10Gi}\n"
                                 "    - name: side\n"
                                 "      resources:\n"
                                 "        limits: {amd.com/gpu: 2, cpu: 250m, memory: 512Mi, fpga: 3}\n"
                                 "    - name: bare\n"));
  BOOST_TEST(j.kind == "Pod");
  BOOST_TEST(j.kubernetes);
  BOOST_TEST(j.groups[0].replicas == 1);
  BOOST_TEST(j.groups[0].request[kGpu] == 3000);
  BOOST_TEST(j.groups[0].request[kVcpu] == 750);
  BOOST_TEST(j.groups[0].request[kMemory] == kGi + 512 * (Amount{1} << 20));
  BOOST_TEST(j.groups[0].request[kStorage] == 10 * kGi);
  BOOST_TEST(j.groups[0].request[kFpga] == 3000);
  // The first container that asks gives the position.
  BOOST_TEST(pos(j.groups[0].request_at[kGpu]) == "10:36");
  BOOST_TEST(pos(j.groups[0].request_at[kStorage]) == "11:79");
  BOOST_TEST(pos(j.groups[0].request_at[kFpga]) == "14:66");
}

BOOST_AUTO_TEST_CASE(a_request_wins_over_a_limit_whichever_comes_first) {
  const Job j = one_job(workload("Pod",
                                 "    - name: a\n"
                                 "      resources:\n"
                                 "        limits: {cpu: \"4\", memory: 8Gi}\n"
                                 "        requests: {cpu: \"1\"}\n"
                                 "    - name: b\n"
                                 "      resources:\n"
                                 "        requests: {cpu: \"0\"}\n"
                                 "        limits: {cpu: \"2\"}\n"));
  BOOST_TEST(j.groups[0].request[kVcpu] == 1000);  // 1 (a's request) + 0 (b's request; its limit is not used)
  BOOST_TEST(j.groups[0].request[kMemory] == 8 * kGi);
}

BOOST_AUTO_TEST_CASE(kubernetes_quantities) {
  const Job j = one_job(workload("Pod",
                                 "    - name: a\n"
                                 "      resources:\n"
                                 "        requests: {cpu: 1.5k, memory: \"1000000\", ephemeral-storage: 1e3M}\n"
                                 "    - name: b\n"
                                 "      resources:\n"
                                 "        requests: {cpu: 100m, memory: 1M, ephemeral-storage: 1Ki}\n"));
  BOOST_TEST(j.groups[0].request[kVcpu] == 1'500'100);
  BOOST_TEST(j.groups[0].request[kMemory] == 2'000'000);
  BOOST_TEST(j.groups[0].request[kStorage] == 1'000'001'024);
}

BOOST_AUTO_TEST_CASE(init_containers_count_by_the_largest_one) {
  const Job j = one_job(
      "apiVersion: batch/v1\n"
      "kind: Job\n"
      "metadata: {name: w, labels: {allot/user: u}}\n"
      "spec:\n"
      "  parallelism: 2\n"
      "  template:\n"
      "    spec:\n"
      "      initContainers:\n"
      "        - {name: fetch, resources: {requests: {cpu: \"3\", memory: 1Gi, nvidia.com/gpu: 1, ephemeral-storage: 6Gi}}}\n"
      "        - {name: migrate, resources: {limits: {cpu: \"1\", memory: 8Gi}}}\n"
      "      containers:\n"
      "        - {name: work, resources: {requests: {cpu: \"1\", memory: 2Gi, ephemeral-storage: 5Gi}}}\n"
      "        - {name: side, resources: {requests: {cpu: \"1\", memory: 2Gi, ephemeral-storage: 5Gi}}}\n");
  BOOST_TEST(j.groups[0].replicas == 2);
  BOOST_TEST(j.groups[0].request[kVcpu] == 3000);       // init 3 > containers 1 + 1
  BOOST_TEST(j.groups[0].request[kMemory] == 8 * kGi);  // init 8Gi > containers 4Gi
  BOOST_TEST(j.groups[0].request[kGpu] == 1000);        // only the init container asks
  BOOST_TEST(j.groups[0].request[kStorage] == 10 * kGi);  // containers 10Gi > init 6Gi
  BOOST_TEST(pos(j.groups[0].request_at[kVcpu]) == "9:53");
  BOOST_TEST(pos(j.groups[0].request_at[kMemory]) == "10:66");
  BOOST_TEST(pos(j.groups[0].request_at[kStorage]) == "12:89");
}

BOOST_AUTO_TEST_CASE(replica_counts_of_each_kind) {
  const std::string c = "        - {name: c, resources: {requests: {nvidia.com/gpu: 1}}}\n";
  struct Case {
    std::string kind, spec;
    Amount replicas;
  };
  const std::vector<Case> cases = {
      {"Deployment", "  replicas: 3\n", 3},
      {"StatefulSet", "  replicas: 2\n", 2},
      {"ReplicaSet", "  replicas: 4\n", 4},
      {"Job", "  replicas: 9\n  parallelism: 5\n", 5},  // a Job's count is its parallelism
      {"Job", "  parallelism: 8\n  completions: 2\n", 2},  // never more pods than completions
      {"Job", "  parallelism: 2\n  completions: 8\n", 2},
      {"Job", "  completions: 5\n", 1},  // parallelism defaults to 1
      {"Job", "  completions: 0\n", 0},
      {"ReplicationController", "  replicas: 3\n", 3},
      {"Job", "", 1},
      {"Deployment", "", 1},
      {"Deployment", "  replicas: 0\n", 0},
      {"Deployment", "  replicas: ~\n", 1},
  };
  for (const auto& k : cases) {
    const Job j = one_job(workload(k.kind, c, k.spec));
    BOOST_TEST(j.kind == k.kind);
    BOOST_TEST(j.groups[0].replicas == k.replicas, k.kind << " with '" << k.spec << "'");
    BOOST_TEST(j.groups[0].request[kGpu] == 1000);
  }
  // A Pod is one replica whatever it says.
  const Job pod = one_job(workload("Pod", "    - {name: c, resources: {requests: {nvidia.com/gpu: 1}}}\n", "  replicas: 7\n"));
  BOOST_TEST(pod.groups[0].replicas == 1);
}

BOOST_AUTO_TEST_CASE(users_and_teams_from_labels_and_namespace) {
  const std::string c = "    spec: {containers: [{name: c}]}\n";
  auto deployment = [&](const std::string& metadata, const std::string& template_labels) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n" + metadata + "spec:\n  template:\n" +
           (template_labels.empty() ? "" : "    metadata:\n      labels: " + template_labels + "\n") + c;
  };
  Job j = one_job(deployment("  namespace: ns\n  labels: {allot/user: u1, allot/team: t1}\n", "{allot/user: x, allot/team: y}"));
  BOOST_TEST(j.user == "u1");
  BOOST_TEST(j.team == "t1");
  j = one_job(deployment("", "{allot/user: u2, allot/team: t2}"));
  BOOST_TEST(j.user == "u2");
  BOOST_TEST(j.team == "t2");
  j = one_job(deployment("  labels: {allot/user: u3}\n", "{allot/user: x, allot/team: t3}"));
  BOOST_TEST(j.user == "u3");
  BOOST_TEST(j.team == "t3");
  j = one_job(deployment("  namespace: ns4\n  labels: {allot/user: u4}\n", ""));
  BOOST_TEST(j.team == "ns4");
  j = one_job(deployment("  labels: {allot/user: u5}\n", ""));
  BOOST_TEST(j.team.empty());

  ManifestOptions custom;
  custom.user_label = "example.com/owner";
  custom.team_label = "example.com/group";
  j = one_job(deployment("  namespace: ns\n  labels: {allot/user: x, allot/team: y, example.com/owner: o, example.com/group: g}\n", ""),
              custom);
  BOOST_TEST(j.user == "o");
  BOOST_TEST(j.team == "g");
}

BOOST_AUTO_TEST_CASE(a_workload_without_a_user_label_is_a_job_with_a_warning) {
  const Read r = interpret_all(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: anon, namespace: web}\nspec: {containers: [{name: c}]}\n");
  BOOST_TEST_REQUIRE(r.results.size() == 1u);
  BOOST_TEST_REQUIRE(r.results[0].job.has_value());
  BOOST_TEST(r.results[0].job->user.empty());
  BOOST_TEST(r.results[0].job->team == "web");
  expect(r.diags.list(), {{"V030", Severity::warning, 3, 18,
                           "Pod 'anon' has no 'allot/user' label: per-user limits are not checked for it"}});
}

BOOST_AUTO_TEST_CASE(other_documents_are_skipped) {
  const Read r = interpret_all(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
      "---\njust text\n"
      "---\n- a\n"
      "---\n~\n"
      "---\nkind: Deployment\nmetadata: {name: no-api}\n"
      "---\napiVersion: allot/v1\nkind: Pod\n");
  BOOST_TEST(r.diags.empty(), test::describe(r.diags));
  BOOST_TEST_REQUIRE(r.results.size() == 6u);
  for (const auto& res : r.results) {
    BOOST_TEST(res.skipped);
    BOOST_TEST(!res.job.has_value());
  }
}

BOOST_AUTO_TEST_CASE(strict_kinds_makes_them_errors) {
  ManifestOptions strict;
  strict.strict_kinds = true;
  const Read r = interpret_all(
      "apiVersion: v1\nkind: ConfigMap\n"
      "---\njust text\n"
      "---\nmetadata: {name: no-kind}\n"
      "---\n~\n",
      strict);
  BOOST_TEST_REQUIRE(r.results.size() == 4u);
  BOOST_TEST(!r.results[0].skipped);
  BOOST_TEST(!r.results[1].skipped);
  BOOST_TEST(!r.results[2].skipped);
  BOOST_TEST(r.results[3].skipped);  // an empty document is nothing at all
  expect(r.diags.list(), {error("V010", 2, 7, "kind 'ConfigMap' (apiVersion 'v1') is not a workload allot can check"),
                          error("V012", 4, 1, "the document must be a mapping with 'kind' and 'apiVersion', found a scalar"),
                          error("V010", 5, 1, "document has no 'kind'")});
}

BOOST_AUTO_TEST_CASE(an_unknown_allot_api_version) {
  expect(errors_of("apiVersion: allot/v2\nkind: Job\nmetadata: {name: n, user: u}\nspec: {resources: {gpu: 1}}\n"),
         {error("V010", 1, 13, "unsupported apiVersion 'allot/v2'; this allot reads 'allot/v1'")});
}

BOOST_AUTO_TEST_CASE(missing_fields) {
  expect(errors_of("apiVersion: allot/v1\nkind: Job\nspec: {resources: {gpu: 1}}\n"),
         {error("V011", 1, 1, "missing required field 'metadata'")});
  expect(errors_of("apiVersion: allot/v1\nkind: Job\nmetadata:\n  team: t\nspec: {resources: {gpu: 1}}\n"),
         {error("V011", 4, 3, "missing required field 'metadata.name'"),
          error("V011", 4, 3, "missing required field 'metadata.user'")});
  expect(errors_of("apiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\n"),
         {error("V011", 1, 1, "missing required field 'spec'")});
  expect(errors_of("apiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\nspec:\n  replicas: 2\n"),
         {error("V011", 5, 3, "missing required field 'spec.resources'")});
  expect(errors_of("apiVersion: v1\nkind: Pod\nmetadata: {labels: {allot/user: u}}\nspec: {containers: []}\n"),
         {error("V011", 1, 1, "Pod has no metadata.name")});
  expect(errors_of("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, labels: {allot/user: u}}\n"),
         {error("V011", 1, 1, "missing required field 'spec'")});
  expect(errors_of("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, labels: {allot/user: u}}\nspec:\n  replicas: 2\n"),
         {error("V011", 5, 3, "missing required field 'spec.template.spec'")});
  expect(errors_of("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {allot/user: u}}\nspec:\n  nodeSelector: {a: b}\n"),
         {error("V011", 5, 3, "missing required field 'spec.containers'")});
}

BOOST_AUTO_TEST_CASE(wrong_types) {
  expect(errors_of("apiVersion: allot/v1\nkind: Job\nmetadata: {name: [a], user: u}\nspec: {resources: 8}\n"),
         {error("V012", 3, 18, "metadata.name must be a string, found a sequence"),
          error("V012", 4, 19, "spec.resources must be a mapping, found a scalar")});
  expect(errors_of("apiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\n"
                   "spec: {replicas: {a: 1}, resources: {gpu: [1]}, placement: {strategy: [pack]}}\n"),
         {error("V012", 4, 18, "spec.replicas must be a whole number, found a mapping"),
          error("V012", 4, 43, "request 'gpu' must be a quantity, found a sequence"),
          error("V012", 4, 71, "spec.placement.strategy must be a string, found a sequence")});
  expect(errors_of("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {allot/user: u}}\n"
                   "spec: {containers: [oops, {name: c, resources: {requests: [cpu]}}]}\n"),
         {error("V012", 4, 21, "spec.containers.0 must be a mapping, found a scalar"),
          error("V012", 4, 59, "spec.containers.1.resources.requests must be a mapping, found a sequence")});
}

BOOST_AUTO_TEST_CASE(aliases_of_collections_and_merge_keys_are_refused) {
  const std::string tail = "; allot does not follow YAML aliases of mappings or sequences, or merge keys, here: write the value out";
  expect(errors_of("x: &r {gpu: 1}\napiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\nspec: {resources: *r}\n"),
         {error("V012", 5, 19, "spec.resources is an alias" + tail)});
  expect(errors_of("x: &s {a: b}\napiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\n"
                   "spec: {resources: {gpu: 1}, placement: {nodeSelector: {<<: *s}}}\n"),
         {error("V012", 5, 60, "spec.placement.nodeSelector.<< is a merge key" + tail)});
  expect(errors_of("x: &c {name: c}\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {allot/user: u}}\n"
                   "spec: {containers: [*c]}\n"),
         {error("V012", 5, 21, "spec.containers.0 is an alias" + tail)});
}

BOOST_AUTO_TEST_CASE(merge_keys_where_allot_reads_are_refused_not_dropped) {
  const std::string tail = " is a merge key; allot does not follow YAML aliases of mappings or sequences, or merge keys, here: write the value out";
  expect(errors_of("x: &g {gpu: 8}\napiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\n"
                   "spec: {resources: {<<: *g, vcpu: 2}}\n"),
         {error("V012", 5, 24, "spec.resources.<<" + tail)});
  expect(errors_of("x: &g {nvidia.com/gpu: 8}\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {allot/user: u}}\n"
                   "spec: {containers: [{name: c, resources: {requests: {<<: *g, cpu: 1}}}]}\n"),
         {error("V012", 5, 58, "spec.containers.0.resources.requests.<<" + tail)});
  expect(errors_of("x: &m {name: n, user: u}\napiVersion: allot/v1\nkind: Job\nmetadata: {<<: *m}\nspec: {resources: {gpu: 1}}\n"),
         {error("V012", 4, 16, "metadata.<<" + tail)});
}

BOOST_AUTO_TEST_CASE(a_resource_given_twice) {
  expect(errors_of("apiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\nspec: {resources: {gpu: 1, gpu: 2}}\n"),
         {error("V012", 4, 33, "'gpu' is given twice in spec.resources")});
}

BOOST_AUTO_TEST_CASE(aliases_of_scalars_are_their_values) {
  const Job j = one_job(
      "x: {n: &n 3, g: &g 2, u: &u ali}\n"
      "apiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: *u}\nspec: {replicas: *n, resources: {gpu: *g}}\n");
  BOOST_TEST(j.user == "ali");
  BOOST_TEST(j.groups[0].replicas == 3);
  BOOST_TEST(j.groups[0].request[kGpu] == 2000);
}

BOOST_AUTO_TEST_CASE(quantity_errors_have_codes_and_exact_spans) {
  auto job = [](const std::string& resources) {
    return "apiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\nspec:\n  resources:\n" + resources;
  };
  expect(errors_of(job("    gpu: eight\n")), {error("V013", 6, 10, "gpu request: 'eight' is not a quantity", 5)});
  expect(errors_of(job("    vcpu: -2\n")), {error("V013", 6, 11, "vcpu request: quantity '-2' is negative", 2)});
  expect(errors_of(job("    memory: 512gb\n")),
         {error("V014", 6, 16, "memory request: unknown unit 'gb'; did you mean 'GB'?", 2)});
  expect(errors_of(job("    gpu: 8GB\n")),
         {error("V015", 6, 11, "gpu request: unit 'GB' is a bytes unit, but this resource is a count", 2)});
  expect(errors_of(job("    memory: 512\n")),
         {error("V016", 6, 13, "memory request: bytes quantity '512' has no unit; write e.g. '512GB' or '512GiB'", 3)});
  expect(errors_of(job("    memory: 99999999999999999999GB\n")),
         {error("V017", 6, 13,
                "memory request: quantity '99999999999999999999GB' is too large (allot holds at most 9.2EB or 9.2P units)",
                22)});
  expect(errors_of(job("    gpu: 1e400\n")),
         {error("V017", 6, 10, "gpu request: quantity '1e400' is too large (allot holds at most 9.2EB or 9.2P units)", 5)});
  expect(errors_of(job("    gpu: 0.0001\n")),
         {error("V018", 6, 10, "gpu request: quantity '0.0001' is finer than a thousandth (0.001 or 1m)", 6)});
  expect(errors_of(job("    tpu: 4\n")),
         {error("V020", 6, 10, "unknown resource 'tpu' in spec.resources; did you mean 'gpu'?")});
  expect(errors_of(job("    qqqqqq: 4\n")),
         {error("V020", 6, 13,
                "unknown resource 'qqqqqq' in spec.resources; the policy declares gpu, vcpu, memory, storage, fpga")});
}

BOOST_AUTO_TEST_CASE(kubernetes_bytes_need_no_unit) {
  const Job j = one_job(workload("Pod", "    - {name: c, resources: {requests: {memory: 1073741824}}}\n"));
  BOOST_TEST(j.groups[0].request[kMemory] == kGi);
}

BOOST_AUTO_TEST_CASE(bad_values) {
  auto job = [](const std::string& spec) {
    return "apiVersion: allot/v1\nkind: Job\nmetadata: {name: n, user: u}\nspec:\n  resources: {gpu: 1}\n" + spec;
  };
  expect(errors_of(job("  replicas: 0\n")), {error("V019", 6, 13, "spec.replicas must be at least 1, found 0", 1)});
  expect(errors_of(job("  replicas: two\n")), {error("V019", 6, 13, "spec.replicas must be a whole number, found 'two'", 3)});
  expect(errors_of(job("  priority: 1.5\n")), {error("V019", 6, 13, "spec.priority must be a whole number, found '1.5'", 3)});
  expect(errors_of(job("  replicas: 99999999999999999999\n")),
         {error("V017", 6, 13, "spec.replicas '99999999999999999999' is too large", 20)});
  expect(errors_of(job("  placement: {strategy: strict_pack}\n")),
         {error("V019", 6, 25, "unknown placement strategy 'strict_pack'; did you mean 'strict-pack'?", 11)});
  expect(errors_of(job("  placement: {strategy: round-robin}\n")),
         {error("V019", 6, 25,
                "unknown placement strategy 'round-robin'; expected pack, spread, strict-pack or strict-spread", 11)});
  expect(errors_of("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, labels: {allot/user: u}}\nspec:\n"
                   "  parallelism: -1\n  template: {spec: {containers: [{name: c}]}}\n"),
         {error("V019", 5, 16, "spec.parallelism must be at least 0, found -1", 2)});
}

BOOST_AUTO_TEST_CASE(a_replica_total_that_overflows) {
  expect(errors_of(workload("Pod",
                            "    - {name: a, resources: {requests: {memory: 8E}}}\n"
                            "    - {name: b, resources: {requests: {memory: 8E}}}\n")),
         {error("V017", 9, 48, "total memory request of the replica overflows")});
}

BOOST_AUTO_TEST_CASE(kubernetes_resources_the_policy_does_not_know_are_ignored) {
  const Job j = one_job(
      workload("Pod", "    - {name: c, resources: {requests: {example.com/foo: 3, hugepages-2Mi: 1Gi, fpga: 2}}}\n"));
  BOOST_TEST(j.groups[0].request[kFpga] == 2000);
  BOOST_TEST(j.groups[0].request[kGpu] == 0);
  BOOST_TEST(j.groups[0].request[kMemory] == 0);
}

BOOST_AUTO_TEST_CASE(documents_are_numbered) {
  const Read r = interpret_all(
      "apiVersion: v1\nkind: ConfigMap\n---\n"
      "apiVersion: allot/v1\nkind: Job\nmetadata: {name: second, user: u}\nspec: {resources: {gpu: 1}}\n");
  BOOST_TEST_REQUIRE(r.results.size() == 2u);
  BOOST_TEST_REQUIRE(r.results[1].job.has_value());
  BOOST_TEST(r.results[1].job->document == 1u);
  BOOST_TEST(pos(r.results[1].job->at) == "6:18");
}

BOOST_AUTO_TEST_CASE(the_filter_keeps_only_what_interpret_reads) {
  using yaml::Interest;
  auto f = [](std::initializer_list<std::string> p) { return manifest_filter(std::vector<std::string>(p)); };
  BOOST_TEST((f({}) == Interest::container));
  BOOST_TEST((f({"kind"}) == Interest::leaf));
  BOOST_TEST((f({"data"}) == Interest::none));
  BOOST_TEST((f({"metadata", "annotations"}) == Interest::none));
  BOOST_TEST((f({"metadata", "labels", "allot/user"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "resources", "gpu"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "resources", "gpu", "x"}) == Interest::none));
  BOOST_TEST((f({"spec", "template", "spec", "containers", "0", "resources", "limits", "cpu"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "template", "spec", "containers", "0", "env"}) == Interest::none));
  BOOST_TEST((f({"spec", "template", "spec", "volumes"}) == Interest::none));
  BOOST_TEST((f({"spec", "containers", "x", "resources"}) == Interest::none));  // not an index
  BOOST_TEST((f({"spec", "completions"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "template", "spec", "overhead", "cpu"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "template", "spec", "initContainers", "0", "restartPolicy"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "jobTemplate", "metadata", "labels", "allot/user"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "jobTemplate", "spec", "completions"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "jobTemplate", "spec", "template", "metadata", "labels", "allot/team"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "jobTemplate", "spec", "template", "spec", "containers", "0", "resources", "limits", "cpu"}) ==
              Interest::leaf));
  // Other kinds' pod templates: the way down is walked, not kept, and only the list is kept.
  BOOST_TEST((f({"spec", "roles", "0", "template", "spec"}) == Interest::pass));
  BOOST_TEST((f({"spec", "roles", "0", "template", "spec", "containers"}) == Interest::container));
  BOOST_TEST((f({"spec", "roles", "0", "template", "spec", "containers", "0"}) == Interest::none));
  BOOST_TEST((f({"spec", "roles", "0", "template", "metadata"}) == Interest::none));
  // The probe keeps request maps outside pod templates (a TrainJob's resourcesPerNode).
  BOOST_TEST((f({"spec", "trainer", "resourcesPerNode"}) == Interest::container));
  BOOST_TEST((f({"spec", "trainer", "resources"}) == Interest::pass));
  BOOST_TEST((f({"spec", "trainer", "resources", "limits"}) == Interest::container));
  BOOST_TEST((f({"spec", "trainer", "resources", "claims"}) == Interest::none));
  // The kinds read with groups: what their readers need, and nothing beside it.
  BOOST_TEST((f({"spec", "workerGroupSpecs", "0", "maxReplicas"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "workerGroupSpecs", "0", "rayStartParams"}) == Interest::pass));  // probed, not kept
  BOOST_TEST((f({"spec", "rayClusterSpec", "headGroupSpec", "template", "spec", "containers"}) == Interest::container));
  BOOST_TEST((f({"spec", "pytorchReplicaSpecs", "Worker", "replicas"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "pytorchReplicaSpecs", "Worker", "restartPolicy"}) == Interest::pass));
  BOOST_TEST((f({"spec", "replicatedJobs", "1", "template", "spec", "parallelism"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "replicatedJobs", "1", "template", "spec", "template", "spec", "nodeSelector"}) ==
              Interest::container));
  BOOST_TEST((f({"spec", "leaderWorkerTemplate", "size"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "tasks", "0", "policies"}) == Interest::pass));
  BOOST_TEST((f({"spec", "volumeClaimTemplates", "0", "spec", "resources", "requests", "storage"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "volumeClaimTemplates", "0", "spec", "accessModes"}) == Interest::none));
  BOOST_TEST((f({"spec", "resources", "requests", "storage"}) == Interest::leaf));
  BOOST_TEST((f({"spec", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}) == Interest::none));  // too deep
}

/// The documents of a file of tests/workloads/.
Read workload_file(const std::string& name) {
  return interpret_all(test::read_text(test::source_path("tests/workloads/" + name)));
}

/// The job of `r.results[i]`, which must be there.
const Job& job_of(const Read& r, std::size_t i) {
  BOOST_TEST_REQUIRE(r.results.size() > i);
  BOOST_TEST_REQUIRE(r.results[i].job.has_value());
  return *r.results[i].job;
}

constexpr Amount kMi = Amount{1} << 20;

BOOST_AUTO_TEST_CASE(a_cronjob_counts_one_run_of_its_job_template) {
  const Read r = workload_file("cronjob.yaml");
  BOOST_TEST(r.diags.empty(), test::describe(r.diags));
  const Job& j = job_of(r, 0);
  BOOST_TEST(j.kind == "CronJob");
  BOOST_TEST(j.name == "nightly-eval");
  BOOST_TEST(j.user == "mia");
  BOOST_TEST(j.team == "eval");
  BOOST_TEST(j.groups[0].replicas == 2);  // parallelism 2, completions 2
  BOOST_TEST(pos(j.groups[0].replicas_at) == "20:20");
  BOOST_TEST(j.groups[0].request[kGpu] == 4000);
  BOOST_TEST(pos(j.groups[0].request_at[kGpu]) == "34:35");
  BOOST_TEST(j.groups[0].request[kVcpu] == 16000);
  BOOST_TEST(j.groups[0].request[kMemory] == 64 * kGi);
  BOOST_TEST(j.groups[0].replicas * j.groups[0].request[kGpu] == 8000);
  BOOST_TEST(j.groups[0].replicas * j.groups[0].request[kMemory] == 137438953472);
}

BOOST_AUTO_TEST_CASE(a_cronjob_finds_its_labels_on_the_job_template) {
  const std::string pod = "      template:\n        spec: {containers: [{name: c, resources: {limits: {nvidia.com/gpu: 1}}}]}\n";
  Job j = one_job("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n"
                  "    metadata: {labels: {allot/user: u1}}\n    spec:\n      completions: 3\n" + pod);
  BOOST_TEST(j.user == "u1");
  BOOST_TEST(j.groups[0].replicas == 1);
  j = one_job("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, labels: {allot/team: t0}}\nspec:\n  jobTemplate:\n"
              "    spec:\n      parallelism: 4\n      template:\n        metadata: {labels: {allot/user: u2, allot/team: t2}}\n"
              "        spec: {containers: [{name: c}]}\n");
  BOOST_TEST(j.user == "u2");
  BOOST_TEST(j.team == "t0");
  BOOST_TEST(j.groups[0].replicas == 4);
  expect(errors_of("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, labels: {allot/user: u}}\n"
                   "spec:\n  schedule: \"@daily\"\n"),
         {error("V011", 5, 3, "missing required field 'spec.jobTemplate.spec.template.spec'")});
}

BOOST_AUTO_TEST_CASE(a_replication_controller_counts_its_replicas) {
  const Read r = workload_file("replicationcontroller.yaml");
  BOOST_TEST(r.diags.empty(), test::describe(r.diags));
  const Job& j = job_of(r, 0);
  BOOST_TEST(j.kind == "ReplicationController");
  BOOST_TEST(j.user == "nina");
  BOOST_TEST(j.team == "serving");
  BOOST_TEST(j.groups[0].replicas == 3);
  BOOST_TEST(pos(j.groups[0].replicas_at) == "10:13");
  BOOST_TEST(j.groups[0].request[kGpu] == 1000);
  BOOST_TEST(pos(j.groups[0].request_at[kGpu]) == "27:31");  // the request, not the limit
  BOOST_TEST(j.groups[0].replicas * j.groups[0].request[kVcpu] == 12000);
  BOOST_TEST(j.groups[0].replicas * j.groups[0].request[kMemory] == 48318382080);
}

BOOST_AUTO_TEST_CASE(job_pods_are_parallelism_but_never_more_than_completions) {
  const Read r = workload_file("job-parallelism.yaml");
  BOOST_TEST(r.diags.empty(), test::describe(r.diags));
  BOOST_TEST_REQUIRE(r.results.size() == 3u);
  struct Want {
    std::string name;
    Amount replicas;
    std::string replicas_at, gpu_at;
    Amount gpu, vcpu, memory;  // totals
  };
  const std::vector<Want> want = {
      {"hparam-search", 6, "11:16", "25:31", 6000, 48000, 206158430208},
      {"single-eval", 1, "30:9", "47:31", 1000, 4000, 17179869184},  // no parallelism: 1, at the name
      {"short-sweep", 2, "58:16", "70:31", 4000, 16000, 68719476736},  // min(8, 2), at completions
  };
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Job& j = job_of(r, i);
    BOOST_TEST(j.name == want[i].name);
    BOOST_TEST(j.groups[0].replicas == want[i].replicas, j.name);
    BOOST_TEST(pos(j.groups[0].replicas_at) == want[i].replicas_at, j.name);
    BOOST_TEST(pos(j.groups[0].request_at[kGpu]) == want[i].gpu_at, j.name);
    BOOST_TEST(j.groups[0].replicas * j.groups[0].request[kGpu] == want[i].gpu, j.name);
    BOOST_TEST(j.groups[0].replicas * j.groups[0].request[kVcpu] == want[i].vcpu, j.name);
    BOOST_TEST(j.groups[0].replicas * j.groups[0].request[kMemory] == want[i].memory, j.name);
  }
}

BOOST_AUTO_TEST_CASE(a_pod_counts_sidecars_init_stages_and_overhead_as_kubernetes_does) {
  const Read r = workload_file("pod-init-sidecar-overhead.yaml");
  BOOST_TEST(r.diags.empty(), test::describe(r.diags));
  const Job& j = job_of(r, 0);
  BOOST_TEST(j.groups[0].replicas == 1);
  BOOST_TEST(j.groups[0].request[kGpu] == 2000);  // the containers' 2 over warmup's 1
  BOOST_TEST(pos(j.groups[0].request_at[kGpu]) == "57:27");
  BOOST_TEST(j.groups[0].request[kVcpu] == 5100);  // max(4 + 0.1 + 0.5 + 0.25, 2 + 0.5) + 0.25
  BOOST_TEST(j.groups[0].request[kMemory] == 6816 * kMi);  // max(6144 + 64 + 256 + 128, 6400 + 256) + 160
  BOOST_TEST(pos(j.groups[0].request_at[kMemory]) == "30:19");  // fetch-weights' stage is the peak
  BOOST_TEST(j.groups[0].request[kStorage] == 100 * kGi);  // fetch-weights' 100Gi over the containers' 20Gi
  BOOST_TEST(pos(j.groups[0].request_at[kStorage]) == "31:30");
}

BOOST_AUTO_TEST_CASE(a_regular_init_container_runs_beside_the_sidecars_started_before_it) {
  auto pod = [](const std::string& init) {
    return one_job("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {allot/user: u}}\nspec:\n"
                   "  containers: [{name: app, resources: {requests: {cpu: \"1\"}}}]\n"
                   "  initContainers:\n" + init);
  };
  const std::string side = "    - {name: side, restartPolicy: Always, resources: {requests: {cpu: \"2\"}}}\n";
  const std::string setup = "    - {name: setup, resources: {requests: {cpu: \"4\"}}}\n";
  Job j = pod(side + setup);  // setup runs beside side: 4 + 2 = 6 > 1 + 2
  BOOST_TEST(j.groups[0].request[kVcpu] == 6000);
  BOOST_TEST(pos(j.groups[0].request_at[kVcpu]) == "8:49");  // setup's request
  j = pod(setup + side);  // setup runs alone: 4 > 1 + 2
  BOOST_TEST(j.groups[0].request[kVcpu] == 4000);
  j = pod(side);  // a sidecar runs beside the app: 1 + 2
  BOOST_TEST(j.groups[0].request[kVcpu] == 3000);
  BOOST_TEST(pos(j.groups[0].request_at[kVcpu]) == "5:56");  // the app's request comes first
  j = pod("    - {name: s, restartPolicy: OnFailure, resources: {requests: {cpu: \"2\"}}}\n");
  BOOST_TEST(j.groups[0].request[kVcpu] == 2000);  // not a sidecar: max(2, 1)
}

BOOST_AUTO_TEST_CASE(pod_overhead_is_added_to_each_pod) {
  const Job j = one_job(workload("Deployment", "        - {name: c, resources: {requests: {cpu: \"1\"}}}\n",
                                 "  replicas: 2\n") +
                        "      overhead: {cpu: 250m, memory: 160Mi, nvidia.com/gpu: 0}\n");
  BOOST_TEST(j.groups[0].request[kVcpu] == 1250);
  BOOST_TEST(j.groups[0].request[kMemory] == 160 * kMi);
  BOOST_TEST(pos(j.groups[0].request_at[kMemory]) == "12:37");  // only the overhead asks
  BOOST_TEST(j.groups[0].request[kGpu] == 0);
  expect(errors_of(workload("Pod", "    - {name: c}\n") + "  overhead: [cpu]\n"),
         {error("V012", 9, 13, "spec.overhead must be a mapping, found a sequence")});
}

BOOST_AUTO_TEST_CASE(an_unread_kind_with_a_pod_template_is_a_warning_not_a_silent_pass) {
  const Read r = workload_file("unknown-kind-with-pod-template.yaml");
  BOOST_TEST_REQUIRE(r.results.size() == 2u);
  for (const auto& res : r.results) {
    BOOST_TEST(!res.job.has_value());
    BOOST_TEST(res.skipped);
    BOOST_TEST(res.recognised);
  }
  expect(r.diags.list(),
         {test::warning("V031", 5, 7,
                        "FancyTrainer 'mystery-train' holds a pod template allot does not read; its resources are not checked"),
          test::warning("V031", 23, 7,
                        "NotebookServer 'tom-notebook' holds a pod template allot does not read; its resources are not checked")});
  // Deeper templates and unnamed documents too; a custom kind named like a config kind is not spared.
  const Read deep = interpret_all(
      "apiVersion: example.com/v1\nkind: RoleTrainer\nspec:\n  roles:\n"
      "    - template: {spec: {containers: [{name: w}]}}\n"
      "---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: kn}\n"
      "spec: {template: {spec: {containers: [{name: c}]}}}\n"
      "---\napiVersion: example.com/v1\nkind: Trainer\nmetadata: {name: t}\n"
      "spec: {trainer: {resources: {limits: {nvidia.com/gpu: 4}}}}\n");
  expect(deep.diags.list(),
         {test::warning("V031", 2, 7, "RoleTrainer holds a pod template allot does not read; its resources are not checked"),
          test::warning("V031", 8, 7, "Service 'kn' holds a pod template allot does not read; its resources are not checked"),
          test::warning("V031", 13, 7, "Trainer 't' holds resource requests allot does not read; its resources are not checked")});
}

BOOST_AUTO_TEST_CASE(configuration_kinds_are_skipped_quietly_and_recognised) {
  const Read r = workload_file("config-only.yaml");
  BOOST_TEST(r.diags.empty(), test::describe(r.diags));
  BOOST_TEST_REQUIRE(r.results.size() == 2u);
  for (const auto& res : r.results) {
    BOOST_TEST(res.skipped);
    BOOST_TEST(res.recognised);
  }
  // Not recognised: no kind, an unknown kind without a pod template, a scalar, an empty document.
  const Read other = interpret_all("services: {web: {image: nginx}}\n---\napiVersion: x/v1\nkind: Widget\nspec: {a: 1}\n"
                                   "---\njust text\n---\n~\n");
  BOOST_TEST(other.diags.empty(), test::describe(other.diags));
  BOOST_TEST_REQUIRE(other.results.size() == 4u);
  for (const auto& res : other.results) {
    BOOST_TEST(res.skipped);
    BOOST_TEST(!res.recognised);
  }
}

BOOST_AUTO_TEST_CASE(strategy_names_round_trip) {
  for (auto s : {Strategy::pack, Strategy::spread, Strategy::strict_pack, Strategy::strict_spread})
    BOOST_TEST((strategy_from_string(to_string(s)) == s));
  BOOST_TEST(to_string(Strategy::strict_spread) == "strict-spread");
  BOOST_TEST(!strategy_from_string("strict_pack").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
