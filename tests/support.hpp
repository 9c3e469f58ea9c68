#pragma once
// Shared helpers for the unit tests: printing enums in failure messages, loading text.

#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

#include "policy/diagnostic.hpp"
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
inline std::string source_path(std::string_view relative) {
  return std::string(ALLOT_SOURCE_DIR) + "/" + std::string(relative);
}

/// The bytes of a file; empty if it cannot be read.
inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// `text` with every "\n" turned into "\r\n".
inline std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

/// One line per diagnostic, "line:col+len severity[code] message", for failure messages.
inline std::string describe(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.list()) {
    out += std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + "+" +
           std::to_string(d.location.length) + " " + std::string(to_string(d.severity)) + "[" + std::string(to_string(d.code)) +
           "] " + d.message + "\n";
    for (const auto& n : d.notes) {
      out += "  note: " + n.message;
      if (n.location) out += " @" + std::to_string(n.location->line) + ":" + std::to_string(n.location->column);
      out += "\n";
    }
  }
  return out.empty() ? "(no diagnostics)\n" : out;
}

/// What a test expects of one diagnostic. `length == 0` leaves the length unchecked.
struct Expected {
  std::string code;
  Severity severity = Severity::error;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
  std::uint32_t length = 0;
};

/// Describes how `d` differs from `e`, or returns "" when it matches.
inline std::string mismatch(const Diagnostic& d, const Expected& e) {
  std::ostringstream out;
  if (to_string(d.code) != e.code) out << "code " << to_string(d.code) << " != " << e.code << "; ";
  if (d.severity != e.severity) out << "severity " << d.severity << " != " << e.severity << "; ";
  if (d.location.line != e.line || d.location.column != e.column)
    out << "position " << d.location.line << ":" << d.location.column << " != " << e.line << ":" << e.column
        << "; ";
  if (e.length != 0 && d.location.length != e.length)
    out << "length " << d.location.length << " != " << e.length << "; ";
  if (d.message != e.message) out << "message '" << d.message << "' != '" << e.message << "'; ";
  return out.str();
}

}  // namespace allot::test
