// `allot export kueue` (kueue.x-k8s.io/v1beta1): a ResourceFlavor, one ClusterQueue per
// team with the per-team limits as quota, all in one cohort whose total is the per-cluster
// limit, and a LocalQueue in each team's namespace.

#include <string>
#include <vector>

#include <fmt/core.h>

#include "export/k8s_common.hpp"

namespace allot::exporting {
namespace {

constexpr std::string_view kApi = "kueue.x-k8s.io/v1beta1";
constexpr std::string_view kFlavor = "default-flavor";

/// One team's quota of one resource.
struct Share {
  Bound bound;         ///< its own limit (per team, else per user, else per cluster)
  Amount nominal = 0;  ///< what the ClusterQueue owns
  Amount borrow = 0;   ///< what it may borrow from the cohort on top
};

struct Team {
  std::string name;
  const Tier* tier;
  std::vector<Share> shares;  ///< by resource
};

/// The cohort's total of resource `r`: the strictest per-cluster limit of the teams' tiers.
Bound cohort_bound(const std::vector<Team>& teams, std::size_t r) {
  Bound best;
  for (const auto& t : teams)
    if (const Limit* l = t.tier->limit(Scope::cluster, r); l && (!best || l->max < best.limit->max))
      best = {l, Scope::cluster};
  return best;
}

/// Splits the cohort total `c` into nominal quotas in proportion to the teams' limits, in
/// whole `grain`s, when the limits add up to more; each team borrows the rest of its limit.
void split(std::vector<Team>& teams, std::size_t r, Amount c, Amount grain) {
  __extension__ typedef __int128 i128;
  i128 sum = 0;
  for (const auto& t : teams)
    if (t.shares[r].bound) sum += t.shares[r].bound.limit->max;
  if (sum <= c) {
    for (auto& t : teams) t.shares[r].nominal = t.shares[r].bound ? t.shares[r].bound.limit->max : 0;
    return;
  }
  Amount given = 0;
  for (auto& t : teams) {
    auto& s = t.shares[r];
    if (!s.bound) continue;
    const i128 exact = static_cast<i128>(c) * s.bound.limit->max / sum;
    s.nominal = static_cast<Amount>(exact - exact % grain);
    given += s.nominal;
  }
  for (bool more = true; more && given + grain <= c;) {
    more = false;
    for (auto& t : teams) {
      auto& s = t.shares[r];
      if (!s.bound || s.nominal + grain > s.bound.limit->max || given + grain > c) continue;
      s.nominal += grain;
      given += grain;
      more = true;
    }
  }
  for (auto& t : teams)
    if (t.shares[r].bound) t.shares[r].borrow = t.shares[r].bound.limit->max - t.shares[r].nominal;
}

struct Writer {
  const Policy& policy;
  Findings& findings;
  std::string out;

  void meta(std::string_view name, std::string_view ns, const Tier* tier) {
    out += fmt::format("metadata:\n  name: {}\n", yaml_string(name));
    if (!ns.empty()) out += fmt::format("  namespace: {}\n", yaml_string(ns));
    out += "  labels:\n    app.kubernetes.io/managed-by: allot\n";
    if (tier)
      out += fmt::format("  annotations:\n    allot/policy: {}\n    allot/tier: {}\n", yaml_string(policy.name),
                         yaml_string(tier->name));
  }

  void cluster_queue(const Team& t, const std::string& cohort, const std::vector<std::size_t>& covered) {
    out += fmt::format("---\napiVersion: {}\nkind: ClusterQueue\n", kApi);
    meta(t.name, "", t.tier);
    out += fmt::format("spec:\n  cohort: {}\n", yaml_string(cohort));
    out += fmt::format("  namespaceSelector:\n    matchLabels:\n      kubernetes.io/metadata.name: {}\n",
                       yaml_string(t.name));
    std::vector<std::size_t> mine;
    for (auto r : covered)
      if (t.shares[r].bound) mine.push_back(r);
    if (mine.empty()) {
      out += "  resourceGroups: []\n";
      return;
    }
    out += "  resourceGroups:\n  - coveredResources:\n";
    for (auto r : mine) out += fmt::format("    - {}\n", kube_name(policy, r)->pod);
    out += fmt::format("    flavors:\n    - name: {}\n      resources:\n", kFlavor);
    for (auto r : mine) {
      const auto& s = t.shares[r];
      const auto kind = policy.resources[r].kind;
      out += fmt::format("      - name: {}\n", kube_name(policy, r)->pod);
      out += fmt::format("        nominalQuota: {}  # {}{}\n", yaml_quoted(kube_quantity(s.nominal, kind)),
                         bound_note(policy, s.bound), warn_note(policy, r, s.bound));
      out += fmt::format("        borrowingLimit: {}\n", yaml_quoted(kube_quantity(s.borrow, kind)));
    }
  }

  void local_queue(const Team& t) {
    out += fmt::format("---\napiVersion: {}\nkind: LocalQueue\n", kApi);
    meta(t.name, t.name, nullptr);
    out += fmt::format("spec:\n  clusterQueue: {}\n", yaml_string(t.name));
  }

  void unexpressed(const Tier& tier) {
    each_limit(policy, tier, [&](std::size_t r, Scope s, const Limit& limit) {
      const Limit* l = &limit;
      const auto& res = policy.resources[r].name;
      const auto name = kube_name(policy, r);
      if (!name || name->pod.empty()) {
        findings.warn(Code::KueueUnexpressed, l->location,
                      fmt::format("resource '{}' is not a pod resource Kueue counts (claims are not): its "
                                  "limits are not exported",
                                  res));
        return;
      }
      if (name->claims && (s == Scope::user || s == Scope::team || s == Scope::cluster))
        findings.warn(Code::KueueUnexpressed, l->location,
                      fmt::format("{} counts claims and ephemeral-storage, Kueue only ephemeral-storage: claims "
                                  "are not limited",
                                  res));
      if (s == Scope::node || s == Scope::job)
        findings.warn(Code::KueueUnexpressed, l->location,
                      fmt::format("per-{} {} limit: Kueue quotas count a queue's workloads, not one {}; the "
                                  "kubernetes target's LimitRange bounds each pod",
                                  to_string(s), res, s == Scope::node ? "node" : "job"));
      if (s == Scope::user)
        findings.warn(Code::KueueUnexpressed, l->location,
                      fmt::format("per-user {} limit: a ClusterQueue counts a whole namespace, not each user; "
                                  "the yunikorn target limits users",
                                  res));
      if (l->warn && (s == Scope::team || s == Scope::cluster || (s == Scope::user && !tier.limit(Scope::team, r))))
        findings.warn(Code::KueueUnexpressed, l->location,
                      fmt::format("the warning threshold of per-{} {} ({}) is a comment only: Kueue has no soft "
                                  "quota",
                                  to_string(s), res, format_quantity(*l->warn, policy.resources[r].kind)));
    });
  }
};

}  // namespace

ExportResult export_kueue(const Policy& policy, const ExportOptions& options) {
  ExportResult result;
  Findings findings;
  Writer w{policy, findings, {}};
  const auto names = namespaces(options.names, result.findings, "Kueue");
  const std::size_t R = policy.resources.size();
  const std::string cohort = policy.name;
  if (!dns_subdomain(cohort)) {
    Diagnostic d;
    d.code = Code::ExportNamespaceName;
    d.message = fmt::format("policy name '{}' cannot name a Kueue cohort: use lowercase letters, digits, '-' and '.'",
                            policy.name);
    result.findings.push_back(std::move(d));
  }

  std::vector<Team> teams;
  for (const auto& n : names) {
    const auto t = policy.tier_for_team(n);
    if (!t) continue;
    Team team{n, &policy.tiers[*t], std::vector<Share>(R)};
    for (std::size_t r = 0; r < R; ++r) {
      Bound b = namespace_bound(*team.tier, r);
      if (!b)
        if (const Limit* l = team.tier->limit(Scope::cluster, r)) b = {l, Scope::cluster};
      team.shares[r].bound = b;
    }
    teams.push_back(std::move(team));
  }

  std::vector<std::size_t> covered;
  std::string notes;
  for (std::size_t r = 0; r < R; ++r) {
    const auto name = kube_name(policy, r);
    if (!name || name->pod.empty()) continue;
    covered.push_back(r);
    const Bound c = cohort_bound(teams, r);
    if (!c) {
      split(teams, r, kMaxAmount, 1);
      continue;
    }
    for (const auto& t : teams)
      if (const Limit* l = t.tier->limit(Scope::cluster, r); l && l->max != c.limit->max)
        findings.warn(Code::KueueCohortTotal, l->location,
                      fmt::format("per-cluster {} limit {} of tier {}: one cohort has one total, the strictest of "
                                  "its teams' tiers, {} (tier {})",
                                  policy.resources[r].name, format_quantity(l->max, policy.resources[r].kind),
                                  t.tier->name, format_quantity(c.limit->max, policy.resources[r].kind),
                                  policy.tiers[c.limit->tier].name));
    const bool whole = policy.resources[r].kind == ResourceKind::count && c.limit->max % kCountScale == 0;
    split(teams, r, c.limit->max, whole ? kCountScale : 1);
    notes += fmt::format("# cohort {} {}: at most {} in all ({})\n", cohort, name->pod,
                         kube_quantity(c.limit->max, policy.resources[r].kind), bound_note(policy, c));
  }

  w.out += fmt::format("# Kueue objects for policy {} ({}), made by allot export kueue.\n", policy.name, policy.file);
  w.out += "# API kueue.x-k8s.io/v1beta1, served by Kueue v0.3 to v0.19 (deprecated from v0.15 on).\n"
           "# One ClusterQueue per team: nominalQuota from the per-team limit (else per user), in one\n"
           "# cohort whose nominal quotas add up to the per-cluster limit; a team borrows the rest of\n"
           "# its own limit from the cohort (borrowingLimit).\n";
  w.out += notes;
  w.out += fmt::format("---\napiVersion: {}\nkind: ResourceFlavor\n", kApi);
  w.meta(kFlavor, "", nullptr);
  std::vector<bool> seen(policy.tiers.size(), false);
  for (const auto& t : teams) {
    w.cluster_queue(t, cohort, covered);
    w.local_queue(t);
    const auto index = static_cast<std::size_t>(t.tier - policy.tiers.data());
    if (!seen[index]) w.unexpressed(*t.tier);
    seen[index] = true;
  }
  member_tiers(policy, options.names, findings, Code::KueueUnexpressed);
  no_teams(options.names, findings, "only the ResourceFlavor is exported");
  result.text = std::move(w.out);
  result.findings = findings.take(std::move(result.findings));
  return result;
}

}  // namespace allot::exporting
