#pragma once
// The checked, inheritance-resolved policy: what validate, place and show work from.

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/quantity.hpp"
#include "policy/selector_index.hpp"

namespace allot {

/// Where a limit applies. The first three are the Swarm table's columns.
enum class Scope : std::uint8_t { user, node, cluster, job, team };
inline constexpr std::array kScopes = {Scope::user, Scope::node, Scope::cluster, Scope::job,
                                       Scope::team};
inline constexpr std::size_t kScopeCount = kScopes.size();

[[nodiscard]] std::string_view to_string(Scope s);
[[nodiscard]] std::optional<Scope> scope_from_string(std::string_view s);

struct Resource {
  std::string name;
  ResourceKind kind = ResourceKind::count;
  Location location;
};

/// One effective limit: the hard maximum and an optional soft threshold, both in base units.
struct Limit {
  Amount max = 0;
  std::optional<Amount> warn;  ///< reaching it gives a warning; percentages already resolved
  Location location;           ///< the resource name in the policy line that wrote it
  std::uint32_t tier = 0;      ///< index in Policy::tiers of the tier that wrote it (an ancestor when inherited)
};

struct Tier {
  std::string name;
  std::optional<std::string> parent;
  Location location;
  /// Effective limits after inheritance, indexed by `slot(scope, resource)`.
  std::vector<std::optional<Limit>> limits;

  [[nodiscard]] const Limit* limit(Scope scope, std::size_t resource) const {
    const auto i = static_cast<std::size_t>(scope) * (limits.size() / kScopeCount) + resource;
    return limits[i] ? &*limits[i] : nullptr;
  }
};

struct Selector {
  enum class Kind { user, team } kind = Kind::user;
  std::string pattern;
  Location location;
};

/// `assign tier NAME to ...`: selectors are tried in order, first match wins.
struct Assignment {
  std::size_t tier = 0;
  std::vector<Selector> selectors;
  Location location;
};

struct Policy {
  std::string name;
  std::string file;
  std::vector<Resource> resources;
  std::vector<Tier> tiers;
  std::optional<std::size_t> default_tier;
  std::vector<Assignment> assignments;

  [[nodiscard]] std::optional<std::size_t> find_resource(std::string_view name) const;
  [[nodiscard]] std::optional<std::size_t> find_tier(std::string_view name) const;

  /// Indexes the selectors of `assignments` for the three lookups below, which otherwise
  /// try every selector in turn. lower() calls it on the finished policy; call it again after
  /// changing `assignments`. The answers are the same either way (first match wins).
  void index_selectors();

  /// The tier of a job: the first selector matching `user` or `team`, else the default.
  /// `team` may be empty (no team). No tier means no limits apply.
  [[nodiscard]] std::optional<std::size_t> tier_for(std::string_view user, std::string_view team) const;
  /// The tier whose per-user limits bound a user's total: user selectors only, else default.
  [[nodiscard]] std::optional<std::size_t> tier_for_user(std::string_view user) const;
  /// The tier whose per-team limits bound a team's total: team selectors only, else default.
  [[nodiscard]] std::optional<std::size_t> tier_for_team(std::string_view team) const;

 private:
  /// Selectors numbered across all assignments in order, so the smallest number wins.
  struct Index {
    SelectorIndex users, teams;
    std::vector<std::size_t> tier;  ///< by number
  };

  [[nodiscard]] std::optional<std::size_t> match(std::string_view user, std::string_view team,
                                                 bool users, bool teams) const;
  [[nodiscard]] std::optional<std::size_t> scan(std::string_view user, std::string_view team,
                                                bool users, bool teams) const;

  std::shared_ptr<const Index> index_;  ///< shared by copies: it never changes once built
};

/// The largest per-`scope` limit of resource `r` over all tiers; nothing if some tier has none.
[[nodiscard]] std::optional<Amount> loosest_limit(const Policy& policy, Scope scope, std::size_t r);

}  // namespace allot
