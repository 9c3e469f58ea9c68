#include "cli/completion.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

namespace allot::cli::completion {
namespace {

/// Arguments whose values are names or numbers, not files. Every other text argument is
/// completed as a file, which is also what a shell does when it knows nothing.
constexpr std::array kFreeText{std::string_view("--tier"), std::string_view("--user-label"),
                               std::string_view("--team-label"), std::string_view("--cluster-label"),
                               std::string_view("--cluster"), std::string_view("CODE")};
constexpr std::array kPolicy{std::string_view("--policy"), std::string_view("POLICY")};

bool named(const Argument& a, const auto& list) {
  return std::any_of(a.names.begin(), a.names.end(),
                     [&](const std::string& n) { return std::find(list.begin(), list.end(), n) != list.end(); });
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

Value value_of(const CLI::Option& o, const Argument& a) {
  if (o.get_items_expected_max() == 0) return Value::flag;
  if (!a.choices.empty()) return Value::choice;
  const std::string type = o.get_type_name();
  const std::string base = type.substr(0, type.find(':'));
  if (base == "INT" || base == "UINT" || base == "FLOAT" || named(a, kFreeText)) return Value::text;
  if (named(a, kPolicy)) return Value::policy;
  return Value::file;
}

Argument argument(const CLI::Option& o) {
  Argument a;
  if (o.get_positional()) {
    a.names.push_back(o.get_name(true));
  } else {
    for (const auto& s : o.get_snames()) a.names.push_back("-" + s);
    for (const auto& l : o.get_lnames()) a.names.push_back("--" + l);
  }
  a.help = first_line(o.get_description());
  a.choices = choices_of(o);
  a.value = value_of(o, a);
  a.repeatable = o.get_expected_max() > 1;
  return a;
}

}  // namespace

std::vector<std::string> choices_of(const CLI::Option& option) {
  // CLI11 describes an IsMember check as "{a,b,c}" after the type name; no other check of
  // allot's is described with braces.
  const std::string type = option.get_type_name();
  const auto open = type.find(":{");
  if (open == std::string::npos) return {};
  const auto close = type.find('}', open);
  if (close == std::string::npos) return {};
  std::vector<std::string> values;
  std::string_view rest(type.data() + open + 2, close - open - 2);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    values.emplace_back(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return values;
}

Command describe(const CLI::App& app) {
  Command c{app.get_name(), first_line(app.get_description()), {}, {}, {}};
  for (const CLI::Option* o : app.get_options()) {
    Argument a = argument(*o);
    if (a.names.empty()) continue;
    (o->get_positional() ? c.positionals : c.options).push_back(std::move(a));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (!sub->get_name().empty()) c.commands.push_back(describe(*sub));
  return c;
}

}  // namespace allot::cli::completion
