// `allot export yunikorn`: a queues.yaml for Apache YuniKorn. The root queue is the cluster
// (per-cluster limits as its max) and carries the user limits: each named user and team
// (as a group) with its tier's limits, then every other user ("*") with the default tier's.
// Each team gets a queue, the one YuniKorn's namespace placement rule puts its pods in,
// with its per-team limits as max.

#include <string>
#include <vector>

#include <fmt/core.h>

#include "export/k8s_common.hpp"

namespace allot::exporting {
namespace {

/// YuniKorn's name of what a policy resource counts: `vcore` for CPUs, the Kubernetes name
/// for the rest (claims are not a YuniKorn resource).
std::optional<std::string> yunikorn_name(const Policy& policy, std::size_t r) {
  const auto k = kube_name(policy, r);
  if (!k || k->pod.empty()) return std::nullopt;
  return k->pod == "cpu" ? std::string("vcore") : k->pod;
}

struct Writer {
  const Policy& policy;
  Findings& findings;
  std::string out;

  /// The `{resource: quantity}` lines of the limits of `scope` in `tier`, at `indent`;
  /// empty when there are none. (Per-user limits are exact here, so per team does not
  /// fall back to them as a namespace quota does.)
  std::string resources(const Tier& tier, Scope scope, std::string_view indent) {
    std::string s;
    for (std::size_t r = 0; r < policy.resources.size(); ++r) {
      const auto name = yunikorn_name(policy, r);
      const Bound b{tier.limit(scope, r), scope};
      if (!name || !b) continue;
      s += fmt::format("{}{}: {}  # {}{}\n", indent, yaml_string(*name),
                       yaml_quoted(kube_quantity(b.limit->max, policy.resources[r].kind)), bound_note(policy, b),
                       warn_note(policy, r, b));
    }
    return s;
  }

  void limit(std::string_view what, std::string_view key, std::string_view who, const Tier& tier, Scope scope) {
    const std::string max = resources(tier, scope, "              ");
    if (max.empty()) return;
    out += fmt::format("          - limit: {}\n            {}:\n              - {}\n            maxresources:\n{}",
                       yaml_quoted(fmt::format("{}: tier {}", what, tier.name)), key, who, max);
  }

  void unexpressed(const Tier& tier) {
    each_limit(policy, tier, [&](std::size_t r, Scope s, const Limit& limit) {
      const Limit* l = &limit;
      const auto& res = policy.resources[r].name;
      const auto name = yunikorn_name(policy, r);
      const auto k = kube_name(policy, r);
      if (!name) {
        findings.warn(Code::YunikornResourceMapping, l->location,
                      fmt::format("resource '{}' is not a resource YuniKorn counts (claims are not): its limits "
                                  "are not exported",
                                  res));
        return;
      }
      if (k && k->claims && (s == Scope::user || s == Scope::team || s == Scope::cluster))
        findings.warn(Code::YunikornResourceMapping, l->location,
                      fmt::format("{} counts claims and ephemeral-storage, YuniKorn only ephemeral-storage: "
                                  "claims are not limited",
                                  res));
      if (s == Scope::node || s == Scope::job)
        findings.warn(Code::YunikornUnexpressed, l->location,
                      fmt::format("per-{} {} limit: YuniKorn limits queues, users and groups, not one {}; the "
                                  "kubernetes target's LimitRange bounds each pod",
                                  to_string(s), res, s == Scope::node ? "node" : "job"));
      if (l->warn && s != Scope::node && s != Scope::job)
        findings.warn(Code::YunikornUnexpressed, l->location,
                      fmt::format("the warning threshold of per-{} {} ({}) is a comment only: YuniKorn has no "
                                  "soft limit",
                                  to_string(s), res, format_quantity(*l->warn, policy.resources[r].kind)));
    });
  }
};

}  // namespace

ExportResult export_yunikorn(const Policy& policy, const ExportOptions& options) {
  ExportResult result;
  Findings findings;
  Writer w{policy, findings, {}};
  const auto teams = namespaces(options.names, result.findings, "YuniKorn");
  std::vector<bool> used(policy.tiers.size(), false);
  auto use = [&](std::optional<std::size_t> t) -> const Tier* {
    if (!t) return nullptr;
    if (!used[*t]) w.unexpressed(policy.tiers[*t]);
    used[*t] = true;
    return &policy.tiers[*t];
  };

  w.out += fmt::format("# YuniKorn queues.yaml for policy {} ({}), made by allot export yunikorn.\n", policy.name,
                       policy.file);
  w.out += "# The root queue is the cluster; each team's pods go to the queue of their namespace.\n";
  w.out += "partitions:\n  - name: default\n    placementrules:\n      - name: tag\n        value: namespace\n"
           "        create: true\n    queues:\n      - name: root\n        submitacl: \"*\"\n";

  // The cluster: the strictest per-cluster limit of the tiers in use, as the root's max.
  const Tier* fallback = use(policy.default_tier);
  std::vector<const Tier*> tiers;
  if (fallback) tiers.push_back(fallback);
  for (const auto& u : options.names.users)
    if (const Tier* t = use(policy.tier_for_user(u))) tiers.push_back(t);
  for (const auto& team : teams)
    if (const Tier* t = use(policy.tier_for_team(team))) tiers.push_back(t);
  std::string max;
  for (std::size_t r = 0; r < policy.resources.size(); ++r) {
    const auto name = yunikorn_name(policy, r);
    Bound best;
    for (const Tier* t : tiers)
      if (const Limit* l = t->limit(Scope::cluster, r); l && (!best || l->max < best.limit->max))
        best = {l, Scope::cluster};
    if (!name || !best) continue;
    for (const Tier* t : tiers)
      if (const Limit* l = t->limit(Scope::cluster, r); l && l->max != best.limit->max)
        findings.warn(Code::YunikornUnexpressed, l->location,
                      fmt::format("per-cluster {} limit {} of tier {}: the root queue has one max, the strictest of "
                                  "the tiers in use, {} (tier {})",
                                  policy.resources[r].name, format_quantity(l->max, policy.resources[r].kind),
                                  t->name, format_quantity(best.limit->max, policy.resources[r].kind),
                                  policy.tiers[best.limit->tier].name));
    max += fmt::format("            {}: {}  # {}\n", yaml_string(*name),
                       yaml_quoted(kube_quantity(best.limit->max, policy.resources[r].kind)),
                       bound_note(policy, best));
  }
  if (!max.empty()) w.out += "        resources:\n          max:\n" + max;

  std::string before = w.out;
  w.out += "        limits:\n";
  const std::size_t header = w.out.size();
  for (const auto& u : options.names.users)
    if (auto t = policy.tier_for_user(u)) w.limit(fmt::format("user {}", u), "users", yaml_string(u), policy.tiers[*t], Scope::user);
  for (const auto& team : teams)
    if (auto t = policy.tier_for_team(team))
      w.limit(fmt::format("team {}", team), "groups", yaml_string(team), policy.tiers[*t], Scope::team);
  if (fallback) w.limit("every other user", "users", "\"*\"", *fallback, Scope::user);
  if (w.out.size() == header) w.out = std::move(before);

  if (!teams.empty()) w.out += "        queues:\n";
  for (const auto& team : teams) {
    w.out += fmt::format("          - name: {}\n            submitacl: \"*\"\n", yaml_string(team));
    const auto t = policy.tier_for_team(team);
    const std::string team_max = t ? w.resources(policy.tiers[*t], Scope::team, "                ") : std::string();
    if (!team_max.empty()) w.out += "            resources:\n              max:\n" + team_max;
  }
  no_teams(options.names, findings, "only the root queue and its user limits are exported");
  result.text = std::move(w.out);
  result.findings = findings.take(std::move(result.findings));
  return result;
}

}  // namespace allot::exporting
