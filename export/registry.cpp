#include <algorithm>

#include "export/export.hpp"

namespace allot::exporting {
namespace {

constexpr Target kTargets[] = {
#define ALLOT_TARGET(name, summary) Target{#name, summary, &export_##name},
#include "export/targets.def"
#undef ALLOT_TARGET
};

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

void Names::normalise() {
  for (const auto& [user, team] : members) {
    users.push_back(user);
    if (!team.empty()) teams.push_back(team);
  }
  sort_unique(teams);
  sort_unique(users);
  sort_unique(clusters);
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
}

std::span<const Target> targets() { return kTargets; }

const Target* find_target(std::string_view name) {
  for (const auto& t : kTargets)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace allot::exporting
