#pragma once
// What every allot command shares: the exit-code contract, reading inputs, colour.

#include <cstdio>
#include <memory>
#include <type_traits>
#include <optional>
#include <string>
#include <string_view>

#include "policy/diagnostic.hpp"

namespace allot::cli {

/// The exit-code contract of every allot command (man/allot.1, EXIT STATUS).
enum ExitCode : int {
  kPass = 0,        ///< nothing wrong (warnings allowed)
  kViolation = 1,   ///< the inputs violate the policy (or fmt --check found changes)
  kInvalid = 2,     ///< could not evaluate: usage, unreadable or invalid input, invalid policy
  kWarnOnly = 3,    ///< only warnings, and --fail-on-warn was given
};

/// Options every command understands.
struct GlobalOptions {
  std::string color = "auto";  ///< auto | always | never
};
GlobalOptions& global_options();

/// Whether to colour what goes to `stream`: --color, then NO_COLOR, then "is it a terminal".
[[nodiscard]] bool use_color(std::FILE* stream);

/// The exit code for a run that produced `diags` and found `violations`.
[[nodiscard]] int exit_code(const Diagnostics& diags, bool fail_on_warn);

}  // namespace allot::cli

#include "cli/diagnostic_printer.hpp"
#include "input/manifests.hpp"
#include "policy/policy.hpp"

namespace allot::cli {

/// Reads and checks one policy file; its text goes to `sources` for the printer.
/// Returns the policy only if it has no errors.
[[nodiscard]] std::optional<Policy> load_policy(const std::string& path, Diagnostics& diags,
                                                SourceCache& sources);

/// V004, the same for every command that reads manifests: nothing to check is an error
/// only when no document was recognised either (a file of configuration kinds, or of kinds
/// warned about with V031, is known not to be a mistake), and --allow-empty was not given.
void no_manifests(const input::ManifestSet& set, std::size_t files, const std::vector<std::string>& paths,
                  bool allow_empty, Diagnostics& diags);

class Progress;

/// Reads the manifests `paths` name (directories walked, `excludes` left out) with `threads`
/// workers, which read the first files while the walk lists the rest. `progress` shows the
/// phase "reading manifests" with the files read of those found. The walk's findings go to
/// `diags`; the readers' are in the set.
[[nodiscard]] input::ManifestSet read_manifest_paths(const std::vector<std::string>& paths,
                                                     const std::vector<std::string>& excludes, const Policy& policy,
                                                     const ManifestOptions& options, unsigned threads,
                                                     Diagnostics& diags, Progress& progress);

/// Keeps `value` until the process exits, never destroying it: for the jobs, findings and
/// sources of a command whose next step is to exit. The kernel takes a process's memory
/// back at once, where destroying a fleet's worth of them one allocation at a time costs
/// milliseconds after the report is written (compilers skip the same work when they exit).
/// The storage stays reachable, so leak checkers do not count it lost.
void keep_until_exit(std::shared_ptr<void> value);
template <typename T>
void keep_until_exit(T&& value) {
  keep_until_exit(std::static_pointer_cast<void>(std::make_shared<std::decay_t<T>>(std::forward<T>(value))));
}

/// Prints the diagnostics to stderr, in colour if stderr is a terminal.
void report(const Diagnostics& diags, const SourceCache& sources);

}  // namespace allot::cli
