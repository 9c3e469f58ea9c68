// allot: resource limits for the Swarm decentralized AI cloud.

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/cmd_check.hpp"
#include "cli/cmd_completion.hpp"
#include "cli/cmd_explain.hpp"
#include "cli/cmd_export.hpp"
#include "cli/cmd_fmt.hpp"
#include "cli/cmd_show.hpp"
#include "cli/cmd_place.hpp"
#include "cli/cmd_test.hpp"
#include "cli/cmd_validate.hpp"
#include "cli/common.hpp"
#include "cli/output.hpp"
#include "policy/suggest.hpp"

int main(int argc, char** argv) {
  using namespace allot::cli;
  ignore_sigpipe();
  CLI::App app{"allot: resource-limit policies for the Swarm cloud, and the job manifests "
               "that must keep to them.\nSee 'man allot' and 'allot COMMAND --help'.",
               "allot"};
  app.set_version_flag("--version", std::string("allot ") + ALLOT_VERSION);
  app.add_option("--color", global_options().color, "Colour diagnostics: auto (a terminal, no NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  app.require_subcommand(1);
  app.fallthrough();

  int result = kPass;
  setup_check(app, result);
  setup_fmt(app, result);
  setup_show(app, result);
  setup_validate(app, result);
  setup_place(app, result);
  setup_export(app, result);
  setup_test(app, result);
  setup_explain(app, result);
  setup_completion(app, result);

  // An unknown command word would otherwise read as "a subcommand is required".
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--color") {
      ++i;
      continue;
    }
    if (arg.empty() || arg[0] == '-') continue;
    std::vector<std::string_view> names;
    for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), arg) != names.end()) break;
    const auto hint = allot::did_you_mean(arg, names);
    print_err("allot: error: unknown command '{}'{}\nRun 'allot --help' for the list of commands.\n", arg,
               hint ? fmt::format("; did you mean '{}'?", *hint) : "");
    return kInvalid;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and version are successes; every other parse error is a usage error.
    if (e.get_exit_code() == 0) return app.exit(e);
    app.exit(e);
    return kInvalid;
  } catch (const std::exception& e) {
    print_err("allot: error: {}\n", e.what());
    return kInvalid;
  }
  // Output goes through emit(), which flushes and reports write errors itself.
  (void)std::fflush(stdout);
  return result;
}
