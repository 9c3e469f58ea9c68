#pragma once
// What the kubernetes, kueue and yunikorn targets share: the Kubernetes name of a policy
// resource, quantities in Kubernetes' canonical form, YAML scalars written by hand (only
// input/ sees the YAML library), and which limit bounds a namespace or a pod.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "export/export.hpp"
#include "policy/policy.hpp"

namespace allot::exporting {

/// How Kubernetes names what a policy resource counts, the reverse of the manifest reader's
/// mapping: `gpu` is `nvidia.com/gpu`, `vcpu` is `cpu`, `memory` is `memory`, and `storage`
/// is both claims (`storage`) and `ephemeral-storage`, unless the policy declares
/// `ephemeral-storage` itself. A name with a `/` is an extended resource and kept as it is.
struct KubeName {
  std::string pod;    ///< in pod requests and LimitRanges; empty: none (claims only)
  bool claims = false;  ///< also counts PersistentVolumeClaim `storage`
  bool extended = false;  ///< an extended resource: whole numbers only, requests only
};
[[nodiscard]] std::optional<KubeName> kube_name(const Policy& policy, std::size_t r);

/// `amount` in Kubernetes' canonical form: the suffix that leaves the smallest whole
/// mantissa, decimal before binary on a tie (`1T` for 1TB, `1Ti` for 1TiB, `64Gi`, `500m`,
/// `10k`). Exact: nothing is rounded.
[[nodiscard]] std::string kube_quantity(Amount amount, ResourceKind kind);

/// A DNS-1123 label (namespaces, queue names): [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63.
[[nodiscard]] bool dns_label(std::string_view name);
/// A DNS-1123 subdomain: dot-separated labels, at most 253.
[[nodiscard]] bool dns_subdomain(std::string_view name);

/// A YAML scalar that reads back as the same string under YAML 1.1 and 1.2: plain when it
/// is safe, else double-quoted with escapes.
[[nodiscard]] std::string yaml_string(std::string_view s);
/// Always double-quoted (quantities: a Kubernetes Quantity is a string).
[[nodiscard]] std::string yaml_quoted(std::string_view s);

/// Calls `visit(r, scope, limit)` for each limit of `tier`, resource by resource, scopes in
/// the order of kScopes.
template <typename Visit>
void each_limit(const Policy& policy, const Tier& tier, Visit visit) {
  for (std::size_t r = 0; r < policy.resources.size(); ++r)
    for (Scope s : kScopes)
      if (const Limit* l = tier.limit(s, r)) visit(r, s, *l);
}

/// A limit and the scope it was written in.
struct Bound {
  const Limit* limit = nullptr;
  Scope scope = Scope::team;
  explicit operator bool() const { return limit != nullptr; }
};
/// What bounds a namespace's total of resource `r`: the per-team limit, else the per-user
/// limit (a namespace that one user works in).
[[nodiscard]] Bound namespace_bound(const Tier& tier, std::size_t r);
/// What bounds one pod: the smaller of the per-node limit (a pod runs on one node) and the
/// per-job limit (a pod is part of one job).
[[nodiscard]] Bound pod_bound(const Tier& tier, std::size_t r);

/// `per team, tier research, examples/tiers.allot:21:14`: for comments beside a value.
[[nodiscard]] std::string bound_note(const Policy& policy, const Bound& b);
/// `; warn at 116 (per team)` when the limit has a threshold, else empty.
[[nodiscard]] std::string warn_note(const Policy& policy, std::size_t r, const Bound& b);

/// The team names of `names`, each a namespace; names that are not DNS labels get an error
/// (X020) and are left out.
[[nodiscard]] std::vector<std::string> namespaces(const Names& names, std::vector<Diagnostic>& findings,
                                                  std::string_view target);

class Findings;
/// Warns (`code`) for each user a job names in a team whose tier for that user (user
/// selectors first) is not the team's: the namespace's objects follow the team's tier.
void member_tiers(const Policy& policy, const Names& names, Findings& findings, Code code);

/// Warns (X004) when `names` has no team: `what` says what is then exported.
void no_teams(const Names& names, Findings& findings, std::string_view what);

/// Findings of one export, each once however many namespaces share the limit, sorted by
/// position for the same bytes every run.
class Findings {
 public:
  void warn(Code code, const Location& at, std::string message);
  [[nodiscard]] std::vector<Diagnostic> take(std::vector<Diagnostic> before);

 private:
  std::vector<Diagnostic> list_;
};

}  // namespace allot::exporting
