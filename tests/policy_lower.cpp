// The whole-file checks (one test per diagnostic code) and the resolved model they build:
// inheritance, warn thresholds, tier lookup and the Swarm table in base units.

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "grammar/parser.hpp"
#include "grammar/lower.hpp"
#include "policy/policy.hpp"
#include "tests/support.hpp"

using namespace allot;
using allot::test::Expected;
using allot::test::error;
using allot::test::warning;

namespace {

const std::string kFile = "p.allot";

/// Lines 1-3 of most cases: a policy with one count and one bytes resource.
const std::string kHead = "policy p\nresource gpu count\nresource memory bytes\n";

struct Loaded {
  Policy policy;
  Diagnostics diags;
};

Loaded load(std::string_view text) {
  Loaded l;
  l.policy = grammar::load(text, kFile, l.diags);
  return l;
}

Loaded load_example(const char* path) {
  const std::string text = test::read_text(test::source_path(path));
  BOOST_TEST_REQUIRE(!text.empty(), path);
  Loaded l;
  l.policy = grammar::load(text, path, l.diags);
  BOOST_TEST_REQUIRE(l.diags.empty(), test::describe(l.diags));
  return l;
}

/// Checks that `text` gives exactly `expected`, in order, and returns them for note checks.
std::vector<Diagnostic> expect_diags(std::string_view text, const std::vector<Expected>& expected) {
  const Loaded l = load(text);
  test::expect_diagnostics(l.diags, expected, kFile, text);
  return l.diags.list();
}

void expect_note(const Diagnostic& d, std::string_view message, std::uint32_t line, std::uint32_t col,
                 std::uint32_t len) {
  BOOST_TEST_REQUIRE(d.notes.size() == 1u, to_string(d.code) << " should have one note");
  const Note& n = d.notes[0];
  BOOST_TEST(n.message == message);
  BOOST_TEST_REQUIRE(n.location.has_value());
  BOOST_TEST(n.location->file == kFile);
  BOOST_TEST(n.location->line == line);
  BOOST_TEST(n.location->column == col);
  BOOST_TEST(n.location->length == len);
}

std::size_t tier(const Policy& p, std::string_view name) {
  const auto t = p.find_tier(name);
  BOOST_TEST_REQUIRE(t.has_value(), "no tier " << name);
  return *t;
}

std::size_t resource(const Policy& p, std::string_view name) {
  const auto r = p.find_resource(name);
  BOOST_TEST_REQUIRE(r.has_value(), "no resource " << name);
  return *r;
}

const Limit& limit(const Policy& p, std::string_view t, Scope s, std::string_view r) {
  const Limit* l = p.tiers[tier(p, t)].limit(s, resource(p, r));
  BOOST_TEST_REQUIRE(l != nullptr, "no per-" << to_string(s) << " limit of " << r << " in " << t);
  return *l;
}

bool has_limit(const Policy& p, std::string_view t, Scope s, std::string_view r) {
  return p.tiers[tier(p, t)].limit(s, resource(p, r)) != nullptr;
}

/// The effective limit's maximum, warning threshold, writing tier and position.
void expect_limit(const Policy& p, std::string_view t, Scope s, std::string_view r, Amount max,
                  std::optional<Amount> warn, std::string_view from, std::uint32_t line, std::uint32_t col) {
  const Limit& l = limit(p, t, s, r);
  BOOST_TEST(l.max == max, t << " per-" << to_string(s) << " " << r);
  BOOST_TEST((l.warn == warn), t << " per-" << to_string(s) << " " << r << " warn "
                                   << (l.warn ? std::to_string(*l.warn) : "none"));
  BOOST_TEST(p.tiers[l.tier].name == from, t << " per-" << to_string(s) << " " << r);
  BOOST_TEST(l.location.line == line, t << " per-" << to_string(s) << " " << r);
  BOOST_TEST(l.location.column == col, t << " per-" << to_string(s) << " " << r);
  BOOST_TEST(l.location.length == r.size());
}

std::string tier_name(const Policy& p, std::optional<std::size_t> t) {
  return t ? p.tiers.at(*t).name : "(none)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(policy_lower)

BOOST_AUTO_TEST_CASE(p003_missing_policy) {
  expect_diags("resource gpu count\n",
               {error("P003", 1, 1, "missing policy declaration; a policy file starts with 'policy NAME'", 1)});
}

BOOST_AUTO_TEST_CASE(p004_duplicate_policy) {
  const auto d = expect_diags("policy a\nresource gpu count\npolicy b\n",
                              {error("P004", 3, 8, "duplicate policy declaration 'b'", 1)});
  expect_note(d[0], "'a' was first declared here", 1, 8, 1);
  BOOST_TEST(load("policy a\npolicy b\n").policy.name == "a");
}

BOOST_AUTO_TEST_CASE(p010_duplicate_resource) {
  const auto d = expect_diags(kHead + "resource gpu bytes\n", {error("P010", 4, 10, "duplicate resource 'gpu'", 3)});
  expect_note(d[0], "'gpu' was first declared here", 2, 10, 3);
  const Loaded l = load(kHead + "resource gpu bytes\n");
  BOOST_TEST_REQUIRE(l.policy.resources.size() == 2u);
  BOOST_TEST(l.policy.resources[0].kind == ResourceKind::count);  // the first declaration counts
}

BOOST_AUTO_TEST_CASE(p011_unknown_kind) {
  // The limits on a resource of unknown kind are not checked: its units would only cascade.
  expect_diags("policy p\nresource memory byte\nresource x float\ntier a {\n  per user { memory <= 512GB  x <= 3GB }\n}\n"
               "default tier a\n",
               {error("P011", 2, 17, "unknown resource kind 'byte'; did you mean 'bytes'?", 4),
                error("P011", 3, 12, "unknown resource kind 'float'; expected 'count' or 'bytes'", 5)});
}

BOOST_AUTO_TEST_CASE(p012_unknown_resource) {
  expect_diags(kHead + "tier a {\n  per user { gpus <= 1  foo <= 2 }\n}\ndefault tier a\n",
               {error("P012", 5, 14, "unknown resource 'gpus'; did you mean 'gpu'?", 4),
                error("P012", 5, 25, "unknown resource 'foo'", 3)});
}

BOOST_AUTO_TEST_CASE(p013_unknown_scope) {
  expect_diags(kHead + "tier a {\n  per nodes { gpu <= 1 }\n  per rack { gpu <= 1 }\n}\ndefault tier a\n",
               {error("P013", 5, 7, "unknown scope 'nodes'; did you mean 'node'?", 5),
                error("P013", 6, 7, "unknown scope 'rack'; expected user, node, cluster, job or team", 4)});
}

BOOST_AUTO_TEST_CASE(p014_duplicate_scope) {
  const auto d = expect_diags(
      kHead + "tier a {\n  per user { gpu <= 1 }\n  per user { memory <= 1GB }\n}\ndefault tier a\n",
      {error("P014", 6, 7, "duplicate scope 'per user' in tier 'a'", 4)});
  expect_note(d[0], "first written here; put all its limits in one block", 5, 7, 4);
}

BOOST_AUTO_TEST_CASE(p015_duplicate_limit) {
  const auto d = expect_diags(kHead + "tier a {\n  per user { gpu <= 1  gpu <= 2 }\n}\ndefault tier a\n",
                              {error("P015", 5, 24, "duplicate limit for 'gpu' in 'per user'", 3)});
  expect_note(d[0], "first written here", 5, 14, 3);
}

BOOST_AUTO_TEST_CASE(p020_unknown_unit) {
  expect_diags(kHead + "tier a {\n  per user { memory <= 5gb }\n  per node { memory <= 512GG }\n}\ndefault tier a\n",
               {error("P020", 5, 25, "unknown unit 'gb'; did you mean 'GB'?", 2),
                error("P020", 6, 27, "unknown unit 'GG'; did you mean 'G'?", 2)});
}

BOOST_AUTO_TEST_CASE(p021_wrong_unit) {
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16GB }\n  per node { memory <= 512m }\n}\ndefault tier a\n",
               {error("P021", 5, 23, "unit 'GB' is a bytes unit, but this resource is a count", 2),
                error("P021", 6, 27, "unit 'm' (milli) cannot be used on bytes; did you mean 'M' (mega)?", 1)});
}

BOOST_AUTO_TEST_CASE(p022_missing_bytes_unit) {
  expect_diags(kHead + "tier a {\n  per user { memory <= 512 }\n}\ndefault tier a\n",
               {error("P022", 5, 24, "bytes quantity '512' has no unit; write e.g. '512GB' or '512GiB'", 3)});
}

BOOST_AUTO_TEST_CASE(p023_overflow) {
  expect_diags(kHead + "tier a {\n  per user { memory <= 10000EB  gpu <= 9300000000000000 }\n}\ndefault tier a\n",
               {error("P023", 5, 24,
                      "quantity '10000EB' is too large (allot holds at most 9.2EB or 9.2P units)", 7),
                error("P023", 5, 40,
                      "quantity '9300000000000000' is too large (allot holds at most 9.2EB or 9.2P units)", 16)});
}

BOOST_AUTO_TEST_CASE(p024_too_precise) {
  expect_diags(kHead +
                   "tier a {\n  per user { gpu <= 0.0005 }\n  per node { memory <= 1.5B }\n"
                   "  per team { gpu <= 2 warn at 33.3333% }\n}\ndefault tier a\n",
               {error("P024", 5, 21, "quantity '0.0005' is finer than a thousandth (0.001 or 1m)", 6),
                error("P024", 6, 24, "quantity '1.5B' is not a whole number of bytes", 4),
                error("P024", 7, 31, "quantity '33.3333' is finer than a thousandth (0.001 or 1m)", 7)});
}

BOOST_AUTO_TEST_CASE(p030_duplicate_tier) {
  const auto d = expect_diags(kHead + "tier a {\n}\ntier a {\n}\ndefault tier a\n",
                              {error("P030", 6, 6, "duplicate tier 'a'", 1)});
  expect_note(d[0], "'a' was first declared here", 4, 6, 1);
}

BOOST_AUTO_TEST_CASE(p031_unknown_parent) {
  expect_diags(kHead + "tier standard {\n}\ntier b extends standart {\n}\ntier c extends zzz {\n}\n"
                       "tier ab extends abc {\n}\ndefault tier standard\n",
               {error("P031", 6, 16, "tier 'b' extends unknown tier 'standart'; did you mean 'standard'?", 8),
                error("P031", 8, 16, "tier 'c' extends unknown tier 'zzz'", 3),
                // A tier is never suggested as its own parent.
                error("P031", 10, 17, "tier 'ab' extends unknown tier 'abc'", 3)});
}

BOOST_AUTO_TEST_CASE(p032_inheritance_cycle) {
  expect_diags(kHead + "tier a extends b {\n}\ntier b extends a {\n}\ndefault tier a\n",
               {error("P032", 4, 16, "inheritance cycle: a -> b -> a", 1)});
  expect_diags(kHead + "tier a extends a {\n}\ndefault tier a\n", {error("P032", 4, 16, "inheritance cycle: a -> a", 1)});
  // A tier that merely leads into a cycle is not part of it; the cycle is reported once.
  const Loaded l = load(kHead +
                        "tier t extends a {\n  per user { gpu <= 1 }\n}\ntier a extends b {\n  per user { gpu <= 2 }\n}\n"
                        "tier b extends c {\n}\ntier c extends a {\n  per node { gpu <= 3 }\n}\ndefault tier t\n");
  BOOST_TEST_REQUIRE(l.diags.list().size() == 1u, test::describe(l.diags));
  BOOST_TEST(test::mismatch(l.diags.list()[0], error("P032", 7, 16, "inheritance cycle: a -> b -> c -> a", 1)) == "");
}

BOOST_AUTO_TEST_CASE(p033_unknown_default) {
  expect_diags(kHead + "tier standard {\n}\ndefault tier standrad\n",
               {error("P033", 6, 14, "default tier 'standrad' is not declared; did you mean 'standard'?", 8)});
  const Loaded l = load(kHead + "tier standard {\n}\ndefault tier standrad\n");
  BOOST_TEST(!l.policy.default_tier.has_value());
}

BOOST_AUTO_TEST_CASE(p034_unknown_assign_tier) {
  expect_diags(kHead + "tier research {\n}\ndefault tier research\nassign tier reserch to user \"x\"\n",
               {error("P034", 7, 13, "assignment to unknown tier 'reserch'; did you mean 'research'?", 7)});
}

BOOST_AUTO_TEST_CASE(p035_duplicate_default) {
  const auto d = expect_diags(kHead + "tier a {\n}\ntier b {\n}\ndefault tier a\ndefault tier b\n",
                              {error("P035", 9, 14, "duplicate default tier", 1)});
  expect_note(d[0], "the default tier was first set here", 8, 14, 1);
  const Loaded l = load(kHead + "tier a {\n}\ntier b {\n}\ndefault tier a\ndefault tier b\n");
  BOOST_TEST(tier_name(l.policy, l.policy.default_tier) == "a");  // the first one counts
}

BOOST_AUTO_TEST_CASE(p036_no_default_tier) {
  expect_diags(kHead + "tier a {\n}\n",
               {warning("P036", 1, 8,
                        "no default tier: users and teams that no 'assign' rule matches have no limits", 1)});
  expect_diags(kHead, {});  // no tiers at all: nothing to default to
}

BOOST_AUTO_TEST_CASE(p037_shadowed_selector) {
  const std::string tiers = kHead + "tier a {\n}\ntier b {\n}\ndefault tier a\n";  // lines 4-8
  auto d = expect_diags(tiers + "assign tier a to team \"ml-*\"\nassign tier b to team \"ml-vision\"\n",
                        {warning("P037", 10, 23, "team \"ml-vision\" is never used: an earlier rule already matches it", 11)});
  expect_note(d[0], "matched first here", 9, 23, 6);
  // Earlier in the same rule.
  d = expect_diags(tiers + "assign tier a to user \"*\", user \"bob\"\n",
                   {warning("P037", 9, 33, "user \"bob\" is never used: an earlier rule already matches it", 5)});
  expect_note(d[0], "matched first here", 9, 23, 3);
  // A wildcard pattern inside a wider one; a literal matched by '?'.
  d = expect_diags(tiers + "assign tier a to user \"ml-*\", user \"a?\"\nassign tier b to user \"ml-?\", user \"ab\"\n",
                   {warning("P037", 10, 23, "user \"ml-?\" is never used: an earlier rule already matches it", 6),
                    warning("P037", 10, 36, "user \"ab\" is never used: an earlier rule already matches it", 4)});
  expect_note(d[0], "matched first here", 9, 23, 6);
  expect_note(d[1], "matched first here", 9, 36, 4);
  // Not shadowed: another kind, or a '?' pattern that does not cover a '*' one.
  expect_diags(tiers + "assign tier a to user \"ml-*\"\nassign tier b to team \"ml-x\", user \"a?\", user \"a*\"\n", {});
  // Escapes count in the caret's length.
  d = expect_diags(tiers + "assign tier a to user \"a\\\"*\"\nassign tier b to user \"a\\\"b\"\n",
                   {warning("P037", 10, 23, "user \"a\"b\" is never used: an earlier rule already matches it", 6)});
  expect_note(d[0], "matched first here", 9, 23, 6);
}

BOOST_AUTO_TEST_CASE(p038_empty_pattern) {
  expect_diags(kHead + "tier a {\n}\ndefault tier a\nassign tier a to team \"\", user \"x\"\n",
               {error("P038", 7, 23, "empty name pattern; use \"*\" to match every name", 2)});
}

BOOST_AUTO_TEST_CASE(p040_warn_above_limit) {
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16 warn at 20 }\n  per node { memory <= 1GB warn at 1500MB }\n}\n"
                       "default tier a\n",
               {error("P040", 5, 32, "warn threshold 20 is above the limit 16 of 'gpu'", 2),
                error("P040", 6, 36, "warn threshold 1500MB is above the limit 1GB of 'memory'", 6)});
  // Equal to the limit is allowed.
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16 warn at 16 }\n}\ndefault tier a\n", {});
}

BOOST_AUTO_TEST_CASE(p041_warn_percent_out_of_range) {
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16 warn at 120% }\n  per node { gpu <= 16 warn at 0% }\n"
                       "  per job { gpu <= 16 warn at 0 }\n}\ndefault tier a\n",
               {error("P041", 5, 32, "warn threshold 120% of 'gpu' must be above 0% and at most 100%", 4),
                error("P041", 6, 32, "warn threshold 0% of 'gpu' must be above 0% and at most 100%", 2),
                error("P041", 7, 31, "warn threshold of 'gpu' must be above 0", 1)});
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16 warn at 100%  memory <= 1GB warn at 0.001% }\n}\ndefault tier a\n",
               {});
}

BOOST_AUTO_TEST_CASE(p050_limit_that_can_never_bind) {
  auto d = expect_diags(
      kHead + "tier a {\n  per node { gpu <= 64  memory <= 2TB }\n  per cluster { gpu <= 32  memory <= 1TB }\n}\n"
              "default tier a\n",
      {warning("P050", 5, 14,
               "per-node limit gpu 64 can never be reached: the per-cluster limit is 32 (a node belongs to one cluster)", 3),
       warning("P050", 5, 25,
               "per-node limit memory 2TB can never be reached: the per-cluster limit is 1TB (a node belongs to one "
               "cluster)", 6)});
  expect_note(d[0], "per-cluster limit of tier 'a' written here", 6, 17, 3);
  expect_note(d[1], "per-cluster limit of tier 'a' written here", 6, 28, 6);

  // Through 'extends': the note names the ancestor that wrote the outer limit. A child that
  // inherits both limits unchanged does not repeat the warning.
  d = expect_diags(kHead + "tier a {\n  per user { gpu <= 32 }\n}\ntier b extends a {\n  per job { gpu <= 64 }\n}\n"
                           "tier c extends b {\n}\ndefault tier a\n",
                   {warning("P050", 8, 13,
                            "per-job limit gpu 64 can never be reached: the per-user limit is 32 (a job counts "
                            "against its user)", 3)});
  expect_note(d[0], "per-user limit of tier 'a' written here", 5, 14, 3);

  // One limit above two others: one warning each, in the order of the checks.
  d = expect_diags(kHead + "tier a {\n  per job { gpu <= 64 }\n  per team { gpu <= 8 }\n  per cluster { gpu <= 16 }\n}\n"
                           "default tier a\n",
                   {warning("P050", 5, 13,
                            "per-job limit gpu 64 can never be reached: the per-team limit is 8 (a job counts against "
                            "its team)", 3),
                    warning("P050", 5, 13,
                            "per-job limit gpu 64 can never be reached: the per-cluster limit is 16 (a job lives in "
                            "one cluster)", 3)});
  expect_note(d[0], "per-team limit of tier 'a' written here", 6, 14, 3);
  expect_note(d[1], "per-cluster limit of tier 'a' written here", 7, 17, 3);

  // Equal limits are fine, and errors suppress the check (the model is not trustworthy).
  expect_diags(kHead + "tier a {\n  per node { gpu <= 32 }\n  per cluster { gpu <= 32 }\n}\ndefault tier a\n", {});
  expect_diags(kHead + "tier a {\n  per node { gpu <= 64  gpus <= 1 }\n  per cluster { gpu <= 32 }\n}\ndefault tier a\n",
               {error("P012", 5, 25, "unknown resource 'gpus'; did you mean 'gpu'?", 4)});
}

BOOST_AUTO_TEST_CASE(diagnostics_come_in_file_order) {
  const Loaded l = load("policy p\nresource gpu count\ntier a extends nope {\n  per user { gpuz <= 1 }\n}\n"
                        "default tier b\nresource gpu count\n");
  std::vector<std::string> codes;
  for (const auto& d : l.diags.list()) codes.push_back(std::string(to_string(d.code)) + "@" + std::to_string(d.location.line));
  const std::vector<std::string> expected = {"P031@3", "P012@4", "P033@6", "P010@7"};
  BOOST_TEST(codes == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(inheritance_in_the_tiers_example) {
  const Loaded l = load_example("examples/tiers.allot");
  const Policy& p = l.policy;
  BOOST_TEST(p.name == "swarm-tiers");
  BOOST_TEST(p.file == "examples/tiers.allot");
  BOOST_TEST_REQUIRE(p.tiers.size() == 3u);
  BOOST_TEST(p.tiers[0].name == "standard");
  BOOST_TEST(!p.tiers[0].parent.has_value());
  BOOST_TEST(p.tiers[1].parent.value() == "standard");
  BOOST_TEST(p.tiers[1].location.line == 18u);
  BOOST_TEST(p.tiers[1].location.column == 6u);

  // research overrides some limits; the rest keep standard's values, name and position.
  expect_limit(p, "research", Scope::user, "gpu", 32000, 24000, "research", 19, 14);
  expect_limit(p, "research", Scope::user, "vcpu", 64000, std::nullopt, "standard", 11, 40);
  expect_limit(p, "research", Scope::user, "memory", Amount{1} << 40, std::nullopt, "research", 19, 38);
  expect_limit(p, "research", Scope::user, "storage", 10'000'000'000'000, std::nullopt, "standard", 11, 72);
  expect_limit(p, "research", Scope::node, "gpu", 32000, std::nullopt, "standard", 12, 17);
  expect_limit(p, "research", Scope::cluster, "gpu", 1'000'000, std::nullopt, "standard", 13, 17);
  // An override replaces the whole limit: standard's 75% warning does not come along.
  expect_limit(p, "standard", Scope::job, "gpu", 16000, 12000, "standard", 14, 17);
  expect_limit(p, "research", Scope::job, "gpu", 24000, std::nullopt, "research", 20, 14);
  expect_limit(p, "research", Scope::team, "gpu", 128000, 115200, "research", 21, 14);
  BOOST_TEST(!has_limit(p, "research", Scope::team, "vcpu"));
  BOOST_TEST(!has_limit(p, "standard", Scope::team, "gpu"));

  expect_limit(p, "free", Scope::user, "gpu", 1000, std::nullopt, "free", 26, 14);
  expect_limit(p, "free", Scope::user, "memory", Amount{64} << 30, std::nullopt, "free", 26, 35);
  expect_limit(p, "free", Scope::user, "storage", 500'000'000'000, std::nullopt, "free", 26, 0 + 52);
  expect_limit(p, "free", Scope::job, "vcpu", 4000, std::nullopt, "free", 27, 24);
  expect_limit(p, "free", Scope::node, "memory", 1'000'000'000'000, std::nullopt, "standard", 12, 0 + 55);
  BOOST_TEST(!has_limit(p, "free", Scope::job, "memory"));
}

BOOST_AUTO_TEST_CASE(inheritance_chains) {
  // Declared child first: resolution does not depend on the order of declaration.
  const std::string text = kHead +
                           "tier c extends b {\n"                                     // 4
                           "  per user { memory <= 2GB }\n"                           // 5
                           "  per node { gpu <= 50 }\n"                               // 6
                           "}\n"                                                      // 7
                           "tier b extends a {\n"                                     // 8
                           "  per user { gpu <= 5 }\n"                                // 9
                           "}\n"                                                      // 10
                           "tier a {\n"                                               // 11
                           "  per user { gpu <= 10  memory <= 1GB warn at 50% }\n"    // 12
                           "  per node { gpu <= 100 }\n"                              // 13
                           "}\n"                                                      // 14
                           "default tier a\n";
  const Loaded l = load(text);
  BOOST_TEST_REQUIRE(l.diags.empty(), test::describe(l.diags));
  const Policy& p = l.policy;
  expect_limit(p, "c", Scope::user, "gpu", 5000, std::nullopt, "b", 9, 14);
  expect_limit(p, "c", Scope::user, "memory", 2'000'000'000, std::nullopt, "c", 5, 14);
  expect_limit(p, "c", Scope::node, "gpu", 50000, std::nullopt, "c", 6, 14);
  expect_limit(p, "b", Scope::user, "gpu", 5000, std::nullopt, "b", 9, 14);
  expect_limit(p, "b", Scope::user, "memory", 1'000'000'000, 500'000'000, "a", 12, 25);
  expect_limit(p, "b", Scope::node, "gpu", 100000, std::nullopt, "a", 13, 14);
  expect_limit(p, "a", Scope::user, "gpu", 10000, std::nullopt, "a", 12, 14);
  BOOST_TEST(!has_limit(p, "c", Scope::cluster, "gpu"));
}

BOOST_AUTO_TEST_CASE(warn_thresholds_are_exact) {
  const std::string text = kHead +
                           "tier a {\n"                                                          // 4
                           "  per user { gpu <= 0.01 warn at 33%  memory <= 10B warn at 33.333% }\n"  // 5
                           "  per node { gpu <= 16 warn at 75%  memory <= 3B warn at 50% }\n"         // 6
                           "  per team { gpu <= 1 warn at 0.001%  memory <= 1000B warn at 12.5% }\n"  // 7
                           "}\n"
                           "tier b {\n"
                           "  per user { gpu <= 7 warn at 100%  memory <= 9223372036854775807B warn at 99.999% }\n"
                           "  per node { gpu <= 16 warn at 12.5  memory <= 1TiB warn at 90% }\n"
                           "}\n"
                           "default tier a\n";
  const Loaded l = load(text);
  BOOST_TEST_REQUIRE(l.diags.empty(), test::describe(l.diags));
  const Policy& p = l.policy;
  BOOST_TEST(limit(p, "a", Scope::user, "gpu").warn.value() == 4);           // ceil(3.3)
  BOOST_TEST(limit(p, "a", Scope::user, "memory").warn.value() == 4);        // ceil(3.3333)
  BOOST_TEST(limit(p, "a", Scope::node, "gpu").warn.value() == 12000);
  BOOST_TEST(limit(p, "a", Scope::node, "memory").warn.value() == 2);        // ceil(1.5)
  BOOST_TEST(limit(p, "a", Scope::team, "gpu").warn.value() == 1);           // ceil(0.01)
  BOOST_TEST(limit(p, "a", Scope::team, "memory").warn.value() == 125);
  BOOST_TEST(limit(p, "b", Scope::user, "gpu").warn.value() == 7000);
  BOOST_TEST(limit(p, "b", Scope::user, "memory").max == kMaxAmount);
  BOOST_TEST(limit(p, "b", Scope::user, "memory").warn.value() == 9'223'279'803'134'407'260);  // no overflow
  BOOST_TEST(limit(p, "b", Scope::node, "gpu").warn.value() == 12500);       // an amount, not a percentage
  BOOST_TEST(limit(p, "b", Scope::node, "memory").warn.value() == 989'560'464'999);
}

BOOST_AUTO_TEST_CASE(tier_lookup_in_the_tiers_example) {
  const Loaded l = load_example("examples/tiers.allot");
  const Policy& p = l.policy;
  BOOST_TEST(tier_name(p, p.default_tier) == "standard");
  BOOST_TEST_REQUIRE(p.assignments.size() == 2u);
  BOOST_TEST(p.assignments[0].selectors.size() == 2u);
  BOOST_TEST(p.assignments[0].selectors[0].pattern == "ml-*");
  BOOST_TEST(p.assignments[0].selectors[0].location.column == 30u);
  BOOST_TEST(p.assignments[0].selectors[0].location.length == 6u);

  BOOST_TEST(tier_name(p, p.tier_for("bob", "")) == "standard");
  BOOST_TEST(tier_name(p, p.tier_for("alice", "")) == "research");
  BOOST_TEST(tier_name(p, p.tier_for("alice2", "")) == "standard");
  BOOST_TEST(tier_name(p, p.tier_for("trial-7", "")) == "free");
  BOOST_TEST(tier_name(p, p.tier_for("trial-", "")) == "free");
  BOOST_TEST(tier_name(p, p.tier_for("trial-7", "ml-vision")) == "research");  // the first rule wins
  BOOST_TEST(tier_name(p, p.tier_for("bob", "ml-")) == "research");
  BOOST_TEST(tier_name(p, p.tier_for("bob", "ml")) == "standard");
  BOOST_TEST(tier_name(p, p.tier_for("bob", "ML-vision")) == "standard");  // case matters
  BOOST_TEST(tier_name(p, p.tier_for("ml-bob", "")) == "standard");         // a user is not a team

  BOOST_TEST(tier_name(p, p.tier_for_user("alice")) == "research");
  BOOST_TEST(tier_name(p, p.tier_for_user("trial-1")) == "free");
  BOOST_TEST(tier_name(p, p.tier_for_user("ml-x")) == "standard");
  BOOST_TEST(tier_name(p, p.tier_for_team("ml-vision")) == "research");
  BOOST_TEST(tier_name(p, p.tier_for_team("trial-1")) == "standard");  // user rules do not apply
  BOOST_TEST(tier_name(p, p.tier_for_team("alice")) == "standard");
  BOOST_TEST(tier_name(p, p.tier_for_team("")) == "standard");
}

BOOST_AUTO_TEST_CASE(tier_lookup_first_match_wins) {
  const Loaded l = load(kHead +
                        "tier a {\n}\ntier b {\n}\ntier c {\n}\n"
                        "assign tier a to user \"ml-*\", team \"*-gpu\"\n"
                        "assign tier b to team \"ops\", user \"?\"\n"
                        "assign tier c to user \"*\"\n");
  // No default tier: one warning, and unmatched teams have no tier.
  BOOST_TEST_REQUIRE(l.diags.list().size() == 1u, test::describe(l.diags));
  BOOST_TEST(to_string(l.diags.list()[0].code) == "P036");
  const Policy& p = l.policy;
  BOOST_TEST(!p.default_tier.has_value());
  BOOST_TEST(tier_name(p, p.tier_for("ml-x", "ops")) == "a");
  BOOST_TEST(tier_name(p, p.tier_for("bob", "ops")) == "b");
  BOOST_TEST(tier_name(p, p.tier_for("bob", "big-gpu")) == "a");
  BOOST_TEST(tier_name(p, p.tier_for("x", "")) == "b");
  BOOST_TEST(tier_name(p, p.tier_for("xy", "")) == "c");
  BOOST_TEST(tier_name(p, p.tier_for("", "")) == "(none)");  // no user: user rules cannot match
  BOOST_TEST(tier_name(p, p.tier_for_team("dev")) == "(none)");
  BOOST_TEST(tier_name(p, p.tier_for_team("ops")) == "b");
  BOOST_TEST(tier_name(p, p.tier_for_user("anyone")) == "c");
}

BOOST_AUTO_TEST_CASE(swarm_table_in_base_units) {
  const Loaded l = load_example("examples/swarm.allot");
  const Policy& p = l.policy;
  BOOST_TEST(p.name == "swarm");
  BOOST_TEST_REQUIRE(p.resources.size() == 4u);
  BOOST_TEST(p.resources[resource(p, "gpu")].kind == ResourceKind::count);
  BOOST_TEST(p.resources[resource(p, "vcpu")].kind == ResourceKind::count);
  BOOST_TEST(p.resources[resource(p, "memory")].kind == ResourceKind::bytes);
  BOOST_TEST(p.resources[resource(p, "storage")].kind == ResourceKind::bytes);
  BOOST_TEST_REQUIRE(p.tiers.size() == 1u);
  BOOST_TEST(tier_name(p, p.default_tier) == "standard");

  struct Row {
    Scope scope;
    Amount gpu, vcpu, memory, storage;
  };
  const Row table[] = {
      {Scope::user, 16'000, 64'000, 512'000'000'000, 10'000'000'000'000},
      {Scope::node, 32'000, 128'000, 1'000'000'000'000, 100'000'000'000'000},
      {Scope::cluster, 1'000'000, 10'000'000, 100'000'000'000'000, 10'000'000'000'000'000},
  };
  for (const auto& row : table) {
    BOOST_TEST(limit(p, "standard", row.scope, "gpu").max == row.gpu);
    BOOST_TEST(limit(p, "standard", row.scope, "vcpu").max == row.vcpu);
    BOOST_TEST(limit(p, "standard", row.scope, "memory").max == row.memory);
    BOOST_TEST(limit(p, "standard", row.scope, "storage").max == row.storage);
    for (const char* r : {"gpu", "vcpu", "memory", "storage"})
      BOOST_TEST(!limit(p, "standard", row.scope, r).warn.has_value());
  }
  BOOST_TEST(!has_limit(p, "standard", Scope::job, "gpu"));
  BOOST_TEST(!has_limit(p, "standard", Scope::team, "gpu"));
}

BOOST_AUTO_TEST_CASE(lower_reads_a_hand_built_tree) {
  // lower() works on any tree, not only on the parser's: tokens without lengths still get one.
  ast::File f;
  f.name = "built";
  f.items.emplace_back(ast::PolicyDecl{{"built", 1, 1, 1}, {"p", {"built", 1, 8, 1}}});
  f.items.emplace_back(ast::ResourceDecl{{"built", 2, 1, 1}, {"gpu", {"built", 2, 10, 1}}, {"count", {"built", 2, 14, 1}}});
  ast::TierDecl t;
  t.location = {"built", 3, 1, 1};
  t.name = {"a", {"built", 3, 6, 1}};
  ast::ScopeBlock s;
  s.scope = {"user", {"built", 4, 7, 1}};
  s.limits.push_back({{"gpu", {"built", 4, 14, 1}}, {"2.5", {"built", 4, 21, 1}}, std::nullopt, 4});
  t.scopes.push_back(s);
  f.items.emplace_back(t);
  f.items.emplace_back(ast::DefaultDecl{{"built", 6, 1, 1}, {"a", {"built", 6, 14, 1}}});
  ast::AssignDecl a;
  a.location = {"built", 7, 1, 1};
  a.tier = {"a", {"built", 7, 13, 1}};
  a.selectors.push_back({ast::Selector::Kind::user, {"", {"built", 7, 23, 1}}});
  f.items.emplace_back(a);

  Diagnostics diags;
  const Policy p = lower(f, diags);
  BOOST_TEST_REQUIRE(diags.list().size() == 1u, test::describe(diags));
  BOOST_TEST(test::mismatch(diags.list()[0], error("P038", 7, 23, "empty name pattern; use \"*\" to match every name", 2)) ==
             "");
  const Limit& l = limit(p, "a", Scope::user, "gpu");
  BOOST_TEST(l.max == 2500);
  BOOST_TEST(l.location.length == 3u);
  BOOST_TEST(l.location.file == "built");
  BOOST_TEST(p.file == "built");
}

BOOST_AUTO_TEST_SUITE_END()
