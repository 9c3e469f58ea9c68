#pragma once
// Shared helpers for the unit tests (built once, into allot_test_support): printing enums in
// failure messages, loading text, and checking diagnostics against what a test expects.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/policy.hpp"
#include "policy/quantity.hpp"

namespace allot {

inline std::ostream& operator<<(std::ostream& os, QuantityProblem p) {
  return os << "QuantityProblem(" << static_cast<int>(p) << ")";
}
inline std::ostream& operator<<(std::ostream& os, Severity s) { return os << to_string(s); }
inline std::ostream& operator<<(std::ostream& os, ResourceKind k) { return os << to_string(k); }
inline std::ostream& operator<<(std::ostream& os, FileRef f) { return os << f.str(); }
inline std::ostream& operator<<(std::ostream& os, Code c) { return os << to_string(c); }
inline std::ostream& operator<<(std::ostream& os, const Location& l) {
  return os << l.file << ":" << l.line << ":" << l.column << "+" << l.length;
}

}  // namespace allot

namespace allot::test {

/// A file of the source tree, e.g. "examples/tiers.allot".
std::string source_path(std::string_view relative);

/// The bytes of a file; empty if it cannot be read.
std::string read_text(const std::string& path);

/// `text` with every "\n" turned into "\r\n".
std::string crlf(std::string_view text);

/// One line per diagnostic, "line:col+len severity[code] message", for failure messages.
std::string describe(const Diagnostics& diags);
std::string describe(const std::vector<Diagnostic>& diags);

/// What a test expects of one diagnostic: all of it is compared exactly, except that
/// `length == 0` leaves the length unchecked.
struct Expected {
  std::string code;
  Severity severity = Severity::error;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
  std::uint32_t length = 0;
};

/// An expected error or warning; `length` 0 leaves the length unchecked.
Expected error(std::string code, std::uint32_t line, std::uint32_t column, std::string message,
               std::uint32_t length = 0);
Expected warning(std::string code, std::uint32_t line, std::uint32_t column, std::string message,
                 std::uint32_t length = 0);

/// Describes how `d` differs from `e`, or returns "" when it matches.
std::string mismatch(const Diagnostic& d, const Expected& e);

/// Checks that `got` is exactly `want`, in order (see Expected), each reported in `file`.
/// `input`, when given, is quoted in every failure message. Stops the test case when the
/// number of diagnostics differs.
void expect_diagnostics(const std::vector<Diagnostic>& got, const std::vector<Expected>& want, std::string_view file,
                        std::string_view input = {});
void expect_diagnostics(const Diagnostics& got, const std::vector<Expected>& want, std::string_view file,
                        std::string_view input = {});

/// The policy `text` declares, read as file `file`. It must load without a diagnostic, or,
/// with `allow_warnings`, without an error; else the test case stops.
Policy load_policy(std::string_view text, std::string_view file = "p.allot", bool allow_warnings = false);

/// Everything a policy means, in words and without positions (formatting moves them):
/// resources, each tier's effective limits and where they come from, the default and the
/// assignments. Two policies that mean the same give the same text.
std::string policy_meaning(const Policy& p);

}  // namespace allot::test
