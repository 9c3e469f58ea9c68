#include "cli/cmd_show.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/json.hpp"
#include "cli/output.hpp"
#include "policy/suggest.hpp"

namespace allot::cli {
namespace {

std::string cell(const Limit* l, ResourceKind kind) {
  if (l == nullptr) return "-";
  std::string s = format_quantity(l->max, kind);
  if (l->warn) s += fmt::format(" (warn {})", format_quantity(*l->warn, kind));
  return s;
}

void text_tier(std::string& out, const Policy& p, std::size_t index) {
  const Tier& t = p.tiers[index];
  out += fmt::format("tier {}", t.name);
  if (t.parent) out += fmt::format(" extends {}", *t.parent);
  if (p.default_tier == index) out += " (default)";
  out += '\n';
  std::vector<std::vector<std::string>> rows{{"per"}};
  for (const auto& r : p.resources) rows[0].push_back(r.name);
  for (Scope s : kScopes) {
    std::vector<std::string> row{std::string(to_string(s))};
    bool any = false;
    for (std::size_t r = 0; r < p.resources.size(); ++r) {
      const Limit* l = t.limit(s, r);
      any = any || l != nullptr;
      row.push_back(cell(l, p.resources[r].kind));
    }
    if (any) rows.push_back(std::move(row));
  }
  if (rows.size() == 1) {
    out += "  (no limits)\n";
    return;
  }
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  for (const auto& row : rows) {
    std::string line = fmt::format("  {:<{}}", row[0], width[0]);
    for (std::size_t c = 1; c < row.size(); ++c) line += fmt::format("  {:>{}}", row[c], width[c]);
    out += line + '\n';
  }
}

std::string show_text(const Policy& p, std::optional<std::size_t> only) {
  std::string out = fmt::format("policy {} ({})\n", p.name, p.file);
  for (std::size_t i = 0; i < p.tiers.size(); ++i) {
    if (only && *only != i) continue;
    out += '\n';
    text_tier(out, p, i);
  }
  if (only) return out;
  out += "\nassignments (first match wins)\n";
  std::size_t width = 9;
  for (const auto& a : p.assignments)
    for (const auto& s : a.selectors) width = std::max(width, s.pattern.size() + 7);
  for (const auto& a : p.assignments)
    for (const auto& s : a.selectors) {
      const auto what = fmt::format("{} \"{}\"", s.kind == Selector::Kind::user ? "user" : "team", s.pattern);
      out += fmt::format("  {:<{}}  {}\n", what, width, p.tiers[a.tier].name);
    }
  out += fmt::format("  {:<{}}  {}\n", "otherwise", width,
                     p.default_tier ? p.tiers[*p.default_tier].name : "(no limits)");
  return out;
}

void json_location(JsonWriter& w, const Location& l) {
  w.begin_object().key("file").string(l.file.str()).key("line").number(l.line).key("column").number(l.column).end_object();
}

std::string show_json(const Policy& p, std::optional<std::size_t> only) {
  JsonWriter w;
  w.begin_object().key("policy").string(p.name).key("file").string(p.file);
  w.key("resources").begin_array();
  for (const auto& r : p.resources)
    w.begin_object().key("name").string(r.name).key("kind").string(to_string(r.kind)).end_object();
  w.end_array();
  w.key("tiers").begin_array();
  for (std::size_t i = 0; i < p.tiers.size(); ++i) {
    if (only && *only != i) continue;
    const Tier& t = p.tiers[i];
    w.begin_object().key("name").string(t.name).key("extends");
    if (t.parent) w.string(*t.parent);
    else w.null();
    w.key("default").boolean(p.default_tier == i).key("location");
    json_location(w, t.location);
    w.key("limits").begin_object();
    for (Scope s : kScopes) {
      bool opened = false;
      for (std::size_t r = 0; r < p.resources.size(); ++r) {
        const Limit* l = t.limit(s, r);
        if (l == nullptr) continue;
        if (!opened) w.key(to_string(s)).begin_object();
        opened = true;
        const auto kind = p.resources[r].kind;
        w.key(p.resources[r].name).begin_object().key("max").number(format_plain(l->max, kind)).key("warn");
        if (l->warn) w.number(format_plain(*l->warn, kind));
        else w.null();
        w.key("max_display").string(format_quantity(l->max, kind)).key("warn_display");
        if (l->warn) w.string(format_quantity(*l->warn, kind));
        else w.null();
        w.key("tier").string(p.tiers[l->tier].name).key("location");
        json_location(w, l->location);
        w.end_object();
      }
      if (opened) w.end_object();
    }
    w.end_object().end_object();
  }
  w.end_array();
  w.key("default_tier");
  if (p.default_tier) w.string(p.tiers[*p.default_tier].name);
  else w.null();
  w.key("assignments").begin_array();
  for (const auto& a : p.assignments)
    for (const auto& s : a.selectors) {
      w.begin_object().key(s.kind == Selector::Kind::user ? "user" : "team").string(s.pattern);
      w.key("tier").string(p.tiers[a.tier].name).key("location");
      json_location(w, s.location);
      w.end_object();
    }
  w.end_array();
  w.end_object();
  return w.finish();
}

}  // namespace

void setup_show(CLI::App& app, int& result) {
  auto options = std::make_shared<ShowOptions>();
  auto* cmd = app.add_subcommand("show", "Print the effective limits of every tier, inheritance resolved");
  cmd->add_option("POLICY", options->file, "Policy file (.allot); '-' reads standard input")->required();
  cmd->add_option("--tier", options->tier, "Show only this tier");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  cmd->add_option("-o,--output", options->output, "Write to this file (atomically) instead of standard output");
  cmd->callback([options, &result] { result = run_show(*options); });
}

int run_show(const ShowOptions& options) {
  Diagnostics diags;
  SourceCache sources;
  const auto policy = load_policy(options.file, diags, sources);
  std::optional<std::size_t> only;
  if (policy && !options.tier.empty()) {
    only = policy->find_tier(options.tier);
    if (!only) {
      std::vector<std::string_view> names;
      for (const auto& t : policy->tiers) names.push_back(t.name);
      auto s = did_you_mean(options.tier, names);
      diags.error(Code::UnknownTier, Location{}, fmt::format("no tier '{}' in policy '{}'{}", options.tier, policy->name,
                                                 s ? fmt::format("; did you mean '{}'?", *s) : ""));
    }
  }
  if (!diags.has_errors()) {
    const std::string text = options.format == "json" ? show_json(*policy, only) : show_text(*policy, only);
    if (auto err = emit(options.output, text); !err.empty())
      diags.error(Code::UnwritableOutput, Location{}, fmt::format("cannot write {}: {}",
                                                 options.output.empty() ? "standard output" : "'" + options.output + "'", err));
  }
  report(diags, sources);
  return diags.has_errors() ? kInvalid : kPass;
}

}  // namespace allot::cli
