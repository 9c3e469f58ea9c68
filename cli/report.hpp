#pragma once
// Renders the findings of a run for people (text) and for machines (JSON, SARIF 2.1.0,
// JUnit XML, GitHub workflow commands).

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/diagnostic_printer.hpp"
#include "cli/tree.hpp"
#include "policy/diagnostic.hpp"
#include "input/manifest_reader.hpp"

namespace allot::cli {

struct Summary {
  std::size_t files = 0;
  std::size_t documents = 0;
  std::size_t jobs = 0;
  std::size_t skipped = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
};

/// Everything a report shows.
struct Report {
  const Diagnostics& diags;
  const std::vector<Job>& jobs;
  Summary summary;
  unsigned threads = 1;  ///< for formatting many findings as text (0: one per core); the bytes do not depend on it
};

/// One diagnostic as the JSON report writes it (severity, code, message, location, the facts
/// of a limit finding, contributors, notes): shared by every command's JSON and YAML output.
[[nodiscard]] Tree diagnostic_tree(const Diagnostic& d);
/// Every diagnostic, in the order found.
[[nodiscard]] Tree diagnostics_tree(const Diagnostics& diags);

void render_text(const Report& r, const SourceCache& sources, bool color, const std::function<void(std::string_view)>& out);
[[nodiscard]] std::string render_json(const Report& r);
[[nodiscard]] std::string render_sarif(const Report& r);
[[nodiscard]] std::string render_junit(const Report& r);
[[nodiscard]] std::string render_github(const Report& r);

/// `s` as XML 1.0 text or attribute value (control characters it cannot carry become '?').
[[nodiscard]] std::string xml_escape(std::string_view s);

/// `format` is one of text, json, sarif, junit, github.
[[nodiscard]] std::string render(const std::string& format, const Report& r, const SourceCache& sources, bool color);
/// The same, handed to `out` in pieces (the text of many findings in a few large ones).
void render(const std::string& format, const Report& r, const SourceCache& sources, bool color,
            const std::function<void(std::string_view)>& out);

}  // namespace allot::cli
