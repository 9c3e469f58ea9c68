#include "cli/cmd_explain.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/json.hpp"
#include "cli/output.hpp"
#include "policy/codes.hpp"
#include "policy/suggest.hpp"

namespace allot::cli {
namespace {

std::string_view class_name(const CodeInfo& c) { return c.klass == CodeClass::violation ? "violation" : "invalid"; }

std::string list_text() {
  std::size_t width = 0;
  for (const auto& c : all_codes()) width = std::max(width, c.name.size());
  std::string out;
  for (const auto& c : all_codes())
    out += fmt::format("{}  {:<7}  {:<{}}  {}\n", c.id, to_string(c.severity), c.name, width, c.summary);
  return out;
}

void entry_json(JsonWriter& w, const CodeInfo& c, bool with_explanation) {
  w.begin_object().key("code").string(c.id).key("name").string(c.name);
  w.key("severity").string(to_string(c.severity)).key("class").string(class_name(c));
  w.key("summary").string(c.summary);
  if (with_explanation) w.key("explanation").string(explanation(c.code));
  w.end_object();
}

std::string list_json() {
  JsonWriter w;
  w.begin_array();
  for (const auto& c : all_codes()) entry_json(w, c, false);
  w.end_array();
  return w.finish();
}

/// The explanation as written, or the summary where a code has none yet.
std::string one_text(const CodeInfo& c) {
  const std::string_view text = explanation(c.code);
  if (text.empty()) return fmt::format("# {}: {}\n", c.id, c.summary);
  return std::string(text);
}

int unknown(const std::string& code) {
  std::vector<std::string_view> ids;
  for (const auto& c : all_codes()) ids.push_back(c.id);
  const auto hint = did_you_mean(code, ids);
  print_err("allot: error: no diagnostic code '{}'{}\nRun 'allot explain --list' for every code.\n", code,
            hint ? fmt::format("; did you mean '{}'?", *hint) : "");
  return kInvalid;
}

}  // namespace

void setup_explain(CLI::App& app, int& result) {
  auto o = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand("explain", "Explain a diagnostic code, with a wrong and a right example");
  auto* code = cmd->add_option("CODE", o->code, "The code, as printed in brackets: P012, V203, ...");
  auto* list = cmd->add_flag("--list", o->list, "List every code with its severity and summary");
  code->excludes(list);
  cmd->add_option("-f,--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}))->default_str("text");
  cmd->callback([o, &result] { result = run_explain(*o); });
}

int run_explain(const ExplainOptions& o) {
  std::string text;
  if (o.list) {
    text = o.format == "json" ? list_json() : list_text();
  } else if (o.code.empty()) {
    print_err("allot: error: name a code to explain, or pass --list\n");
    return kInvalid;
  } else {
    const auto c = code_from_string(o.code);
    if (!c) return unknown(o.code);
    if (o.format == "json") {
      JsonWriter w;
      entry_json(w, info(*c), true);
      text = w.finish();
    } else {
      text = one_text(info(*c));
    }
  }
  if (auto err = emit("", text); !err.empty()) {
    print_err("allot: error[{}]: cannot write output: {}\n", to_string(Code::UnwritableOutput), err);
    return kInvalid;
  }
  return kPass;
}

}  // namespace allot::cli
