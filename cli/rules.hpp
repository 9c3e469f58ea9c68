#pragma once
// The catalogue of diagnostic codes: names and help texts for SARIF and --explain.

#include <string_view>

namespace allot::cli {

struct RuleInfo {
  std::string_view code;
  std::string_view name;     ///< PascalCase, as SARIF rule names go
  std::string_view summary;  ///< one line
  std::string_view help;     ///< what to do about it
  bool warning;              ///< the default severity is a warning
};

/// The entry for `code`; an "unknown" entry if there is none.
[[nodiscard]] const RuleInfo& rule_info(std::string_view code);

}  // namespace allot::cli
