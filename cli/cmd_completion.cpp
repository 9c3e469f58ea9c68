#include "cli/cmd_completion.hpp"

#include <memory>

#include "cli/common.hpp"
#include "cli/completion.hpp"
#include "cli/output.hpp"

namespace allot::cli {

void setup_completion(CLI::App& app, int& result) {
  auto options = std::make_shared<CompletionOptions>();
  auto* cmd = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  cmd->add_option("SHELL", options->shell, "The shell")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  cmd->callback([options, &app, &result] { result = run_completion(*options, app); });
}

int run_completion(const CompletionOptions& options, const CLI::App& app) {
  const auto root = completion::describe(app);
  const std::string script = options.shell == "bash"  ? completion::bash_script(root)
                             : options.shell == "zsh" ? completion::zsh_script(root)
                                                      : completion::fish_script(root);
  if (auto err = emit("", script); !err.empty()) {
    print_err("allot: error: cannot write standard output: {}\n", err);
    return kInvalid;
  }
  return kPass;
}

}  // namespace allot::cli
