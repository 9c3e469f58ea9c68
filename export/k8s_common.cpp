#include "export/k8s_common.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include <fmt/core.h>

namespace allot::exporting {

std::optional<KubeName> kube_name(const Policy& policy, std::size_t r) {
  const std::string& name = policy.resources[r].name;
  if (name == "gpu") return KubeName{"nvidia.com/gpu", false, true};
  if (name == "vcpu") return KubeName{"cpu", false, false};
  if (name == "memory" || name == "cpu") return KubeName{name, false, false};
  if (name == "ephemeral-storage") return KubeName{name, false, false};
  if (name == "storage") {
    // A policy that declares ephemeral-storage apart keeps `storage` for claims alone.
    if (policy.find_resource("ephemeral-storage")) return KubeName{"", true, false};
    return KubeName{"ephemeral-storage", true, false};
  }
  if (name.find('/') != std::string::npos) return KubeName{name, false, true};
  return std::nullopt;
}

std::string kube_quantity(Amount amount, ResourceKind kind) {
  if (amount == 0) return "0";
  if (kind == ResourceKind::count) {
    if (amount % kCountScale != 0) return fmt::format("{}m", amount);
    amount /= kCountScale;
    static constexpr std::array<std::string_view, 6> suffixes = {"k", "M", "G", "T", "P", "E"};
    std::string_view best;
    for (auto s : suffixes) {
      if (amount % 1000 != 0) break;
      amount /= 1000;
      best = s;
    }
    return fmt::format("{}{}", amount, best);
  }
  static constexpr std::array<std::pair<std::string_view, Amount>, 12> units = {{
      {"E", 1'000'000'000'000'000'000}, {"Ei", Amount{1} << 60},
      {"P", 1'000'000'000'000'000},     {"Pi", Amount{1} << 50},
      {"T", 1'000'000'000'000},         {"Ti", Amount{1} << 40},
      {"G", 1'000'000'000},             {"Gi", Amount{1} << 30},
      {"M", 1'000'000},                 {"Mi", Amount{1} << 20},
      {"k", 1'000},                     {"Ki", Amount{1} << 10},
  }};
  std::string_view best;
  Amount value = amount;
  for (const auto& [suffix, size] : units)
    if (amount % size == 0 && amount / size < value) {
      best = suffix;
      value = amount / size;
    }
  return fmt::format("{}{}", value, best);
}

namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool dns_label(std::string_view name) {
  if (name.empty() || name.size() > 63 || !lower_alnum(name.front()) || !lower_alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return lower_alnum(c) || c == '-'; });
}

bool dns_subdomain(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  for (std::size_t start = 0;;) {
    const auto dot = name.find('.', start);
    if (!dns_label(name.substr(start, dot == std::string_view::npos ? dot : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string yaml_string(std::string_view s) {
  // Words YAML 1.1 or 1.2 reads as something other than a string.
  static constexpr std::array<std::string_view, 22> special = {
      "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "Y", "N",
      "Yes", "No", "On", "Off", "True", "False", "Null", "YES", "NO", "NULL"};
  const bool safe_chars = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '/';
  });
  const bool starts_like_number = !s.empty() && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '.');
  if (!safe_chars || starts_like_number || std::find(special.begin(), special.end(), s) != special.end())
    return yaml_quoted(s);
  return std::string(s);
}

Bound namespace_bound(const Tier& tier, std::size_t r) {
  if (const Limit* l = tier.limit(Scope::team, r)) return {l, Scope::team};
  if (const Limit* l = tier.limit(Scope::user, r)) return {l, Scope::user};
  return {};
}

Bound pod_bound(const Tier& tier, std::size_t r) {
  const Limit* node = tier.limit(Scope::node, r);
  const Limit* job = tier.limit(Scope::job, r);
  if (job && (!node || job->max < node->max)) return {job, Scope::job};
  if (node) return {node, Scope::node};
  return {};
}

std::string bound_note(const Policy& policy, const Bound& b) {
  return fmt::format("per {}, tier {}, {}", to_string(b.scope), policy.tiers[b.limit->tier].name,
                     b.limit->location.str());
}

std::string warn_note(const Policy& policy, std::size_t r, const Bound& b) {
  if (!b.limit->warn) return {};
  return fmt::format("; warn at {}", format_quantity(*b.limit->warn, policy.resources[r].kind));
}

std::vector<std::string> namespaces(const Names& names, std::vector<Diagnostic>& findings, std::string_view target) {
  std::vector<std::string> out;
  for (const auto& team : names.teams) {
    if (dns_label(team)) {
      out.push_back(team);
      continue;
    }
    Diagnostic d;
    d.severity = Severity::error;
    d.code = Code::ExportNamespaceName;
    d.message = fmt::format(
        "team '{}' cannot name a {} namespace or queue: use lowercase letters, digits and '-', at most 63",
        team, target);
    findings.push_back(std::move(d));
  }
  return out;
}

void member_tiers(const Policy& policy, const Names& names, Findings& findings, Code code) {
  for (const auto& [user, team] : names.members) {
    const auto job_tier = policy.tier_for(user, team);
    const auto team_tier = policy.tier_for_team(team);
    if (team.empty() || !job_tier || job_tier == team_tier || !dns_label(team)) continue;
    findings.warn(code, policy.tiers[*job_tier].location,
                  fmt::format("user '{}' has tier {} in team '{}', but the objects of namespace '{}' follow the "
                              "team's tier, {}",
                              user, policy.tiers[*job_tier].name, team, team,
                              team_tier ? policy.tiers[*team_tier].name : std::string("(none)")));
  }
}

void no_teams(const Names& names, Findings& findings, std::string_view what) {
  if (names.teams.empty())
    findings.warn(Code::ExportNoNames, {}, fmt::format("no team named (--team, --from-manifests): {}", what));
}

void Findings::warn(Code code, const Location& at, std::string message) {
  for (const auto& d : list_)
    if (d.code == code && d.location == at && d.message == message) return;
  Diagnostic d;
  d.severity = Severity::warning;
  d.code = code;
  d.location = at;
  d.message = std::move(message);
  list_.push_back(std::move(d));
}

std::vector<Diagnostic> Findings::take(std::vector<Diagnostic> before) {
  std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.line, a.location.column) < std::tie(b.location.line, b.location.column);
  });
  for (auto& d : list_) before.push_back(std::move(d));
  list_.clear();
  return before;
}

}  // namespace allot::exporting
