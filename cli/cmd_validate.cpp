#include "cli/cmd_validate.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "cli/common.hpp"
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
  cmd->add_option("--nodes", o->manifest.nodes,
                  "Nodes a DaemonSet runs on: its pods are counted this many times (unknown: per-pod checks only)")
      ->check(CLI::Range(0LL, 1000000000LL));
  cmd->add_option("-f,--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}))
      ->default_str("text");
  cmd->add_option("-o,--output", o->output, "Write the report to this file (atomically) instead of standard output");
  cmd->add_option("-j,--jobs", o->jobs, "Files read in parallel (default: one per core)")
      ->check(CLI::Range(0u, 1024u));
  cmd->add_flag("--fail-on-warn", o->fail_on_warn, "Exit 3 when there are warnings but no errors");
  add_progress_flags(*cmd, o->progress);
  cmd->callback([o, &result] { result = run_validate(*o); });
}

/// Renders `diags` in the chosen format and writes it out; machine formats carry every
/// finding, the policy's and the inputs' alike, so CI sees why a run could not be evaluated.
static int finish(const ValidateOptions& options, const Diagnostics& diags, const std::vector<Job>& jobs, Summary summary,
           const SourceCache& sources) {
  summary.errors = diags.errors();
  summary.warnings = diags.warnings();
  const bool to_terminal = options.output.empty() || options.output == "-";
  const bool color = to_terminal && options.format == "text" && use_color(stdout);
  const Report report{diags, jobs, summary, options.jobs};
  if (auto err = emit(options.output, [&](const Sink& out) { render(options.format, report, sources, color, out); });
      !err.empty()) {
    print_err("allot: error[{}]: cannot write '{}': {}\n", to_string(Code::UnwritableOutput), options.output, err);
    return kInvalid;
  }
  const auto& list = diags.list();
  if (std::any_of(list.begin(), list.end(), is_input_problem)) return kInvalid;
  if (diags.has_errors()) return kViolation;
  if (options.fail_on_warn && diags.warnings() > 0) return kWarnOnly;
  return kPass;
}

int run_validate(const ValidateOptions& options) {
  const bool text = options.format == "text";
  Diagnostics diags;
  SourceCache sources;
  if (options.policy == "-" && std::count(options.paths.begin(), options.paths.end(), std::string("-")) > 0) {
    diags.error(Code::UnreadableInput, Location{"<stdin>", 0, 0, 1}, "standard input ('-') can be read only once");
    if (!text) return finish(options, diags, {}, {}, sources);
    report(diags, sources);
    return kInvalid;
  }
  const auto policy = load_policy(options.policy, diags, sources);
  // The text report is about the manifests; the policy's findings go to standard error
  // before it. Machine formats hold both in one document.
  if (text) {
    report(diags, sources);
    if (!policy) return kInvalid;
    diags = Diagnostics{};
  }
  if (!policy) return finish(options, diags, {}, {}, sources);

  Progress progress(show_progress(options.progress), "validate");
  input::ManifestSet set = read_manifest_paths(options.paths, options.excludes, *policy, options.manifest,
                                               options.jobs, diags, progress);
  if (!set.stdin_text.empty()) sources.add("<stdin>", std::move(set.stdin_text));
  diags.append(std::move(set.diags));
  no_manifests(set, set.files, options.paths, options.allow_empty, diags);
  progress.phase("checking limits");
  check_limits(*policy, set.jobs, diags, options.jobs);
  progress.stop();
  const int code = finish(options, diags, set.jobs,
                          Summary{set.files, set.documents, set.jobs.size(), set.skipped, 0, 0}, sources);
  keep_until_exit(std::move(set));
  keep_until_exit(std::move(diags));
  keep_until_exit(std::move(sources));
  return code;
}

}  // namespace allot::cli
