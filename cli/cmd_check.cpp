#include "cli/cmd_check.hpp"

#include <memory>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/output.hpp"
#include "cli/report.hpp"

namespace allot::cli {

void setup_check(CLI::App& app, int& result) {
  auto options = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Check policy files and report every problem");
  cmd->add_option("POLICY", options->files, "Policy files (.allot); '-' reads standard input")->required();
  cmd->add_flag("--fail-on-warn", options->fail_on_warn, "Exit 3 when there are warnings but no errors");
  cmd->add_flag("-q,--quiet", options->quiet, "Print diagnostics only, no summary line");
  cmd->add_option("-f,--format", options->format, "Output format: text goes to standard error, the others to standard output")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
      ->default_str("text");
  cmd->add_option("-o,--output", options->output, "Write the report (not text) to this file (atomically)");
  cmd->callback([options, &result] { result = run_check(*options); });
}

/// JSON, SARIF and GitHub annotations, as validate writes them: the policies are the files.
static int report_for_machines(const CheckOptions& options, const Diagnostics& diags) {
  const std::vector<Job> no_jobs;
  const Summary summary{options.files.size(), options.files.size(), 0, 0, diags.errors(), diags.warnings()};
  const std::string text = render(options.format, Report{diags, no_jobs, summary}, SourceCache{}, false);
  if (auto err = emit(options.output, text); !err.empty()) {
    print_err("allot: error[{}]: cannot write '{}': {}\n", to_string(Code::UnwritableOutput),
              options.output.empty() ? "standard output" : options.output, err);
    return kInvalid;
  }
  return exit_code(diags, options.fail_on_warn);
}

int run_check(const CheckOptions& options) {
  if (options.format == "text" && !options.output.empty()) {
    print_err("allot: error: --output writes JSON, SARIF or GitHub reports: add --format json, sarif or github\n");
    return kInvalid;
  }
  Diagnostics diags;
  SourceCache sources;
  for (const auto& f : options.files) (void)load_policy(f, diags, sources);
  if (options.format != "text") return report_for_machines(options, diags);
  report(diags, sources);
  if (!options.quiet) {
    const auto e = diags.errors();
    const auto w = diags.warnings();
    print_err("checked {} polic{}: {} error{}, {} warning{}\n", options.files.size(),
               options.files.size() == 1 ? "y" : "ies", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
  }
  return exit_code(diags, options.fail_on_warn);
}

}  // namespace allot::cli
