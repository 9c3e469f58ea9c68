// The completion scripts for bash, zsh and fish, made from the description of the command
// line that completion.cpp reads out of CLI11.
#include <fmt/format.h>

#include "cli/completion.hpp"

namespace allot::cli::completion {
namespace {

std::string join(const std::vector<std::string>& words, std::string_view sep = " ") {
  return fmt::format("{}", fmt::join(words, sep));
}

/// Every option name of `c`, then (at the top) its subcommands.
std::vector<std::string> option_names(const Command& c) {
  std::vector<std::string> names;
  for (const auto& o : c.options) names.insert(names.end(), o.names.begin(), o.names.end());
  return names;
}

std::vector<std::string> command_names(const Command& c) {
  std::vector<std::string> names;
  for (const auto& s : c.commands) names.push_back(s.name);
  return names;
}

// ---------------------------------------------------------------------------------------
// bash: one function that finds the subcommand, then completes the value of the option
// before the cursor, an option name, or a positional argument.

std::string bash_action(Value v, const std::vector<std::string>& choices) {
  switch (v) {
    case Value::choice: return fmt::format("COMPREPLY=($(compgen -W '{}' -- \"$cur\"))", join(choices));
    case Value::policy: return "_allot_files .allot";
    case Value::file: return "_allot_files";
    default: return "COMPREPLY=()";
  }
}

std::string bash_command(const Command& c, const std::string& label, const std::vector<std::string>& words) {
  std::string out = fmt::format("    {})\n", label);
  std::string values;
  for (const auto& o : c.options)
    if (o.value != Value::flag)
      values += fmt::format("        {}) {}; return 0 ;;\n", join(o.names, "|"), bash_action(o.value, o.choices));
  if (!values.empty()) out += "      case $prev in\n" + values + "      esac\n";
  out += "      if [[ $cur == -* ]]; then\n";
  out += fmt::format("        COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n", join(option_names(c)));
  out += "      else\n";
  if (!words.empty()) out += fmt::format("        COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n", join(words));
  else if (!c.positionals.empty()) out += fmt::format("        {}\n", bash_action(c.positionals[0].value, c.positionals[0].choices));
  else out += "        COMPREPLY=()\n";
  out += "      fi\n      ;;\n";
  return out;
}

// ---------------------------------------------------------------------------------------
// zsh: _arguments specs, the subcommand in a state of its own.

/// Text inside a single-quoted _arguments spec: quotes closed and reopened, and the
/// characters _arguments reads ([, ], :) escaped.
std::string zsh_text(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\'') out += "'\\''";
    else if (ch == '[' || ch == ']' || ch == ':' || ch == '\\') out += {'\\', ch};
    else out += ch;
  }
  return out;
}

std::string zsh_action(const Argument& a) {
  switch (a.value) {
    case Value::choice: return fmt::format("value:({})", join(a.choices));
    case Value::policy: return "policy file:_files -g \"*.allot\"";
    case Value::file: return "file:_files";
    default: return "value: ";
  }
}

std::string zsh_option(const Argument& o) {
  const bool takes = o.value != Value::flag;
  std::vector<std::string> forms;
  for (const auto& n : o.names) forms.push_back(n + (!takes ? "" : n.size() == 2 ? "+" : "="));
  std::string spec;
  if (o.repeatable) spec = "'*'";
  else if (o.names.size() > 1) spec = fmt::format("'({})'", join(o.names));
  spec += forms.size() == 1 ? forms[0] : fmt::format("{{{}}}", join(forms, ","));
  spec += fmt::format("'[{}]", zsh_text(o.help));
  if (takes) spec += ":" + zsh_action(o);
  return spec + "'";
}

std::string zsh_arguments(const Command& c, std::string_view indent, const std::vector<std::string>& extra) {
  std::vector<std::string> specs;
  for (const auto& o : c.options) specs.push_back(zsh_option(o));
  for (const auto& p : c.positionals)
    specs.push_back(fmt::format("'{}:{}'", p.repeatable ? "*" : "", zsh_action(p)));
  specs.insert(specs.end(), extra.begin(), extra.end());
  std::string out = fmt::format("{}_arguments -s -S", indent);
  if (!c.commands.empty()) out += " -C";
  for (const auto& s : specs) out += fmt::format(" \\\n{}  {}", indent, s);
  return out + " && ret=0\n";
}

// ---------------------------------------------------------------------------------------
// fish: one `complete` line per option, conditioned on the subcommand.

/// Policy files and the directories on the way to them (fish's __fish_complete_suffix
/// offers the other files too).
constexpr std::string_view kFishPolicies = R"('(__fish_complete_path (commandline -ct) | string match -re -- "(?:\.allot|/)\t")')";

std::string fish_text(std::string_view s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

std::string fish_action(Value v, const std::vector<std::string>& choices) {
  switch (v) {
    case Value::choice: return fmt::format(" -x -a {}", fish_text(join(choices)));
    case Value::policy: return " -x -a " + std::string(kFishPolicies);
    case Value::file: return " -r -F";
    case Value::text: return " -x";
    default: return "";
  }
}

std::string fish_lines(const Command& c, const std::string& prefix) {
  std::string out;
  for (const auto& o : c.options) {
    std::string names;
    for (const auto& n : o.names) names += n.size() == 2 ? fmt::format(" -s {}", n.substr(1)) : fmt::format(" -l {}", n.substr(2));
    out += fmt::format("{}{}{} -d {}\n", prefix, names, fish_action(o.value, o.choices), fish_text(o.help));
  }
  if (!c.positionals.empty()) {
    const auto& p = c.positionals[0];
    if (p.value == Value::choice) out += fmt::format("{} -a {}\n", prefix, fish_text(join(p.choices)));
    else if (p.value == Value::policy) out += prefix + " -a " + std::string(kFishPolicies) + "\n";
    else if (p.value == Value::file) out += prefix + " -F\n";
  }
  return out;
}

}  // namespace

std::string bash_script(const Command& root) {
  const std::string& n = root.name;
  std::string out = fmt::format(
      "# bash completion for {0}(1). Generated by '{0} completion bash' from {0}'s own\n"
      "# command-line definitions: do not edit, regenerate.\n\n"
      "# Files (and directories) for the word being completed; $1 keeps only names ending so.\n"
      "_{0}_files() {{\n"
      "  local IFS=$'\\n'\n"
      "  compopt -o filenames 2>/dev/null\n"
      "  if [[ -n ${{1-}} ]]; then\n"
      "    COMPREPLY=($(compgen -d -- \"$cur\") $(compgen -f -X \"!*$1\" -- \"$cur\"))\n"
      "  else\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  fi\n"
      "}}\n\n"
      "_{0}() {{\n"
      "  local cur=${{COMP_WORDS[COMP_CWORD]}} prev= cmd= i\n"
      "  (( COMP_CWORD > 0 )) && prev=${{COMP_WORDS[COMP_CWORD-1]}}\n"
      "  # --option=value: bash splits it at '='.\n"
      "  if [[ $cur == = ]]; then\n"
      "    cur=\n"
      "  elif [[ $prev == = ]] && (( COMP_CWORD > 1 )); then\n"
      "    prev=${{COMP_WORDS[COMP_CWORD-2]}}\n"
      "  fi\n"
      "  for (( i = 1; i < COMP_CWORD; i++ )); do\n"
      "    case ${{COMP_WORDS[i]}} in\n",
      n);
  std::vector<std::string> valued;
  for (const auto& o : root.options)
    if (o.value != Value::flag) valued.insert(valued.end(), o.names.begin(), o.names.end());
  if (!valued.empty()) out += fmt::format("      {}) (( i++ )) ;;\n", join(valued, "|"));
  if (!root.commands.empty())
    out += fmt::format("      {}) cmd=${{COMP_WORDS[i]}}; break ;;\n", join(command_names(root), "|"));
  out += "    esac\n  done\n  case $cmd in\n";
  out += bash_command(root, "\"\"", command_names(root));
  for (const auto& c : root.commands) out += bash_command(c, c.name, {});
  out += fmt::format("  esac\n  return 0\n}}\n\ncomplete -F _{0} {0}\n", n);
  return out;
}

std::string zsh_script(const Command& root) {
  const std::string& n = root.name;
  std::string out = fmt::format(
      "#compdef {0}\n"
      "# zsh completion for {0}(1). Generated by '{0} completion zsh' from {0}'s own\n"
      "# command-line definitions: do not edit, regenerate.\n\n"
      "_{0}() {{\n"
      "  local curcontext=$curcontext state state_descr line ret=1\n"
      "  typeset -A opt_args\n",
      n);
  out += zsh_arguments(root, "  ", {"'1: :->command'", "'*:: :->argument'"});
  out += "  case $state in\n    command)\n      local -a commands\n      commands=(\n";
  for (const auto& c : root.commands) out += fmt::format("        '{}:{}'\n", c.name, zsh_text(c.help));
  out += fmt::format("      )\n      _describe -t commands '{} command' commands && ret=0\n      ;;\n", n);
  out += fmt::format("    argument)\n      curcontext=${{curcontext%:*:*}}:{}-$words[1]:\n      case $words[1] in\n", n);
  for (const auto& c : root.commands) {
    out += fmt::format("        {})\n", c.name);
    out += zsh_arguments(c, "          ", {});
    out += "          ;;\n";
  }
  out += fmt::format("      esac\n      ;;\n  esac\n  return ret\n}}\n\n_{0} \"$@\"\n", n);
  return out;
}

std::string fish_script(const Command& root) {
  const std::string& n = root.name;
  std::string out = fmt::format(
      "# fish completion for {0}(1). Generated by '{0} completion fish' from {0}'s own\n"
      "# command-line definitions: do not edit, regenerate.\n\n"
      "complete -c {0} -f\n",
      n);
  const std::string top = fmt::format("complete -c {} -n __fish_use_subcommand", n);
  out += fish_lines(Command{root.name, root.help, root.options, {}, {}}, top);
  for (const auto& c : root.commands) out += fmt::format("{} -a {} -d {}\n", top, c.name, fish_text(c.help));
  for (const auto& c : root.commands)
    out += fish_lines(c, fmt::format("complete -c {} -n '__fish_seen_subcommand_from {}'", n, c.name));
  return out;
}

}  // namespace allot::cli::completion
