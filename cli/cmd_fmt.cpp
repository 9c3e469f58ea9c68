#include "cli/cmd_fmt.hpp"

#include <memory>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/output.hpp"
#include "grammar/formatter.hpp"
#include "grammar/parser.hpp"
#include "input/files.hpp"

namespace allot::cli {

void setup_fmt(CLI::App& app, int& result) {
  auto options = std::make_shared<FmtOptions>();
  auto* cmd = app.add_subcommand("fmt", "Print policy files in the canonical layout, comments kept");
  cmd->add_option("POLICY", options->files, "Policy files (.allot); '-' reads standard input")->required();
  auto* check = cmd->add_flag("--check", options->check,
                              "Change nothing; list the files that are not formatted and exit 1");
  cmd->add_flag("-w,--write", options->write, "Rewrite the files in place (atomically)")->excludes(check);
  cmd->callback([options, &result] { result = run_fmt(*options); });
}

int run_fmt(const FmtOptions& options) {
  Diagnostics diags;
  SourceCache sources;
  bool changed = false;
  std::string out;
  for (const auto& path : options.files) {
    Diagnostics local;
    auto text = input::read_file(path, local, grammar::kMaxPolicyBytes);
    const std::string name = path == "-" ? "<stdin>" : path;
    if (text) {
      const auto file = grammar::parse(*text, name, local);
      if (!local.has_errors()) {
        std::string formatted = grammar::format(file, *text);
        if (formatted != *text) {
          changed = true;
          if (options.check) {
            out += name + "\n";
          } else if (options.write && path != "-") {
            if (auto err = write_atomically(path, formatted); !err.empty())
              local.error(Code::UnwritableOutput, Location{name, 0, 0, 1}, fmt::format("cannot write '{}': {}", name, err));
          }
        }
        if (!options.check && (!options.write || path == "-")) out += formatted;
      }
      sources.add(name, std::move(*text));
    }
    diags.append(local);
  }
  if (auto err = emit("", out); !err.empty())
    diags.error(Code::UnwritableOutput, Location{"<stdout>", 0, 0, 1}, fmt::format("cannot write output: {}", err));
  report(diags, sources);
  if (diags.has_errors()) return kInvalid;
  return options.check && changed ? kViolation : kPass;
}

}  // namespace allot::cli
