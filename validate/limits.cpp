#include "validate/limits.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "policy/parallel.hpp"

namespace allot {
namespace {

/// One limit check: which scope, and the codes for exceeding it and for reaching its warning.
struct Rule {
  Scope scope;
  Code error_code;
  Code warn_code;
};
constexpr Rule kNode{Scope::node, Code::ReplicaOverNodeLimit, Code::ReplicaNearNodeLimit};
constexpr Rule kJob{Scope::job, Code::JobOverJobLimit, Code::JobNearJobLimit};
constexpr Rule kUser{Scope::user, Code::UserOverUserLimit, Code::UserNearUserLimit};
constexpr Rule kCluster{Scope::cluster, Code::JobOverClusterLimit, Code::JobNearClusterLimit};
constexpr Rule kTeam{Scope::team, Code::TeamOverTeamLimit, Code::TeamNearTeamLimit};

std::string short_location(const Location& l) {
  return fmt::format("{}:{}:{}", l.file.str(), l.line, l.column);
}

class Checker {
 public:
  Checker(const Policy& policy, const std::vector<Job>& jobs, Diagnostics& diags, unsigned threads)
      : policy_(policy), jobs_(jobs), diags_(diags), threads_(threads) {}

  void run() {
    resolve_tiers();
    for (std::size_t j = 0; j < jobs_.size(); ++j) job(j);
    users();
    teams();
  }

 private:
  /// The tier of every job, each distinct (user, team) looked up once: a fleet has far fewer
  /// of them than jobs, and the per-user totals ask again for every resource.
  void resolve_tiers() {
    struct PairHash {
      std::size_t operator()(const std::pair<std::string_view, std::string_view>& p) const {
        const std::hash<std::string_view> h;
        return h(p.first) * 31 + h(p.second);
      }
    };
    std::unordered_map<std::pair<std::string_view, std::string_view>, std::optional<std::size_t>, PairHash> seen;
    tiers_.reserve(jobs_.size());
    for (const Job& j : jobs_) {
      auto [it, fresh] = seen.try_emplace({j.user, j.team});
      if (fresh) it->second = policy_.tier_for(j.user, j.team);
      tiers_.push_back(it->second);
    }
  }

  /// A finding's severity and code, or nothing if `value` is within the limit and its warning.
  static std::optional<std::pair<Severity, Code>> judge(const Rule& rule, const Limit& l, Amount value) {
    if (value > l.max) return std::pair{Severity::error, rule.error_code};
    if (l.warn && value >= *l.warn) return std::pair{Severity::warning, rule.warn_code};
    return std::nullopt;
  }

  static Diagnostic& add(Diagnostics& out, Severity sev, Code code, Location at, std::string message) {
    return sev == Severity::error ? out.error(code, std::move(at), std::move(message))
                                  : out.warning(code, std::move(at), std::move(message));
  }

  std::string limit_words(const Rule& rule, const Limit& l, Severity sev, ResourceKind kind, const Tier& tier) const {
    const bool over = sev == Severity::error;
    return fmt::format("{} the per-{} {} {} (tier {}, {})", over ? "over" : "at or above",
                       to_string(rule.scope), over ? "limit" : "warning threshold",
                       format_quantity(over ? l.max : *l.warn, kind), tier.name, short_location(l.location));
  }

  Details details(const Rule& rule, const Tier& tier, std::size_t r, Amount requested, const Limit& l,
                  Severity sev) const {
    Details d;
    d.rule = fmt::format("per-{}", to_string(rule.scope));
    d.tier = tier.name;
    d.resource = policy_.resources[r].name;
    d.requested = format_plain(requested, policy_.resources[r].kind);
    d.limit = format_plain(sev == Severity::error ? l.max : *l.warn, policy_.resources[r].kind);
    d.policy_location = l.location;
    return d;
  }

  /// "(4 × 8)", or per group "(head 1 × 2, gpu-workers 10 × 8)": how a total is made.
  std::string breakdown(const Job& j, std::size_t r) const {
    const auto kind = policy_.resources[r].kind;
    std::vector<std::string> parts;
    for (const auto& g : j.groups)
      if (g.replicas > 0 && g.asks(r))
        parts.push_back(fmt::format("{}{} × {}", g.name.empty() ? "" : g.name + " ", g.replicas,
                                    format_quantity(g.request[r], kind)));
    return fmt::format("({})", fmt::join(parts, ", "));
  }

  void job(std::size_t index) {
    const Job& j = jobs_[index];
    const auto tier_index = tiers_[index];
    if (!tier_index || j.replicas() == 0) return;  // a workload scaled to zero holds nothing
    const Tier& tier = policy_.tiers[*tier_index];
    const bool strict_pack = j.strategy == Strategy::strict_pack;
    for (std::size_t r = 0; r < policy_.resources.size(); ++r) {
      if (!j.asks(r)) continue;
      const auto kind = policy_.resources[r].kind;
      const auto& name = policy_.resources[r].name;
      const Group& main = j.main_group(r);
      const auto total = j.total(r);
      if (!total) {
        diags_.error(Code::Overflow, j.where(main.request_at[r]),
                     j.groups.size() == 1
                         ? fmt::format("job '{}': {} replicas of {} {} overflow", j.name, main.replicas, name,
                                       format_quantity(main.request[r], kind))
                         : fmt::format("job '{}': {} of {} overflow", j.name, breakdown(j, r), name));
        continue;
      }
      // One replica must fit on one node; strict-pack puts the whole gang on one. Messages
      // are built only for findings: most jobs pass, and formatting is the dear part. A
      // volume claim is on no node, and its size is the user's, not a job's.
      if (j.volume) continue;
      if (strict_pack) {
        check_one(kNode, tier, index, r, *total, main.request_at[r], [&] {
          return fmt::format("job '{}' (strict-pack) needs {} {} on one node", j.name, name, format_quantity(*total, kind));
        });
      } else {
        for (const auto& g : j.groups)
          if (g.replicas > 0 && g.asks(r))
            if (auto* d = check_one(kNode, tier, index, r, g.request[r], g.request_at[r], [&] {
                  return fmt::format("a replica of {} '{}' needs {} {}", g.name.empty() ? "job" : "group",
                                     j.group_label(g), name, format_quantity(g.request[r], kind));
                }))
              d->details->group = g.name;
      }
      if (j.per_node_only) {
        // Its node count is unknown (the note says so), but it runs on one node at least: a
        // pod over the per-job or per-cluster limit is over it on any number of nodes.
        auto one = [&] {
          return fmt::format("DaemonSet '{}' asks for {} {} on each node it runs on (one at least)", j.name, name,
                             format_quantity(*total, kind));
        };
        check_one(kJob, tier, index, r, *total, main.request_at[r], one);
        check_one(kCluster, tier, index, r, *total, main.request_at[r], [&] { return one() + " in one cluster"; });
        continue;
      }
      auto whole = [&] {
        return fmt::format("job '{}' asks for {} {} in all {}", j.name, name, format_quantity(*total, kind),
                           breakdown(j, r));
      };
      check_one(kJob, tier, index, r, *total, main.request_at[r], whole);
      check_one(kCluster, tier, index, r, *total, main.request_at[r], [&] { return whole() + " in one cluster"; });
    }
  }

  /// The finding of one limit check, if there is one.
  template <typename Words>
  Diagnostic* check_one(const Rule& rule, const Tier& tier, std::size_t index, std::size_t r, Amount value,
                        Position at, const Words& what) {
    const Limit* l = tier.limit(rule.scope, r);
    if (l == nullptr) return nullptr;
    const auto verdict = judge(rule, *l, value);
    if (!verdict) return nullptr;
    const Job& j = jobs_[index];
    auto& d = add(diags_, verdict->first, verdict->second, j.where(at),
                  fmt::format("{}, {}", what(), limit_words(rule, *l, verdict->first, policy_.resources[r].kind, tier)));
    d.details = details(rule, tier, r, value, *l, verdict->first);
    d.details->job = j.name;
    d.details->user = j.user;
    d.details->team = j.team;
    d.details->job_index = index;
    return &d;
  }

  struct Holders {
    std::vector<std::size_t> jobs;  // input order
  };

  /// Sums a group's requests of resource `r`; nothing on overflow.
  std::optional<Amount> sum(const Holders& g, std::size_t r) const {
    Amount total = 0;
    for (auto j : g.jobs) {
      const auto part = jobs_[j].total(r);
      if (!part) return std::nullopt;
      const auto next = checked_add(total, *part);
      if (!next) return std::nullopt;
      total = *next;
    }
    return total;
  }

  /// The finding of one user's or team's total of resource `r`, if any, added to `out`.
  void total(const Rule& rule, std::string_view who, const std::string& name, const Holders& g, const Tier& tier,
             std::size_t r, Diagnostics& out) const {
    const Limit* l = tier.limit(rule.scope, r);
    if (l == nullptr) return;
    const auto kind = policy_.resources[r].kind;
    const auto& res = policy_.resources[r].name;
    const auto value = sum(g, r);
    if (!value) {
      const Job& first = jobs_[*std::find_if(g.jobs.begin(), g.jobs.end(), [&](std::size_t j) { return jobs_[j].asks(r); })];
      out.error(Code::Overflow, first.where(first.main_group(r).request_at[r]),
                fmt::format("{} '{}': the total {} request overflows", who, name, res));
      return;
    }
    // Holding nothing is never a finding: it exceeds no limit, and the only threshold it
    // reaches is the 0 of a percentage of a zero limit, with no request to point at.
    if (*value == 0) return;
    const auto verdict = judge(rule, *l, *value);
    if (!verdict) return;
    // Contributors, one per group that asks, largest first; ties keep input order.
    struct Part {
      Amount amount;
      std::size_t job;
      const Group* group;
    };
    std::vector<Part> parts;
    parts.reserve(g.jobs.size());
    bool several_groups = false;  // some job gave more than one contributor
    for (auto j : g.jobs)
      for (const auto& grp : jobs_[j].groups)
        if (grp.asks(r)) {
          several_groups = several_groups || (!parts.empty() && parts.back().job == j);
          parts.push_back({grp.request[r] * grp.replicas, j, &grp});
        }
    std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.amount > b.amount; });
    const Job& top = jobs_[parts.front().job];
    const std::string top_name = top.group_label(*parts.front().group);
    const std::string msg =
        parts.size() == 1
            ? fmt::format("{} '{}' would hold {} {} with {} '{}' alone, {}", who, name, res, format_quantity(*value, kind),
                          top.volume ? "volume claim" : parts.front().group->name.empty() ? "job" : "group", top_name,
                          limit_words(rule, *l, verdict->first, kind, tier))
            : fmt::format("{} '{}' would hold {} {} across {} {}, {}", who, name, res, format_quantity(*value, kind),
                          parts.size(), several_groups ? "groups" : "jobs",
                          limit_words(rule, *l, verdict->first, kind, tier));
    auto& d = add(out, verdict->first, verdict->second, top.where(parts.front().group->request_at[r]), msg);
    d.details = details(rule, tier, r, *value, *l, verdict->first);
    d.details->job = top.name;
    d.details->job_index = parts.front().job;
    (rule.scope == Scope::user ? d.details->user : d.details->team) = name;
    // A user over the limit may have thousands of jobs: one note and one contributor each,
    // so each is built with as few strings as it can be.
    auto& contributors = d.details->contributors;
    contributors.reserve(parts.size());
    d.notes.reserve(parts.size());
    for (const auto& p : parts) {
      const Job& c = jobs_[p.job];
      const auto at = c.where(p.group->request_at[r]);
      auto& entry = contributors.emplace_back(
          Contributor{c.group_label(*p.group), at, format_plain(p.amount, kind), format_quantity(p.amount, kind)});
      d.notes.push_back({fmt::format("{} ({}:{}:{}) {} {}", entry.job, at.file.str(), at.line, at.column, entry.display, res),
                         std::nullopt});
    }
  }

  /// Runs `check(holder, out)` for every entry of `by_name` (in its order), on slices of
  /// entries when there are many, and adds their findings to diags_ in that same order.
  template <typename Check>
  void each_holder(const std::map<std::string, Holders>& by_name, const Check& check) {
    std::vector<const std::pair<const std::string, Holders>*> list;
    list.reserve(by_name.size());
    for (const auto& e : by_name) list.push_back(&e);
    const std::size_t slices = slices_for(list.size(), threads_, 64);
    std::vector<Diagnostics> found(slices);
    for_each_slice(slices, threads_, [&](std::size_t k) {
      for (std::size_t i = slice_begin(list.size(), slices, k); i < slice_begin(list.size(), slices, k + 1); ++i)
        check(*list[i], found[k]);
    });
    for (auto& f : found) diags_.append(std::move(f));
  }

  void users() {
    std::map<std::string, Holders> by_user;
    for (std::size_t j = 0; j < jobs_.size(); ++j)
      if (!jobs_[j].user.empty() && !jobs_[j].per_node_only) by_user[jobs_[j].user].jobs.push_back(j);
    each_holder(by_user, [&](const auto& entry, Diagnostics& out) {
      const auto& [user, g] = entry;
      for (std::size_t r = 0; r < policy_.resources.size(); ++r) {
        // The strictest per-user limit among the tiers the user's jobs are assigned to: the
        // lowest maximum, then the lowest warning threshold (none is the highest), then the
        // tier declared first, so the verdict never depends on the order of the inputs.
        const auto strictness = [&](std::size_t t) {
          const Limit& l = *policy_.tiers[t].limit(Scope::user, r);
          return std::tuple(l.max, !l.warn.has_value(), l.warn.value_or(0), t);
        };
        std::optional<std::size_t> strictest;
        for (auto j : g.jobs) {
          const auto t = tiers_[j];  // the tier of (user, the job's team)
          if (!t || policy_.tiers[*t].limit(Scope::user, r) == nullptr) continue;
          if (!strictest || strictness(*t) < strictness(*strictest)) strictest = t;
        }
        if (strictest) total(kUser, "user", user, g, policy_.tiers[*strictest], r, out);
      }
    });
  }

  void teams() {
    std::map<std::string, Holders> by_team;
    for (std::size_t j = 0; j < jobs_.size(); ++j)
      if (!jobs_[j].team.empty() && !jobs_[j].per_node_only) by_team[jobs_[j].team].jobs.push_back(j);
    each_holder(by_team, [&](const auto& entry, Diagnostics& out) {
      const auto& [team, g] = entry;
      const auto t = policy_.tier_for_team(team);
      if (!t) return;
      for (std::size_t r = 0; r < policy_.resources.size(); ++r) total(kTeam, "team", team, g, policy_.tiers[*t], r, out);
    });
  }

  const Policy& policy_;
  const std::vector<Job>& jobs_;
  Diagnostics& diags_;
  unsigned threads_;
  std::vector<std::optional<std::size_t>> tiers_;  ///< by job: Policy::tier_for(user, team)
};

}  // namespace

void check_limits(const Policy& policy, const std::vector<Job>& jobs, Diagnostics& diags, unsigned threads) {
  Checker(policy, jobs, diags, threads).run();
}

}  // namespace allot
