// allot: resource limits for the Swarm decentralized AI cloud.

#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/cmd_check.hpp"
#include "cli/cmd_fmt.hpp"
#include "cli/cmd_show.hpp"
#include "cli/common.hpp"

int main(int argc, char** argv) {
  using namespace allot::cli;
  CLI::App app{"allot: check resource-limit policies, lint job manifests and plan placements "
               "for the Swarm cloud.\nSee 'man allot' and 'allot COMMAND --help'.",
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and version are successes; every other parse error is a usage error.
    if (e.get_exit_code() == 0) return app.exit(e);
    app.exit(e);
    return kInvalid;
  } catch (const std::exception& e) {
    fmt::print(stderr, "allot: error: {}\n", e.what());
    return kInvalid;
  }
  std::fflush(stdout);
  return result;
}
