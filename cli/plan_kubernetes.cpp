#include <algorithm>
#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include "cli/json.hpp"
#include "cli/plan_formats.hpp"

namespace allot::cli {
namespace {

/// `s` as one shell word: as it is when it holds only safe characters, else single-quoted.
std::string sh_quote(std::string_view s) {
  const bool safe = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("._-/:=@%+,").find(c) != std::string_view::npos;
  });
  if (safe) return std::string(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// `s` fit for a comment line: control characters (a newline would end the comment and
/// start a command) are shown as '?'.
std::string comment_safe(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  return out;
}

/// A JSON Pointer (RFC 6901) to `path`, each key escaped.
std::string pointer(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& key : path) {
    out += '/';
    for (char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  }
  return out;
}

/// What kubectl calls the workload's kind: `deployment.apps`, `raycluster.ray.io`, `pod`.
std::string resource_of(const Job& j) {
  std::string kind = j.kind;
  std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto slash = j.api_version.find('/');
  return slash == std::string::npos ? kind : kind + "." + j.api_version.substr(0, slash);
}

/// What a node's `kubernetes.io/hostname` label says, as a NodeList from kubectl has it;
/// else the node's name, which a node's hostname label usually equals.
const std::string& hostname(const Node& n) {
  for (const auto& [key, value] : n.labels)
    if (key == "kubernetes.io/hostname") return value;
  return n.name;
}

/// One pod template: where it stands and the hostnames its pods go to.
struct Pin {
  const Group::PodSpecAt* at;
  std::vector<std::string> hosts;
};

/// The templates of a placed job, in group order, each with its nodes sorted and unique;
/// groups that share a template (a LeaderWorkerSet without a leaderTemplate) share a pin.
std::vector<Pin> pins(const PlanView& in, const Placement& pl) {
  const Job& j = in.jobs[pl.job];
  std::vector<Pin> out;
  const auto groups = replica_groups(j, pl.nodes.size());
  for (std::size_t i = 0; i < pl.nodes.size(); ++i) {
    const auto* at = &j.groups[groups[i]].pod_spec;
    auto it = std::find_if(out.begin(), out.end(), [&](const Pin& p) { return p.at->path == at->path; });
    if (it == out.end()) it = out.insert(out.end(), Pin{at, {}});
    it->hosts.push_back(hostname(in.inv.nodes[pl.nodes[i]]));
  }
  for (auto& p : out) {
    std::sort(p.hosts.begin(), p.hosts.end());
    p.hosts.erase(std::unique(p.hosts.begin(), p.hosts.end()), p.hosts.end());
  }
  return out;
}

/// The `add` operation that requires a pod template's nodes: at the deepest level the
/// manifest already has, so an `affinity` or `nodeAffinity` it gives keeps its other parts
/// (pod affinities, preferred terms); required node affinity terms are replaced.
void add_op(JsonWriter& w, const Pin& pin) {
  std::vector<std::string> path = pin.at->path;
  path.emplace_back("affinity");
  if (pin.at->affinity) path.emplace_back("nodeAffinity");
  if (pin.at->node_affinity) path.emplace_back("requiredDuringSchedulingIgnoredDuringExecution");
  w.begin_object();
  w.key("op").string("add");
  w.key("path").string(pointer(path));
  w.key("value");
  if (!pin.at->affinity) w.begin_object().key("nodeAffinity");
  if (!pin.at->node_affinity) w.begin_object().key("requiredDuringSchedulingIgnoredDuringExecution");
  w.begin_object().key("nodeSelectorTerms").begin_array().begin_object().key("matchExpressions").begin_array();
  w.begin_object();
  w.key("key").string("kubernetes.io/hostname");
  w.key("operator").string("In");
  w.key("values").begin_array();
  for (const auto& h : pin.hosts) w.string(h);
  w.end_array().end_object();
  w.end_array().end_object().end_array().end_object();
  if (!pin.at->node_affinity) w.end_object();
  if (!pin.at->affinity) w.end_object();
  w.end_object();
}

/// The comment and the command of one placed workload.
std::string patch_command(const PlanView& in, const Placement& pl) {
  const Job& j = in.jobs[pl.job];
  JsonWriter w(0);
  w.begin_array();
  for (const auto& pin : pins(in, pl)) add_op(w, pin);
  w.end_array();
  const std::string comment = fmt::format("# {} {}: {} replica{} in cluster {} ({}:{})", j.kind, j.name,
                                          pl.nodes.size(), pl.nodes.size() == 1 ? "" : "s",
                                          in.inv.clusters[pl.cluster].name, j.file.str(), j.at.line);
  return fmt::format("{}\nkubectl patch {} {}{} --type=json -p {}\n", comment_safe(comment), resource_of(j), sh_quote(j.name),
                     j.ns.empty() ? std::string() : " -n " + sh_quote(j.ns), sh_quote(w.str()));
}

}  // namespace

std::vector<NoSpec> render_kubernetes(const PlanView& in, const Sink& out) {
  std::vector<NoSpec> left_out;
  out("#!/bin/sh\n"
      "# allot place --format kubernetes: pins each placed workload's pods to the nodes of the plan\n"
      "# (required node affinity on kubernetes.io/hostname, one JSON patch per workload).\n"
      "set -e\n");
  for (const auto& pl : in.plan.placements) {
    const Job& j = in.jobs[pl.job];
    if (!j.kubernetes) left_out.push_back({pl.job, "an allot Job is no Kubernetes object to patch"});
    else if (pl.nodes.empty())
      left_out.push_back({pl.job, j.volume ? "a volume claim holds no node" : "it has no replica to place"});
    else out(patch_command(in, pl));
  }
  for (const auto& u : in.plan.unplaced) {
    const Job& j = in.jobs[u.job];
    out(comment_safe(fmt::format("# not placed, not patched: {} {} ({}:{})", j.kind, j.name, j.file.str(), j.at.line)));
    out("\n");
  }
  for (const auto& n : left_out) {
    const Job& j = in.jobs[n.job];
    out(comment_safe(fmt::format("# placed, not patched: {} {} ({}:{}): {}", j.kind, j.name, j.file.str(), j.at.line, n.why)));
    out("\n");
  }
  return left_out;
}

}  // namespace allot::cli
