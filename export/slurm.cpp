// The slurm target: a script of `sacctmgr -i` commands, safe to apply again.
//
//   per user    -> QOS MaxTRESPerUser      (one QOS per tier, named after the tier)
//   per job     -> QOS MaxTRESPerJob
//   per node    -> QOS MaxTRESPerNode      (Slurm: a job's use of each of its nodes)
//   per team    -> GrpTRES of the team's account, from the team's tier
//   per cluster -> GrpTRES of the cluster's root association, the loosest tier's
//   assignments -> qos= and defaultqos= of each user's association
//
// TRES: cpu (whole CPUs), mem (whole MiB, 1024-based), gres/gpu (whole GPUs), and storage
// (whole MiB) on the TRES --storage-tres names. Every TRES is written in every list, -1 where
// the policy has no limit, so applying a newer policy clears what it no longer limits.
// Amounts are rounded down (never more than the policy allows), with a warning.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "export/export.hpp"

namespace allot::exporting {
namespace {

constexpr Amount kMiB = 1024 * 1024;

/// A Slurm TRES and the policy resource that feeds it.
struct Tres {
  std::string name;                     ///< cpu, mem, gres/gpu, or the --storage-tres name
  std::optional<std::size_t> resource;  ///< the policy's resource; none: always -1
  bool mebibytes = false;               ///< bytes as whole MiB; else a count in whole units
};

/// The policy resources Slurm has a TRES for, by name.
struct KnownResource {
  std::string_view tres;
  ResourceKind kind;
  std::initializer_list<std::string_view> names;
};
const KnownResource kKnown[] = {
    {"cpu", ResourceKind::count, {"cpu", "cpus", "vcpu", "vcpus"}},
    {"mem", ResourceKind::bytes, {"mem", "memory"}},
    {"gres/gpu", ResourceKind::count, {"gpu", "gpus"}},
};

/// Slurm stores names in lowercase and splits its arguments at ',', '=' and spaces: a name
/// is kept to characters that survive both the shell and sacctmgr.
bool slurm_name_ok(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '@';
  });
}

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// A shell word: single quotes (slurm_name_ok keeps quotes out of names, but the script
/// stays safe whatever a later rule lets through).
std::string quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class SlurmExport {
 public:
  SlurmExport(const Policy& policy, const ExportOptions& options) : policy_(policy), options_(options) {}

  ExportResult run() {
    map_resources();
    check_names();
    if (std::any_of(out_.findings.begin(), out_.findings.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::error; }))
      return std::move(out_);
    header();
    tiers();
    clusters();
    teams();
    users();
    return std::move(out_);
  }

 private:
  void warn(Code code, const Location& where, std::string message) {
    // One warning per policy position: a limit that several tiers inherit is written once.
    if (where.known() && !warned_.insert({code, where.file.str(), where.line, where.column}).second) return;
    Diagnostic d;
    d.severity = info(code).severity;
    d.code = code;
    d.location = where;
    d.message = std::move(message);
    out_.findings.push_back(std::move(d));
  }

  void map_resources() {
    std::vector<bool> mapped(policy_.resources.size(), false);
    for (const auto& known : kKnown) {
      Tres t{std::string(known.tres), std::nullopt, known.kind == ResourceKind::bytes};
      for (std::size_t r = 0; r < policy_.resources.size() && !t.resource; ++r) {
        const auto& res = policy_.resources[r];
        if (res.kind == known.kind && std::find(known.names.begin(), known.names.end(), res.name) != known.names.end())
          t.resource = r;
      }
      if (t.resource) mapped[*t.resource] = true;
      tres_.push_back(std::move(t));
    }
    for (std::size_t r = 0; r < policy_.resources.size(); ++r) {
      if (mapped[r]) continue;
      const auto& res = policy_.resources[r];
      if (res.name == "storage" && res.kind == ResourceKind::bytes && !options_.storage_tres.empty()) {
        tres_.push_back(Tres{options_.storage_tres, r, true});
      } else if (res.name == "storage") {
        warn(Code::ExportUnmappedResource, res.location,
             "resource 'storage' has no native Slurm TRES, so its limits are not exported; a site that defines a "
             "license or burst-buffer TRES for storage can name it with --storage-tres");
      } else {
        warn(Code::ExportUnmappedResource, res.location,
             fmt::format("resource '{}' has no Slurm TRES (cpu, mem and gres/gpu are taken by {}), so its limits "
                         "are not exported",
                         res.name, mapped_names()));
      }
    }
  }

  std::string mapped_names() const {
    std::string s;
    for (const auto& t : tres_)
      if (t.resource) s += fmt::format("{}'{}'", s.empty() ? "" : ", ", policy_.resources[*t.resource].name);
    return s.empty() ? "no resource of the policy" : s;
  }

  /// Names Slurm cannot store are errors; names it stores in lowercase get a warning.
  void check_names() {
    if (!options_.storage_tres.empty() && options_.storage_tres.find('/') == std::string::npos)
      bad_name("--storage-tres", options_.storage_tres, {}, " (a TRES name is TYPE/NAME, such as license/storage)");
    for (const auto& t : policy_.tiers) name("tier", t.name, t.location);
    for (const auto& n : options_.names.teams) name("team", n, {});
    for (const auto& n : options_.names.users) name("user", n, {});
    for (const auto& n : options_.names.clusters) name("cluster", n, {});
    if (options_.names.empty())
      warn(Code::ExportNoNames, {},
           "no team or user named (--team, --user, --from-manifests): the tiers become QOS, but no account or "
           "user is given one");
  }

  void bad_name(std::string_view what, std::string_view n, const Location& where, std::string_view why = {}) {
    Diagnostic d;
    d.severity = Severity::error;
    d.code = Code::ExportBadName;
    d.location = where;
    d.message = fmt::format("{} '{}' cannot be a Slurm name{}", what, n,
                            why.empty() ? ": use letters, digits, '-', '_', '.' and '@'" : why);
    out_.findings.push_back(std::move(d));
  }

  void name(std::string_view what, const std::string& n, const Location& where) {
    if (!slurm_name_ok(n)) return bad_name(what, n, where);
    if (lower(n) != n)
      warn(Code::ExportLowercased, where,
           fmt::format("Slurm stores {} '{}' in lowercase, as '{}'", what, n, lower(n)));
  }

  void header() {
    auto& s = out_.text;
    s += "#!/bin/sh\n";
    s += fmt::format("# Slurm limits of policy '{}' ({}), written by allot export slurm.\n", policy_.name, policy_.file);
    s += "# Run it where sacctmgr reaches slurmdbd, as a Slurm administrator: sh THIS-FILE.\n";
    s += "# Applying it again is safe: what exists is modified, not added twice, and a limit the\n";
    s += "# policy does not have is cleared (-1).\n";
    s += "# TRES:";
    for (const auto& t : tres_) {
      const auto unit = t.mebibytes ? " in MiB" : "";
      if (t.resource) s += fmt::format(" {}{} ({}),", t.name, unit, policy_.resources[*t.resource].name);
      else s += fmt::format(" {} (not in the policy),", t.name);
    }
    s.back() = '.';
    s += "\n# gres/gpu";
    if (!options_.storage_tres.empty()) s += " and " + options_.storage_tres;
    s += " must be listed in AccountingStorageTRES of slurm.conf.\n";
    s += "set -eu\n";
    s += "sacctmgr=${SACCTMGR:-sacctmgr}\n\n";
    s += "# add ARGS: sacctmgr -i add ARGS, where \"Nothing new added\" (all of it exists) is success.\n";
    s += "add() {\n";
    s += "  if out=$(\"$sacctmgr\" -i add \"$@\" 2>&1); then printf '%s\\n' \"$out\"; return 0; fi\n";
    s += "  case $out in *'Nothing new added'*) return 0 ;; esac\n";
    s += "  printf '%s\\n' \"$out\" >&2\n";
    s += "  return 1\n";
    s += "}\n";
  }

  /// `amount` in the TRES's whole units, rounded down, with a warning at `limit` when that
  /// loses anything.
  Amount whole(Amount amount, const Tres& t, const Limit& limit) {
    const auto& res = policy_.resources[*t.resource];
    const Amount unit = t.mebibytes ? kMiB : (res.kind == ResourceKind::bytes ? 1 : kCountScale);
    const Amount value = amount / unit;
    if (amount % unit != 0)
      warn(Code::ExportRounded, limit.location,
           fmt::format("{} limit {} is not a whole number of {}: Slurm gets {}={} (rounded down)", res.name,
                       format_quantity(amount, res.kind), t.mebibytes ? "MiB" : "units", t.name, value));
    return value;
  }

  std::string value(const Limit* limit, const Tres& t) {
    if (!t.resource || limit == nullptr) return "-1";
    if (limit->warn)
      warn(Code::ExportSoftLimit, limit->location,
           fmt::format("Slurm has no soft limits: the warning threshold {} {} is not exported, only the maximum {}",
                       policy_.resources[*t.resource].name,
                       format_quantity(*limit->warn, policy_.resources[*t.resource].kind),
                       format_quantity(limit->max, policy_.resources[*t.resource].kind)));
    return std::to_string(whole(limit->max, t, *limit));
  }

  /// `cpu=64,mem=488281,gres/gpu=16`: every TRES, -1 where `tier` has no limit in `scope`.
  std::string tres_list(const Tier* tier, Scope scope) {
    std::string s;
    for (const auto& t : tres_) {
      const Limit* l = tier != nullptr && t.resource ? tier->limit(scope, *t.resource) : nullptr;
      s += fmt::format("{}{}={}", s.empty() ? "" : ",", t.name, value(l, t));
    }
    return s;
  }

  void tiers() {
    auto& s = out_.text;
    s += "\n# Tiers: one QOS each. MaxTRESPerUser is per user, MaxTRESPerJob per job, and\n";
    s += "# MaxTRESPerNode per node (what one job may use on each of its nodes).\n";
    for (const auto& t : policy_.tiers) {
      const auto q = quote(lower(t.name));
      s += fmt::format("add qos {}\n", q);
      s += fmt::format("\"$sacctmgr\" -i modify qos where name={} set \\\n", q);
      s += fmt::format("  MaxTRESPerUser={} \\\n", tres_list(&t, Scope::user));
      s += fmt::format("  MaxTRESPerJob={} \\\n", tres_list(&t, Scope::job));
      s += fmt::format("  MaxTRESPerNode={}\n", tres_list(&t, Scope::node));
    }
  }

  /// The cluster's one GrpTRES: the loosest tier's limit (a tier without one: none), with
  /// a warning at each tighter limit, which Slurm cannot hold per tier.
  std::string cluster_tres() {
    std::string s;
    for (const auto& t : tres_) {
      const Limit* loosest = nullptr;
      bool unlimited = policy_.tiers.empty() || !t.resource;
      for (const auto& tier : policy_.tiers) {
        const Limit* l = t.resource ? tier.limit(Scope::cluster, *t.resource) : nullptr;
        if (l == nullptr) unlimited = true;
        else if (loosest == nullptr || l->max > loosest->max) loosest = l;
      }
      const std::string v = unlimited ? value(nullptr, t) : value(loosest, t);
      for (const auto& tier : policy_.tiers) {
        const Limit* l = t.resource ? tier.limit(Scope::cluster, *t.resource) : nullptr;
        if (l == nullptr || (!unlimited && l->max == loosest->max)) continue;
        const auto kind = policy_.resources[*t.resource].kind;
        warn(Code::ExportClusterLimitNotPerTier, l->location,
             fmt::format("Slurm has one {} limit per cluster, for every tier: tier '{}' allows {} per cluster, but "
                         "the cluster gets {}, the loosest tier's",
                         policy_.resources[*t.resource].name, tier.name, format_quantity(l->max, kind),
                         unlimited ? std::string("no limit") : format_quantity(loosest->max, kind)));
      }
      s += fmt::format("{}{}={}", s.empty() ? "" : ",", t.name, v);
    }
    return s;
  }

  void clusters() {
    auto& s = out_.text;
    const auto grp = cluster_tres();
    s += "\n# Per cluster: GrpTRES of the cluster's root association";
    if (options_.names.clusters.empty()) {
      s += ", on every cluster.\n";
      s += fmt::format("\"$sacctmgr\" -i modify cluster set GrpTRES={}\n", grp);
      return;
    }
    s += ".\n";
    for (const auto& c : options_.names.clusters)
      s += fmt::format("\"$sacctmgr\" -i modify cluster where name={} set GrpTRES={}\n", quote(lower(c)), grp);
  }

  /// ` cluster=a,b` when clusters were named, else nothing (sacctmgr: every cluster).
  std::string cluster_clause() const {
    if (options_.names.clusters.empty()) return {};
    std::string list;
    for (const auto& c : options_.names.clusters) list += (list.empty() ? "" : ",") + lower(c);
    return " cluster=" + quote(list);
  }

  void teams() {
    const auto& teams = options_.names.teams;
    if (teams.empty()) return;
    auto& s = out_.text;
    s += "\n# Teams: an account each, under root, with GrpTRES from the team's tier (per team).\n";
    for (const auto& team : teams) {
      const auto tier = policy_.tier_for_team(team);
      const Tier* t = tier ? &policy_.tiers[*tier] : nullptr;
      const auto a = quote(lower(team));
      s += fmt::format("# team {}: {}\n", team, t ? "tier " + t->name : std::string("no tier, no limits"));
      s += fmt::format("add account {} parent=root{}\n", a, cluster_clause());
      s += fmt::format("\"$sacctmgr\" -i modify account where name={}{} set GrpTRES={}\n", a, cluster_clause(),
                       tres_list(t, Scope::team));
    }
  }

  void user(const std::string& name, const std::string& team) {
    auto& s = out_.text;
    const auto tier = policy_.tier_for(name, team);
    const auto u = quote(lower(name));
    const auto a = quote(team.empty() ? std::string("root") : lower(team));
    s += fmt::format("# user {}{}: {}\n", name, team.empty() ? "" : " in team " + team,
                     tier ? "tier " + policy_.tiers[*tier].name : std::string("no tier: its QOS are left as they are"));
    s += fmt::format("add user {} account={}{}\n", u, a, cluster_clause());
    if (!tier) return;
    const auto q = quote(lower(policy_.tiers[*tier].name));
    s += fmt::format("\"$sacctmgr\" -i modify user where name={} account={}{} set qos={} defaultqos={}\n", u, a,
                     cluster_clause(), q, q);
  }

  /// Every (user, team) association: those jobs name, and a user named alone under root.
  void users() {
    const auto& names = options_.names;
    auto pairs = names.members;
    for (const auto& name : names.users)
      if (std::none_of(names.members.begin(), names.members.end(), [&](const auto& m) { return m.first == name; }))
        pairs.emplace_back(name, "");
    if (pairs.empty()) return;
    std::sort(pairs.begin(), pairs.end());
    out_.text += "\n# Users: qos and defaultqos from the tier assignment; a user in no team is under root.\n";
    for (const auto& [name, team] : pairs) user(name, team);
  }

  const Policy& policy_;
  const ExportOptions& options_;
  std::vector<Tres> tres_;
  ExportResult out_;
  std::set<std::tuple<Code, std::string, std::uint32_t, std::uint32_t>> warned_;
};

}  // namespace

ExportResult export_slurm(const Policy& policy, const ExportOptions& options) {
  return SlurmExport(policy, options).run();
}

}  // namespace allot::exporting
