#pragma once
// Whole-file checks of a parsed policy, and its translation into the resolved model.

#include "grammar/ast.hpp"
#include "policy/diagnostic.hpp"
#include "policy/policy.hpp"

namespace allot {

/// Checks everything that needs the whole file (names, units, inheritance, contradictions)
/// and builds the effective policy. Every problem is added to `diags`; the returned policy
/// is meaningful only when no error was added.
[[nodiscard]] Policy lower(const ast::File& file, Diagnostics& diags);

}  // namespace allot
