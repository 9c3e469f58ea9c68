// `allot export kubernetes`: per team namespace, a Namespace, a ResourceQuota and a
// LimitRange. What quotas cannot say (per user, per cluster, per job across pods) is a
// warning at the limit, pointing to the kueue and yunikorn targets.

#include <string>
#include <vector>

#include <fmt/core.h>

#include "export/k8s_common.hpp"

namespace allot::exporting {
namespace {

constexpr std::string_view kManaged = "app.kubernetes.io/managed-by: allot";

struct Emitter {
  const Policy& policy;
  Findings& findings;
  std::string out;

  void metadata(std::string_view name, std::string_view ns, const Tier& tier) {
    out += fmt::format("metadata:\n  name: {}\n", yaml_string(name));
    if (!ns.empty()) out += fmt::format("  namespace: {}\n", yaml_string(ns));
    out += fmt::format("  labels:\n    {}\n  annotations:\n    allot/policy: {}\n    allot/tier: {}\n", kManaged,
                       yaml_string(policy.name), yaml_string(tier.name));
  }

  void value(std::string_view indent, std::string_view key, std::size_t r, const Bound& b, bool comment) {
    Amount amount = b.limit->max;
    const auto name = kube_name(policy, r);
    if (name && name->extended && amount % kCountScale != 0) {
      amount -= amount % kCountScale;
      findings.warn(Code::KubernetesResourceMapping, b.limit->location,
                    fmt::format("{} limit {} is not a whole number; Kubernetes counts {} in whole units, so it "
                                "becomes {}",
                                policy.resources[r].name, format_quantity(b.limit->max, policy.resources[r].kind),
                                name->pod, kube_quantity(amount, policy.resources[r].kind)));
    }
    out += fmt::format("{}{}: {}", indent, key, yaml_quoted(kube_quantity(amount, policy.resources[r].kind)));
    if (comment) out += fmt::format("  # {}{}", bound_note(policy, b), warn_note(policy, r, b));
    out += '\n';
  }

  void namespace_object(const std::string& ns, const Tier& tier) {
    out += "---\napiVersion: v1\nkind: Namespace\n";
    metadata(ns, "", tier);
  }

  void quota(const std::string& ns, const Tier& tier) {
    out += "---\napiVersion: v1\nkind: ResourceQuota\n";
    metadata("allot", ns, tier);
    out += "spec:\n  hard:\n";
    bool any = false;
    for (std::size_t r = 0; r < policy.resources.size(); ++r) {
      const auto name = kube_name(policy, r);
      const Bound b = namespace_bound(tier, r);
      if (!name || !b) continue;
      any = true;
      if (b.scope == Scope::user)
        findings.warn(Code::KubernetesUnexpressed, b.limit->location,
                      fmt::format("tier {} has no per-team {} limit, so the quota of its namespaces is the per-user "
                                  "limit: right for a namespace of one user, stricter than the policy when several "
                                  "users share it",
                                  tier.name, policy.resources[r].name));
      if (!name->pod.empty()) {
        const bool count_cpu = name->pod == "cpu";
        value("    ", "requests." + name->pod, r, b, true);
        if (count_cpu) value("    ", "limits.cpu", r, b, false);
      }
      if (name->claims) value("    ", "requests.storage", r, b, name->pod.empty());
    }
    if (!any) out += "    {}\n";
  }

  void limit_range(const std::string& ns, const Tier& tier) {
    std::string max;
    for (std::size_t r = 0; r < policy.resources.size(); ++r) {
      const auto name = kube_name(policy, r);
      const Bound b = pod_bound(tier, r);
      if (!name || name->pod.empty() || !b) continue;
      std::string line;
      std::swap(out, line);
      value("      ", name->pod, r, b, true);
      std::swap(out, line);
      max += line;
    }
    if (max.empty()) return;
    out += "---\napiVersion: v1\nkind: LimitRange\n";
    metadata("allot", ns, tier);
    out += "spec:\n  limits:\n";
    out += "  - type: Pod\n    max:\n" + max;
    out += "  - type: Container\n    max:\n" + max;
    // Without these, Kubernetes defaults a container's limit, and then its request, to the
    // max: every container that asks for nothing would be given a node's worth.
    out += "    default:\n";
    for (std::size_t r = 0; r < policy.resources.size(); ++r) {
      const auto name = kube_name(policy, r);
      const Bound b = pod_bound(tier, r);
      if (!name || name->pod.empty() || !b) continue;
      if (name->extended)
        out += fmt::format("      {}: \"0\"\n", name->pod);
      else
        value("      ", name->pod, r, b, false);
    }
    out += "    defaultRequest:\n";
    for (std::size_t r = 0; r < policy.resources.size(); ++r) {
      const auto name = kube_name(policy, r);
      if (name && !name->pod.empty() && pod_bound(tier, r)) out += fmt::format("      {}: \"0\"\n", name->pod);
    }
  }

  /// The limits of `tier` that no object above enforces.
  void unexpressed(const Tier& tier) {
    each_limit(policy, tier, [&](std::size_t r, Scope s, const Limit& limit) {
      const Limit* l = &limit;
      const auto& res = policy.resources[r].name;
      const auto name = kube_name(policy, r);
      if (!name) {
        findings.warn(Code::KubernetesResourceMapping, l->location,
                      fmt::format("resource '{}' has no Kubernetes name (gpu, vcpu, memory, storage, "
                                  "ephemeral-storage or a domain-prefixed extended resource): its limits are not "
                                  "exported",
                                  res));
        return;
      }
      if (s == Scope::user && tier.limit(Scope::team, r))
        findings.warn(Code::KubernetesUnexpressed, l->location,
                      fmt::format("per-user {} limit: a ResourceQuota counts a whole namespace, not each user; "
                                  "the yunikorn target limits users",
                                  res));
      if (s == Scope::cluster)
        findings.warn(Code::KubernetesUnexpressed, l->location,
                      fmt::format("per-cluster {} limit: a ResourceQuota counts one namespace, not the cluster; "
                                  "the kueue target (a cohort) and the yunikorn target (the root queue) limit it",
                                  res));
      if (s == Scope::job && !name->pod.empty())
        findings.warn(Code::KubernetesUnexpressed, l->location,
                      fmt::format("per-job {} limit: a LimitRange checks one pod at a time, so a job of several "
                                  "pods may take more in all; the kueue target counts a workload's pods together",
                                  res));
      if (name->claims && !name->pod.empty() && (s == Scope::team || (s == Scope::user && !tier.limit(Scope::team, r))))
        findings.warn(Code::KubernetesResourceMapping, l->location,
                      fmt::format("{} counts claims and ephemeral-storage together, but a ResourceQuota limits "
                                  "each apart: a namespace may hold the limit of each, twice the policy's",
                                  res));
    });
  }
};

}  // namespace

ExportResult export_kubernetes(const Policy& policy, const ExportOptions& options) {
  ExportResult result;
  Findings findings;
  Emitter e{policy, findings, {}};
  const auto names = namespaces(options.names, result.findings, "Kubernetes");
  e.out += fmt::format("# Kubernetes objects for policy {} ({}), made by allot export kubernetes.\n", policy.name,
                       policy.file);
  e.out += "# Per team namespace: a ResourceQuota (per team, else per user) and a LimitRange\n"
           "# (per node and per job, whichever is smaller, for each pod and container).\n";
  std::vector<bool> seen(policy.tiers.size(), false);
  for (const auto& ns : names) {
    const auto t = policy.tier_for_team(ns);
    if (!t) {
      e.out += fmt::format("# namespace {}: no tier applies to it, so no limits\n", ns);
      continue;
    }
    const Tier& tier = policy.tiers[*t];
    e.namespace_object(ns, tier);
    e.quota(ns, tier);
    e.limit_range(ns, tier);
    if (!seen[*t]) e.unexpressed(tier);
    seen[*t] = true;
  }
  member_tiers(policy, options.names, findings, Code::KubernetesUnexpressed);
  no_teams(options.names, findings, "no namespace is exported");
  result.text = std::move(e.out);
  result.findings = findings.take(std::move(result.findings));
  return result;
}

}  // namespace allot::exporting
