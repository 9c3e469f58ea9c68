#pragma once
// The diagnostic catalogue: every code allot emits, declared once in codes.def, referred to
// by identifier (`Code::UnknownResource`), never by its string.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace allot {

enum class Severity { error, warning, note };

[[nodiscard]] std::string_view to_string(Severity s);

/// Every diagnostic code, in catalogue order.
enum class Code : std::uint16_t {
#define ALLOT_CODE(id, code, severity, klass, summary) id,
#include "policy/codes.def"
#undef ALLOT_CODE
};

/// What an error means for the exit status (man/allot.1, EXIT STATUS).
enum class CodeClass {
  invalid,    ///< the inputs could not be evaluated: exit 2
  violation,  ///< the inputs break the policy: exit 1
};

struct CodeInfo {
  Code code;
  std::string_view id;       ///< the stable code users see, such as P012
  std::string_view name;     ///< the identifier, PascalCase, as SARIF rule names go
  Severity severity;         ///< the severity it is emitted with
  CodeClass klass;
  std::string_view summary;  ///< one line, lowercase, no full stop
};

/// The catalogue entry of `c`.
[[nodiscard]] const CodeInfo& info(Code c);
/// The code users see, such as P012.
[[nodiscard]] inline std::string_view to_string(Code c) { return info(c).id; }
/// The code whose id is `id` (such as P012 or p012), if there is one.
[[nodiscard]] std::optional<Code> code_from_string(std::string_view id);
/// Every entry, in catalogue order.
[[nodiscard]] std::span<const CodeInfo> all_codes();
/// The long explanation of `c` (policy/explain/CODE.md), empty if it has none.
[[nodiscard]] std::string_view explanation(Code c);

}  // namespace allot
