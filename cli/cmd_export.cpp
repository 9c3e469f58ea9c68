#include "cli/cmd_export.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/output.hpp"
#include "input/files.hpp"
#include "input/manifests.hpp"
#include "policy/suggest.hpp"

namespace allot::cli {
namespace {

std::string target_list() {
  std::string out;
  for (const auto& t : exporting::targets()) out += fmt::format("{}{}", out.empty() ? "" : ", ", t.name);
  return out;
}

/// Adds the users and teams that the jobs of `paths` name to `names`. Manifest errors
/// go to `diags`: names read from a broken file would be a guess.
void names_from_manifests(const ExportCommandOptions& options, const Policy& policy, exporting::Names& names,
                          Diagnostics& diags, SourceCache& sources) {
  std::vector<std::string> files;
  input::ManifestSet set = input::read_manifests(
      [&](const input::FileSink& add) { files = input::collect_inputs(options.manifests, options.excludes, diags, add); },
      policy, options.manifest, 0);
  if (!set.stdin_text.empty()) sources.add("<stdin>", std::move(set.stdin_text));
  diags.append(std::move(set.diags));
  no_manifests(set, files.size(), options.manifests, false, diags);
  for (const auto& job : set.jobs)
    if (!job.user.empty()) names.members.emplace_back(job.user, job.team);
    else if (!job.team.empty()) names.teams.push_back(job.team);
}

}  // namespace

void setup_export(CLI::App& app, int& result) {
  auto o = std::make_shared<ExportCommandOptions>();
  auto* cmd = app.add_subcommand("export", "Render a policy as the configuration of a scheduler (" + target_list() + ")");
  cmd->add_option("TARGET", o->target, "The scheduler: " + target_list())->required();
  cmd->add_option("POLICY", o->policy, "The policy file (.allot); '-' reads standard input")->required();
  auto& names = o->target_options.names;
  const auto not_empty = CLI::Validator(
      [](std::string& s) { return s.empty() ? std::string("a name cannot be empty") : std::string(); }, "NAME");
  // One value per occurrence, so `--user alice POLICY` leaves POLICY to its positional.
  cmd->add_option("--team", names.teams, "A team to export (repeatable): its account or namespace")
      ->check(not_empty)
      ->allow_extra_args(false);
  cmd->add_option("--user", names.users, "A user to export (repeatable)")->check(not_empty)->allow_extra_args(false);
  cmd->add_option("--cluster", names.clusters, "A cluster whose per-cluster limits to set (repeatable; default: all)")
      ->check(not_empty)
      ->allow_extra_args(false);
  cmd->add_option("--from-manifests", o->manifests,
                  "Export the users and teams that the jobs of these manifests name (files or directories, repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--exclude", o->excludes, "With --from-manifests: leave out paths matching this glob (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--user-label", o->manifest.user_label, "Kubernetes label naming the user")->default_str("allot/user");
  cmd->add_option("--team-label", o->manifest.team_label, "Kubernetes label naming the team (namespace if absent)")
      ->default_str("allot/team");
  cmd->add_option("--storage-tres", o->target_options.storage_tres,
                  "slurm: the TRES that carries storage limits, such as license/storage (default: none, a warning)")
      ->check(not_empty);
  cmd->add_option("-o,--output", o->output, "Write to this file (atomically) instead of standard output");
  cmd->add_flag("--fail-on-warn", o->fail_on_warn, "Exit 3 when there are warnings but no errors");
  cmd->callback([o, &result] { result = run_export(*o); });
}

int run_export(const ExportCommandOptions& options) {
  Diagnostics diags;
  SourceCache sources;
  const exporting::Target* target = exporting::find_target(options.target);
  if (target == nullptr) {
    std::vector<std::string_view> known;
    for (const auto& t : exporting::targets()) known.push_back(t.name);
    const auto hint = did_you_mean(options.target, known);
    diags.error(Code::UnknownExportTarget, Location{},
                fmt::format("unknown export target '{}'; {}", options.target,
                            hint ? fmt::format("did you mean '{}'?", *hint) : "the targets are " + target_list()));
    report(diags, sources);
    return kInvalid;
  }
  if (options.policy == "-" && std::count(options.manifests.begin(), options.manifests.end(), std::string("-")) > 0) {
    diags.error(Code::UnreadableInput, Location{"<stdin>", 0, 0, 1}, "standard input ('-') can be read only once");
    report(diags, sources);
    return kInvalid;
  }
  const auto policy = load_policy(options.policy, diags, sources);
  exporting::ExportOptions target_options = options.target_options;
  if (policy && !options.manifests.empty()) names_from_manifests(options, *policy, target_options.names, diags, sources);
  if (!policy || diags.has_errors()) {
    report(diags, sources);
    return kInvalid;
  }
  target_options.names.normalise();
  auto result = target->run(*policy, target_options);
  for (auto& d : result.findings) diags.add(std::move(d));
  // A target that found an error (a name it cannot store) has nothing to write.
  if (diags.has_errors()) {
    diags.sort();
    report(diags, sources);
    return kInvalid;
  }
  if (auto err = emit(options.output, result.text); !err.empty())
    diags.error(Code::UnwritableOutput, Location{},
                fmt::format("cannot write {}: {}", options.output.empty() ? "standard output" : "'" + options.output + "'",
                            err));
  diags.sort();
  report(diags, sources);
  return exit_code(diags, options.fail_on_warn);
}

}  // namespace allot::cli
