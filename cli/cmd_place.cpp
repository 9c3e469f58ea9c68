#include "cli/cmd_place.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "input/files.hpp"
#include "input/manifests.hpp"
#include "cli/output.hpp"
#include "cli/tree.hpp"
#include "input/inventory_reader.hpp"

namespace allot::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::string shape(const Policy& p, const Job& j) {
  std::vector<std::string> parts;
  for (std::size_t r = 0; r < p.resources.size(); ++r)
    if (j.request[r] != 0)
      parts.push_back(fmt::format("{}: {}", p.resources[r].name, format_quantity(j.request[r], p.resources[r].kind)));
  return fmt::format("{} replica{} × {{{}}}", j.replicas, j.replicas == 1 ? "" : "s", fmt::join(parts, ", "));
}

/// "eu-w-001 ×2, eu-w-002": nodes in replica order, runs counted.
std::string node_list(const Inventory& inv, const Placement& pl) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (auto n : pl.nodes) {
    if (!runs.empty() && runs.back().first == n) ++runs.back().second;
    else runs.emplace_back(n, 1);
  }
  std::vector<std::string> parts;
  parts.reserve(runs.size());
  for (const auto& [n, k] : runs)
    parts.push_back(k == 1 ? inv.nodes[n].name : fmt::format("{} ×{}", inv.nodes[n].name, k));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string render_text(const Policy& p, const Inventory& inv, const std::vector<Job>& jobs, const Plan& plan) {
  std::string out;
  const std::size_t placed = plan.placements.size();
  out += fmt::format("plan: {} of {} job{} placed ({} replica{}), {} unplaced\n", placed, jobs.size(),
                     jobs.size() == 1 ? "" : "s", plan.replicas_placed, plan.replicas_placed == 1 ? "" : "s",
                     plan.unplaced.size());
  if (!plan.placements.empty()) {
    std::vector<std::array<std::string, 5>> rows{{"job", "user", "team", "cluster", "nodes"}};
    for (const auto& pl : plan.placements) {
      const Job& j = jobs[pl.job];
      rows.push_back({j.name, j.user.empty() ? "-" : j.user, j.team.empty() ? "-" : j.team,
                      pl.nodes.empty() ? "-" : inv.clusters[pl.cluster].name, node_list(inv, pl)});
    }
    std::array<std::size_t, 5> w{};
    for (const auto& row : rows)
      for (std::size_t c = 0; c < 4; ++c) w[c] = std::max(w[c], row[c].size());
    out += '\n';
    for (const auto& row : rows)
      out += fmt::format("  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", row[0], w[0], row[1], w[1], row[2], w[2], row[3], w[3], row[4]);
  }
  // Utilisation: held / capacity (limit) per resource, and stranded primary capacity.
  std::vector<std::vector<std::string>> rows{{"cluster"}};
  for (const auto& r : p.resources) rows[0].push_back(r.name);
  rows[0].push_back(fmt::format("stranded {}", p.resources.empty() ? "" : p.resources[plan.primary].name));
  std::vector<std::string> limits{"(per-cluster limit)"};
  for (std::size_t r = 0; r < p.resources.size(); ++r) {
    const auto l = plan.clusters.empty() ? std::nullopt : plan.clusters[0].limit[r];
    limits.push_back(l ? format_quantity(*l, p.resources[r].kind) : "-");
  }
  limits.emplace_back();
  for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
    const auto& u = plan.clusters[c];
    std::vector<std::string> row{inv.clusters[c].name};
    for (std::size_t r = 0; r < p.resources.size(); ++r) {
      const auto k = p.resources[r].kind;
      std::string cell = fmt::format("{}/{}", format_approx(u.held[r], k), format_approx(u.capacity[r], k));
      row.push_back(std::move(cell));
    }
    row.push_back(p.resources.empty() ? "0" : format_quantity(u.stranded, p.resources[plan.primary].kind));
    rows.push_back(std::move(row));
  }
  rows.push_back(std::move(limits));
  std::vector<std::size_t> w(rows[0].size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], row[c].size());
  out += "\n";
  for (const auto& row : rows) {
    std::string line = fmt::format("  {:<{}}", row[0], w[0]);
    for (std::size_t c = 1; c < row.size(); ++c) line += fmt::format("  {:>{}}", row[c], w[c]);
    out += line + "\n";
  }
  for (const auto& u : plan.unplaced) {
    const Job& j = jobs[u.job];
    out += fmt::format("\n{}: error[{}]: job '{}' ({}) cannot be placed\n", j.where(j.at).str(), to_string(Code::Unplaceable), j.name, shape(p, j));
    for (const auto& r : u.reasons) out += "  " + r + "\n";
    for (const auto& h : u.hints) out += "  hint: " + h + "\n";
  }
  return out;
}

Tree render_tree(const Policy& p, const Inventory& inv, const std::vector<Job>& jobs, const Plan& plan) {
  Tree root = Tree::object();
  Tree& summary = root.set("summary", Tree::object());
  summary.set("jobs", Tree::num(static_cast<long long>(jobs.size())));
  summary.set("placed", Tree::num(static_cast<long long>(plan.placements.size())));
  summary.set("unplaced", Tree::num(static_cast<long long>(plan.unplaced.size())));
  summary.set("replicas_placed", Tree::num(static_cast<long long>(plan.replicas_placed)));
  Tree& clusters = summary.set("clusters", Tree::array());
  for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
    const auto& u = plan.clusters[c];
    Tree& ct = clusters.push(Tree::object());
    ct.set("name", Tree::str(inv.clusters[c].name));
    ct.set("nodes", Tree::num(static_cast<long long>(inv.clusters[c].nodes.size())));
    Tree& res = ct.set("resources", Tree::object());
    for (std::size_t r = 0; r < p.resources.size(); ++r) {
      const auto k = p.resources[r].kind;
      Tree& rt = res.set(p.resources[r].name, Tree::object());
      rt.set("held", Tree::num(format_plain(u.held[r], k)));
      rt.set("capacity", Tree::num(format_plain(u.capacity[r], k)));
      rt.set("limit", u.limit[r] ? Tree::num(format_plain(*u.limit[r], k)) : Tree::null());
    }
    ct.set("stranded", p.resources.empty() ? Tree::num(0)
                                           : Tree::num(format_plain(u.stranded, p.resources[plan.primary].kind)));
  }
  Tree& placements = root.set("placements", Tree::array());
  for (const auto& pl : plan.placements) {
    const Job& j = jobs[pl.job];
    Tree& t = placements.push(Tree::object());
    t.set("job", Tree::str(j.name));
    t.set("user", j.user.empty() ? Tree::null() : Tree::str(j.user));
    t.set("team", j.team.empty() ? Tree::null() : Tree::str(j.team));
    t.set("cluster", pl.nodes.empty() ? Tree::null() : Tree::str(inv.clusters[pl.cluster].name));
    Tree& reps = t.set("replicas", Tree::array());
    for (std::size_t i = 0; i < pl.nodes.size(); ++i) {
      Tree& rt = reps.push(Tree::object());
      rt.set("index", Tree::num(static_cast<long long>(i)));
      rt.set("node", Tree::str(inv.nodes[pl.nodes[i]].name));
    }
  }
  Tree& unplaced = root.set("unplaced", Tree::array());
  for (const auto& u : plan.unplaced) {
    const Job& j = jobs[u.job];
    Tree& t = unplaced.push(Tree::object());
    t.set("job", Tree::str(j.name));
    t.set("user", j.user.empty() ? Tree::null() : Tree::str(j.user));
    t.set("code", Tree::str(std::string(to_string(Code::Unplaceable))));
    t.set("file", Tree::str(j.file));
    t.set("line", Tree::num(j.at.line));
    Tree& reasons = t.set("reasons", Tree::array());
    for (const auto& r : u.reasons) reasons.push(Tree::str(r));
    Tree& hints = t.set("hints", Tree::array());
    for (const auto& h : u.hints) hints.push(Tree::str(h));
  }
  return root;
}

}  // namespace

void setup_place(CLI::App& app, int& result) {
  auto o = std::make_shared<PlaceCmdOptions>();
  auto* cmd = app.add_subcommand("place", "Plan where jobs go on an inventory of clusters and nodes, within every limit");
  cmd->add_option("-p,--policy", o->policy, "The policy file (.allot)")->required();
  cmd->add_option("-i,--inventory", o->inventory, "The inventory (allot Inventory or Kubernetes NodeList YAML)")->required();
  cmd->add_option("PATH", o->paths, "Job manifests, as validate reads them")->required();
  cmd->add_option("--exclude", o->excludes, "Leave out paths matching this glob (repeatable)");
  cmd->add_option("--strategy", o->strategy, "Strategy for jobs whose manifest names none")
      ->check(CLI::IsMember({"pack", "spread", "strict-pack", "strict-spread"}))
      ->default_str("pack");
  cmd->add_option("--order", o->order, "input: priority, then input order; size: priority, then larger jobs first")
      ->check(CLI::IsMember({"input", "size"}))
      ->default_str("input");
  cmd->add_option("--cluster-label", o->inventory_options.cluster_label, "NodeList: the label naming a node's cluster")
      ->default_str("topology.kubernetes.io/region");
  cmd->add_option("--cluster", o->inventory_options.cluster, "NodeList: put every node in this cluster");
  cmd->add_option("--user-label", o->manifest.user_label, "Kubernetes label naming the user")->default_str("allot/user");
  cmd->add_option("--team-label", o->manifest.team_label, "Kubernetes label naming the team")->default_str("allot/team");
  cmd->add_option("-f,--format", o->format, "Output format")->check(CLI::IsMember({"text", "json", "yaml"}))->default_str("text");
  cmd->add_option("-o,--output", o->output, "Write the plan to this file (atomically) instead of standard output");
  cmd->add_option("-j,--jobs", o->jobs, "Manifest files read in parallel (default: one per core)")->check(CLI::Range(0u, 1024u));
  cmd->add_flag("--allow-empty", o->allow_empty, "Finding no job manifest is not an error");
  cmd->add_flag("--fail-on-warn", o->fail_on_warn, "Exit 3 when there are warnings but no errors");
  cmd->add_flag("--timings", o->timings, "Print how long reading and placing took, to standard error");
  cmd->callback([o, &result] { result = run_place(*o); });
}

int run_place(const PlaceCmdOptions& o) {
  const auto t0 = Clock::now();
  Diagnostics diags;
  SourceCache sources;
  const int stdin_uses = (o.policy == "-") + (o.inventory == "-") +
                         static_cast<int>(std::count(o.paths.begin(), o.paths.end(), std::string("-")));
  if (stdin_uses > 1) {
    print_err("allot: error[E001]: standard input ('-') can be read only once\n");
    return kInvalid;
  }
  const auto policy = load_policy(o.policy, diags, sources);
  std::optional<Inventory> inv;
  if (policy) {
    std::string stdin_text;
    inv = input::read_inventory_file(o.inventory, *policy, o.inventory_options, diags, stdin_text);
    if (!stdin_text.empty()) sources.add("<stdin>", std::move(stdin_text));
  }
  if (!policy || !inv) {
    report(diags, sources);
    return kInvalid;
  }
  const auto files = input::collect_inputs(o.paths, o.excludes, diags);
  input::ManifestSet set = input::read_manifests(files, *policy, o.manifest, o.jobs);
  if (!set.stdin_text.empty()) sources.add("<stdin>", std::move(set.stdin_text));
  diags.append(std::move(set.diags));
  if (set.jobs.empty() && !o.allow_empty && !diags.has_errors())
    diags.error(Code::NoManifests, Location{}, "no job manifests found; pass --allow-empty if that is expected");
  report(diags, sources);
  if (diags.has_errors()) return kInvalid;

  const auto t1 = Clock::now();
  PlaceOptions po;
  po.strategy = *strategy_from_string(o.strategy);
  po.order_by_size = o.order == "size";
  const Plan plan = place(*policy, *inv, set.jobs, po);
  const auto t2 = Clock::now();

  std::string text;
  if (o.format == "json") text = to_json(render_tree(*policy, *inv, set.jobs, plan));
  else if (o.format == "yaml") text = to_yaml(render_tree(*policy, *inv, set.jobs, plan));
  else text = render_text(*policy, *inv, set.jobs, plan);
  if (auto err = emit(o.output, text); !err.empty()) {
    print_err("allot: error[E002]: cannot write '{}': {}\n", o.output, err);
    return kInvalid;
  }
  if (o.timings) {
    using ms = std::chrono::duration<double, std::milli>;
    print_err("timings: read {:.1f} ms, place {:.1f} ms ({} jobs, {} replicas placed, {} nodes)\n",
               ms(t1 - t0).count(), ms(t2 - t1).count(), set.jobs.size(), plan.replicas_placed, inv->nodes.size());
  }
  if (!plan.unplaced.empty()) return kViolation;
  if (o.fail_on_warn && diags.warnings() > 0) return kWarnOnly;
  return kPass;
}

}  // namespace allot::cli
