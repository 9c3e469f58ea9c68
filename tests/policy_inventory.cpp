// The inventory reader on YAML text: allot's `kind: Inventory` and Kubernetes NodeLists read
// into exact amounts in base units (thousandths for counts, bytes for bytes), clusters from a
// label or an option, usage tables, and each diagnostic I001-I021 with its exact message and
// position, as man/allot-inventory.5 describes them.

#include <boost/test/unit_test.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "grammar/parser.hpp"
#include "input/inventory_reader.hpp"
#include "input/yaml_reader.hpp"
#include "tests/support.hpp"

using namespace allot;
using allot::test::Expected;

namespace {

const std::string kFile = "inv.yaml";

/// Resources 0..3: gpu, vcpu, memory, storage; per-node and per-cluster GPU limits for I020
/// and I021 (line numbers matter: nothing quotes them, but keep them stable).
const Policy& policy() {
  static const Policy p = test::load_policy(
      "policy p\n"
      "resource gpu count\n"
      "resource vcpu count\n"
      "resource memory bytes\n"
      "resource storage bytes\n"
      "tier small {\n"
      "  per node    { gpu <= 8  memory <= 1TiB }\n"
      "  per cluster { gpu <= 16 }\n"
      "}\n"
      "tier large {\n"
      "  per node    { gpu <= 32 memory <= 2TiB }\n"
      "  per cluster { gpu <= 24 }\n"
      "}\n"
      "default tier small\n",
      "p.allot", /*allow_warnings=*/true);
  return p;
}
constexpr std::size_t kGpu = 0, kVcpu = 1, kMemory = 2, kStorage = 3;
constexpr Amount kGi = Amount{1} << 30;
constexpr Amount kTi = Amount{1} << 40;

struct Read {
  Inventory inv;
  Diagnostics diags;
};

/// Reads `text` as `allot place` does: the YAML reader with the inventory filter and limits,
/// then read_inventory.
Read read(const std::string& text, const InventoryOptions& options = {}, const Policy& p = policy()) {
  Read r;
  std::vector<yaml::Document> docs;
  std::istringstream in(text);
  const bool ok = yaml::read_documents(
      in, kFile, inventory_filter, inventory_limits(), [&](yaml::Document&& d) { docs.push_back(std::move(d)); },
      r.diags);
  if (ok) r.inv = read_inventory(docs, kFile, p, options, r.diags);
  return r;
}

/// The inventory `text` describes, which must come without diagnostics.
Inventory clean(const std::string& text, const InventoryOptions& options = {}) {
  Read r = read(text, options);
  BOOST_TEST_REQUIRE(r.diags.empty(), test::describe(r.diags));
  return std::move(r.inv);
}

/// Exactly the diagnostics `want`, in order.
void expect(const Diagnostics& got, const std::vector<Expected>& want) { test::expect_diagnostics(got, want, kFile); }

/// One error (or warning) and nothing else.
void expect_one(const std::string& text, const Expected& want, const InventoryOptions& options = {}) {
  expect(read(text, options).diags, {want});
}

std::vector<Amount> amounts(Amount gpu, Amount vcpu, Amount memory, Amount storage) {
  return {gpu, vcpu, memory, storage};
}

const std::string kHead = "apiVersion: allot/v1\nkind: Inventory\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(policy_inventory)

// ---------------------------------------------------------------------------------------
// allot inventories

BOOST_AUTO_TEST_CASE(allot_inventory_in_base_units) {
  const Inventory inv = clean(kHead +                                               // 1-2
                              "clusters:\n"                                         // 3
                              "  - name: eu\n"                                      // 4
                              "    labels: {region: eu}\n"                          // 5
                              "    nodes:\n"                                        // 6
                              "      - name: eu-1\n"                                // 7
                              "        labels: {gpu.model: H100, zone: a}\n"        // 8
                              "        capacity: {gpu: 8, vcpu: 95.5, memory: 1TiB, storage: 30TB}\n"  // 9
                              "        allocated: {gpu: 2, vcpu: 500m, memory: 128GiB}\n"              // 10
                              "      - {name: eu-2, capacity: {gpu: \"4\", vcpu: 1e2, memory: 1.5Gi}}\n"  // 11
                              "  - name: us\n"                                      // 12
                              "    nodes: []\n");                                   // 13
  BOOST_TEST_REQUIRE(inv.clusters.size() == 2u);
  BOOST_TEST_REQUIRE(inv.nodes.size() == 2u);
  BOOST_TEST(inv.file == kFile);

  const Cluster& eu = inv.clusters[0];
  BOOST_TEST(eu.name == "eu");
  BOOST_TEST((eu.at == Position{4, 5}));
  BOOST_TEST((eu.labels == Labels{{"region", "eu"}}));
  BOOST_TEST((eu.nodes == std::vector<std::size_t>{0, 1}));
  BOOST_TEST(inv.clusters[1].name == "us");
  BOOST_TEST((inv.clusters[1].at == Position{12, 5}));
  BOOST_TEST(inv.clusters[1].nodes.empty());

  const Node& n1 = inv.nodes[0];
  BOOST_TEST(n1.name == "eu-1");
  BOOST_TEST(n1.cluster == 0u);
  BOOST_TEST((n1.at == Position{7, 9}));
  BOOST_TEST((n1.labels == Labels{{"gpu.model", "H100"}, {"zone", "a"}}));
  BOOST_TEST(n1.capacity == amounts(8000, 95500, kTi, 30'000'000'000'000), boost::test_tools::per_element());
  BOOST_TEST(n1.allocated == amounts(2000, 500, 128 * kGi, 0), boost::test_tools::per_element());

  const Node& n2 = inv.nodes[1];  // a flow mapping starts at its brace
  BOOST_TEST(n2.name == "eu-2");
  BOOST_TEST((n2.at == Position{11, 9}));
  BOOST_TEST(n2.labels.empty());
  BOOST_TEST(n2.capacity == amounts(4000, 100'000, 3 * kGi / 2, 0), boost::test_tools::per_element());
  BOOST_TEST(n2.allocated == amounts(0, 0, 0, 0), boost::test_tools::per_element());
  BOOST_TEST(inv.user_usage.empty());
  BOOST_TEST(inv.team_usage.empty());
}

BOOST_AUTO_TEST_CASE(sixteen_gpus_are_sixteen_thousand) {
  const Inventory inv = clean(kHead +
                              "clusters: [{name: a, nodes: [{name: n, capacity: "
                              "{gpu: 16, vcpu: 0.001, memory: 1B, storage: 1.5KiB}}]}]\n"
                              "usage: {users: {u: {gpu: 16, vcpu: 1k, memory: +2e3B}}}\n");
  BOOST_TEST(inv.nodes[0].capacity == amounts(16000, 1, 1, 1536), boost::test_tools::per_element());
  BOOST_TEST(inv.user_usage.at("u") == amounts(16000, 1'000'000, 2000, 0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(usage_tables) {
  const Inventory inv = clean(kHead +
                              "clusters: []\n"
                              "usage:\n"
                              "  users:\n"
                              "    alice: {gpu: 4, memory: 64GiB}\n"
                              "    bob: {vcpu: 2.5}\n"
                              "  teams:\n"
                              "    ml-research: {gpu: 12}\n");
  BOOST_TEST(inv.clusters.empty());
  BOOST_TEST_REQUIRE(inv.user_usage.size() == 2u);
  BOOST_TEST(inv.user_usage.at("alice") == amounts(4000, 0, 64 * kGi, 0), boost::test_tools::per_element());
  BOOST_TEST(inv.user_usage.at("bob") == amounts(0, 2500, 0, 0), boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(inv.team_usage.size() == 1u);
  BOOST_TEST(inv.team_usage.at("ml-research") == amounts(12000, 0, 0, 0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(documents_add_clusters_and_merge_usage) {
  const Inventory inv = clean(kHead +
                              "clusters: [{name: a, nodes: [{name: n1, capacity: {gpu: 1}}]}]\n"
                              "usage: {users: {alice: {gpu: 4, vcpu: 8}}}\n"
                              "---\n" +
                              kHead +
                              "clusters: [{name: b, nodes: [{name: n1, capacity: {gpu: 2}}]}]\n"
                              "usage: {users: {alice: {gpu: 6}}, teams: {t: {gpu: 1}}}\n"
                              "---\n"
                              "# an empty document is skipped\n");
  BOOST_TEST_REQUIRE(inv.clusters.size() == 2u);
  BOOST_TEST(inv.clusters[0].name == "a");
  BOOST_TEST(inv.clusters[1].name == "b");
  BOOST_TEST((inv.clusters[1].nodes == std::vector<std::size_t>{1}));
  BOOST_TEST(inv.nodes[1].cluster == 1u);
  BOOST_TEST(inv.nodes[1].capacity[kGpu] == 2000);
  // For the same user and resource the later amount replaces the earlier one.
  BOOST_TEST(inv.user_usage.at("alice") == amounts(6000, 8000, 0, 0), boost::test_tools::per_element());
  BOOST_TEST(inv.team_usage.at("t")[kGpu] == 1000);
}

BOOST_AUTO_TEST_CASE(null_amounts_and_missing_fields_are_zero) {
  const Inventory inv = clean(kHead +
                              "clusters:\n"
                              "  - name: a\n"
                              "    nodes:\n"
                              "      - name: n\n"
                              "        labels:\n"
                              "        capacity: {gpu: 8, vcpu: ~}\n"
                              "        allocated:\n"
                              "        unknown-field: {x: 1}\n");
  BOOST_TEST(inv.nodes[0].capacity == amounts(8000, 0, 0, 0), boost::test_tools::per_element());
  BOOST_TEST(inv.nodes[0].allocated == amounts(0, 0, 0, 0), boost::test_tools::per_element());
  BOOST_TEST(inv.nodes[0].labels.empty());
}

BOOST_AUTO_TEST_CASE(filter_keeps_only_what_is_read) {
  using yaml::Interest;
  BOOST_TEST((inventory_filter({}) == Interest::container));
  BOOST_TEST((inventory_filter({"kind"}) == Interest::leaf));
  BOOST_TEST((inventory_filter({"apiVersion"}) == Interest::leaf));
  BOOST_TEST((inventory_filter({"metadata"}) == Interest::none));
  BOOST_TEST((inventory_filter({"clusters", "0", "nodes", "1", "capacity", "gpu"}) == Interest::leaf));
  BOOST_TEST((inventory_filter({"clusters", "0", "nodes", "1", "capacity", "gpu", "x"}) == Interest::none));
  BOOST_TEST((inventory_filter({"clusters", "0", "nodes", "1", "annotations"}) == Interest::none));
  BOOST_TEST((inventory_filter({"clusters", "x"}) == Interest::none));
  BOOST_TEST((inventory_filter({"usage", "users", "alice", "gpu"}) == Interest::leaf));
  BOOST_TEST((inventory_filter({"usage", "groups"}) == Interest::none));
  BOOST_TEST((inventory_filter({"items", "0", "status", "allocatable", "cpu"}) == Interest::leaf));
  BOOST_TEST((inventory_filter({"items", "0", "status", "capacity", "cpu"}) == Interest::none));
  BOOST_TEST((inventory_filter({"items", "0", "metadata", "annotations"}) == Interest::none));
  BOOST_TEST((inventory_filter({"items", "0", "spec"}) == Interest::none));
}

BOOST_AUTO_TEST_CASE(limits_allow_large_inventories) {
  const yaml::Limits l = inventory_limits();
  const yaml::Limits d;
  BOOST_TEST(l.max_values == 20'000'000u);
  BOOST_TEST(l.max_depth == d.max_depth);
  BOOST_TEST(l.max_anchors == d.max_anchors);
  BOOST_TEST(l.max_scalar_bytes == d.max_scalar_bytes);
}

BOOST_AUTO_TEST_CASE(loosest_limit_is_the_largest_when_every_tier_has_one) {
  BOOST_TEST(loosest_limit(policy(), Scope::node, kGpu).value_or(-1) == 32000);
  BOOST_TEST(loosest_limit(policy(), Scope::node, kMemory).value_or(-1) == 2 * kTi);
  BOOST_TEST(loosest_limit(policy(), Scope::cluster, kGpu).value_or(-1) == 24000);
  BOOST_TEST(!loosest_limit(policy(), Scope::node, kVcpu).has_value());
  BOOST_TEST(!loosest_limit(policy(), Scope::user, kGpu).has_value());
  Diagnostics d;
  const Policy one_without = grammar::load(
      "policy q\nresource gpu count\ntier a { per node { gpu <= 8 } }\ntier b { per job { gpu <= 1 } }\n"
      "default tier a\n",
      "q.allot", d);
  BOOST_TEST(!loosest_limit(one_without, Scope::node, 0).has_value());  // tier b has none: no bound
}

// ---------------------------------------------------------------------------------------
// Kubernetes node lists

const std::string kNodeList =
    "apiVersion: v1\n"                                        // 1
    "kind: List\n"                                            // 2
    "items:\n"                                                // 3
    "- apiVersion: v1\n"                                      // 4
    "  kind: Node\n"                                          // 5
    "  metadata:\n"                                           // 6
    "    name: gpu-a\n"                                       // 7
    "    labels:\n"                                           // 8
    "      topology.kubernetes.io/region: eu-west\n"          // 9
    "      topology.kubernetes.io/zone: eu-west-1a\n"         // 10
    "      gpu.model: H100\n"                                 // 11
    "  status:\n"                                             // 12
    "    capacity: {cpu: \"96\", nvidia.com/gpu: \"8\"}\n"    // 13
    "    allocatable:\n"                                      // 14
    "      cpu: 95500m\n"                                     // 15
    "      memory: \"1073741824000\"\n"                       // 16
    "      nvidia.com/gpu: \"8\"\n"                           // 17
    "      ephemeral-storage: 1e12\n"                         // 18
    "      pods: \"110\"\n"                                   // 19
    "      hugepages-2Mi: \"0\"\n"                            // 20
    "- metadata:\n"                                           // 21
    "    name: gpu-b\n"                                       // 22
    "    labels: {topology.kubernetes.io/region: us-east, topology.kubernetes.io/zone: us-east-1b}\n"  // 23
    "  status: {allocatable: {amd.com/gpu: 4, cpu: 64, memory: 512Gi}}\n"  // 24
    "- metadata:\n"                                           // 25
    "    name: gpu-c\n"                                       // 26
    "    labels: {topology.kubernetes.io/region: eu-west, topology.kubernetes.io/zone: eu-west-1b}\n"  // 27
    "  status: {allocatable: {cpu: 8}}\n"                     // 28
    "- not a node\n";                                         // 29

BOOST_AUTO_TEST_CASE(node_list_allocatable_in_base_units) {
  const Inventory inv = clean(kNodeList);
  BOOST_TEST_REQUIRE(inv.nodes.size() == 3u);
  const Node& a = inv.nodes[0];
  BOOST_TEST(a.name == "gpu-a");
  BOOST_TEST((a.at == Position{4, 3}));
  BOOST_TEST(a.capacity == amounts(8000, 95500, 1'073'741'824'000, 1'000'000'000'000), boost::test_tools::per_element());
  BOOST_TEST(a.allocated == amounts(0, 0, 0, 0), boost::test_tools::per_element());
  BOOST_TEST((a.labels == Labels{{"topology.kubernetes.io/region", "eu-west"},
                                 {"topology.kubernetes.io/zone", "eu-west-1a"},
                                 {"gpu.model", "H100"}}));
  const Node& b = inv.nodes[1];
  BOOST_TEST(b.name == "gpu-b");
  BOOST_TEST((b.at == Position{21, 3}));
  BOOST_TEST(b.capacity == amounts(4000, 64000, 512 * kGi, 0), boost::test_tools::per_element());
  BOOST_TEST(inv.user_usage.empty());
}

BOOST_AUTO_TEST_CASE(node_list_clusters_from_the_region_label) {
  const Inventory inv = clean(kNodeList);
  // Clusters in the order their first node appears; nodes join them in input order.
  BOOST_TEST_REQUIRE(inv.clusters.size() == 2u);
  BOOST_TEST(inv.clusters[0].name == "eu-west");
  BOOST_TEST((inv.clusters[0].at == Position{4, 3}));
  BOOST_TEST(inv.clusters[1].name == "us-east");
  BOOST_TEST((inv.clusters[0].nodes == std::vector<std::size_t>{0, 2}));
  BOOST_TEST((inv.clusters[1].nodes == std::vector<std::size_t>{1}));
  BOOST_TEST(inv.nodes[0].cluster == 0u);
  BOOST_TEST(inv.nodes[1].cluster == 1u);
  BOOST_TEST(inv.nodes[2].cluster == 0u);
  BOOST_TEST(inv.nodes[2].name == "gpu-c");
}

BOOST_AUTO_TEST_CASE(node_list_clusters_from_another_label) {
  const Inventory inv = clean(kNodeList, {.cluster_label = "topology.kubernetes.io/zone", .cluster = ""});
  BOOST_TEST_REQUIRE(inv.clusters.size() == 3u);
  BOOST_TEST(inv.clusters[0].name == "eu-west-1a");
  BOOST_TEST(inv.clusters[1].name == "us-east-1b");
  BOOST_TEST(inv.clusters[2].name == "eu-west-1b");
}

BOOST_AUTO_TEST_CASE(node_list_all_in_one_cluster) {
  const Inventory inv = clean(kNodeList, {.cluster_label = "no-such-label", .cluster = "prod"});
  BOOST_TEST_REQUIRE(inv.clusters.size() == 1u);
  BOOST_TEST(inv.clusters[0].name == "prod");
  BOOST_TEST((inv.clusters[0].nodes == std::vector<std::size_t>{0, 1, 2}));
}

BOOST_AUTO_TEST_CASE(node_list_kind_NodeList_and_other_resource_names) {
  const Policy p = test::load_policy(
      "policy q\nresource vcpu count\nresource pods count\ntier t { per job { vcpu <= 1 } }\ndefault tier t\n", "q.allot",
      /*allow_warnings=*/true);
  const Read r = read("kind: NodeList\nitems:\n- metadata: {name: n, labels: {topology.kubernetes.io/region: r}}\n"
                      "  status: {allocatable: {cpu: 2, pods: \"110\", nvidia.com/gpu: 8, memory: 1Gi}}\n",
                      {}, p);
  BOOST_TEST_REQUIRE(r.diags.empty(), test::describe(r.diags));
  // 'pods' is the policy's own resource here; gpu and memory are not declared and are
  // ignored without a warning.
  BOOST_TEST(r.inv.nodes[0].capacity == (std::vector<Amount>{2000, 110'000}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(node_list_nodes_join_a_cluster_an_inventory_declared) {
  const Inventory inv = clean(kHead + "clusters: [{name: eu-west, nodes: [{name: old, capacity: {gpu: 1}}]}]\n---\n" +
                              "kind: NodeList\nitems:\n"
                              "- metadata: {name: new, labels: {topology.kubernetes.io/region: eu-west}}\n"
                              "  status: {allocatable: {nvidia.com/gpu: 2}}\n");
  BOOST_TEST_REQUIRE(inv.clusters.size() == 1u);
  BOOST_TEST((inv.clusters[0].nodes == std::vector<std::size_t>{0, 1}));
  BOOST_TEST(inv.nodes[1].name == "new");
  BOOST_TEST(inv.nodes[1].capacity[kGpu] == 2000);
}

BOOST_AUTO_TEST_CASE(node_list_plain_byte_counts_are_fine) {
  const Inventory inv = clean("kind: List\nitems:\n- metadata: {name: n, labels: {topology.kubernetes.io/region: r}}\n"
                              "  status: {allocatable: {memory: 1024, ephemeral-storage: \"2e3\"}}\n");
  BOOST_TEST(inv.nodes[0].capacity[kMemory] == 1024);
  BOOST_TEST(inv.nodes[0].capacity[kStorage] == 2000);
}

// ---------------------------------------------------------------------------------------
// Diagnostics, code by code

BOOST_AUTO_TEST_CASE(i001_kind) {
  expect_one("apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n",
             {"I001", Severity::error, 2, 7,
              "expected kind 'Inventory' (apiVersion allot/v1) or a Kubernetes 'NodeList', found 'ConfigMap'"});
  expect_one("clusters: []\n",
             {"I001", Severity::error, 1, 1,
              "expected kind 'Inventory' (apiVersion allot/v1) or a Kubernetes 'NodeList', found no kind"});
}

BOOST_AUTO_TEST_CASE(i001_no_inventory) {
  expect_one("", {"I001", Severity::error, 0, 0, "no inventory in the file"});
  expect_one("---\n# nothing\n---\n", {"I001", Severity::error, 0, 0, "no inventory in the file"});
}

BOOST_AUTO_TEST_CASE(i001_other_documents_beside_an_inventory) {
  expect_one(kHead + "clusters: []\n---\nkind: Pod\n",
             {"I001", Severity::error, 5, 7,
              "expected kind 'Inventory' (apiVersion allot/v1) or a Kubernetes 'NodeList', found 'Pod'"});
}

BOOST_AUTO_TEST_CASE(i001_api_version) {
  expect_one("apiVersion: v1\nkind: Inventory\nclusters: []\n",
             {"I001", Severity::error, 1, 13, "an Inventory needs apiVersion 'allot/v1', found 'v1'"});
  expect_one("kind: Inventory\nclusters: []\n", {"I001", Severity::error, 1, 1, "an Inventory needs apiVersion 'allot/v1'"});
  // A node list's apiVersion is Kubernetes' own and is not read.
  const Read r = read("apiVersion: v1\nkind: NodeList\nitems: []\n");
  BOOST_TEST(r.diags.empty(), test::describe(r.diags));
}

BOOST_AUTO_TEST_CASE(i010_missing_names) {
  expect(read(kHead +
              "clusters:\n"            // 3
              "  - nodes:\n"           // 4
              "      - name: n1\n"     // 5
              "  - name: ''\n"         // 6
              "    nodes:\n"           // 7
              "      - capacity: {}\n"  // 8
              "      - name: \"\"\n")  // 9
             .diags,
         {{"I010", Severity::error, 4, 5, "cluster has no name"},
          {"I010", Severity::error, 6, 5, "cluster has no name"},
          {"I010", Severity::error, 8, 9, "node has no name"},
          {"I010", Severity::error, 9, 9, "node has no name"}});
}

BOOST_AUTO_TEST_CASE(i010_node_list_without_cluster_label) {
  expect(read("kind: List\nitems:\n"
              "- metadata: {name: gpu-a, labels: {topology.kubernetes.io/region: eu}}\n"  // 3
              "- metadata: {name: gpu-b, labels: {zone: a}}\n")                           // 4
             .diags,
         {{"I010", Severity::error, 4, 3,
           "node 'gpu-b' has no label 'topology.kubernetes.io/region' naming its cluster; pass --cluster NAME or "
           "--cluster-label"}});
  expect(read("kind: List\nitems:\n- metadata: {name: gpu-a, labels: {topology.kubernetes.io/region: eu}}\n",
              {.cluster_label = "zone", .cluster = ""})
             .diags,
         {{"I010", Severity::error, 3, 3,
           "node 'gpu-a' has no label 'zone' naming its cluster; pass --cluster NAME or --cluster-label"}});
  expect(read("kind: List\nitems:\n- metadata: {labels: {topology.kubernetes.io/region: eu}}\n").diags,
         {{"I010", Severity::error, 3, 3, "node has no name"}});
}

BOOST_AUTO_TEST_CASE(i011_wrong_types) {
  expect_one(kHead + "clusters: {a: 1}\n", {"I011", Severity::error, 3, 11, "clusters must be a sequence, found a mapping"});
  expect_one(kHead + "clusters: [a]\n", {"I011", Severity::error, 3, 12, "a cluster must be a mapping, found a scalar"});
  // A name of the wrong type is also a missing name.
  expect(read(kHead + "clusters: [{name: [a]}]\n").diags,
         {{"I011", Severity::error, 3, 19, "cluster name must be a string, found a sequence"},
          {"I010", Severity::error, 3, 12, "cluster has no name"}});
  expect_one(kHead + "clusters: [{name: a, labels: [x]}]\n",
             {"I011", Severity::error, 3, 30, "'labels' must be a mapping, found a sequence"});
  expect_one(kHead + "clusters: [{name: a, nodes: {n: 1}}]\n",
             {"I011", Severity::error, 3, 29, "'nodes' must be a sequence, found a mapping"});
  expect_one(kHead + "clusters: [{name: a, nodes: [n1]}]\n",
             {"I011", Severity::error, 3, 30, "a node must be a mapping, found a scalar"});
  expect(read(kHead + "clusters: [{name: a, nodes: [{name: {x: 1}}]}]\n").diags,
         {{"I011", Severity::error, 3, 37, "node name must be a string, found a mapping"},
          {"I010", Severity::error, 3, 30, "node has no name"}});
  expect_one(kHead + "clusters: [{name: a, nodes: [{name: n, capacity: 8}]}]\n",
             {"I011", Severity::error, 3, 50, "'capacity' must be a mapping, found a scalar"});
  expect_one(kHead + "clusters: [{name: a, nodes: [{name: n, labels: [a]}]}]\n",
             {"I011", Severity::error, 3, 48, "'labels' must be a mapping, found a sequence"});
  expect_one(kHead + "clusters: [{name: a, nodes: [{name: n, labels: {z: [a]}}]}]\n",
             {"I011", Severity::error, 3, 52, "a label must be a string, found a sequence"});
  expect_one(kHead + "clusters: [{name: a, nodes: [{name: n, capacity: {gpu: [8]}}]}]\n",
             {"I011", Severity::error, 3, 56, "'gpu' must be a quantity, found a sequence"});
}

BOOST_AUTO_TEST_CASE(i011_aliases_and_merge_keys) {
  expect_one(kHead +
                 "defaults: &d {gpu: 8}\n"                                        // 3
                 "clusters: [{name: a, nodes: [{name: n, capacity: *d}]}]\n",     // 4
             {"I011", Severity::error, 4, 50, "'capacity' must be a mapping, found an alias"});
  // A merge key is an error, so its amounts are never quietly missing. (It is also warned
  // about as a resource named '<<' (I013): a second diagnostic for one key, reported; and
  // man/allot-inventory.5 still says the warning is all there is.)
  const Read merged = read(kHead +
                           "clusters:\n"                     // 3
                           "  - name: a\n"                   // 4
                           "    nodes:\n"                    // 5
                           "      - name: n\n"               // 6
                           "        capacity:\n"             // 7
                           "          <<: {gpu: 8}\n");      // 8
  BOOST_TEST_REQUIRE(!merged.diags.list().empty());
  const auto m = test::mismatch(merged.diags.list()[0],
                                {"I011", Severity::error, 8, 15,
                                 "clusters.0.nodes.0.capacity.<< is a merge key; allot does not follow merge keys: write the "
                                 "values out"});
  BOOST_TEST(m.empty(), m << test::describe(merged.diags));
  BOOST_TEST(merged.inv.nodes.at(0).capacity[kGpu] == 0);
  // An alias of a scalar is that scalar.
  const Inventory inv = clean(kHead + "clusters: [{name: &n a, nodes: [{name: *n, capacity: {gpu: &g 8, vcpu: *g}}]}]\n");
  BOOST_TEST(inv.nodes[0].name == "a");
  BOOST_TEST(inv.nodes[0].capacity[kVcpu] == 8000);
}

BOOST_AUTO_TEST_CASE(i012_quantities) {
  const std::string node = kHead + "clusters: [{name: a, nodes: [{name: n, capacity: ";  // its '{' at column 50
  expect_one(node + "{memory: 512}}]}]\n",
             {"I012", Severity::error, 3, 59, "memory: bytes quantity '512' has no unit; write e.g. '512GB' or '512GiB'", 3});
  expect_one(node + "{gpu: 8GB}}]}]\n",
             {"I012", Severity::error, 3, 57, "gpu: unit 'GB' is a bytes unit, but this resource is a count", 2});
  expect_one(node + "{vcpu: -1}}]}]\n", {"I012", Severity::error, 3, 57, "vcpu: quantity '-1' is negative", 2});
  expect_one(node + "{gpu: 0.0001}}]}]\n",
             {"I012", Severity::error, 3, 56, "gpu: quantity '0.0001' is finer than a thousandth (0.001 or 1m)", 6});
  expect_one(node + "{memory: \"12 GB\"}}]}]\n",
             {"I012", Severity::error, 3, 62, "memory: unknown unit ' GB'; did you mean 'GB'?", 3});
  expect_one(node + "{memory: 1.5B}}]}]\n",
             {"I012", Severity::error, 3, 59, "memory: quantity '1.5B' is not a whole number of bytes", 4});
  expect_one(node + "{memory: 500m}}]}]\n",
             {"I012", Severity::error, 3, 62,
              "memory: unit 'm' (milli) cannot be used on bytes; did you mean 'M' (mega)?", 1});
  expect_one(kHead + "clusters: []\nusage: {users: {u: {gpu: lots}}}\n",
             {"I012", Severity::error, 4, 26, "gpu: 'lots' is not a quantity", 4});
}

BOOST_AUTO_TEST_CASE(i013_unknown_resources) {
  expect(read(kHead +
              "clusters:\n"                                          // 3
              "  - name: a\n"                                        // 4
              "    nodes:\n"                                         // 5
              "      - name: n\n"                                    // 6
              "        capacity: {gpus: 8, fpga: 2, gpu: 1}\n"       // 7
              "        allocated: {memroy: 1GiB}\n"                  // 8
              "usage: {teams: {t: {storge: 1TB}}}\n")                // 9
             .diags,
         {{"I013", Severity::warning, 7, 26, "resource 'gpus' is not in the policy and is ignored; did you mean 'gpu'?"},
          {"I013", Severity::warning, 7, 35, "resource 'fpga' is not in the policy and is ignored"},
          {"I013", Severity::warning, 8, 29, "resource 'memroy' is not in the policy and is ignored; did you mean 'memory'?"},
          {"I013", Severity::warning, 9, 29, "resource 'storge' is not in the policy and is ignored; did you mean 'storage'?"}});
  // The known amount beside them is read.
  BOOST_TEST(read(kHead + "clusters: [{name: a, nodes: [{name: n, capacity: {gpus: 8, gpu: 1}}]}]\n").inv.nodes[0].capacity[kGpu] ==
             1000);
}

BOOST_AUTO_TEST_CASE(i014_duplicate_nodes) {
  expect(read(kHead +
              "clusters:\n"            // 3
              "  - name: a\n"          // 4
              "    nodes:\n"           // 5
              "      - name: n1\n"     // 6
              "      - name: n1\n"     // 7
              "  - name: b\n"          // 8
              "    nodes:\n"           // 9
              "      - name: n1\n")    // 10: the same name in another cluster is fine
             .diags,
         {{"I014", Severity::error, 7, 9, "duplicate node 'n1' in cluster 'a'"}});
  expect(read("kind: List\nitems:\n"
              "- metadata: {name: x, labels: {topology.kubernetes.io/region: r}}\n"
              "- metadata: {name: x, labels: {topology.kubernetes.io/region: r}}\n")
             .diags,
         {{"I014", Severity::error, 4, 3, "duplicate node 'x' in cluster 'r'"}});
}

BOOST_AUTO_TEST_CASE(i015_duplicate_clusters) {
  expect(read(kHead + "clusters:\n  - name: a\n  - name: a\n").diags,
         {{"I015", Severity::error, 5, 5, "duplicate cluster 'a'"}});
  // Even in different documents, reported at the second.
  expect(read(kHead + "clusters: [{name: a}]\n---\n" + kHead + "clusters: [{name: a}]\n").diags,
         {{"I015", Severity::error, 7, 12, "duplicate cluster 'a'"}});
}

BOOST_AUTO_TEST_CASE(i016_allocated_above_capacity) {
  expect(read(kHead +
              "clusters:\n"                                                   // 3
              "  - name: a\n"                                                 // 4
              "    nodes:\n"                                                  // 5
              "      - name: n1\n"                                            // 6
              "        capacity: {gpu: 8, memory: 1TB}\n"                     // 7
              "        allocated: {gpu: 9, memory: 1TiB, vcpu: 0.5}\n")       // 8
             .diags,
         {{"I016", Severity::error, 6, 9, "node 'n1' has 9 gpu allocated but a capacity of 8"},
          {"I016", Severity::error, 6, 9, "node 'n1' has 0.5 vcpu allocated but a capacity of 0"},
          {"I016", Severity::error, 6, 9, "node 'n1' has 1TiB memory allocated but a capacity of 1TB"}});
}

BOOST_AUTO_TEST_CASE(i020_capacity_above_the_loosest_per_node_limit) {
  // The loosest per-node GPU limit is 32 (tier large), memory 2TiB; vcpu has none.
  expect(read(kHead +
              "clusters:\n"                                                   // 3
              "  - name: a\n"                                                 // 4
              "    nodes:\n"                                                  // 5
              "      - name: fits\n"                                          // 6
              "        capacity: {gpu: 32, memory: 2TiB, vcpu: 100000}\n"     // 7
              "      - name: big\n"                                           // 8
              "        capacity: {gpu: 33, memory: 3TiB}\n")                  // 9
             .diags,
         {{"I020", Severity::warning, 8, 9, "node 'big' has 33 gpu, above the per-node limit 32: the excess is not used"},
          {"I020", Severity::warning, 8, 9,
           "node 'big' has 3TiB memory, above the per-node limit 2TiB: the excess is not used"},
          {"I021", Severity::warning, 4, 5,
           "cluster 'a' has 65 gpu in all, above the per-cluster limit 24: the excess is not used"}});
}

BOOST_AUTO_TEST_CASE(i021_cluster_total_above_the_loosest_per_cluster_limit) {
  expect(read(kHead +
              "clusters:\n"                                                       // 3
              "  - name: exact\n"                                                 // 4
              "    nodes: [{name: n1, capacity: {gpu: 12}}, {name: n2, capacity: {gpu: 12}}]\n"  // 5
              "  - name: over\n"                                                  // 6
              "    nodes: [{name: n1, capacity: {gpu: 12}}, {name: n2, capacity: {gpu: 12.001}}]\n")  // 7
             .diags,
         {{"I021", Severity::warning, 6, 5,
           "cluster 'over' has 24.001 gpu in all, above the per-cluster limit 24: the excess is not used"}});
}

BOOST_AUTO_TEST_CASE(i021_node_list_cluster_points_at_its_first_node) {
  expect(read("kind: List\nitems:\n"
              "- metadata: {name: a, labels: {topology.kubernetes.io/region: r}}\n"          // 3
              "  status: {allocatable: {nvidia.com/gpu: 20}}\n"                              // 4
              "- metadata: {name: b, labels: {topology.kubernetes.io/region: r}}\n"          // 5
              "  status: {allocatable: {nvidia.com/gpu: 20}}\n")                             // 6
             .diags,
         {{"I021", Severity::warning, 3, 3,
           "cluster 'r' has 40 gpu in all, above the per-cluster limit 24: the excess is not used"}});
}

BOOST_AUTO_TEST_CASE(diagnostics_come_in_the_documented_order) {
  // Reading first (document by document), then names, then cluster by cluster: nodes, totals.
  expect(read(kHead +
              "clusters:\n"                                                       // 3
              "  - name: a\n"                                                     // 4
              "    nodes:\n"                                                      // 5
              "      - name: n\n"                                                 // 6
              "        capacity: {gpu: 40, gpus: 1}\n"                            // 7
              "  - name: a\n"                                                     // 8
              "    nodes:\n"                                                      // 9
              "      - capacity: {gpu: 1}\n"                                      // 10
              "        allocated: {gpu: 2}\n")                                    // 11
             .diags,
         {{"I013", Severity::warning, 7, 35, "resource 'gpus' is not in the policy and is ignored; did you mean 'gpu'?"},
          {"I015", Severity::error, 8, 5, "duplicate cluster 'a'"},
          {"I020", Severity::warning, 6, 9, "node 'n' has 40 gpu, above the per-node limit 32: the excess is not used"},
          {"I021", Severity::warning, 4, 5,
           "cluster 'a' has 40 gpu in all, above the per-cluster limit 24: the excess is not used"},
          {"I010", Severity::error, 10, 9, "node has no name"},
          {"I016", Severity::error, 10, 9, "node '' has 2 gpu allocated but a capacity of 1"}});
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error_ends_the_file) {
  Read r = read(kHead + "clusters: [{name: a\n");
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u, test::describe(r.diags));
  BOOST_TEST(to_string(r.diags.list()[0].code) == "V001");
  BOOST_TEST(r.diags.list()[0].location.line == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
