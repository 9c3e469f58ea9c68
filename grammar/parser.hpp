#pragma once
// Turning the text of a .allot file into its syntax tree. The only door to PEGTL.

#include <cstddef>
#include <string>
#include <string_view>

#include "grammar/ast.hpp"
#include "policy/diagnostic.hpp"
#include "policy/policy.hpp"

namespace allot::grammar {

/// Policies larger than this are refused (P005) before parsing.
inline constexpr std::size_t kMaxPolicyBytes = 16u << 20;

/// At most this many syntax errors are reported per file; the rest would be noise.
inline constexpr std::size_t kMaxSyntaxErrors = 20;

/// Parses `source` (the contents of `filename`). Syntax errors go to `diags`, one per
/// broken statement: after an error the parser skips to the next line that starts with a
/// statement keyword. The returned tree holds every statement that parsed.
[[nodiscard]] ast::File parse(std::string_view source, const std::string& filename, Diagnostics& diags);

/// Parses and checks: the whole front end. Semantic checks are skipped after a syntax
/// error, so one typo does not cascade into a screen of nonsense.
[[nodiscard]] Policy load(std::string_view source, const std::string& filename, Diagnostics& diags);

/// Problems PEGTL's analyzer finds in the grammar (rules that can loop without progress).
[[nodiscard]] std::size_t analyze_grammar();

}  // namespace allot::grammar
