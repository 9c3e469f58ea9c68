#pragma once
// Locations and diagnostics shared by every part of allot.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/codes.hpp"

namespace allot {

/// A position in a source file, counted from 1 (line and byte column).
/// `line == 0` means "no position": the diagnostic is about the file as a whole.
struct Location {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t length = 1;  ///< bytes under the caret, at least 1

  [[nodiscard]] bool known() const { return line != 0; }
  /// "file:line:col", or just "file" when the position is unknown.
  [[nodiscard]] std::string str() const;
  /// The same location moved `offset` bytes to the right on its line.
  [[nodiscard]] Location shifted(std::uint32_t offset, std::uint32_t len) const;
  friend bool operator==(const Location&, const Location&) = default;
};

/// A line and column without the file: what hot paths store, with one file name per owner.
struct Position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

/// `p` in `file`, `length` bytes long.
[[nodiscard]] inline Location at(const std::string& file, Position p, std::uint32_t length = 1) {
  return Location{file, p.line, p.column, length};
}

/// A secondary line under a diagnostic, optionally with its own position.
struct Note {
  std::string message;
  std::optional<Location> location;
};

/// A job's share of a total that went over a limit.
struct Contributor {
  std::string job;
  Location location;
  std::string amount;  ///< exact, in base units (bytes, or a plain decimal count)
  std::string display; ///< for people: "16", "512GB"
};

/// The structured facts behind a limit finding, for machine-readable output.
struct Details {
  std::string rule;      ///< "per-node", "per-job", "per-user", "per-team", "per-cluster"
  std::string tier;
  std::string job, user, team, resource;
  std::string requested; ///< exact, in base units (bytes, or a plain decimal count)
  std::string limit;     ///< likewise
  std::optional<Location> policy_location;
  std::vector<Contributor> contributors;  ///< largest first
  std::optional<std::size_t> job_index;   ///< the job it is reported on, in input order
};

/// One finding: `file:line:col: error[CODE]: message`, then notes.
struct Diagnostic {
  Severity severity = Severity::error;
  Code code = Code::PolicySyntax;  ///< declared in policy/codes.def
  std::string message;
  Location location;
  std::vector<Note> notes;
  std::optional<Details> details;
};

/// Collects diagnostics in the order they are found.
class Diagnostics {
 public:
  Diagnostic& error(Code code, Location loc, std::string message);
  Diagnostic& warning(Code code, Location loc, std::string message);
  void add(Diagnostic d) { list_.push_back(std::move(d)); }
  void append(Diagnostics&& other);
  void append(const Diagnostics& other);

  [[nodiscard]] const std::vector<Diagnostic>& list() const { return list_; }
  [[nodiscard]] std::size_t errors() const;
  [[nodiscard]] std::size_t warnings() const;
  [[nodiscard]] bool has_errors() const { return errors() != 0; }
  [[nodiscard]] bool empty() const { return list_.empty(); }
  /// Stable order for printing: by file, line, column, then insertion.
  void sort();

 private:
  std::vector<Diagnostic> list_;
};

}  // namespace allot
