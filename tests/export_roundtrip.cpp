// The round trip of issue 7: `allot export kubernetes`, then the same manifests checked by
// `allot validate` and by what the exported objects make Kubernetes do. The verdicts agree
// except where Kubernetes cannot express a limit, and the test names each difference.
//
// Kubernetes is modelled as its admission plugins work on requests: the LimitRange's Pod
// max bounds each pod (a pod over it is refused, and so is its gang here), and the
// ResourceQuota bounds the sum of the pods a namespace admits. The exported YAML is read
// back with allot's own YAML reader, so what is checked is the text, not the structs.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "export/export.hpp"
#include "input/manifests.hpp"
#include "input/yaml_reader.hpp"
#include "policy/quantity.hpp"
#include "tests/support.hpp"
#include "validate/limits.hpp"

using namespace allot;

namespace {

/// What the exported objects say of one namespace.
struct Namespace {
  std::map<std::string, std::string> pod_max;  ///< LimitRange type Pod max, by resource name
  std::map<std::string, std::string> hard;     ///< ResourceQuota spec.hard
};

std::map<std::string, Namespace> read_export(const std::string& text) {
  std::istringstream in(text);
  std::vector<yaml::Document> docs;
  Diagnostics diags;
  yaml::read_documents(in, "export.yaml", [](const std::vector<std::string>&) { return yaml::Interest::container; },
                       yaml::Limits{}, [&](yaml::Document&& d) { docs.push_back(std::move(d)); }, diags);
  BOOST_REQUIRE_MESSAGE(diags.empty(), test::describe(diags));
  const char S = yaml::kPathSep;
  std::map<std::string, Namespace> out;
  for (const auto& d : docs) {
    const auto* kind = d.find("kind");
    const auto* ns = d.find(fmt::format("metadata{}namespace", S));
    if (kind == nullptr || ns == nullptr) continue;
    for (const auto& v : d.values) {
      const auto seg = yaml::split_path(v.path);
      if (v.type != yaml::NodeType::scalar) continue;
      if (kind->value == "ResourceQuota" && seg.size() == 3 && seg[1] == "hard")
        out[ns->value].hard[std::string(seg[2])] = v.value;
      if (kind->value == "LimitRange" && seg.size() == 5 && seg[3] == "max") {
        const auto* type = d.find(fmt::format("spec{}limits{}{}{}type", S, S, seg[2], S));
        if (type && type->value == "Pod") out[ns->value].pod_max[std::string(seg[4])] = v.value;
      }
    }
  }
  return out;
}

/// The Kubernetes name a pod request of policy resource `name` has (tiers.allot's four).
std::string pod_name(const std::string& name) {
  if (name == "gpu") return "nvidia.com/gpu";
  if (name == "vcpu") return "cpu";
  if (name == "storage") return "ephemeral-storage";
  return name;
}

Amount quantity(const std::string& text, ResourceKind kind) {
  auto q = parse_quantity(text, kind);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<Amount>(q), "quantity " << text);
  return std::get<Amount>(q);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(export_roundtrip)

BOOST_AUTO_TEST_CASE(kubernetes_verdicts_agree_but_for_what_it_cannot_express) {
  const Policy policy = test::load_policy(test::read_text(test::source_path("examples/tiers.allot")),
                                          "examples/tiers.allot");
  std::vector<std::string> files;
  for (const char* f : {"finetune", "sweep", "giant", "team", "web", "batch"})
    files.push_back(test::source_path(fmt::format("tests/export/roundtrip/{}.yaml", f)));
  auto set = input::read_manifests(files, policy, ManifestOptions{}, 1);
  BOOST_REQUIRE_MESSAGE(!set.diags.has_errors(), test::describe(set.diags));
  BOOST_REQUIRE_EQUAL(set.jobs.size(), 9u);

  // allot's verdicts.
  Diagnostics found;
  check_limits(policy, set.jobs, found);
  std::map<std::string, std::set<std::string>> allot;  // "job x" / "user x" / "namespace x" -> codes
  for (const auto& d : found.list()) {
    if (d.severity != Severity::error || !d.details) continue;
    const auto& det = *d.details;
    const std::string code(to_string(d.code));
    if (det.rule == "per-user") allot["user " + det.user].insert(code);
    else if (det.rule == "per-team") allot["namespace " + det.team].insert(code);
    else allot["job " + det.job].insert(code);
  }

  // The export, from the teams the manifests name.
  exporting::ExportOptions options;
  for (const auto& j : set.jobs) options.names.members.emplace_back(j.user, j.team);
  options.names.normalise();
  const auto result = exporting::find_target("kubernetes")->run(policy, options);
  const auto objects = read_export(result.text);
  BOOST_REQUIRE_EQUAL(objects.size(), 2u);

  // Kubernetes' verdicts: LimitRange per pod, then the quota over what it admitted.
  std::map<std::string, std::string> kube;  // key -> why refused
  std::map<std::string, std::map<std::string, Amount>> used;
  for (const auto& j : set.jobs) {
    const auto& ns = objects.at(j.team);
    bool refused = false;
    for (const auto& g : j.groups)
      for (std::size_t r = 0; r < policy.resources.size(); ++r) {
        const auto name = pod_name(policy.resources[r].name);
        const auto max = ns.pod_max.find(name);
        if (max != ns.pod_max.end() && g.request[r] > quantity(max->second, policy.resources[r].kind)) {
          kube["job " + j.name] = fmt::format("pod {} {} over LimitRange max {}", name,
                                              format_quantity(g.request[r], policy.resources[r].kind), max->second);
          refused = true;
        }
      }
    if (refused) continue;
    for (std::size_t r = 0; r < policy.resources.size(); ++r)
      used[j.team]["requests." + pod_name(policy.resources[r].name)] += *j.total(r);
  }
  for (const auto& [team, ns] : objects)
    for (const auto& [key, hard] : ns.hard) {
      const auto it = used[team].find(key);  // limits.cpu: allot counts requests
      if (it == used[team].end()) continue;
      const auto res = std::find_if(policy.resources.begin(), policy.resources.end(),
                                    [&](const Resource& x) { return "requests." + pod_name(x.name) == key; });
      if (res != policy.resources.end() && it->second > quantity(hard, res->kind))
        kube["namespace " + team] = fmt::format("quota {} {} over {}", key, format_quantity(it->second, res->kind), hard);
    }

  // Where both refuse, the verdicts agree; the rest is every difference, named.
  std::vector<std::string> agree, differ;
  std::set<std::string> keys;
  for (const auto& [k, v] : allot) keys.insert(k);
  for (const auto& [k, v] : kube) keys.insert(k);
  for (const auto& k : keys) {
    const bool a = allot.count(k) != 0, b = kube.count(k) != 0;
    std::string codes;
    if (a)
      for (const auto& c : allot[k]) codes += (codes.empty() ? "" : " ") + c;
    if (a && b) agree.push_back(fmt::format("{}: allot {}, Kubernetes {}", k, codes, kube[k]));
    else if (a) differ.push_back(fmt::format("{}: allot {}, Kubernetes admits", k, codes));
    else differ.push_back(fmt::format("{}: allot admits, Kubernetes {}", k, kube[k]));
  }
  const std::vector<std::string> want_agree = {
      "job giant: allot V202, Kubernetes pod nvidia.com/gpu 30 over LimitRange max 24",
      "namespace ml-vision: allot V206, Kubernetes quota requests.nvidia.com/gpu 136 over 128",
  };
  // Each difference is a limit Kubernetes cannot express, and the export warned of it.
  const std::vector<std::string> want_differ = {
      // Per job across pods: each of sweep's 4 pods of 8 GPUs is under the Pod max (X021).
      "job sweep: allot V202, Kubernetes admits",
      // A quota counts the namespace: infra's tier has no per-team limit, so its quota is
      // one user's 16, and two users under 16 each are refused together (X021).
      "namespace infra: allot admits, Kubernetes quota requests.nvidia.com/gpu 20 over 16",
      // Per user: no Kubernetes object counts a user's pods (X021).
      "user bob: allot V203, Kubernetes admits",
  };
  BOOST_TEST(agree == want_agree, boost::test_tools::per_element());
  BOOST_TEST(differ == want_differ, boost::test_tools::per_element());

  // And the export named each of those limits in a warning, at its policy position.
  std::set<std::string> warned;
  for (const auto& d : result.findings) warned.insert(fmt::format("{} {}", to_string(d.code), d.location.str()));
  for (const char* w : {"X021 examples/tiers.allot:11:17",     // standard per-user gpu: infra's quota
                        "X021 examples/tiers.allot:20:14",     // research per-job gpu: across pods
                        "X021 examples/tiers.allot:19:14"})    // research per-user gpu
    BOOST_TEST(warned.count(w) == 1u, w << " in " << test::describe(result.findings));
}

BOOST_AUTO_TEST_SUITE_END()
