// The kubernetes, kueue and yunikorn export targets: canonical quantities, YAML scalars,
// names, the cohort split, and each lossy mapping's warning at its policy position. The
// whole texts are in the CLI cases (tests/cli/export_*), and the schemas are checked by
// tests/export_schemas.py.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "export/export.hpp"
#include "export/k8s_common.hpp"
#include "tests/support.hpp"

using namespace allot;
using namespace allot::exporting;

namespace {

Amount count(long long whole) { return whole * kCountScale; }

ExportResult run(std::string_view target, const Policy& p, std::vector<std::string> teams,
                 std::vector<std::string> users = {}) {
  ExportOptions o;
  o.names.teams = std::move(teams);
  o.names.users = std::move(users);
  o.names.normalise();
  return find_target(target)->run(p, o);
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(export_k8s)

BOOST_AUTO_TEST_CASE(quantities_are_canonical_and_exact) {
  struct Case {
    Amount amount;
    ResourceKind kind;
    std::string_view want;
  };
  const std::vector<Case> cases = {
      {0, ResourceKind::bytes, "0"},
      {1'000'000'000'000, ResourceKind::bytes, "1T"},  // 1TB: never 931Gi
      {Amount{1} << 40, ResourceKind::bytes, "1Ti"},
      {512'000'000'000, ResourceKind::bytes, "512G"},
      {64 * (Amount{1} << 30), ResourceKind::bytes, "64Gi"},
      {1024, ResourceKind::bytes, "1Ki"},
      {1'024'000, ResourceKind::bytes, "1000Ki"},  // the smaller mantissa: 1000 < 1024
      {1'000'001, ResourceKind::bytes, "1000001"},
      {10'000'000'000'000'000, ResourceKind::bytes, "10P"},
      {kMaxAmount, ResourceKind::bytes, "9223372036854775807"},
      {count(16), ResourceKind::count, "16"},
      {500, ResourceKind::count, "500m"},
      {1500, ResourceKind::count, "1500m"},
      {count(1000), ResourceKind::count, "1k"},
      {count(10000), ResourceKind::count, "10k"},
      {count(1500), ResourceKind::count, "1500"},
      {1, ResourceKind::count, "1m"},
  };
  for (const auto& c : cases) BOOST_TEST(kube_quantity(c.amount, c.kind) == c.want, c.amount);
}

BOOST_AUTO_TEST_CASE(yaml_scalars_read_back_as_strings) {
  BOOST_TEST(yaml_string("ml-research") == "ml-research");
  BOOST_TEST(yaml_string("nvidia.com/gpu") == "nvidia.com/gpu");
  BOOST_TEST(yaml_string("yes") == "\"yes\"");    // a YAML 1.1 boolean
  BOOST_TEST(yaml_string("null") == "\"null\"");
  BOOST_TEST(yaml_string("123") == "\"123\"");    // a number
  BOOST_TEST(yaml_string("-x") == "\"-x\"");
  BOOST_TEST(yaml_string("a b: c") == "\"a b: c\"");
  BOOST_TEST(yaml_string("") == "\"\"");
  BOOST_TEST(yaml_quoted("say \"hi\"\\\n") == "\"say \\\"hi\\\"\\\\\\x0a\"");
}

BOOST_AUTO_TEST_CASE(namespace_names_are_dns_labels) {
  BOOST_TEST(dns_label("ml-research"));
  BOOST_TEST(dns_label("a"));
  BOOST_TEST(dns_label(std::string(63, 'a')));
  BOOST_TEST(!dns_label(std::string(64, 'a')));
  BOOST_TEST(!dns_label("ML"));
  BOOST_TEST(!dns_label("-a"));
  BOOST_TEST(!dns_label("a-"));
  BOOST_TEST(!dns_label("a_b"));
  BOOST_TEST(!dns_label(""));
  BOOST_TEST(dns_subdomain("swarm.tiers"));
  BOOST_TEST(!dns_subdomain("swarm..tiers"));

  const Policy p = test::load_policy(test::read_text(test::source_path("examples/tiers.allot")), "examples/tiers.allot");
  const auto r = run("kubernetes", p, {"ML_Research", "infra"});
  BOOST_REQUIRE(!r.findings.empty());
  BOOST_TEST(r.findings.front().code == Code::ExportNamespaceName);
  BOOST_TEST(r.findings.front().severity == Severity::error);
  BOOST_TEST(r.findings.front().message ==
             "team 'ML_Research' cannot name a Kubernetes namespace or queue: use lowercase letters, digits and '-', "
             "at most 63");
  BOOST_TEST(!contains(r.text, "ML_Research"));
  BOOST_TEST(contains(r.text, "  namespace: infra\n"));
}

BOOST_AUTO_TEST_CASE(kubernetes_quota_and_limit_range_values) {
  const Policy p = test::load_policy(test::read_text(test::source_path("examples/tiers.allot")), "examples/tiers.allot");
  const auto r = run("kubernetes", p, {"ml-research"});
  // Per team gpu 128; the rest falls back to research's per-user limits.
  BOOST_TEST(contains(r.text, "    requests.nvidia.com/gpu: \"128\"  # per team, tier research, "
                              "examples/tiers.allot:21:14; warn at 115.2\n"));
  BOOST_TEST(contains(r.text, "    requests.cpu: \"64\"  # per user, tier standard, examples/tiers.allot:11:40\n"
                              "    limits.cpu: \"64\"\n"));
  BOOST_TEST(contains(r.text, "    requests.memory: \"1Ti\"  # per user, tier research, examples/tiers.allot:19:38\n"));
  BOOST_TEST(contains(r.text, "    requests.ephemeral-storage: \"10T\""));
  BOOST_TEST(contains(r.text, "    requests.storage: \"10T\"\n"));
  // Pod max: per job gpu 24 beats per node 32; memory per node 1TB is 1T.
  BOOST_TEST(contains(r.text, "  - type: Pod\n    max:\n      nvidia.com/gpu: \"24\"  # per job, tier research, "
                              "examples/tiers.allot:20:14\n"));
  BOOST_TEST(contains(r.text, "      memory: \"1T\"  # per node, tier standard, examples/tiers.allot:12:55\n"));
  BOOST_TEST(contains(r.text, "    default:\n      nvidia.com/gpu: \"0\"\n"));
}

BOOST_AUTO_TEST_CASE(kubernetes_warns_at_each_lossy_limit) {
  const Policy p = test::load_policy(test::read_text(test::source_path("examples/tiers.allot")), "examples/tiers.allot");
  const auto r = run("kubernetes", p, {"ml-research"});
  std::vector<std::string> got;
  for (const auto& d : r.findings)
    got.push_back(fmt::format("{} {} {}", to_string(d.code), d.location.str(), d.message.substr(0, 40)));
  const std::vector<std::string> want = {
      "X021 examples/tiers.allot:11:40 tier research has no per-team vcpu limit",
      "X021 examples/tiers.allot:11:72 tier research has no per-team storage li",
      "X022 examples/tiers.allot:11:72 storage counts claims and ephemeral-stor",
      "X021 examples/tiers.allot:13:17 per-cluster gpu limit: a ResourceQuota c",
      "X021 examples/tiers.allot:13:40 per-cluster vcpu limit: a ResourceQuota ",
      "X021 examples/tiers.allot:13:55 per-cluster memory limit: a ResourceQuot",
      "X021 examples/tiers.allot:13:72 per-cluster storage limit: a ResourceQuo",
      "X021 examples/tiers.allot:19:14 per-user gpu limit: a ResourceQuota coun",
      "X021 examples/tiers.allot:19:38 tier research has no per-team memory lim",
      "X021 examples/tiers.allot:20:14 per-job gpu limit: a LimitRange checks o",
  };
  BOOST_TEST(got == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(kueue_cohort_total_is_the_cluster_limit) {
  const Policy p = test::load_policy(R"(policy demo
resource gpu count
tier base {
  per cluster { gpu <= 100 }
  per team    { gpu <= 60 warn at 50 }
}
tier big extends base {
  per team { gpu <= 90 }
}
default tier base
assign tier big to team "b*"
)");
  const auto r = run("kueue", p, {"alpha", "beta"});
  // 60 + 90 = 150 > 100: nominal 40 and 60 (in proportion), each borrows up to its limit.
  BOOST_TEST(contains(r.text, "kind: ClusterQueue\nmetadata:\n  name: alpha\n"));
  BOOST_TEST(contains(r.text, "        nominalQuota: \"40\"  # per team, tier base, p.allot:5:17; warn at 50\n"
                              "        borrowingLimit: \"20\"\n"));
  BOOST_TEST(contains(r.text, "        nominalQuota: \"60\"  # per team, tier big, p.allot:8:14\n"
                              "        borrowingLimit: \"30\"\n"));
  BOOST_TEST(contains(r.text, "# cohort demo nvidia.com/gpu: at most 100 in all"));
  BOOST_TEST(contains(r.text, "  cohort: demo\n"));
  BOOST_TEST(contains(r.text, "kind: LocalQueue\nmetadata:\n  name: beta\n  namespace: beta\n"));

  // Under the cluster limit, each team owns its limit and borrows nothing.
  const auto one = run("kueue", p, {"alpha"});
  BOOST_TEST(contains(one.text, "        nominalQuota: \"60\"  # per team, tier base, p.allot:5:17; warn at 50\n"
                                "        borrowingLimit: \"0\"\n"));
  std::vector<std::string> got;
  for (const auto& d : one.findings) got.push_back(fmt::format("{} {}", to_string(d.code), d.location.str()));
  BOOST_TEST(got == std::vector<std::string>{"X040 p.allot:5:17"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(kueue_split_in_whole_units_keeps_the_total) {
  const Policy p = test::load_policy(R"(policy demo
resource gpu count
tier base {
  per cluster { gpu <= 10 }
  per team    { gpu <= 7 }
}
default tier base
)");
  const auto r = run("kueue", p, {"a", "b", "c"});
  // 10 * 7 / 21 = 3.33: 3 each, the remaining 1 to the first team.
  BOOST_TEST(contains(r.text, "name: a\n"));
  std::vector<std::string> nominal;
  for (std::size_t at = 0; (at = r.text.find("nominalQuota: ", at)) != std::string::npos; ++at)
    nominal.push_back(r.text.substr(at + 14, 3));
  BOOST_TEST(nominal == (std::vector<std::string>{"\"4\"", "\"3\"", "\"3\""}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(yunikorn_users_groups_and_queues) {
  const Policy p = test::load_policy(test::read_text(test::source_path("examples/tiers.allot")), "examples/tiers.allot");
  const auto r = run("yunikorn", p, {"ml-research"}, {"alice", "trial-7"});
  BOOST_TEST(contains(r.text, "          - limit: \"user alice: tier research\"\n            users:\n"
                              "              - alice\n            maxresources:\n"
                              "              nvidia.com/gpu: \"32\"  # per user, tier research, "
                              "examples/tiers.allot:19:14; warn at 24\n"
                              "              vcore: \"64\"  # per user, tier standard, examples/tiers.allot:11:40\n"));
  BOOST_TEST(contains(r.text, "          - limit: \"user trial-7: tier free\"\n"));
  BOOST_TEST(contains(r.text, "          - limit: \"team ml-research: tier research\"\n            groups:\n"
                              "              - ml-research\n"));
  BOOST_TEST(contains(r.text, "          - limit: \"every other user: tier standard\"\n            users:\n"
                              "              - \"*\"\n"));
  // The wildcard comes after every named user and group.
  BOOST_TEST(r.text.find("every other user") > r.text.find("team ml-research"));
  BOOST_TEST(contains(r.text, "        resources:\n          max:\n"
                              "            nvidia.com/gpu: \"1k\"  # per cluster, tier standard, "
                              "examples/tiers.allot:13:17\n"));
  BOOST_TEST(contains(r.text, "          - name: ml-research\n            submitacl: \"*\"\n            resources:\n"
                              "              max:\n                nvidia.com/gpu: \"128\""));
}

BOOST_AUTO_TEST_CASE(a_user_whose_tier_is_not_the_teams_is_a_warning) {
  const Policy p = test::load_policy(test::read_text(test::source_path("examples/tiers.allot")), "examples/tiers.allot");
  ExportOptions o;
  o.names.members = {{"alice", "infra"}, {"bob", "infra"}};
  o.names.normalise();
  for (const char* target : {"kubernetes", "kueue"}) {
    const auto r = find_target(target)->run(p, o);
    std::vector<std::string> got;
    for (const auto& d : r.findings)
      if (d.message.find("alice") != std::string::npos || d.message.find("bob") != std::string::npos)
        got.push_back(fmt::format("{} {}: {}", to_string(d.code), d.location.str(), d.message));
    const std::string code = std::string_view(target) == "kueue" ? "X040" : "X021";
    BOOST_TEST(got == (std::vector<std::string>{code + " examples/tiers.allot:18:6: user 'alice' has tier research in "
                                                       "team 'infra', but the objects of namespace 'infra' follow "
                                                       "the team's tier, standard"}),
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(no_team_is_a_warning) {
  const Policy p = test::load_policy(test::read_text(test::source_path("examples/tiers.allot")), "examples/tiers.allot");
  for (const char* target : {"kubernetes", "kueue", "yunikorn"}) {
    const auto r = run(target, p, {}, {"alice"});
    BOOST_REQUIRE(!r.findings.empty());
    BOOST_TEST(r.findings.front().code == Code::ExportNoNames, target);
    BOOST_TEST(r.findings.front().message.rfind("no team named (--team, --from-manifests): ", 0) == 0u, target);
    BOOST_TEST(!r.findings.front().location.known());
  }
  BOOST_TEST(run("kubernetes", p, {}).text.find("kind:") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(same_names_in_any_order_give_the_same_bytes) {
  const Policy p = test::load_policy(test::read_text(test::source_path("examples/tiers.allot")), "examples/tiers.allot");
  for (const char* target : {"kubernetes", "kueue", "yunikorn"}) {
    const auto a = run(target, p, {"ml-research", "infra", "infra"}, {"bob", "alice"});
    const auto b = run(target, p, {"infra", "ml-research"}, {"alice", "bob"});
    BOOST_TEST(a.text == b.text, target);
    BOOST_TEST(test::describe(a.findings) == test::describe(b.findings), target);
  }
}

BOOST_AUTO_TEST_SUITE_END()
