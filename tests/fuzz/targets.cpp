#include "tests/fuzz/targets.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/diagnostic_printer.hpp"
#include "grammar/formatter.hpp"
#include "grammar/parser.hpp"
#include "input/inventory_reader.hpp"
#include "grammar/lower.hpp"
#include "input/manifest_reader.hpp"
#include "place/placement.hpp"
#include "validate/limits.hpp"
#include "input/yaml_reader.hpp"
#include "tests/placement_invariants.hpp"

namespace allot::fuzz {
namespace {

__extension__ typedef __int128 Wide;

/// Gangs larger than this are not placed: placement.cpp picks a node per replica, one at a
/// time, so a job of a billion replicas takes minutes and gigabytes (reported).
constexpr Amount kMaxReplicas = 64;

/// The same bytes `input/manifests.cpp` looks at to refuse a binary file.
constexpr std::size_t kBinaryProbe = 8192;

[[noreturn]] void fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "allot fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!detail.empty()) std::fprintf(stderr, "%.*s\n", static_cast<int>(detail.size()), detail.data());
  std::fflush(stderr);
  std::abort();
}

std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

// ---------------------------------------------------------------------------------------
// Directives and the fixed policies

struct Directives {
  std::string policy = "swarm";
  bool strict_kinds = false;
  bool one_cluster = false;
  bool order_by_size = false;
  std::optional<Strategy> strategy;
};

/// Reads the leading `#!WORD` lines; unknown words are ignored.
Directives directives(std::string_view text) {
  Directives d;
  while (text.substr(0, 2) == "#!") {
    const auto end = text.find('\n');
    auto word = text.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
    if (!word.empty() && word.back() == '\r') word.remove_suffix(1);
    if (word == "tiers" || word == "edge") d.policy = std::string(word);
    else if (word == "strict") d.strict_kinds = true;
    else if (word == "cluster") d.one_cluster = true;
    else if (word == "size") d.order_by_size = true;
    else if (auto s = strategy_from_string(word)) d.strategy = s;
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return d;
}

/// Boundary values a hand-written policy rarely has: zero limits with warnings, one
/// thousandth, the largest amounts, a tier with no limits, users with no tier at all.
constexpr std::string_view kEdgePolicy = R"(policy edge
resource gpu     count
resource vcpu    count
resource memory  bytes
resource storage bytes
resource fpga    count

tier base {
  per user    { gpu <= 8 warn at 50%  vcpu <= 1m  memory <= 9223372036854775807B  fpga <= 0 warn at 50% }
  per node    { gpu <= 4  vcpu <= 100  memory <= 7EiB  fpga <= 0 }
  per cluster { gpu <= 6 warn at 0.001%  vcpu <= 1000  storage <= 1B }
  per job     { gpu <= 2 warn at 1  memory <= 1TiB warn at 99.999% }
  per team    { gpu <= 0 warn at 100%  fpga <= 9223372036854775.807 }
}
tier open extends base {
  per user { gpu <= 9223372036854775.807  vcpu <= 9223372036854775.807 }
  per team { gpu <= 9223372036854775.807 }
}
tier empty {
}
assign tier open to team "big*", user "root"
assign tier empty to user "z*"
assign tier base to user "?*", team "*"
)";

struct FixedPolicy {
  std::string file;
  std::string text;
  Policy policy;
};

std::string read_source(const std::string& relative) {
  std::ifstream in(std::string(ALLOT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  if (!in || out.str().empty()) fail("cannot read the fixed policy", relative);
  return out.str();
}

const std::map<std::string, FixedPolicy>& fixed_policies() {
  static const std::map<std::string, FixedPolicy> policies = [] {
    std::map<std::string, FixedPolicy> m;
    m["swarm"] = {"examples/swarm.allot", read_source("examples/swarm.allot"), {}};
    m["tiers"] = {"examples/tiers.allot", read_source("examples/tiers.allot"), {}};
    m["edge"] = {"edge.allot", std::string(kEdgePolicy), {}};
    for (auto& [name, p] : m) {
      Diagnostics d;
      p.policy = grammar::load(p.text, p.file, d);
      if (d.has_errors()) fail("a fixed policy has errors", p.file);
    }
    return m;
  }();
  return policies;
}

const FixedPolicy& fixed_policy(const Directives& d) { return fixed_policies().at(d.policy); }

// ---------------------------------------------------------------------------------------
// Diagnostics

std::size_t line_count(std::string_view text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1; }

/// Codes and messages are present, positions in `file` lie within `text`, and the printer
/// can quote every one of them.
void check_diagnostics(const Diagnostics& diags, const std::string& file, std::string_view text,
                       const FixedPolicy* policy = nullptr) {
  const std::size_t lines = line_count(text);
  cli::SourceCache sources;
  sources.add(file, std::string(text));
  if (policy != nullptr) sources.add(policy->file, policy->text);
  auto ours = [&](const Location& l) { return l.file == file || (policy != nullptr && l.file == policy->file); };
  for (const auto& d : diags.list()) {
    if (to_string(d.code).empty() || d.message.empty()) fail("a diagnostic without a code or a message", d.message);
    if (d.location.file == file && d.location.known() && (d.location.line > lines || d.location.column == 0))
      fail("a diagnostic points outside its file",
           fmt::format("{}: {} ({} lines)", d.location.str(), d.message, lines));
    if (d.location.known() && !ours(d.location)) fail("a diagnostic points into a file that was not read", d.location.str());
    for (const auto& n : d.notes)
      if (n.location && n.location->known() && !ours(*n.location))
        fail("a note points into a file that was not read", n.location->str());
    if (cli::format_diagnostic(d, sources, d.severity == Severity::warning).empty()) fail("a diagnostic prints as nothing");
  }
}

// ---------------------------------------------------------------------------------------
// policy

/// Everything a policy means, without positions: what formatting must not change.
std::string meaning(const Policy& p, const Diagnostics& diags) {
  std::vector<std::string> found;
  for (const auto& d : diags.list()) found.push_back(fmt::format("{} {} {}", to_string(d.severity), to_string(d.code), d.message));
  std::sort(found.begin(), found.end());
  std::string out = fmt::format("policy {}\n{}\n", p.name, fmt::join(found, "\n"));
  for (const auto& r : p.resources) out += fmt::format("resource {} {}\n", r.name, to_string(r.kind));
  for (const auto& t : p.tiers) {
    out += fmt::format("tier {} parent {}\n", t.name, t.parent.value_or("-"));
    for (Scope s : kScopes)
      for (std::size_t r = 0; r < p.resources.size() && t.limits.size() == kScopeCount * p.resources.size(); ++r)
        if (const Limit* l = t.limit(s, r))
          out += fmt::format("  {} {} {} {} {}\n", to_string(s), r, l->max, l->warn ? fmt::format("{}", *l->warn) : "-",
                             p.tiers[l->tier].name);
  }
  out += fmt::format("default {}\n", p.default_tier ? static_cast<long long>(*p.default_tier) : -1LL);
  for (const auto& a : p.assignments) {
    out += fmt::format("assign {}", a.tier);
    for (const auto& s : a.selectors) out += (s.kind == Selector::Kind::user ? " user " : " team ") + s.pattern;
    out += "\n";
  }
  return out;
}

/// What `lower` promises of a policy without errors.
void check_policy(const Policy& p) {
  const std::size_t R = p.resources.size();
  for (const auto& t : p.tiers) {
    if (t.limits.size() != kScopeCount * R) fail("a tier's limit table has the wrong size", t.name);
    for (const auto& l : t.limits) {
      if (!l) continue;
      if (l->max < 0 || (l->warn && (*l->warn < 0 || *l->warn > l->max)))
        fail("a limit or its warning is out of range", fmt::format("tier {}: max {} warn {}", t.name, l->max, l->warn.value_or(-1)));
      if (l->tier >= p.tiers.size()) fail("a limit comes from a tier that does not exist", std::to_string(l->tier));
    }
    std::optional<std::size_t> cur = p.find_tier(t.name);
    for (std::size_t steps = 0; cur && p.tiers[*cur].parent; ++steps) {
      cur = p.find_tier(*p.tiers[*cur].parent);
      if (!cur) fail("a tier extends a tier that does not exist", t.name);
      if (steps > p.tiers.size()) fail("an inheritance cycle survived lowering", t.name);
    }
  }
  if (p.default_tier && *p.default_tier >= p.tiers.size()) fail("the default tier does not exist");
  for (const auto& a : p.assignments) {
    if (a.tier >= p.tiers.size()) fail("an assignment to a tier that does not exist");
    for (const auto& s : a.selectors)
      if (s.pattern.empty()) fail("an empty selector survived lowering");
  }
  for (const char* user : {"", "alice", "root", "ml-x", "*"})
    for (const char* team : {"", "ml-research", "big"})
      if (auto t = p.tier_for(user, team); t && *t >= p.tiers.size()) fail("tier_for gave a tier that does not exist");
}

std::vector<std::string> comment_texts(const ast::File& f) {
  std::vector<std::string> out;
  for (const auto& c : f.comments) out.push_back(c.text);
  return out;
}

}  // namespace

int fuzz_policy(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_text(data, size);
  const std::string name = "fuzz.allot";
  // allot check
  Diagnostics checked;
  const Policy policy = grammar::load(text, name, checked);
  check_diagnostics(checked, name, text);
  if (!checked.has_errors()) check_policy(policy);

  // allot fmt: only a policy without syntax errors is formatted.
  Diagnostics syntax;
  const ast::File file = grammar::parse(text, name, syntax);
  if (syntax.has_errors()) return 0;
  const std::string once = grammar::format(file, text);
  Diagnostics again;
  const ast::File reparsed = grammar::parse(once, name, again);
  if (again.has_errors())
    fail("the formatted policy has syntax errors", fmt::format("{}---\n{}", once, again.list().front().message));
  const std::string twice = grammar::format(reparsed, once);
  if (twice != once) fail("formatting is not idempotent", fmt::format("{}--- formatted again:\n{}", once, twice));
  if (comment_texts(file) != comment_texts(reparsed)) fail("formatting changed the comments", once);
  Diagnostics lowered;
  Policy after = lower(reparsed, lowered);
  if (meaning(policy, checked) != meaning(after, lowered))
    fail("formatting changed what the policy means",
         fmt::format("{}--- before:\n{}--- after:\n{}", once, meaning(policy, checked), meaning(after, lowered)));
  return 0;
}

// ---------------------------------------------------------------------------------------
// quantity

namespace {

constexpr QuantityOptions kPolicyOptions{.require_bytes_unit = true, .allow_exponent = false};
constexpr QuantityOptions kLoose{.require_bytes_unit = false, .allow_exponent = false};

void same_amount(std::string_view how, const std::string& text, ResourceKind kind, QuantityOptions options, Amount want) {
  const auto back = parse_quantity(text, kind, options);
  if (const auto* a = std::get_if<Amount>(&back); a == nullptr || *a != want)
    fail("a formatted quantity does not parse back to its amount",
         fmt::format("{} of {} {} is '{}', which parses as {}", how, want, to_string(kind), text,
                     a ? fmt::format("{}", *a) : std::get<QuantityError>(back).message));
}

/// Formatting `a` in every way and parsing it back gives `a`.
void round_trip(Amount a, ResourceKind kind) {
  const std::string exact = format_quantity(a, kind);
  same_amount("format_quantity", exact, kind, kLoose, a);
  if (a != 0 || kind == ResourceKind::count) same_amount("format_quantity", exact, kind, kPolicyOptions, a);
  same_amount("format_plain", format_plain(a, kind), kind, kLoose, a);
  if (format_approx(a, kind).empty()) fail("format_approx gave nothing", fmt::format("{}", a));
}

/// The checked helpers against 128-bit arithmetic.
void arithmetic(Amount a, Amount b) {
  const Wide sum = static_cast<Wide>(a) + b, product = static_cast<Wide>(a) * b;
  auto fits = [](Wide v) { return v >= INT64_MIN && v <= INT64_MAX; };
  if (const auto s = checked_add(a, b); s.has_value() != fits(sum) || (s && *s != sum))
    fail("checked_add is wrong", fmt::format("{} + {}", a, b));
  if (const auto m = checked_mul(a, b); m.has_value() != fits(product) || (m && *m != product))
    fail("checked_mul is wrong", fmt::format("{} * {}", a, b));
  // percent_threshold: any limit, a percentage in (0%, 100%] in thousandths.
  const Amount limit = a & kMaxAmount;
  const std::int64_t percent = 1 + static_cast<std::int64_t>(static_cast<std::uint64_t>(b) % 100000);
  const Wide want = (static_cast<Wide>(limit) * percent + 99999) / 100000;
  if (const Amount t = percent_threshold(limit, percent); t != want || t < 0 || t > limit)
    fail("percent_threshold is wrong", fmt::format("{} at {}/1000 %", limit, percent));
  for (auto kind : {ResourceKind::count, ResourceKind::bytes}) {
    round_trip(a & kMaxAmount, kind);
    round_trip(b & kMaxAmount, kind);
  }
}

}  // namespace

int fuzz_quantity(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // Byte 0: bit 0 bytes (else count), bit 1 require a bytes unit, bit 2 allow exponents,
  // bit 3 bytes 1-16 are two amounts for the arithmetic checks. The rest is the text.
  const std::uint8_t flags = data[0];
  const ResourceKind kind = (flags & 1) != 0 ? ResourceKind::bytes : ResourceKind::count;
  const QuantityOptions options{.require_bytes_unit = (flags & 2) != 0, .allow_exponent = (flags & 4) != 0};
  std::size_t offset = 1;
  if ((flags & 8) != 0 && size >= 17) {
    Amount a = 0, b = 0;
    std::memcpy(&a, data + 1, sizeof a);
    std::memcpy(&b, data + 9, sizeof b);
    arithmetic(a, b);
    offset = 17;
  }
  const std::string text(as_text(data + offset, size - offset));
  const auto result = parse_quantity(text, kind, options);
  if (const auto* e = std::get_if<QuantityError>(&result)) {
    if (e->message.empty() || e->length == 0 || e->offset + e->length > std::max<std::size_t>(text.size(), 1))
      fail("a quantity error has no message or points outside the text",
           fmt::format("'{}': {} at {}+{}", text, e->message, e->offset, e->length));
    return 0;
  }
  const Amount a = std::get<Amount>(result);
  if (a < 0) fail("a parsed quantity is negative", text);
  round_trip(a, kind);
  return 0;
}

// ---------------------------------------------------------------------------------------
// manifest and inventory

namespace {

/// What the manifest reader promises of a job it accepted.
void check_job(const Job& j, const Policy& p, const std::string& file) {
  const std::size_t R = p.resources.size();
  if (j.groups.empty()) fail("a job has no group", j.name);
  for (const auto& g : j.groups) {
    if (g.request.size() != R || g.request_at.size() != R) fail("a job's request table has the wrong size", j.name);
    if (g.replicas < 0) fail("a job has negative replicas", j.name);
    for (auto a : g.request)
      if (a < 0) fail("a job requests a negative amount", j.name);
  }
  if (j.file != file) fail("a job names another file", j.file.str());
  if (!j.kubernetes && j.user.empty()) fail("an allot Job was accepted without a user", j.name);
}

struct Jobs {
  std::vector<Job> jobs;
  Diagnostics diags;
  bool binary = false;
};

/// What `input/manifests.cpp` does with one file: refuse binary, read every document.
Jobs read_jobs(std::string_view text, const std::string& file, const Policy& policy, const ManifestOptions& options) {
  Jobs out;
  if (!text.empty() && std::memchr(text.data(), 0, std::min(text.size(), kBinaryProbe)) != nullptr) {
    out.binary = true;
    return out;
  }
  std::istringstream in{std::string(text)};
  yaml::read_documents(
      in, file, manifest_filter, yaml::Limits{},
      [&](yaml::Document&& doc) {
        std::size_t errors = out.diags.errors();
        interpret_each(doc, policy, options, out.diags, [&](Interpretation&& r) {
          if (r.job && out.diags.errors() != errors) fail("a job was accepted with errors", r.job->name);
          if (r.job && r.skipped) fail("a document was both skipped and read", r.job->name);
          if (r.job) {
            check_job(*r.job, policy, file);
            out.jobs.push_back(std::move(*r.job));
          }
          errors = out.diags.errors();
        });
      },
      out.diags);
  return out;
}

/// What `cli/cmd_place.cpp` does with the inventory file; nothing when it has errors.
std::optional<Inventory> read_inventory_text(std::string_view text, const std::string& file, const Policy& policy,
                                             const InventoryOptions& options, Diagnostics& diags) {
  if (text.find('\0') != std::string_view::npos) return std::nullopt;  // refused as binary (V002)
  std::vector<yaml::Document> docs;
  std::istringstream in{std::string(text)};
  yaml::read_documents(in, file, inventory_filter, inventory_limits(),
                       [&](yaml::Document&& d) { docs.push_back(std::move(d)); }, diags);
  if (diags.has_errors()) return std::nullopt;
  return read_inventory(docs, file, policy, options, diags);
}

/// The indexes agree, tables have a row per resource, and without errors names are there,
/// unique, and nothing is allocated beyond capacity.
void check_inventory(const Inventory& inv, const Policy& p, bool clean) {
  const std::size_t R = p.resources.size();
  std::vector<int> listed(inv.nodes.size(), 0);
  std::set<std::string> cluster_names;
  for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
    const auto& cl = inv.clusters[c];
    std::set<std::string> node_names;
    for (auto n : cl.nodes) {
      if (n >= inv.nodes.size() || inv.nodes[n].cluster != c) fail("a cluster lists a node that is not its own", cl.name);
      ++listed[n];
      if (clean && (inv.nodes[n].name.empty() || !node_names.insert(inv.nodes[n].name).second))
        fail("a node without a name or a duplicate node was accepted", inv.nodes[n].name);
    }
    if (clean && (cl.name.empty() || !cluster_names.insert(cl.name).second))
      fail("a cluster without a name or a duplicate cluster was accepted", cl.name);
  }
  for (std::size_t n = 0; n < inv.nodes.size(); ++n) {
    const Node& node = inv.nodes[n];
    if (listed[n] != 1) fail("a node is listed by no cluster, or by several", node.name);
    if (node.capacity.size() != R || node.allocated.size() != R) fail("a node's tables have the wrong size", node.name);
    for (std::size_t r = 0; r < R; ++r) {
      if (node.capacity[r] < 0 || node.allocated[r] < 0) fail("a node has a negative amount", node.name);
      if (clean && node.allocated[r] > node.capacity[r]) fail("a node allocated beyond capacity was accepted", node.name);
    }
  }
  for (const auto* table : {&inv.user_usage, &inv.team_usage})
    for (const auto& [who, row] : *table) {
      if (!row.empty() && row.size() != R) fail("a usage row has the wrong size", who);
      for (auto a : row)
        if (a < 0) fail("a usage row has a negative amount", who);
    }
}

}  // namespace

int fuzz_manifest(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_text(data, size);
  const Directives d = directives(text);
  const FixedPolicy& fp = fixed_policy(d);
  ManifestOptions options;
  options.strict_kinds = d.strict_kinds;
  const std::string file = "fuzz.yaml";
  Jobs read = read_jobs(text, file, fp.policy, options);
  if (read.binary) return 0;
  check_limits(fp.policy, read.jobs, read.diags);
  check_diagnostics(read.diags, file, text, &fp);
  return 0;
}

int fuzz_inventory(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_text(data, size);
  const Directives d = directives(text);
  const FixedPolicy& fp = fixed_policy(d);
  InventoryOptions options;
  if (d.one_cluster) options.cluster = "fuzz";
  const std::string file = "fuzz-inventory.yaml";
  Diagnostics diags;
  const auto inv = read_inventory_text(text, file, fp.policy, options, diags);
  if (inv) check_inventory(*inv, fp.policy, !diags.has_errors());
  check_diagnostics(diags, file, text, &fp);
  return 0;
}

// ---------------------------------------------------------------------------------------
// place

int fuzz_place(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_text(data, size);
  const Directives d = directives(text);
  const FixedPolicy& fp = fixed_policy(d);
  const Policy& policy = fp.policy;
  // The inventory up to the line "---8<---", the jobs after it.
  const auto cut = text.find("\n---8<---");
  if (cut == std::string_view::npos) return 0;
  const auto jobs_start = text.find('\n', cut + 1);
  const std::string_view inventory_text = text.substr(0, cut + 1);
  const std::string_view jobs_text = jobs_start == std::string_view::npos ? std::string_view() : text.substr(jobs_start + 1);

  InventoryOptions inventory_options;
  if (d.one_cluster) inventory_options.cluster = "fuzz";
  Diagnostics diags;
  const auto inv = read_inventory_text(inventory_text, "fuzz-inventory.yaml", policy, inventory_options, diags);
  if (!inv || diags.has_errors()) return 0;  // allot place stops here
  const Jobs read = read_jobs(jobs_text, "fuzz-jobs.yaml", policy, ManifestOptions{});
  if (read.binary || read.diags.has_errors()) return 0;  // likewise
  for (const auto& j : read.jobs) {
    if (j.replicas() > kMaxReplicas) return 0;
    // placement.cpp multiplies a job's 128-bit total by a capacity when ordering by size,
    // which overflows for totals beyond 64 bits (reported); such a job is refused anyway.
    for (const auto& g : j.groups)
      for (auto a : g.request)
        if (d.order_by_size && !checked_mul(a, g.replicas)) return 0;
  }

  PlaceOptions options;
  options.strategy = d.strategy.value_or(Strategy::pack);
  options.order_by_size = d.order_by_size;
  const Plan plan = place(policy, *inv, read.jobs, options);
  if (const auto bad = test::PlanChecker(policy, *inv, read.jobs, options).check(plan); !bad.empty())
    fail("the plan breaks a promise", fmt::format("{}", fmt::join(bad, "\n")));
  if (!test::same_plan(plan, place(policy, *inv, read.jobs, options))) fail("a second run gives another plan");
  return 0;
}

}  // namespace allot::fuzz
