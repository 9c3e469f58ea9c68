#pragma once
// `allot completion bash|zsh|fish`: the shell completion script, made from the command line
// itself, so that every command and option, those added later included, completes.

#include <string>

#include <CLI/CLI.hpp>

namespace allot::cli {

struct CompletionOptions {
  std::string shell;  ///< bash | zsh | fish
};

/// Registers the subcommand; when it runs, it describes `app` (all of it, by then) and its
/// exit code goes to `result`.
void setup_completion(CLI::App& app, int& result);
[[nodiscard]] int run_completion(const CompletionOptions& options, const CLI::App& app);

}  // namespace allot::cli
