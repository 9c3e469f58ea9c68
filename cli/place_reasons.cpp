#include "cli/place_reasons.hpp"

#include <variant>

#include <fmt/format.h>

namespace allot::cli {
namespace {

namespace place_text {

std::string amount(const Policy& p, std::size_t r, Amount a) { return format_quantity(a, p.resources[r].kind); }

std::string short_location(const Location& l) { return fmt::format("{}:{}:{}", l.file.str(), l.line, l.column); }

/// The node selector of the job's group named `group` (the first group when none is named).
std::string selector(const Job& job, const std::string& group) {
  const Group* g = &job.groups.front();
  for (const auto& x : job.groups)
    if (x.name == group) g = &x;
  std::string s;
  for (const auto& [k, v] : g->node_selector) s += fmt::format("{}{}={}", s.empty() ? "" : ",", k, v);
  return s;
}

/// "a replica", or "a replica of 'gpu-workers'" in a gang of several shapes.
std::string a_replica(const std::string& group) {
  return group.empty() ? "a replica" : fmt::format("a replica of '{}'", group);
}

std::string text(const Policy& p, const Inventory&, const Job&, const LimitBlock& b) {
  std::string what;
  switch (b.scope) {
    case LimitScope::job: what = "the job would take"; break;
    case LimitScope::user: what = fmt::format("user '{}' would hold", b.who); break;
    case LimitScope::team: what = fmt::format("team '{}' would hold", b.who); break;
    case LimitScope::node: what = "a replica needs"; break;
    case LimitScope::gang_on_node: what = "the whole gang on one node would need"; break;
    case LimitScope::cluster: what = "the gang in one cluster would need"; break;
  }
  const std::string_view per = b.scope == LimitScope::gang_on_node ? "node" : to_string(b.scope);
  return fmt::format("limit: {} {} {} > {} (per {}, tier {}, {})", what, p.resources[b.resource].name,
                     amount(p, b.resource, b.amount), amount(p, b.resource, b.limit), per, p.tiers[b.tier].name,
                     short_location(b.policy_location));
}

std::string text(const Policy&, const Inventory&, const Job&, const TotalOverflow&) {
  return "limit: the job's total request overflows";
}

std::string text(const Policy&, const Inventory&, const Job&, const UnknownCluster& u) {
  return fmt::format("cluster '{}' is not in the inventory", u.cluster);
}

std::string text(const Policy& p, const Inventory& inv, const Job&, const ClusterLimitReached& l) {
  return fmt::format("cluster {}: per-cluster {} limit reached ({} of {} held, needs {})", inv.clusters[l.cluster].name,
                     p.resources[l.resource].name, amount(p, l.resource, l.held), amount(p, l.resource, l.limit),
                     amount(p, l.resource, l.need));
}

std::string text(const Policy& p, const Inventory& inv, const Job& j, const ClusterShortfall& f) {
  std::string line = fmt::format("cluster {}: {} of {} nodes can hold {}", inv.clusters[f.cluster].name, f.holders,
                                 f.nodes, f.whole_gang ? "all replicas" : a_replica(f.group));
  if (f.holders > 0 && f.replicas_possible < f.replicas_needed)
    line += fmt::format(", {} replica{} in all, needs {}", f.replicas_possible, f.replicas_possible == 1 ? "" : "s",
                        f.replicas_needed);
  if (f.only_apart) line += " (each group fits on its own, not the whole gang)";
  if (f.holders > 0 && static_cast<Amount>(f.holders) < f.distinct_nodes_needed)
    line += fmt::format(" (strict-spread needs {} distinct nodes)", f.distinct_nodes_needed);
  std::vector<std::string> parts;
  for (const auto& s : f.short_of)
    parts.push_back(fmt::format("{} short of {} (best: {} has {} free, needs {})", s.nodes, p.resources[s.resource].name,
                                inv.nodes[s.best_node].name, amount(p, s.resource, s.best_free),
                                amount(p, s.resource, s.need)));
  if (f.not_matching > 0) parts.push_back(fmt::format("{} do not match {}", f.not_matching, selector(j, f.group)));
  if (!parts.empty()) line += fmt::format(": {}", fmt::join(parts, ", "));
  return line;
}

std::string text(const Policy& p, const Inventory&, const Job&, const FleetShortfall& f) {
  std::vector<std::string> parts{fmt::format("{} can hold a replica", f.holders)};
  for (const auto& [r, n] : f.short_of) parts.push_back(fmt::format("{} short of {}", n, p.resources[r].name));
  if (f.not_matching > 0) parts.push_back(fmt::format("{} do not match the node selector", f.not_matching));
  if (f.clusters_at_limit > 0)
    parts.push_back(fmt::format("{} cluster{} at the per-cluster limit", f.clusters_at_limit,
                                f.clusters_at_limit == 1 ? "" : "s"));
  return fmt::format("fleet: {} clusters, {} nodes: {}; the {} nearest cluster{} below", f.clusters, f.nodes,
                     fmt::join(parts, ", "), f.shown, f.shown == 1 ? "" : "s");
}

std::string text(const Policy& p, const Inventory& inv, const Job&, const SmallerRequest& h) {
  return fmt::format("in cluster {}, {} fits on {} if {} asks for {} <= {}", inv.clusters[h.cluster].name,
                     h.whole_gang ? "the gang" : a_replica(h.group), inv.nodes[h.node].name,
                     h.whole_gang ? "each replica" : "it", p.resources[h.resource].name,
                     amount(p, h.resource, h.at_most));
}

std::string text(const Policy&, const Inventory& inv, const Job&, const MoreNodes& h) {
  return fmt::format("in cluster {}, {} more node{} like the ones that fit would hold the rest",
                     inv.clusters[h.cluster].name, h.nodes, h.nodes == 1 ? "" : "s");
}

}  // namespace place_text
}  // namespace

/// The sentence the text output shows for reason `r` of job `j` (without indentation).
std::string reason_text(const Policy& p, const Inventory& inv, const Job& j, const Reason& r) {
  return std::visit([&](const auto& x) { return place_text::text(p, inv, j, x); }, r);
}

/// Likewise for a hint (without "hint: ").
std::string hint_text(const Policy& p, const Inventory& inv, const Job& j, const Hint& h) {
  return std::visit([&](const auto& x) { return place_text::text(p, inv, j, x); }, h);
}

namespace {
namespace place_tree {

Tree boolean(bool b) { return Tree{Tree::Kind::boolean, b ? "true" : "false", {}, {}}; }
Tree count(std::size_t n) { return Tree::num(static_cast<long long>(n)); }
Tree count(Amount n) { return Tree::num(static_cast<long long>(n)); }
/// An amount of resource `r` as the summary block writes it: an exact plain number.
Tree amount(const Policy& p, std::size_t r, Amount a) { return Tree::num(format_plain(a, p.resources[r].kind)); }

Tree location(const Location& l) {
  Tree t = Tree::object();
  t.set("file", Tree::str(l.file.str()));
  t.set("line", Tree::num(l.line));
  t.set("column", Tree::num(l.column));
  return t;
}

void fields(Tree& t, const Policy& p, const Inventory&, const LimitBlock& b) {
  t.set("scope", Tree::str(std::string(to_string(b.scope))));
  t.set("tier", Tree::str(p.tiers[b.tier].name));
  t.set("resource", Tree::str(p.resources[b.resource].name));
  if (b.scope == LimitScope::user) t.set("user", Tree::str(b.who));
  if (b.scope == LimitScope::team) t.set("team", Tree::str(b.who));
  t.set("amount", amount(p, b.resource, b.amount));
  t.set("limit", amount(p, b.resource, b.limit));
  t.set("policy_location", location(b.policy_location));
}

void fields(Tree&, const Policy&, const Inventory&, const TotalOverflow&) {}

void fields(Tree& t, const Policy&, const Inventory&, const UnknownCluster& u) {
  t.set("cluster", Tree::str(u.cluster));
}

void fields(Tree& t, const Policy& p, const Inventory& inv, const ClusterLimitReached& l) {
  t.set("cluster", Tree::str(inv.clusters[l.cluster].name));
  t.set("tier", Tree::str(p.tiers[l.tier].name));
  t.set("resource", Tree::str(p.resources[l.resource].name));
  t.set("held", amount(p, l.resource, l.held));
  t.set("limit", amount(p, l.resource, l.limit));
  t.set("need", amount(p, l.resource, l.need));
  t.set("policy_location", location(l.policy_location));
}

void fields(Tree& t, const Policy& p, const Inventory& inv, const ClusterShortfall& f) {
  t.set("cluster", Tree::str(inv.clusters[f.cluster].name));
  t.set("nodes", count(f.nodes));
  t.set("holders", count(f.holders));
  t.set("whole_gang", boolean(f.whole_gang));
  t.set("replicas_possible", count(f.replicas_possible));
  t.set("replicas_needed", count(f.replicas_needed));
  t.set("distinct_nodes_needed", f.distinct_nodes_needed > 0 ? count(f.distinct_nodes_needed) : Tree::null());
  Tree& shorts = t.set("short_of", Tree::array());
  for (const auto& s : f.short_of) {
    Tree& st = shorts.push(Tree::object());
    st.set("resource", Tree::str(p.resources[s.resource].name));
    st.set("nodes", count(s.nodes));
    st.set("best_node", Tree::str(inv.nodes[s.best_node].name));
    st.set("best_free", amount(p, s.resource, s.best_free));
    st.set("need", amount(p, s.resource, s.need));
  }
  t.set("not_matching", count(f.not_matching));
  if (!f.group.empty()) t.set("group", Tree::str(f.group));
  if (f.only_apart) t.set("only_apart", boolean(true));
}

void fields(Tree& t, const Policy& p, const Inventory&, const FleetShortfall& f) {
  t.set("clusters", count(f.clusters));
  t.set("shown", count(f.shown));
  t.set("clusters_at_limit", count(f.clusters_at_limit));
  t.set("nodes", count(f.nodes));
  t.set("holders", count(f.holders));
  Tree& shorts = t.set("short_of", Tree::array());
  for (const auto& [r, n] : f.short_of) {
    Tree& st = shorts.push(Tree::object());
    st.set("resource", Tree::str(p.resources[r].name));
    st.set("nodes", count(n));
  }
  t.set("not_matching", count(f.not_matching));
}

void fields(Tree& t, const Policy& p, const Inventory& inv, const SmallerRequest& h) {
  t.set("cluster", Tree::str(inv.clusters[h.cluster].name));
  t.set("node", Tree::str(inv.nodes[h.node].name));
  t.set("resource", Tree::str(p.resources[h.resource].name));
  t.set("at_most", amount(p, h.resource, h.at_most));
  t.set("whole_gang", boolean(h.whole_gang));
  if (!h.group.empty()) t.set("group", Tree::str(h.group));
}

void fields(Tree& t, const Policy&, const Inventory& inv, const MoreNodes& h) {
  t.set("cluster", Tree::str(inv.clusters[h.cluster].name));
  t.set("nodes", count(h.nodes));
}

}  // namespace place_tree
}  // namespace

/// Reason `r` of job `j` as an object: its kind and its facts (the sentence is the text
/// output's; machines get the facts).
Tree reason_tree(const Policy& p, const Inventory& inv, const Job&, const Reason& r) {
  Tree t = Tree::object();
  t.set("kind", Tree::str(std::string(kind_name(r))));
  std::visit([&](const auto& x) { place_tree::fields(t, p, inv, x); }, r);
  return t;
}

/// Likewise for a hint.
Tree hint_tree(const Policy& p, const Inventory& inv, const Job&, const Hint& h) {
  Tree t = Tree::object();
  t.set("kind", Tree::str(std::string(kind_name(h))));
  std::visit([&](const auto& x) { place_tree::fields(t, p, inv, x); }, h);
  return t;
}

}  // namespace allot::cli
