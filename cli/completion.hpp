#pragma once
// Shell completion: what a shell needs to know about allot's command line, read from the
// CLI11 definitions themselves (so the scripts cannot drift from the commands), and the
// scripts for bash, zsh and fish made from it.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace allot::cli::completion {

/// What a shell offers for the value of an option or a positional argument.
enum class Value {
  flag,    ///< takes no value
  text,    ///< free text or a number: nothing to offer
  file,    ///< any file or directory
  policy,  ///< a policy file (*.allot) or a directory on the way to one
  choice,  ///< one of `choices`
};

struct Argument {
  std::vector<std::string> names;  ///< "-p", "--policy"; a positional has its one name, "POLICY"
  std::string help;                ///< the first line of its description
  Value value = Value::flag;
  std::vector<std::string> choices;
  bool repeatable = false;         ///< may be given more than once (or take several words)
};

struct Command {
  std::string name;
  std::string help;
  std::vector<Argument> options;
  std::vector<Argument> positionals;
  std::vector<Command> commands;
};

/// Walks a fully built app: its options, positionals and subcommands, recursively.
[[nodiscard]] Command describe(const CLI::App& app);

/// The allowed values of an option checked with CLI::IsMember, as CLI11 describes the check
/// ("TEXT:{a,b,c}" gives a, b, c); none for any other option.
[[nodiscard]] std::vector<std::string> choices_of(const CLI::Option& option);

/// The scripts, for the command `root.name`. Only the root and its direct subcommands are
/// completed (allot has no deeper level).
[[nodiscard]] std::string bash_script(const Command& root);
[[nodiscard]] std::string zsh_script(const Command& root);
[[nodiscard]] std::string fish_script(const Command& root);

}  // namespace allot::cli::completion
