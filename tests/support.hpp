#pragma once
// Shared helpers for the unit tests: printing enums in failure messages, loading text.

#include <ostream>
#include <string>

#include "policy/diagnostic.hpp"
#include "policy/quantity.hpp"

namespace allot {

inline std::ostream& operator<<(std::ostream& os, QuantityProblem p) {
  return os << "QuantityProblem(" << static_cast<int>(p) << ")";
}
inline std::ostream& operator<<(std::ostream& os, Severity s) { return os << to_string(s); }
inline std::ostream& operator<<(std::ostream& os, ResourceKind k) { return os << to_string(k); }

}  // namespace allot
