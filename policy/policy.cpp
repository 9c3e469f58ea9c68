#include "policy/policy.hpp"

#include "policy/glob.hpp"

namespace allot {

std::string_view to_string(Scope s) {
  switch (s) {
    case Scope::user: return "user";
    case Scope::node: return "node";
    case Scope::cluster: return "cluster";
    case Scope::job: return "job";
    case Scope::team: return "team";
  }
  return "user";
}

std::optional<Scope> scope_from_string(std::string_view s) {
  for (Scope scope : kScopes)
    if (to_string(scope) == s) return scope;
  return std::nullopt;
}

std::optional<std::size_t> Policy::find_resource(std::string_view n) const {
  for (std::size_t i = 0; i < resources.size(); ++i)
    if (resources[i].name == n) return i;
  return std::nullopt;
}

std::optional<std::size_t> Policy::find_tier(std::string_view n) const {
  for (std::size_t i = 0; i < tiers.size(); ++i)
    if (tiers[i].name == n) return i;
  return std::nullopt;
}

void Policy::index_selectors() {
  auto index = std::make_shared<Index>();
  for (const auto& a : assignments)
    for (const auto& s : a.selectors) {
      const auto order = static_cast<std::uint32_t>(index->tier.size());
      (s.kind == Selector::Kind::user ? index->users : index->teams).add(s.pattern, order);
      index->tier.push_back(a.tier);
    }
  index_ = std::move(index);
}

std::optional<std::size_t> Policy::match(std::string_view user, std::string_view team, bool users,
                                         bool teams) const {
  if (!index_) return scan(user, team, users, teams);
  std::optional<std::uint32_t> u, t;
  if (users && !user.empty()) u = index_->users.first_match(user);
  if (teams && !team.empty()) t = index_->teams.first_match(team);
  if (u && (!t || *u < *t)) return index_->tier[*u];
  if (t) return index_->tier[*t];
  return default_tier;
}

/// The definition of first match wins, for a policy that was never indexed.
std::optional<std::size_t> Policy::scan(std::string_view user, std::string_view team, bool users,
                                        bool teams) const {
  for (const auto& a : assignments)
    for (const auto& s : a.selectors) {
      const bool is_user = s.kind == Selector::Kind::user;
      if (is_user && users && !user.empty() && glob_match(s.pattern, user)) return a.tier;
      if (!is_user && teams && !team.empty() && glob_match(s.pattern, team)) return a.tier;
    }
  return default_tier;
}

std::optional<std::size_t> Policy::tier_for(std::string_view user, std::string_view team) const {
  return match(user, team, true, true);
}

std::optional<std::size_t> Policy::tier_for_user(std::string_view user) const {
  return match(user, {}, true, false);
}

std::optional<std::size_t> Policy::tier_for_team(std::string_view team) const {
  return match({}, team, false, true);
}

std::optional<Amount> loosest_limit(const Policy& policy, Scope scope, std::size_t r) {
  std::optional<Amount> best;
  for (const auto& t : policy.tiers) {
    const Limit* l = t.limit(scope, r);
    if (l == nullptr) return std::nullopt;
    best = std::max(best.value_or(0), l->max);
  }
  return best;
}

}  // namespace allot
