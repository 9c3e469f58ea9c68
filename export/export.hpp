#pragma once
// `allot export`: a policy rendered as the configuration of a scheduler (a target).
//
// Every target is a function from the checked policy and the concrete names it should
// speak about (teams, users, clusters) to a text and its findings. A target never prints
// and never reads files: cli/cmd_export collects the names and writes the text.
//
// Adding a target: write export/<target>.cpp defining `export_<target>` (declared by
// export/targets.def), add one line to export/targets.def and the file to
// export/CMakeLists.txt. Its warnings use its own range of X codes (policy/codes.def).

#include <string>
#include <string_view>
#include <span>
#include <utility>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/policy.hpp"

namespace allot::exporting {  // `export` is a keyword

/// The concrete names an export speaks about. A policy's selectors are globs (`ml-*`),
/// which cannot name a namespace or an account, so the names come from the command line
/// (--team, --user, --cluster) or from the manifests that name them (--from-manifests).
struct Names {
  std::vector<std::string> teams;     ///< sorted, unique
  std::vector<std::string> users;     ///< sorted, unique
  std::vector<std::string> clusters;  ///< sorted, unique; empty: every cluster
  /// (user, team) pairs that jobs name, sorted, unique: a user who works in a team gets
  /// that team's tier (Policy::tier_for) where a target can say so per team.
  std::vector<std::pair<std::string, std::string>> members;

  /// Sorts and removes duplicates, so the same names in any order give the same bytes;
  /// adds the users and teams of `members` to `users` and `teams`.
  void normalise();
  [[nodiscard]] bool empty() const { return teams.empty() && users.empty() && members.empty(); }
};

/// What every target is given. Options of one target only say which target reads them.
struct ExportOptions {
  Names names;
  /// slurm: the TRES that carries storage limits (a license or burst buffer), e.g.
  /// `license/storage` or `bb/lua`. Empty: storage is not exported (a warning says so).
  std::string storage_tres;
};

/// What an export makes: the text to write, and warnings about what it could not say
/// exactly, each at the policy position of the limit concerned.
struct ExportResult {
  std::string text;
  std::vector<Diagnostic> findings;
};

using ExportFunction = ExportResult (*)(const Policy&, const ExportOptions&);

struct Target {
  std::string_view name;     ///< what the command line says: `slurm`
  std::string_view summary;  ///< one line for --help and the man page
  ExportFunction run;
};

// Every target function, declared from the table.
#define ALLOT_TARGET(name, summary) ExportResult export_##name(const Policy&, const ExportOptions&);
#include "export/targets.def"
#undef ALLOT_TARGET

/// Every target, in the order of export/targets.def.
[[nodiscard]] std::span<const Target> targets();
/// The target called `name`, or nullptr.
[[nodiscard]] const Target* find_target(std::string_view name);

}  // namespace allot::exporting
