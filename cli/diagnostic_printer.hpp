#pragma once
// Prints diagnostics like a compiler: location, severity[code], message, the source line
// and a caret under the offending token.

#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "policy/diagnostic.hpp"

namespace allot::cli {

/// The texts of the files diagnostics point into, so the printer can quote their lines.
/// Files not added are read from disk the first time a line of theirs is asked for, so
/// only files with findings are ever held in memory.
class SourceCache {
 public:
  void add(const std::string& file, std::string text) { files_[file] = std::move(text); }
  /// Line `line` (from 1) of `file` without its line ending; empty if unknown. A file not
  /// yet cached is read now.
  [[nodiscard]] std::string_view line(const std::string& file, std::uint32_t line) const;
  /// Reads, on `threads` threads, every file that a location of `diags` (or of their notes)
  /// names and that is not cached yet, so that line() then only looks up: the quotes of a
  /// large report are not read one file after another.
  void preload(const Diagnostics& diags, unsigned threads) const;

 private:
  mutable std::map<std::string, std::string> files_;
};

/// One diagnostic and its notes as printed text.
[[nodiscard]] std::string format_diagnostic(const Diagnostic& d, const SourceCache& sources, bool color);

/// Prints one diagnostic and its notes to `out`.
void print_diagnostic(std::FILE* out, const Diagnostic& d, const SourceCache& sources, bool color);

/// All of them as printed text, in order, handed to `out` in a few large pieces: the same
/// bytes whatever `threads`, which format (and first read the files to quote) in parallel
/// when there are many.
void format_diagnostics(const Diagnostics& diags, const SourceCache& sources, bool color, unsigned threads,
                        const std::function<void(std::string_view)>& out);

/// Prints all of them, in order.
void print_diagnostics(std::FILE* out, const Diagnostics& diags, const SourceCache& sources, bool color);

/// The excerpt under a diagnostic header: "    7 |   text" and "      |   ^~~~".
/// Exposed for tests. Very long lines are cut to a window around the column.
[[nodiscard]] std::string excerpt(std::string_view line, const Location& loc, bool color);

}  // namespace allot::cli
