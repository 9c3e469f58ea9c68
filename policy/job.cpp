#include "policy/job.hpp"

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

}  // namespace allot
