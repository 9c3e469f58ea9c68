#include "cli/cmd_test.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/json.hpp"
#include "cli/output.hpp"
#include "cli/report.hpp"
#include "cli/tree.hpp"
#include "input/inventory_reader.hpp"
#include "input/manifests.hpp"
#include "input/test_file.hpp"
#include "place/placement.hpp"
#include "validate/limits.hpp"

namespace allot::cli {
namespace {

using input::Expect;

/// What one case found, and whether that is what it expected.
struct CaseResult {
  const input::TestCase* test = nullptr;
  Expect found = Expect::pass;
  std::vector<Diagnostic> findings;  ///< errors and warnings, in the order found
  std::vector<Code> missing;         ///< expected codes no finding has
  bool holds = false;
};

/// One test file, its policy and its results.
struct FileResult {
  input::TestFile test;
  std::optional<Policy> policy;
  std::vector<CaseResult> cases;
};

/// A limit as the policy wrote it: the line, the tier that wrote it, its scope and resource.
struct LimitLine {
  Location location;
  std::string tier, scope, resource;
};

Diagnostic unplaced(const Job& job) {
  Diagnostic d;
  d.severity = Severity::error;
  d.code = Code::Unplaceable;
  d.location = job.where(job.at);
  d.message = fmt::format("job '{}' cannot be placed on the inventory", job.name);
  return d;
}

/// The jobs of a case, with the findings of reading them.
input::ManifestSet read_case(const input::TestFile& file, std::size_t index, const Policy& policy) {
  const auto& c = file.cases[index];
  ManifestOptions options;
  options.per_node_note = false;
  input::ManifestSet set;
  if (!c.manifests.empty()) set = input::read_manifests(c.manifests, policy, options, 1);
  if (c.inline_manifest) {
    auto more = input::read_manifest_text(*c.inline_manifest, fmt::format("{}#cases[{}].manifest", file.file, index),
                                          policy, options);
    for (auto& j : more.jobs) set.jobs.push_back(std::move(j));
    set.diags.append(std::move(more.diags));
  }
  return set;
}

CaseResult run_case(const input::TestFile& file, std::size_t index, const Policy& policy,
                    const std::optional<Inventory>& inventory) {
  const auto& c = file.cases[index];
  auto set = read_case(file, index, policy);
  Diagnostics diags = std::move(set.diags);
  check_limits(policy, set.jobs, diags);
  if (c.place && inventory) {
    const Plan plan = place(policy, *inventory, set.jobs, PlaceOptions{});
    for (const auto& u : plan.unplaced) diags.add(unplaced(set.jobs[u.job]));
  }
  CaseResult r;
  r.test = &c;
  for (const auto& d : diags.list())
    if (d.severity != Severity::note) r.findings.push_back(d);
  if (diags.errors() > 0) r.found = Expect::fail;
  else if (diags.warnings() > 0) r.found = Expect::warn;
  for (const Code code : c.codes)
    if (std::none_of(r.findings.begin(), r.findings.end(), [&](const Diagnostic& d) { return d.code == code; }))
      r.missing.push_back(code);
  r.holds = r.found == c.expect && r.missing.empty();
  return r;
}

/// Every limit line of the policy, once (inherited limits point at their parent's line).
std::vector<LimitLine> limit_lines(const Policy& policy) {
  std::map<std::tuple<std::uint32_t, std::uint32_t>, LimitLine> lines;
  for (const auto& tier : policy.tiers)
    for (const Scope scope : kScopes)
      for (std::size_t r = 0; r < policy.resources.size(); ++r)
        if (const Limit* l = tier.limit(scope, r))
          lines.try_emplace({l->location.line, l->location.column},
                            LimitLine{l->location, policy.tiers[l->tier].name, std::string(to_string(scope)),
                                      policy.resources[r].name});
  std::vector<LimitLine> out;
  for (auto& [key, line] : lines) out.push_back(std::move(line));
  return out;
}

/// The limit lines no finding of any case names.
std::vector<LimitLine> unexercised(const FileResult& f) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> hit;
  for (const auto& c : f.cases)
    for (const auto& d : c.findings)
      if (d.details && d.details->policy_location)
        hit.insert({d.details->policy_location->line, d.details->policy_location->column});
  std::vector<LimitLine> out;
  for (auto& l : limit_lines(*f.policy))
    if (!hit.count({l.location.line, l.location.column})) out.push_back(std::move(l));
  return out;
}

std::string codes_text(const std::vector<Code>& codes) {
  std::vector<std::string_view> ids;
  for (const Code c : codes) ids.push_back(to_string(c));
  return fmt::format("{}", fmt::join(ids, ", "));
}

std::string finding_line(const Diagnostic& d) {
  return fmt::format("{}: {}[{}]: {}", d.location.str(), to_string(d.severity), to_string(d.code), d.message);
}

std::string render_text(const std::vector<FileResult>& files, const TestOptions& o) {
  std::string out;
  std::size_t passed = 0, total = 0;
  for (const auto& f : files) {
    out += fmt::format("{} (policy {})\n", f.test.file, f.test.policy);
    for (const auto& c : f.cases) {
      ++total;
      if (c.holds) ++passed;
      out += fmt::format("{} {}\n", c.holds ? "PASS" : "FAIL", c.test->name);
      if (!c.holds) {
        out += fmt::format("  expected: {}{}\n", to_string(c.test->expect),
                           c.test->codes.empty() ? "" : " with " + codes_text(c.test->codes));
        out += fmt::format("  found:    {}{}\n", to_string(c.found),
                           c.missing.empty() ? "" : ", without " + codes_text(c.missing));
      }
      if (!c.holds || o.verbose)
        for (const auto& d : c.findings) out += "    " + finding_line(d) + "\n";
    }
    if (o.coverage) {
      const auto missed = unexercised(f);
      const auto all = limit_lines(*f.policy).size();
      out += fmt::format("coverage: {}/{} limits of {} exercised\n", all - missed.size(), all, f.test.policy);
      for (const auto& l : missed)
        out += fmt::format("  {}: not exercised: tier {}, per {} {}\n", l.location.str(), l.tier, l.scope, l.resource);
    }
  }
  out += fmt::format("{}/{} cases passed\n", passed, total);
  return out;
}

Tree location_tree(const Location& l) {
  Tree t = Tree::object();
  t.set("file", Tree::str(l.file.str()));
  t.set("line", Tree::num(static_cast<long long>(l.line)));
  t.set("column", Tree::num(static_cast<long long>(l.column)));
  return t;
}

Tree codes_tree(const std::vector<Code>& codes) {
  Tree t = Tree::array();
  for (const Code c : codes) t.push(Tree::str(std::string(to_string(c))));
  return t;
}

std::string render_json(const std::vector<FileResult>& files, const TestOptions& o) {
  Tree root = Tree::object();
  Tree& list = root.set("files", Tree::array());
  std::size_t passed = 0, total = 0;
  for (const auto& f : files) {
    Tree& file = list.push(Tree::object());
    file.set("file", Tree::str(f.test.file));
    file.set("policy", Tree::str(f.test.policy));
    Tree& cases = file.set("cases", Tree::array());
    for (const auto& c : f.cases) {
      ++total;
      if (c.holds) ++passed;
      Tree& t = cases.push(Tree::object());
      t.set("name", Tree::str(c.test->name));
      t.set("location", location_tree(c.test->location));
      t.set("result", Tree::str(c.holds ? "pass" : "fail"));
      t.set("expect", Tree::str(to_string(c.test->expect)));
      t.set("codes", codes_tree(c.test->codes));
      t.set("found", Tree::str(to_string(c.found)));
      t.set("missing_codes", codes_tree(c.missing));
      Tree& findings = t.set("findings", Tree::array());
      for (const auto& d : c.findings) findings.push(diagnostic_tree(d));
    }
    if (o.coverage) {
      const auto missed = unexercised(f);
      Tree& cov = file.set("coverage", Tree::object());
      cov.set("limits", Tree::num(static_cast<long long>(limit_lines(*f.policy).size())));
      Tree& un = cov.set("unexercised", Tree::array());
      for (const auto& l : missed) {
        Tree& t = un.push(Tree::object());
        t.set("location", location_tree(l.location));
        t.set("tier", Tree::str(l.tier));
        t.set("scope", Tree::str(l.scope));
        t.set("resource", Tree::str(l.resource));
      }
    }
  }
  Tree& summary = root.set("summary", Tree::object());
  summary.set("cases", Tree::num(static_cast<long long>(total)));
  summary.set("passed", Tree::num(static_cast<long long>(passed)));
  summary.set("failed", Tree::num(static_cast<long long>(total - passed)));
  return to_json(root);
}

std::string render_junit(const std::vector<FileResult>& files) {
  std::size_t total = 0, failed = 0;
  std::string body;
  for (const auto& f : files) {
    const auto bad = static_cast<std::size_t>(
        std::count_if(f.cases.begin(), f.cases.end(), [](const CaseResult& c) { return !c.holds; }));
    total += f.cases.size();
    failed += bad;
    body += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                        xml_escape(f.test.file), f.cases.size(), bad);
    for (const auto& c : f.cases) {
      const std::string head = fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_escape(f.test.file),
                                           xml_escape(c.test->name));
      if (c.holds) {
        body += head + "/>\n";
        continue;
      }
      std::string text;
      for (const auto& d : c.findings) text += finding_line(d) + "\n";
      const std::string message =
          fmt::format("expected {}{}, found {}{}", to_string(c.test->expect),
                      c.test->codes.empty() ? "" : " with " + codes_text(c.test->codes), to_string(c.found),
                      c.missing.empty() ? "" : " without " + codes_text(c.missing));
      body += head + fmt::format(">\n      <failure message=\"{}\" type=\"allot-test\">{}</failure>\n    </testcase>\n",
                                 xml_escape(message), xml_escape(text));
    }
    body += "  </testsuite>\n";
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"allot test\" tests=\"{}\" "
                     "failures=\"{}\" errors=\"0\">\n{}</testsuites>\n",
                     total, failed, body);
}

/// Reads a test file with its policy and inventory; nothing when any of them is bad.
std::optional<FileResult> load(const std::string& path, Diagnostics& diags, SourceCache& sources,
                               std::optional<Inventory>& inventory) {
  auto test = input::read_test_file(path, diags);
  if (!test) return std::nullopt;
  FileResult f{std::move(*test), {}, {}};
  f.policy = load_policy(f.test.policy, diags, sources);
  if (!f.policy) return std::nullopt;
  if (f.test.inventory) {
    std::string stdin_text;
    inventory = input::read_inventory_file(*f.test.inventory, *f.policy, InventoryOptions{}, diags, stdin_text);
    if (!inventory) return std::nullopt;
  }
  for (const auto& c : f.test.cases)
    if (c.place && !inventory) {
      diags.error(Code::BadTestFile, c.location,
                  fmt::format("case '{}' has 'place: true' but the test file names no inventory", c.name));
      return std::nullopt;
    }
  return f;
}

}  // namespace

void setup_test(CLI::App& app, int& result) {
  auto o = std::make_shared<TestOptions>();
  auto* cmd = app.add_subcommand("test", "Run policy unit tests: the cases of every allot-test.yaml under PATH");
  cmd->add_option("PATH", o->paths, "Test files, or directories searched for allot-test.yaml")->required();
  cmd->add_flag("-v,--verbose", o->verbose, "Show the findings of every case, not only of failing ones");
  cmd->add_flag("--coverage", o->coverage, "Report the limits of the policy that no case exercised");
  cmd->add_option("-f,--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->default_str("text");
  cmd->callback([o, &result] { result = run_test(*o); });
}

int run_test(const TestOptions& options) {
  Diagnostics diags;
  SourceCache sources;
  const auto paths = input::find_test_files(options.paths, diags);
  // Every test file, policy and inventory is read before any case runs: a bad one gives
  // exit 2 and no report at all, never a partial one.
  std::vector<FileResult> files;
  std::vector<std::optional<Inventory>> inventories;
  for (const auto& path : paths) {
    std::optional<Inventory> inventory;
    if (auto f = load(path, diags, sources, inventory)) {
      files.push_back(std::move(*f));
      inventories.push_back(std::move(inventory));
    }
  }
  if (diags.has_errors()) {
    report(diags, sources);
    return kInvalid;
  }
  for (std::size_t i = 0; i < files.size(); ++i)
    for (std::size_t c = 0; c < files[i].test.cases.size(); ++c)
      files[i].cases.push_back(run_case(files[i].test, c, *files[i].policy, inventories[i]));
  const std::string out = options.format == "json"    ? render_json(files, options)
                          : options.format == "junit" ? render_junit(files)
                                                      : render_text(files, options);
  if (auto err = emit("", out); !err.empty()) {
    print_err("allot: error[{}]: cannot write the report: {}\n", to_string(Code::UnwritableOutput), err);
    return kInvalid;
  }
  for (const auto& f : files)
    for (const auto& c : f.cases)
      if (!c.holds) return kViolation;
  return kPass;
}

}  // namespace allot::cli
