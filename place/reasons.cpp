#include "place/reasons.hpp"

#include <array>

namespace allot {

std::string_view kind_name(const Reason& r) {
  // In the order of the alternatives of Reason.
  static constexpr std::array<std::string_view, 6> names{"limit",         "total_overflow",    "unknown_cluster",
                                                         "cluster_limit", "cluster_shortfall", "fleet_shortfall"};
  static_assert(names.size() == std::variant_size_v<Reason>);
  return names[r.index()];
}

std::string_view kind_name(const Hint& h) {
  static constexpr std::array<std::string_view, 2> names{"smaller_request", "more_nodes"};
  static_assert(names.size() == std::variant_size_v<Hint>);
  return names[h.index()];
}

std::string_view to_string(LimitScope s) {
  switch (s) {
    case LimitScope::job: return "job";
    case LimitScope::user: return "user";
    case LimitScope::team: return "team";
    case LimitScope::node: return "node";
    case LimitScope::gang_on_node: return "gang_on_node";
    case LimitScope::cluster: return "cluster";
  }
  return "job";
}

}  // namespace allot
