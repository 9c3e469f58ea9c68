#include <string_view>

#include <fmt/format.h>

#include "cli/json.hpp"
#include "cli/plan_formats.hpp"

namespace allot::cli {

std::vector<std::size_t> replica_groups(const Job& job, std::size_t replicas) {
  std::vector<std::size_t> out;
  out.reserve(replicas);
  std::size_t g = 0, left = job.groups.empty() ? 0 : static_cast<std::size_t>(job.groups[0].replicas);
  for (std::size_t i = 0; i < replicas; ++i) {
    while (left == 0 && g + 1 < job.groups.size()) left = static_cast<std::size_t>(job.groups[++g].replicas);
    if (left > 0) --left;
    out.push_back(g);
  }
  return out;
}

std::string ray_resource(const Resource& r) {
  if (r.name == "gpu") return "GPU";
  if (r.name == "vcpu" || r.name == "cpu") return "CPU";
  if (r.name == "memory") return "memory";
  if (r.name == "storage" || r.name == "ephemeral-storage") return "";
  return r.name;
}

std::string_view ray_strategy(Strategy s) {
  switch (s) {
    case Strategy::pack: return "PACK";
    case Strategy::spread: return "SPREAD";
    case Strategy::strict_pack: return "STRICT_PACK";
    case Strategy::strict_spread: return "STRICT_SPREAD";
  }
  return "PACK";
}

namespace {

/// One replica's bundle: each resource Ray schedules that the replica asks for. False when
/// it asks for none, since Ray rejects a bundle with no resource above zero.
bool bundle(JsonWriter& w, const Policy& p, const Group& g) {
  bool any = false;
  w.begin_object();
  for (std::size_t r = 0; r < p.resources.size(); ++r) {
    const std::string name = ray_resource(p.resources[r]);
    if (name.empty() || g.request[r] == 0) continue;
    w.key(name).number(format_plain(g.request[r], p.resources[r].kind));
    any = true;
  }
  w.end_object();
  return any;
}

/// The line of one placed job, or the reason it has none.
std::string ray_line(const PlanView& in, const Placement& pl, std::string& why) {
  const Job& j = in.jobs[pl.job];
  JsonWriter w(0);
  w.begin_object();
  w.key("cluster").string(in.inv.clusters[pl.cluster].name);
  w.key("job").string(j.name);
  w.key("nodes").begin_array();
  for (auto n : pl.nodes) w.string(in.inv.nodes[n].name);
  w.end_array();
  w.key("spec").begin_object();
  w.key("name").string(j.name);
  w.key("strategy").string(ray_strategy(j.strategy.value_or(in.strategy)));
  w.key("bundles").begin_array();
  const auto groups = replica_groups(j, pl.nodes.size());
  for (auto g : groups)
    if (!bundle(w, in.policy, j.groups[g])) {
      why = fmt::format("{} asks for no resource Ray schedules, and Ray rejects an empty bundle",
                        j.groups[g].name.empty() ? "its replica" : fmt::format("group '{}'", j.groups[g].name));
      return "";
    }
  w.end_array();
  w.end_object();
  w.end_object();
  return w.str();
}

}  // namespace

std::vector<NoSpec> render_ray(const PlanView& in, const Sink& out) {
  std::vector<NoSpec> left_out;
  for (const auto& pl : in.plan.placements) {
    const Job& j = in.jobs[pl.job];
    if (pl.nodes.empty()) {
      left_out.push_back({pl.job, j.volume ? "a volume claim holds no node" : "it has no replica to place"});
      continue;
    }
    std::string why;
    const std::string line = ray_line(in, pl, why);
    if (line.empty()) left_out.push_back({pl.job, std::move(why)});
    else {
      out(line);
      out("\n");
    }
  }
  return left_out;
}

}  // namespace allot::cli
