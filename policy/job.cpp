#include "policy/job.hpp"

#include <algorithm>

namespace allot {

std::string_view to_string(Strategy s) {
  switch (s) {
    case Strategy::pack: return "pack";
    case Strategy::spread: return "spread";
    case Strategy::strict_pack: return "strict-pack";
    case Strategy::strict_spread: return "strict-spread";
  }
  return "pack";
}

std::optional<Strategy> strategy_from_string(std::string_view s) {
  for (auto v : {Strategy::pack, Strategy::spread, Strategy::strict_pack, Strategy::strict_spread})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

Amount Job::replicas() const {
  Amount n = 0;
  for (const auto& g : groups) n = sat_add(n, g.replicas);
  return n;
}

bool Job::asks(std::size_t resource) const {
  for (const auto& g : groups)
    if (g.asks(resource)) return true;
  return false;
}

std::optional<Amount> Job::total(std::size_t resource) const {
  Amount sum = 0;
  for (const auto& g : groups) {
    const auto part = checked_mul(g.request[resource], g.replicas);
    if (!part) return std::nullopt;
    const auto next = checked_add(sum, *part);
    if (!next) return std::nullopt;
    sum = *next;
  }
  return sum;
}

Amount Job::largest_request(std::size_t resource) const {
  Amount most = 0;
  for (const auto& g : groups)
    if (g.replicas > 0) most = std::max(most, g.request[resource]);
  return most;
}

const Group& Job::main_group(std::size_t resource) const {
  const Group* best = &groups.front();
  Amount best_total = -1;
  for (const auto& g : groups) {
    const Amount t = g.replicas > 0 ? checked_mul(g.request[resource], g.replicas).value_or(kMaxAmount) : 0;
    if (t > best_total) best = &g, best_total = t;
  }
  return *best;
}

std::string Job::group_label(const Group& g) const { return g.name.empty() ? name : name + "/" + g.name; }

}  // namespace allot
