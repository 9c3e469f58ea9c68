#pragma once
// Locations and diagnostics shared by every part of allot.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>

#include "policy/codes.hpp"

namespace allot {

/// A file's name, interned: every location in one file shares one copy of its name, so a
/// token, a job or a finding carries a pointer, not a string. Names are never freed; a run
/// reads a bounded number of files. Interning is thread-safe; reading the name needs no lock.
class FileRef {
 public:
  FileRef();  ///< the empty name: no file
  FileRef(std::string_view name);  // NOLINT(google-explicit-constructor): a name is a file
  FileRef(const std::string& name) : FileRef(std::string_view(name)) {}  // NOLINT(google-explicit-constructor)
  FileRef(const char* name) : FileRef(std::string_view(name)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] const std::string& str() const { return *name_; }
  operator const std::string&() const { return *name_; }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool empty() const { return name_->empty(); }

  /// Interned, so the same name is the same pointer.
  friend bool operator==(FileRef a, FileRef b) { return a.name_ == b.name_; }
  friend bool operator==(FileRef a, std::string_view b) { return *a.name_ == b; }
  friend bool operator==(FileRef a, const std::string& b) { return *a.name_ == b; }
  friend bool operator==(FileRef a, const char* b) { return *a.name_ == b; }
  /// By name, for printing in file order.
  friend std::strong_ordering operator<=>(FileRef a, FileRef b) { return a.name_->compare(*b.name_) <=> 0; }

 private:
  const std::string* name_;
};

/// A position in a source file, counted from 1 (line and byte column).
/// `line == 0` means "no position": the diagnostic is about the file as a whole.
struct Location {
  FileRef file;
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
[[nodiscard]] inline Location at(FileRef file, Position p, std::uint32_t length = 1) {
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
  std::string group;     ///< the group of a gang of several shapes a per-node finding is about
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

/// A file name formats as its text.
template <>
struct fmt::formatter<allot::FileRef> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(allot::FileRef f, Context& ctx) const {
    return fmt::formatter<std::string_view>::format(std::string_view(f.str()), ctx);
  }
};
