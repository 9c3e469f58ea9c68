#include "cli/cmd_place.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "cli/json.hpp"
#include "cli/output.hpp"
#include "cli/place_reasons.hpp"
#include "cli/plan_formats.hpp"
#include "cli/report.hpp"
#include "cli/report_html.hpp"
#include "cli/tree.hpp"
#include "input/files.hpp"
#include "input/inventory_reader.hpp"
#include "input/manifests.hpp"

namespace allot::cli {
namespace {

using Clock = std::chrono::steady_clock;

/// What a plan is made of, once every input is read.
struct PlanInputs {
  const Policy& policy;
  const Inventory& inv;
  const std::vector<Job>& jobs;
  const Plan& plan;
};

/// "4 replicas × {gpu: 8}"; for a gang of several shapes, each group so, named.
std::string shape(const Policy& p, const Job& j) {
  std::vector<std::string> groups;
  for (const auto& g : j.groups) {
    std::vector<std::string> parts;
    for (std::size_t r = 0; r < p.resources.size(); ++r)
      if (g.request[r] != 0)
        parts.push_back(fmt::format("{}: {}", p.resources[r].name, format_quantity(g.request[r], p.resources[r].kind)));
    const std::string count = j.volume          ? std::string("volume claim of")
                              : j.per_node_only ? std::string("1 pod per matching node ×")
                                              : fmt::format("{} replica{} ×", g.replicas, g.replicas == 1 ? "" : "s");
    groups.push_back(fmt::format("{}{} {{{}}}", g.name.empty() ? "" : g.name + ": ", count, fmt::join(parts, ", ")));
  }
  return fmt::format("{}", fmt::join(groups, "; "));
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

/// The placements as a table: job, user, team, cluster, nodes.
std::string placements_text(const PlanInputs& in) {
  if (in.plan.placements.empty()) return "";
  std::vector<std::array<std::string, 5>> rows{{"job", "user", "team", "cluster", "nodes"}};
  for (const auto& pl : in.plan.placements) {
    const Job& j = in.jobs[pl.job];
    rows.push_back({j.name, j.user.empty() ? "-" : j.user, j.team.empty() ? "-" : j.team,
                    pl.nodes.empty() ? "-" : in.inv.clusters[pl.cluster].name, node_list(in.inv, pl)});
  }
  std::array<std::size_t, 5> w{};
  for (const auto& row : rows)
    for (std::size_t c = 0; c < 4; ++c) w[c] = std::max(w[c], row[c].size());
  std::string out = "\n";
  for (const auto& row : rows)
    out += fmt::format("  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", row[0], w[0], row[1], w[1], row[2], w[2], row[3], w[3], row[4]);
  return out;
}

/// Utilisation: held / capacity (limit) per resource, and stranded primary capacity.
std::string usage_text(const PlanInputs& in) {
  const Policy& p = in.policy;
  const Plan& plan = in.plan;
  std::vector<std::vector<std::string>> rows{{"cluster"}};
  for (const auto& r : p.resources) rows[0].push_back(r.name);
  rows[0].push_back(fmt::format("stranded {}", p.resources.empty() ? "" : p.resources[plan.primary].name));
  std::vector<std::string> limits{"(per-cluster limit)"};
  for (std::size_t r = 0; r < p.resources.size(); ++r) {
    const auto l = plan.clusters.empty() ? std::nullopt : plan.clusters[0].limit[r];
    limits.push_back(l ? format_quantity(*l, p.resources[r].kind) : "-");
  }
  limits.emplace_back();
  for (std::size_t c = 0; c < in.inv.clusters.size(); ++c) {
    const auto& u = plan.clusters[c];
    std::vector<std::string> row{in.inv.clusters[c].name};
    for (std::size_t r = 0; r < p.resources.size(); ++r) {
      const auto k = p.resources[r].kind;
      row.push_back(fmt::format("{}/{}", format_approx(u.held[r], k), format_approx(u.capacity[r], k)));
    }
    row.push_back(p.resources.empty() ? "0" : format_quantity(u.stranded, p.resources[plan.primary].kind));
    rows.push_back(std::move(row));
  }
  rows.push_back(std::move(limits));
  std::vector<std::size_t> w(rows[0].size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], row[c].size());
  std::string out = "\n";
  for (const auto& row : rows) {
    std::string line = fmt::format("  {:<{}}", row[0], w[0]);
    for (std::size_t c = 1; c < row.size(); ++c) line += fmt::format("  {:>{}}", row[c], w[c]);
    out += line + "\n";
  }
  return out;
}

/// Each unplaced job as a P301 finding, its reasons and hints below it.
std::string unplaced_text(const PlanInputs& in) {
  // Jobs of the same shape that cannot be placed for the same reasons are one finding, the
  // first of them in full and the others named after it: an oversubscribed queue of
  // thousands of alike jobs stays readable. JSON and YAML list every job.
  struct Finding {
    std::string head, body;
    std::vector<std::string> alike;  // "name (file:line)"
  };
  std::vector<Finding> findings;
  std::unordered_map<std::string, std::size_t> by_key;
  for (const auto& u : in.plan.unplaced) {
    const Job& j = in.jobs[u.job];
    const std::string what = shape(in.policy, j);
    std::string body;
    for (const auto& r : u.reasons) body += "  " + reason_text(in.policy, in.inv, j, r) + "\n";
    for (const auto& h : u.hints) body += "  hint: " + hint_text(in.policy, in.inv, j, h) + "\n";
    const auto [it, added] = by_key.emplace(what + '\0' + body, findings.size());
    if (!added) {
      findings[it->second].alike.push_back(fmt::format("{} ({})", j.name, j.where(j.at).str()));
      continue;
    }
    findings.push_back({fmt::format("\n{}: error[{}]: job '{}' ({}) cannot be placed\n", j.where(j.at).str(),
                                    to_string(Code::Unplaceable), j.name, what),
                        std::move(body), {}});
  }
  constexpr std::size_t kNamed = 5;
  std::string out;
  for (const auto& f : findings) {
    out += f.head + f.body;
    if (f.alike.empty()) continue;
    const std::size_t shown = std::min(kNamed, f.alike.size());
    out += fmt::format("  and {} more job{} like it, for the same reasons: {}{}\n", f.alike.size(),
                       f.alike.size() == 1 ? "" : "s",
                       fmt::join(f.alike.begin(), f.alike.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                       f.alike.size() > shown ? ", ..." : "");
  }
  return out;
}

std::string render_text(const PlanInputs& in) {
  const Plan& plan = in.plan;
  const std::size_t jobs = in.jobs.size();
  std::string out = fmt::format("plan: {} of {} job{} placed ({} replica{}), {} unplaced\n", plan.placements.size(),
                                jobs, jobs == 1 ? "" : "s", plan.replicas_placed, plan.replicas_placed == 1 ? "" : "s",
                                plan.unplaced.size());
  return out + placements_text(in) + usage_text(in) + unplaced_text(in);
}

Tree count(std::size_t n) { return Tree::num(static_cast<long long>(n)); }

Tree summary_tree(const PlanInputs& in) {
  const Policy& p = in.policy;
  const Plan& plan = in.plan;
  Tree summary = Tree::object();
  summary.set("jobs", count(in.jobs.size()));
  summary.set("placed", count(plan.placements.size()));
  summary.set("unplaced", count(plan.unplaced.size()));
  summary.set("replicas_placed", count(plan.replicas_placed));
  Tree& clusters = summary.set("clusters", Tree::array());
  for (std::size_t c = 0; c < in.inv.clusters.size(); ++c) {
    const auto& u = plan.clusters[c];
    Tree& ct = clusters.push(Tree::object());
    ct.set("name", Tree::str(in.inv.clusters[c].name));
    ct.set("nodes", count(in.inv.clusters[c].nodes.size()));
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
  return summary;
}

/// One placed job: where each replica goes.
Tree placement_tree(const PlanInputs& in, const Placement& pl) {
  const Job& j = in.jobs[pl.job];
  Tree t = Tree::object();
  t.set("job", Tree::str(j.name));
  t.set("user", j.user.empty() ? Tree::null() : Tree::str(j.user));
  t.set("team", j.team.empty() ? Tree::null() : Tree::str(j.team));
  t.set("cluster", pl.nodes.empty() ? Tree::null() : Tree::str(in.inv.clusters[pl.cluster].name));
  if (!j.queue.empty()) t.set("queue", Tree::str(j.queue));
  Tree& reps = t.set("replicas", Tree::array());
  // Replicas in group order; a gang of several shapes names each replica's group.
  const auto groups = replica_groups(j, pl.nodes.size());
  for (std::size_t i = 0; i < pl.nodes.size(); ++i) {
    Tree& rt = reps.push(Tree::object());
    rt.set("index", count(i));
    if (j.groups.size() > 1) rt.set("group", Tree::str(j.groups[groups[i]].name));
    rt.set("node", Tree::str(in.inv.nodes[pl.nodes[i]].name));
  }
  return t;
}

/// One job that could not be placed, with its reasons and hints as objects.
Tree unplaced_tree(const PlanInputs& in, const Unplaced& u) {
  const Job& j = in.jobs[u.job];
  Tree t = Tree::object();
  t.set("job", Tree::str(j.name));
  t.set("user", j.user.empty() ? Tree::null() : Tree::str(j.user));
  t.set("code", Tree::str(std::string(to_string(Code::Unplaceable))));
  t.set("file", Tree::str(j.file));
  t.set("line", Tree::num(j.at.line));
  Tree& reasons = t.set("reasons", Tree::array());
  for (const auto& r : u.reasons) reasons.push(reason_tree(in.policy, in.inv, j, r));
  Tree& hints = t.set("hints", Tree::array());
  for (const auto& h : u.hints) hints.push(hint_tree(in.policy, in.inv, j, h));
  return t;
}

/// The plan for YAML, with every finding about the inputs.
Tree render_tree(const PlanInputs& in, const Diagnostics& diags) {
  Tree root = Tree::object();
  root.set("summary", summary_tree(in));
  Tree& placements = root.set("placements", Tree::array());
  for (const auto& pl : in.plan.placements) placements.push(placement_tree(in, pl));
  Tree& unplaced = root.set("unplaced", Tree::array());
  for (const auto& u : in.plan.unplaced) unplaced.push(unplaced_tree(in, u));
  root.set("diagnostics", diagnostics_tree(diags));
  return root;
}

/// `t` as compact JSON, on one line.
std::string one_line(const Tree& t) {
  JsonWriter w(0);
  write_json(w, t);
  return w.str();
}

/// `t` as indented JSON, nested `depth` levels deep.
std::string indented(const Tree& t, std::size_t depth) {
  JsonWriter w;
  write_json(w, t);
  std::string out;
  const std::string pad(2 * depth, ' ');
  for (char c : w.str()) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

/// A JSON array of `items`, one compact item per line, nested one level deep.
template <typename Items, typename ToTree>
void array_lines(const Sink& out, const Items& items, const ToTree& to_tree) {
  if (items.empty()) return out("[]");
  for (std::size_t i = 0; i < items.size(); ++i) {
    out(i == 0 ? "[\n    " : ",\n    ");
    out(one_line(to_tree(items[i])));
  }
  out("\n  ]");
}

/// The same document as JSON, passed to `out` one job at a time, each placement and each
/// unplaced job compact on a line of its own (a fleet's plan stays small and greppable); the
/// summary and the diagnostics indented. Neither the plan's tree nor its text is ever held
/// whole: the pieces go to the file as they are made.
void render_json(const PlanInputs& in, const Diagnostics& diags, const Sink& out) {
  out("{\n  \"summary\": ");
  out(indented(summary_tree(in), 1));
  out(",\n  \"placements\": ");
  array_lines(out, in.plan.placements, [&](const Placement& pl) { return placement_tree(in, pl); });
  out(",\n  \"unplaced\": ");
  array_lines(out, in.plan.unplaced, [&](const Unplaced& u) { return unplaced_tree(in, u); });
  out(",\n  \"diagnostics\": ");
  array_lines(out, diags.list(), [&](const Diagnostic& d) { return diagnostic_tree(d); });
  out("\n}\n");
}

/// Writes `text` where --output says; false (after saying why) if it cannot.
bool write_out(const PlaceCmdOptions& o, const Producer& produce) {
  if (auto err = emit(o.output, produce); !err.empty()) {
    print_err("allot: error[{}]: cannot write '{}': {}\n", to_string(Code::UnwritableOutput), o.output, err);
    return false;
  }
  return true;
}

/// --report: the page is written (atomically) beside FILE first and renamed to FILE once the
/// plan is written too, so a run that fails leaves neither.
std::string staged_report(const PlaceCmdOptions& o) { return o.report + ".allot-staged"; }

/// --report, staged; false (after saying why) if it cannot be written.
bool write_report(const PlaceCmdOptions& o, const PlanInputs& in) {
  const PlanView view{in.policy, in.inv, in.jobs, in.plan, *strategy_from_string(o.strategy)};
  auto produce = [&](const Sink& out) { render_html_report(view, out); };
  if (auto err = write_atomically(staged_report(o), produce); !err.empty()) {
    print_err("allot: error[{}]: cannot write '{}': {}\n", to_string(Code::UnwritableOutput), o.report, err);
    return false;
  }
  return true;
}

/// The staged report to FILE once the plan is written, else away; false (after saying why)
/// if it cannot be renamed.
bool finish_report(const PlaceCmdOptions& o, bool plan_written) {
  if (o.report.empty()) return true;
  if (!plan_written) {
    (void)std::remove(staged_report(o).c_str());
    return true;
  }
  if (std::rename(staged_report(o).c_str(), o.report.c_str()) == 0) return true;
  print_err("allot: error[{}]: cannot write '{}': {}\n", to_string(Code::UnwritableOutput), o.report, std::strerror(errno));
  (void)std::remove(staged_report(o).c_str());
  return false;
}

std::string machine_text(const PlaceCmdOptions& o, const Tree& t) { return o.format == "yaml" ? to_yaml(t) : to_json(t); }

/// The inputs could not be read, so there is no plan: text, ray and kubernetes print the
/// findings to standard error; JSON and YAML write a document that holds them, with no summary.
int no_plan(const PlaceCmdOptions& o, const Diagnostics& diags, const SourceCache& sources) {
  if (o.format != "json" && o.format != "yaml") {
    report(diags, sources);
    return kInvalid;
  }
  Tree root = Tree::object();
  root.set("summary", Tree::null());
  root.set("diagnostics", diagnostics_tree(diags));
  (void)write_out(o, [&](const Sink& out) { out(machine_text(o, root)); });  // exit 2 either way
  return kInvalid;
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
  cmd->add_flag("--gpu-aware", o->gpu_aware, "Replicas that ask for no GPU try nodes without GPUs first");
  cmd->add_option("--near-misses", o->near_misses,
                  "Clusters an unplaced job's explanation names one by one, nearest first (more are summed up)")
      ->check(CLI::Range(0ul, 1000000ul))
      ->default_str("3");
  cmd->add_option("--cluster-label", o->inventory_options.cluster_label, "NodeList: the label naming a node's cluster")
      ->default_str("topology.kubernetes.io/region");
  cmd->add_option("--cluster", o->inventory_options.cluster, "NodeList: put every node in this cluster");
  cmd->add_option("--user-label", o->manifest.user_label, "Kubernetes label naming the user")->default_str("allot/user");
  cmd->add_option("--team-label", o->manifest.team_label, "Kubernetes label naming the team")->default_str("allot/team");
  cmd->add_option("-f,--format", o->format, "Output format (ray: placement groups; kubernetes: kubectl patch commands)")
      ->check(CLI::IsMember({"text", "json", "yaml", "ray", "kubernetes"}))
      ->default_str("text");
  cmd->add_option("-o,--output", o->output, "Write the plan to this file (atomically) instead of standard output");
  cmd->add_option("--report", o->report, "Also write the plan as a self-contained HTML page to this file (atomically)");
  cmd->add_option("-j,--jobs", o->jobs, "Manifest files read in parallel (default: one per core)")->check(CLI::Range(0u, 1024u));
  cmd->add_flag("--allow-empty", o->allow_empty, "Finding no job manifest is not an error");
  cmd->add_flag("--fail-on-warn", o->fail_on_warn, "Exit 3 when there are warnings but no errors");
  cmd->add_flag("--timings", o->timings, "Print how long reading and placing took, to standard error");
  add_progress_flags(*cmd, o->progress);
  cmd->callback([o, &result] { result = run_place(*o); });
}

namespace {

int stdin_uses(const PlaceCmdOptions& o) {
  return (o.policy == "-") + (o.inventory == "-") +
         static_cast<int>(std::count(o.paths.begin(), o.paths.end(), std::string("-")));
}

std::optional<Inventory> read_inventory(const PlaceCmdOptions& o, const Policy& policy, Diagnostics& diags,
                                        SourceCache& sources) {
  std::string stdin_text;
  auto inv = input::read_inventory_file(o.inventory, policy, o.inventory_options, diags, stdin_text);
  if (!stdin_text.empty()) sources.add("<stdin>", std::move(stdin_text));
  return inv;
}

input::ManifestSet read_jobs(const PlaceCmdOptions& o, const Policy& policy, Diagnostics& diags, SourceCache& sources,
                             Progress& progress) {
  ManifestOptions manifest = o.manifest;
  manifest.per_node_note = false;  // a DaemonSet is placed on the nodes it matches
  input::ManifestSet set = read_manifest_paths(o.paths, o.excludes, policy, manifest, o.jobs, diags, progress);
  if (!set.stdin_text.empty()) sources.add("<stdin>", std::move(set.stdin_text));
  diags.append(std::move(set.diags));
  no_manifests(set, set.files, o.paths, o.allow_empty, diags);
  return set;
}

/// --format ray or kubernetes: the specs to the output; why some job has none to standard
/// error (the unplaced as in the text plan, each placed job left out as a note).
bool write_specs(const PlaceCmdOptions& o, const PlanInputs& in) {
  const PlanView view{in.policy, in.inv, in.jobs, in.plan, *strategy_from_string(o.strategy)};
  std::vector<NoSpec> left_out;
  const bool written = write_out(o, [&](const Sink& out) {
    left_out = o.format == "ray" ? render_ray(view, out) : render_kubernetes(view, out);
  });
  if (!written) return false;
  for (const auto& n : left_out) {
    const Job& j = in.jobs[n.job];
    print_err("{}: note: {} '{}' is placed but gets no {}: {}\n", j.where(j.at).str(), j.kind, j.name,
              o.format == "ray" ? "placement group" : "patch", n.why);
  }
  const std::string unplaced = unplaced_text(in);  // each finding after a blank line
  print_err("{}", std::string_view(unplaced).substr(unplaced.empty() ? 0 : 1));
  return true;
}

PlaceOptions place_options(const PlaceCmdOptions& o, Progress& progress) {
  PlaceOptions po;
  po.decided = &progress.counter();
  po.strategy = *strategy_from_string(o.strategy);
  po.order_by_size = o.order == "size";
  po.near_misses = o.near_misses;
  po.gpu_aware = o.gpu_aware;
  return po;
}

}  // namespace

int run_place(const PlaceCmdOptions& o) {
  const auto t0 = Clock::now();
  const bool text = o.format == "text";
  const bool specs = o.format == "ray" || o.format == "kubernetes";  // findings go to standard error
  Diagnostics diags;
  SourceCache sources;
  if (stdin_uses(o) > 1) {
    const std::string_view why = "standard input ('-') can be read only once";
    if (text || specs) print_err("allot: error[{}]: {}\n", to_string(Code::UnreadableInput), why);
    else diags.error(Code::UnreadableInput, Location{"<stdin>", 0, 0, 1}, std::string(why));
    return text || specs ? kInvalid : no_plan(o, diags, sources);
  }
  Progress progress(show_progress(o.progress), "place");
  progress.phase("reading the policy and the inventory");
  const auto policy = load_policy(o.policy, diags, sources);
  std::optional<Inventory> inv;
  if (policy) inv = read_inventory(o, *policy, diags, sources);
  if (!policy || !inv) {
    progress.stop();
    return no_plan(o, diags, sources);
  }
  input::ManifestSet set = read_jobs(o, *policy, diags, sources, progress);
  if (text || specs) progress.aside([&] { report(diags, sources); });  // JSON and YAML carry the findings in the document
  if (diags.has_errors()) {
    progress.stop();
    return text || specs ? kInvalid : no_plan(o, diags, sources);
  }
  progress.phase("placing", "jobs", set.jobs.size());

  const auto t1 = Clock::now();
  Plan plan = place(*policy, *inv, set.jobs, place_options(o, progress));
  const auto t2 = Clock::now();
  progress.phase("writing the plan");
  const PlanInputs in{*policy, *inv, set.jobs, plan};
  if (!o.report.empty() && !write_report(o, in)) {
    progress.stop();
    return kInvalid;
  }
  const bool written = specs               ? write_specs(o, in)
                       : o.format == "json" ? write_out(o, [&](const Sink& out) { render_json(in, diags, out); })
                                            : write_out(o, [&](const Sink& out) {
                                                out(text ? render_text(in) : to_yaml(render_tree(in, diags)));
                                              });
  progress.stop();
  if (!finish_report(o, written) || !written) return kInvalid;
  if (o.timings) {
    using ms = std::chrono::duration<double, std::milli>;
    print_err("timings: read {:.1f} ms, place {:.1f} ms ({} jobs, {} replicas placed, {} nodes)\n",
              ms(t1 - t0).count(), ms(t2 - t1).count(), set.jobs.size(), plan.replicas_placed, inv->nodes.size());
  }
  const int code = !plan.unplaced.empty()                   ? kViolation
                   : o.fail_on_warn && diags.warnings() > 0 ? kWarnOnly
                                                            : kPass;
  keep_until_exit(std::move(plan));
  keep_until_exit(std::move(set));
  keep_until_exit(std::move(*inv));
  keep_until_exit(std::move(diags));
  keep_until_exit(std::move(sources));
  return code;
}

}  // namespace allot::cli
