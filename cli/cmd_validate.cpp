#include "cli/cmd_validate.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "input/files.hpp"
#include "input/manifests.hpp"
#include "cli/output.hpp"
#include "cli/report.hpp"
#include "validate/limits.hpp"

namespace allot::cli {
namespace {

/// Findings about the inputs themselves (could not evaluate) rather than about limits.
bool is_input_problem(const Diagnostic& d) {
  return d.severity == Severity::error && info(d.code).klass == CodeClass::invalid;
}

}  // namespace

void setup_validate(CLI::App& app, int& result) {
  auto o = std::make_shared<ValidateOptions>();
  auto* cmd = app.add_subcommand("validate", "Check job manifests (allot Jobs, Kubernetes workloads) against a policy");
  cmd->add_option("-p,--policy", o->policy, "The policy file (.allot)")->required();
  cmd->add_option("PATH", o->paths, "Manifest files or directories (*.yaml, *.yml, recursively); '-' reads standard input")
      ->required();
  cmd->add_option("--exclude", o->excludes, "Leave out paths matching this glob (repeatable)");
  cmd->add_flag("--allow-empty", o->allow_empty, "Finding no job manifest is not an error");
  cmd->add_flag("--strict-kinds", o->manifest.strict_kinds, "Documents that are not workloads are errors, not skipped");
  cmd->add_option("--user-label", o->manifest.user_label, "Kubernetes label naming the user")->default_str("allot/user");
  cmd->add_option("--team-label", o->manifest.team_label, "Kubernetes label naming the team (namespace if absent)")
      ->default_str("allot/team");
  cmd->add_option("-f,--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}))
      ->default_str("text");
  cmd->add_option("-o,--output", o->output, "Write the report to this file (atomically) instead of standard output");
  cmd->add_option("-j,--jobs", o->jobs, "Files read in parallel (default: one per core)")
      ->check(CLI::Range(0u, 1024u));
  cmd->add_flag("--fail-on-warn", o->fail_on_warn, "Exit 3 when there are warnings but no errors");
  cmd->callback([o, &result] { result = run_validate(*o); });
}

int run_validate(const ValidateOptions& options) {
  if (options.policy == "-" && std::count(options.paths.begin(), options.paths.end(), std::string("-")) > 0) {
    print_err("allot: error[E001]: standard input ('-') can be read only once\n");
    return kInvalid;
  }
  Diagnostics policy_diags;
  SourceCache sources;
  const auto policy = load_policy(options.policy, policy_diags, sources);
  if (!policy) {
    report(policy_diags, sources);
    return kInvalid;
  }
  report(policy_diags, sources);  // policy warnings, if any

  Diagnostics diags;
  const auto files = input::collect_inputs(options.paths, options.excludes, diags);
  input::ManifestSet set = input::read_manifests(files, *policy, options.manifest, options.jobs);
  if (!set.stdin_text.empty()) sources.add("<stdin>", std::move(set.stdin_text));
  diags.append(std::move(set.diags));
  if (set.jobs.empty() && !options.allow_empty && !diags.has_errors())
    diags.error(Code::NoManifests, Location{options.paths.empty() ? std::string(".") : options.paths.front(), 0, 0, 1},
                fmt::format("no job manifests found in {} file{} ({} document{} skipped); pass --allow-empty if that is expected",
                            files.size(), files.size() == 1 ? "" : "s", set.skipped, set.skipped == 1 ? "" : "s"));
  check_limits(*policy, set.jobs, diags);

  Summary summary{files.size(), set.documents, set.jobs.size(), set.skipped, diags.errors(), diags.warnings()};
  const bool to_terminal = options.output.empty() || options.output == "-";
  const std::string text = render(options.format, Report{diags, set.jobs, summary}, sources,
                                  to_terminal && options.format == "text" && use_color(stdout));
  if (auto err = emit(options.output, text); !err.empty()) {
    print_err("allot: error[E002]: cannot write '{}': {}\n", options.output, err);
    return kInvalid;
  }

  const auto& list = diags.list();
  if (std::any_of(list.begin(), list.end(), is_input_problem)) return kInvalid;
  if (diags.has_errors()) return kViolation;
  if (options.fail_on_warn && diags.warnings() > 0) return kWarnOnly;
  return kPass;
}

}  // namespace allot::cli
