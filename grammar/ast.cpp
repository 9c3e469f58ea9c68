#include "grammar/ast.hpp"

namespace allot::ast {

std::uint32_t first_line(const Item& item) {
  return std::visit([](const auto& i) { return i.location.line; }, item);
}

std::uint32_t last_line(const Item& item) {
  return std::visit(
      [](const auto& i) -> std::uint32_t {
        using T = std::decay_t<decltype(i)>;
        if constexpr (std::is_same_v<T, TierDecl> || std::is_same_v<T, AssignDecl>) return i.last_line;
        else if constexpr (std::is_same_v<T, ResourceDecl>) return i.kind.location.line;
        else if constexpr (std::is_same_v<T, DefaultDecl>) return i.tier.location.line;
        else return i.name.location.line;
      },
      item);
}

}  // namespace allot::ast
