#include "cli/report_html.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <set>
#include <utility>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "cli/place_reasons.hpp"
#include "place/selectors.hpp"
#include "policy/codes.hpp"

namespace allot::cli {
namespace {

__extension__ typedef __int128 Wide;  // products of two amounts, for scaling without floats

/// `part` of `whole` as a share of `width` (pixels, percent), rounded down and clamped.
std::int64_t scaled(Amount part, Amount whole, std::int64_t width) {
  if (whole <= 0 || part <= 0) return 0;
  if (part >= whole) return width;
  return static_cast<std::int64_t>(static_cast<Wide>(part) * width / whole);
}

constexpr std::int64_t kCell = 14;     // grid pitch of a node, pixels
constexpr std::int64_t kColumns = 64;  // nodes per grid row
constexpr std::int64_t kBar = 240;     // width of a utilisation bar, pixels
constexpr std::size_t kFindings = 1000;  // unplaced rows shown; the rest are counted
constexpr std::size_t kNamed = 5;        // alike jobs named per row

/// Collects the page in pieces and hands them to the sink in blocks of about 64 KiB.
class Writer {
 public:
  explicit Writer(const Sink& out) : out_(out) {}
  ~Writer() { flush(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  template <typename... T>
  void operator()(fmt::format_string<T...> format, T&&... args) {
    fmt::format_to(std::back_inserter(buf_), format, std::forward<T>(args)...);
    if (buf_.size() >= 65536) flush();
  }
  void flush() {
    if (!buf_.empty()) out_(buf_);
    buf_.clear();
  }

 private:
  const Sink& out_;
  std::string buf_;
};

/// What each node holds after the plan: allocated before, plus every replica placed on it.
std::vector<Amount> node_used(const PlanView& in, std::size_t R) {
  std::vector<Amount> used(in.inv.nodes.size() * R, 0);
  for (std::size_t n = 0; n < in.inv.nodes.size(); ++n)
    for (std::size_t r = 0; r < R; ++r) used[n * R + r] = in.inv.nodes[n].allocated[r];
  for (const auto& pl : in.plan.placements) {
    const Job& j = in.jobs[pl.job];
    const auto groups = replica_groups(j, pl.nodes.size());
    for (std::size_t i = 0; i < pl.nodes.size(); ++i)
      for (std::size_t r = 0; r < R; ++r)
        used[pl.nodes[i] * R + r] = sat_add(used[pl.nodes[i] * R + r], j.groups[groups[i]].request[r]);
  }
  return used;
}

/// A replica shape of the batch that uses the primary resource: a group of some job.
struct Shape {
  std::size_t job, group;
};

/// The distinct shapes (request and node selector) of the batch that use the primary resource.
std::vector<Shape> primary_shapes(const PlanView& in, const place_detail::NodeSelectors& selectors) {
  std::set<std::pair<std::vector<Amount>, std::size_t>> seen;
  std::vector<Shape> shapes;
  for (std::size_t j = 0; j < in.jobs.size(); ++j)
    for (std::size_t g = 0; g < in.jobs[j].groups.size(); ++g) {
      const Group& grp = in.jobs[j].groups[g];
      if (grp.replicas > 0 && grp.request[in.plan.primary] > 0 && seen.insert({grp.request, selectors.id(j, g)}).second)
        shapes.push_back({j, g});
    }
  return shapes;
}

/// Per node, its free primary amount if no replica shape of the batch that uses it fits there
/// (by free capacity and node selector, as the plan counts stranded capacity per cluster).
std::vector<Amount> node_stranded(const PlanView& in, const std::vector<Amount>& used, std::size_t R) {
  std::vector<Amount> out(in.inv.nodes.size(), 0);
  const place_detail::NodeSelectors selectors(in.inv, in.jobs);
  const auto shapes = primary_shapes(in, selectors);
  if (shapes.empty()) return out;  // no GPU job: nothing to strand
  const std::size_t p = in.plan.primary;
  for (std::size_t n = 0; n < in.inv.nodes.size(); ++n) {
    auto free = [&](std::size_t r) { return std::max<Amount>(0, in.inv.nodes[n].capacity[r] - used[n * R + r]); };
    if (free(p) == 0) continue;
    const bool fits = std::any_of(shapes.begin(), shapes.end(), [&](const Shape& s) {
      const auto& request = in.jobs[s.job].groups[s.group].request;
      for (std::size_t r = 0; r < R; ++r)
        if (request[r] > free(r)) return false;
      return selectors.matches(s.job, s.group, n);
    });
    if (!fits) out[n] = free(p);
  }
  return out;
}

void head(Writer& w, const PlanView& in) {
  w("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>allot place: {} of {} jobs placed</title>\n",
    in.plan.placements.size(), in.jobs.size());
  w("<style>\n"
    "body{{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d2330;background:#fff}}\n"
    "h1{{font-size:1.5em}} h2{{font-size:1.2em;margin:0 0 .3em}}\n"
    "section.cluster{{border:1px solid #cfd6e0;border-radius:6px;padding:.8em 1em;margin:1em 0}}\n"
    "table{{border-collapse:collapse}} th,td{{text-align:left;padding:.15em .6em;vertical-align:top}}\n"
    "table.unplaced th,table.unplaced td{{border-bottom:1px solid #dde3ea}}\n"
    "table.unplaced ul{{margin:0;padding-left:1.1em}}\n"
    ".num{{text-align:right;font-variant-numeric:tabular-nums}}\n"
    ".cap{{fill:#e4e9f0}} .held{{fill:#3b7dd8}} .limit{{fill:#d62728}}\n"
    "rect.node{{stroke:#fff;stroke-width:1}} rect.stranded{{stroke:#d62728;stroke-width:2.5}}\n"
    ".u0{{fill:#eef3fa}} .u1{{fill:#d7e5f5}} .u2{{fill:#bdd4ef}} .u3{{fill:#a2c2e8}} .u4{{fill:#86afe0}}\n"
    ".u5{{fill:#6b9cd8}} .u6{{fill:#5089d0}} .u7{{fill:#3a75c2}} .u8{{fill:#2b61a8}} .u9{{fill:#1f4d8a}}\n"
    ".u10{{fill:#14386b}} .none{{fill:#c9c9c9}}\n"
    "p.stranded{{color:#b01c1c;font-weight:600}} .hint{{color:#51607a}} .muted{{color:#6b7280}}\n"
    "</style>\n</head>\n<body>\n");
}

/// The summary line and the legend of the node colours.
void summary(Writer& w, const PlanView& in) {
  const auto& plan = in.plan;
  const std::string primary = in.policy.resources.empty() ? "" : html_escape(in.policy.resources[plan.primary].name);
  w("<h1>allot place</h1>\n<p id=\"summary\">{} of {} job{} placed ({} replica{}), {} unplaced, on {} node{} in {} "
    "cluster{}</p>\n",
    plan.placements.size(), in.jobs.size(), in.jobs.size() == 1 ? "" : "s", plan.replicas_placed,
    plan.replicas_placed == 1 ? "" : "s", plan.unplaced.size(), in.inv.nodes.size(), in.inv.nodes.size() == 1 ? "" : "s",
    in.inv.clusters.size(), in.inv.clusters.size() == 1 ? "" : "s");
  w("<p class=\"legend\">Nodes by {} in use: <svg width=\"250\" height=\"12\" role=\"img\">", primary);
  for (int b = 0; b <= 10; ++b) w("<rect class=\"u{}\" x=\"{}\" width=\"20\" height=\"12\"/>", b, b * 20);
  w("<rect class=\"none\" x=\"226\" width=\"12\" height=\"12\"/></svg> 0% to 100%; grey: no {}; "
    "<svg width=\"14\" height=\"14\"><rect class=\"u0 stranded\" x=\"2\" y=\"2\" width=\"10\" height=\"10\"/></svg> "
    "stranded: free {} that no {} replica of the batch fits beside. Hover over a node for its detail.</p>\n",
    primary, primary, primary);
}

/// Per resource: held against capacity, the per-cluster limit marked when there is one.
void bars(Writer& w, const PlanView& in, const ClusterUsage& u) {
  w("<table class=\"bars\">\n");
  for (std::size_t r = 0; r < in.policy.resources.size(); ++r) {
    const auto kind = in.policy.resources[r].kind;
    const Amount scale = u.limit[r] ? std::max(u.capacity[r], *u.limit[r]) : u.capacity[r];
    w("<tr data-resource=\"{}\"><th>{}</th><td><svg width=\"{}\" height=\"12\" role=\"img\">"
      "<rect class=\"cap\" width=\"{}\" height=\"12\"/><rect class=\"held\" width=\"{}\" height=\"12\"/>",
      html_escape(in.policy.resources[r].name), html_escape(in.policy.resources[r].name), kBar,
      scaled(u.capacity[r], scale, kBar), scaled(u.held[r], scale, kBar));
    if (u.limit[r]) w("<rect class=\"limit\" x=\"{}\" width=\"2\" height=\"12\"/>", std::min(scaled(*u.limit[r], scale, kBar), kBar - 2));
    w("</svg></td><td class=\"num\">{} / {}</td><td class=\"num\">{}%</td><td>{}</td></tr>\n",
      html_escape(format_approx(u.held[r], kind)), html_escape(format_approx(u.capacity[r], kind)),
      scaled(u.held[r], u.capacity[r], 100),
      u.limit[r] ? "limit " + html_escape(format_approx(*u.limit[r], kind)) : std::string("no cluster limit"));
  }
  w("</table>\n");
}

/// One node of the grid: its colour by primary use, its detail as a tooltip.
void node_rect(Writer& w, const PlanView& in, std::size_t n, std::size_t i, const std::vector<Amount>& used,
               const std::vector<Amount>& stranded) {
  const auto& res = in.policy.resources;
  const std::size_t R = res.size(), p = in.plan.primary;
  const Node& node = in.inv.nodes[n];
  const auto x = static_cast<std::int64_t>(i) % kColumns * kCell, y = static_cast<std::int64_t>(i) / kColumns * kCell;
  std::string cls = R == 0 || node.capacity[p] == 0 ? std::string("none")
                                                    : fmt::format("u{}", scaled(used[n * R + p], node.capacity[p], 10));
  if (stranded[n] > 0) cls += " stranded";
  w("<rect class=\"node {}\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\"><title>{}", cls, x, y, html_escape(node.name));
  for (std::size_t r = 0; r < R; ++r)
    if (node.capacity[r] != 0 || used[n * R + r] != 0)
      w("\n{}: {} / {}", html_escape(res[r].name), html_escape(format_approx(used[n * R + r], res[r].kind)),
        html_escape(format_approx(node.capacity[r], res[r].kind)));
  if (stranded[n] > 0) w("\nstranded {}: {}", html_escape(res[p].name), html_escape(format_quantity(stranded[n], res[p].kind)));
  w("</title></rect>\n");
}

void cluster(Writer& w, const PlanView& in, std::size_t c, const std::vector<Amount>& used,
             const std::vector<Amount>& stranded) {
  const Cluster& cl = in.inv.clusters[c];
  const auto& u = in.plan.clusters[c];
  const auto count = static_cast<std::int64_t>(cl.nodes.size());
  w("<section class=\"cluster\" id=\"cluster-{}\" data-cluster=\"{}\" data-nodes=\"{}\">\n<h2>{}</h2>\n", c,
    html_escape(cl.name), count, html_escape(cl.name));
  const std::size_t on = static_cast<std::size_t>(
      std::count_if(cl.nodes.begin(), cl.nodes.end(), [&](std::size_t n) { return stranded[n] > 0; }));
  if (!in.policy.resources.empty()) {
    const auto& primary = in.policy.resources[in.plan.primary];
    w("<p class=\"{}\">{} node{}; stranded {}: {}{}</p>\n", u.stranded > 0 ? "stranded" : "muted", count,
      count == 1 ? "" : "s", html_escape(primary.name), html_escape(format_quantity(u.stranded, primary.kind)),
      on == 0 ? std::string() : fmt::format(" (outlined: {} node{})", on, on == 1 ? "" : "s"));
  }
  bars(w, in, u);
  const std::int64_t cols = std::min(count, kColumns), rows = (count + kColumns - 1) / kColumns;
  w("<svg class=\"nodes\" width=\"{}\" height=\"{}\" viewBox=\"-2 -2 {} {}\" role=\"img\">\n", cols * kCell + 4,
    rows * kCell + 4, cols * kCell + 4, rows * kCell + 4);
  for (std::size_t i = 0; i < cl.nodes.size(); ++i) node_rect(w, in, cl.nodes[i], i, used, stranded);
  w("</svg>\n</section>\n");
}

/// "2 × {gpu: 8, vcpu: 32}", each group of a gang so, named.
std::string request_text(const PlanView& in, const Job& j) {
  std::vector<std::string> groups;
  for (const auto& g : j.groups) {
    std::vector<std::string> parts;
    for (std::size_t r = 0; r < in.policy.resources.size(); ++r)
      if (g.request[r] != 0)
        parts.push_back(fmt::format("{}: {}", in.policy.resources[r].name,
                                    format_quantity(g.request[r], in.policy.resources[r].kind)));
    const std::string count = j.volume ? std::string("volume") : fmt::format("{} ×", g.replicas);
    groups.push_back(fmt::format("{}{} {{{}}}", g.name.empty() ? "" : g.name + ": ", count, fmt::join(parts, ", ")));
  }
  return fmt::format("{}", fmt::join(groups, "; "));
}

/// The unplaced jobs, those of one request and the same reasons on one row, as the text
/// output groups them; at most kFindings rows.
void unplaced(Writer& w, const PlanView& in) {
  w("<h2 id=\"unplaced\">Unplaced jobs: {}</h2>\n", in.plan.unplaced.size());
  if (in.plan.unplaced.empty()) return w("<p class=\"muted\">Every job is placed.</p>\n");
  struct Row {
    std::size_t job;
    std::string request, reasons;
    std::vector<std::size_t> alike;
  };
  std::vector<Row> rows;
  std::unordered_map<std::string, std::size_t> by_key;
  for (const auto& u : in.plan.unplaced) {
    const Job& j = in.jobs[u.job];
    std::string request = request_text(in, j), reasons;
    for (const auto& r : u.reasons)
      reasons += fmt::format("<li data-kind=\"{}\">{}</li>", html_escape(kind_name(r)),
                             html_escape(reason_text(in.policy, in.inv, j, r)));
    for (const auto& h : u.hints)
      reasons += fmt::format("<li class=\"hint\" data-kind=\"{}\">hint: {}</li>", html_escape(kind_name(h)),
                             html_escape(hint_text(in.policy, in.inv, j, h)));
    const auto [it, added] = by_key.emplace(request + '\0' + reasons, rows.size());
    if (added) rows.push_back({u.job, std::move(request), std::move(reasons), {}});
    else rows[it->second].alike.push_back(u.job);
  }
  w("<table class=\"unplaced\">\n<tr><th>job</th><th>user</th><th>where</th><th>request</th><th>reasons</th>"
    "<th>alike jobs</th></tr>\n");
  for (std::size_t i = 0; i < std::min(rows.size(), kFindings); ++i) {
    const Row& row = rows[i];
    const Job& j = in.jobs[row.job];
    w("<tr data-code=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><ul>{}</ul></td><td>",
      to_string(Code::Unplaceable), html_escape(j.name), html_escape(j.user.empty() ? "-" : j.user),
      html_escape(j.where(j.at).str()), html_escape(row.request), row.reasons);
    if (!row.alike.empty()) {
      w("{} more, for the same reasons:", row.alike.size());
      for (std::size_t k = 0; k < std::min(row.alike.size(), kNamed); ++k)
        w("{} {}", k == 0 ? "" : ",", html_escape(in.jobs[row.alike[k]].name));
      if (row.alike.size() > kNamed) w(", ...");
    }
    w("</td></tr>\n");
  }
  w("</table>\n");
  if (rows.size() > kFindings)
    w("<p class=\"muted\" id=\"unplaced-more\">{} more rows of unplaced jobs are not shown: the text and JSON outputs "
      "list them all.</p>\n",
      rows.size() - kFindings);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

void render_html_report(const PlanView& in, const Sink& out) {
  Writer w(out);
  const std::size_t R = in.policy.resources.size();
  const auto used = node_used(in, R);
  const auto stranded = R == 0 ? std::vector<Amount>(in.inv.nodes.size(), 0) : node_stranded(in, used, R);
  head(w, in);
  summary(w, in);
  for (std::size_t c = 0; c < in.inv.clusters.size(); ++c) cluster(w, in, c, used, stranded);
  unplaced(w, in);
  w("</body>\n</html>\n");
}

}  // namespace allot::cli
