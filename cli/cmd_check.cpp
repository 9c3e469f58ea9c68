#include "cli/cmd_check.hpp"

#include <memory>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/output.hpp"

namespace allot::cli {

void setup_check(CLI::App& app, int& result) {
  auto options = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Check policy files and report every problem");
  cmd->add_option("POLICY", options->files, "Policy files (.allot); '-' reads standard input")->required();
  cmd->add_flag("--fail-on-warn", options->fail_on_warn, "Exit 3 when there are warnings but no errors");
  cmd->add_flag("-q,--quiet", options->quiet, "Print diagnostics only, no summary line");
  cmd->callback([options, &result] { result = run_check(*options); });
}

int run_check(const CheckOptions& options) {
  Diagnostics diags;
  SourceCache sources;
  for (const auto& f : options.files) (void)load_policy(f, diags, sources);
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
