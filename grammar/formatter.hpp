#pragma once
// `allot fmt`: the one canonical layout of a policy, comments kept.

#include <string>
#include <string_view>

#include "grammar/ast.hpp"

namespace allot::grammar {

/// Lines longer than this are broken: a scope block goes one limit per line.
inline constexpr std::size_t kMaxLineWidth = 100;

/// Prints `file` (parsed from `source`, which is needed to see blank lines) canonically:
/// two-space indent, aligned resource kinds, scope blocks of a tier as an aligned table,
/// at most one blank line in a row, every comment kept on the line it annotated.
/// Formatting the output again gives the same text.
[[nodiscard]] std::string format(const ast::File& file, std::string_view source);

}  // namespace allot::grammar
