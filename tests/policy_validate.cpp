// check_limits on hand-built jobs: each check's code, message, position and structured
// details; per-user and per-team totals with contributors largest first; the tier whose
// limits apply; warnings at their thresholds; overflow; the order of findings.

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "grammar/parser.hpp"
#include "validate/limits.hpp"
#include "tests/support.hpp"

using namespace allot;
using allot::test::Expected;
using allot::test::error;
using allot::test::warning;

namespace {

// Line numbers matter: messages quote where each limit was written (p.allot:LINE:COL).
const char* const kPolicy =
    "policy p\n"                                                                // 1
    "resource gpu count\n"                                                      // 2
    "resource vcpu count\n"                                                     // 3
    "resource memory bytes\n"                                                   // 4
    "resource storage bytes\n"                                                  // 5
    "tier base {\n"                                                             // 6
    "  per node { gpu <= 8 warn at 6 memory <= 512GiB warn at 75% }\n"          // 7
    "  per job { gpu <= 16 warn at 12 vcpu <= 128 warn at 75% }\n"             // 8
    "  per user { gpu <= 32 warn at 24 }\n"                                     // 9
    "  per cluster { gpu <= 64 storage <= 10TB warn at 80% }\n"                 // 10
    "  per team { gpu <= 100 warn at 80% }\n"                                   // 11
    "}\n"                                                                       // 12
    "tier big extends base {\n"                                                 // 13
    "  per user { gpu <= 64 }\n"                                                // 14
    "  per team { gpu <= 200 }\n"                                               // 15
    "}\n"                                                                       // 16
    "tier trial extends base {\n"                                               // 17
    "  per user { gpu <= 4 }\n"                                                 // 18
    "  per job { gpu <= 2 }\n"                                                  // 19
    "}\n"                                                                       // 20
    "default tier base\n"                                                       // 21
    "assign tier big to team \"big-*\"\n"                                       // 22
    "assign tier trial to user \"trial-*\"\n";                                  // 23

const Policy& policy() {
  static const Policy p = test::load_policy(kPolicy);
  return p;
}

constexpr Amount kUnit = kCountScale;  // one GPU or vCPU
constexpr Amount kGiB = Amount{1} << 30;
constexpr Amount kTB = 1'000'000'000'000;

struct Request {
  Amount gpu = 0, vcpu = 0, memory = 0, storage = 0;
};

/// A job written in jobs.yaml with its name on `line`; request r was written at line:(10 + r).
Job make_job(std::string name, std::string user, std::string team, Amount replicas, Request req, std::uint32_t line,
             std::optional<Strategy> strategy = std::nullopt) {
  Job j;
  j.groups.emplace_back();
  j.name = std::move(name);
  j.kind = "Job";
  j.user = std::move(user);
  j.team = std::move(team);
  j.file = "jobs.yaml";
  j.at = {line, 9};
  j.groups[0].replicas = replicas;
  j.groups[0].replicas_at = j.at;
  j.strategy = strategy;
  j.groups[0].request = {req.gpu, req.vcpu, req.memory, req.storage};
  for (std::uint32_t r = 0; r < 4; ++r) j.groups[0].request_at.push_back({line, 10 + r});
  return j;
}

Diagnostics check(const std::vector<Job>& jobs) {
  Diagnostics d;
  check_limits(policy(), jobs, d);
  return d;
}

void expect(const Diagnostics& got, const std::vector<Expected>& want) {
  test::expect_diagnostics(got, want, "jobs.yaml");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(policy_validate)

BOOST_AUTO_TEST_CASE(a_replica_over_the_per_node_limit) {
  const auto d = check({make_job("a", "ann", "ops", 1, {.gpu = 10 * kUnit}, 3)});
  expect(d, {error("V201", 3, 10, "a replica of job 'a' needs gpu 10, over the per-node limit 8 (tier base, p.allot:7:14)")});
  const auto& x = d.list()[0].details;
  BOOST_TEST_REQUIRE(x.has_value());
  BOOST_TEST(x->rule == "per-node");
  BOOST_TEST(x->tier == "base");
  BOOST_TEST(x->job == "a");
  BOOST_TEST(x->user == "ann");
  BOOST_TEST(x->team == "ops");
  BOOST_TEST(x->resource == "gpu");
  BOOST_TEST(x->requested == "10");
  BOOST_TEST(x->limit == "8");
  BOOST_TEST_REQUIRE(x->policy_location.has_value());
  BOOST_TEST(x->policy_location->str() == "p.allot:7:14");
  BOOST_TEST(x->contributors.empty());
  BOOST_TEST((x->job_index == std::optional<std::size_t>(0)));
  BOOST_TEST(d.list()[0].notes.empty());
}

BOOST_AUTO_TEST_CASE(the_limit_itself_is_allowed) {
  // 8 GPUs on a node is the limit (an error only above it), but past the warning at 6.
  const auto d = check({make_job("a", "ann", "", 1, {.gpu = 8 * kUnit}, 3)});
  expect(d, {warning("V301", 3, 10,
                     "a replica of job 'a' needs gpu 8, at or above the per-node warning threshold 6 (tier base, p.allot:7:14)")});
  BOOST_TEST(d.list()[0].details->limit == "6");  // the threshold reached
  BOOST_TEST(d.list()[0].details->requested == "8");
}

BOOST_AUTO_TEST_CASE(just_below_a_warning_threshold_is_silent) {
  const auto d = check({make_job("a", "ann", "", 1, {.gpu = 6 * kUnit - 1, .memory = 384 * kGiB - 1}, 3)});
  BOOST_TEST(d.empty(), test::describe(d));
}

BOOST_AUTO_TEST_CASE(a_percentage_warning_is_exact) {
  // 75% of 512GiB is exactly 384GiB.
  const auto d = check({make_job("a", "ann", "", 1, {.memory = 384 * kGiB}, 3)});
  expect(d, {warning("V301", 3, 12,
                     "a replica of job 'a' needs memory 384GiB, at or above the per-node warning threshold 384GiB "
                     "(tier base, p.allot:7:33)")});
  BOOST_TEST(d.list()[0].details->requested == "412316860416");
  BOOST_TEST(d.list()[0].details->limit == "412316860416");
}

BOOST_AUTO_TEST_CASE(strict_pack_puts_the_whole_gang_on_one_node) {
  const auto d = check({make_job("gang", "ann", "", 2, {.gpu = 5 * kUnit}, 3, Strategy::strict_pack),
                        make_job("loose", "bob", "", 2, {.gpu = 5 * kUnit}, 9, Strategy::pack),
                        make_job("spread", "cy", "", 2, {.gpu = 5 * kUnit}, 15, Strategy::strict_spread)});
  expect(d, {error("V201", 3, 10,
                   "job 'gang' (strict-pack) needs gpu 10 on one node, over the per-node limit 8 (tier base, p.allot:7:14)")});
  BOOST_TEST(d.list()[0].details->requested == "10");
}

BOOST_AUTO_TEST_CASE(a_job_over_the_per_job_limit_and_at_its_warning) {
  const auto d = check({make_job("big", "ann", "", 4, {.gpu = 5 * kUnit}, 3),
                        make_job("warm", "bob", "", 300, {.vcpu = 320}, 9)});  // 300 x 0.32 = 96 = 75% of 128
  expect(d, {error("V202", 3, 10,
                   "job 'big' asks for gpu 20 in all (4 × 5), over the per-job limit 16 (tier base, p.allot:8:13)"),
             warning("V302", 9, 11,
                     "job 'warm' asks for vcpu 96 in all (300 × 0.32), at or above the per-job warning threshold 96 "
                     "(tier base, p.allot:8:34)")});
  BOOST_TEST(d.list()[0].details->rule == "per-job");
  BOOST_TEST(d.list()[0].details->requested == "20");
  BOOST_TEST(d.list()[1].details->requested == "96");
  BOOST_TEST(d.list()[1].details->limit == "96");
  BOOST_TEST((d.list()[1].details->job_index == std::optional<std::size_t>(1)));
}

BOOST_AUTO_TEST_CASE(a_job_over_the_per_cluster_limit) {
  const auto d = check({make_job("archive", "ann", "", 6, {.storage = 2 * kTB}, 3),
                        make_job("near", "bob", "", 4, {.storage = 2 * kTB}, 9)});
  expect(d, {error("V205", 3, 13,
                   "job 'archive' asks for storage 12TB in all (6 × 2TB) in one cluster, over the per-cluster limit 10TB "
                   "(tier base, p.allot:10:27)"),
             warning("V305", 9, 13,
                     "job 'near' asks for storage 8TB in all (4 × 2TB) in one cluster, at or above the per-cluster "
                     "warning threshold 8TB (tier base, p.allot:10:27)")});
  BOOST_TEST(d.list()[0].details->rule == "per-cluster");
  BOOST_TEST(d.list()[0].details->requested == "12000000000000");
  BOOST_TEST(d.list()[0].details->limit == "10000000000000");
}

BOOST_AUTO_TEST_CASE(a_users_total_lists_contributors_largest_first) {
  const std::vector<Job> jobs = {
      make_job("a", "ann", "", 1, {.gpu = 5 * kUnit}, 3),    // 5
      make_job("b", "ann", "", 2, {.gpu = 5 * kUnit}, 9),    // 10
      make_job("x", "bob", "", 2, {.gpu = 5 * kUnit}, 15),   // someone else's
      make_job("c", "ann", "", 11, {.gpu = 1 * kUnit}, 21),  // 11
      make_job("d", "ann", "", 2, {.gpu = 5 * kUnit}, 27),   // 10, a tie with b: input order
      make_job("e", "ann", "", 4, {.vcpu = kUnit}, 33),      // asks for no GPU: not a contributor
  };
  const auto d = check(jobs);
  expect(d, {error("V203", 21, 10,
                   "user 'ann' would hold gpu 36 across 4 jobs, over the per-user limit 32 (tier base, p.allot:9:14)")});
  const auto& diag = d.list()[0];
  const auto& x = *diag.details;
  BOOST_TEST(x.rule == "per-user");
  BOOST_TEST(x.user == "ann");
  BOOST_TEST(x.team == "");
  BOOST_TEST(x.job == "c");
  BOOST_TEST((x.job_index == std::optional<std::size_t>(3)));
  BOOST_TEST(x.requested == "36");
  BOOST_TEST(x.limit == "32");
  BOOST_TEST_REQUIRE(x.contributors.size() == 4u);
  const std::vector<std::string> names = {x.contributors[0].job, x.contributors[1].job, x.contributors[2].job,
                                          x.contributors[3].job};
  BOOST_TEST(names == (std::vector<std::string>{"c", "b", "d", "a"}), boost::test_tools::per_element());
  BOOST_TEST(x.contributors[0].amount == "11");
  BOOST_TEST(x.contributors[0].display == "11");
  BOOST_TEST(x.contributors[0].location.str() == "jobs.yaml:21:10");
  BOOST_TEST(x.contributors[3].amount == "5");
  BOOST_TEST_REQUIRE(diag.notes.size() == 4u);
  BOOST_TEST(diag.notes[0].message == "c (jobs.yaml:21:10) 11 gpu");
  BOOST_TEST(diag.notes[1].message == "b (jobs.yaml:9:10) 10 gpu");
  BOOST_TEST(diag.notes[2].message == "d (jobs.yaml:27:10) 10 gpu");
  BOOST_TEST(diag.notes[3].message == "a (jobs.yaml:3:10) 5 gpu");
  BOOST_TEST(!diag.notes[0].location.has_value());
}

BOOST_AUTO_TEST_CASE(a_user_with_one_job_is_named_alone) {
  const auto d = check({make_job("solo", "trial-tim", "", 3, {.gpu = 2 * kUnit}, 3)});
  // tier trial: per job gpu <= 2, per user gpu <= 4
  expect(d, {error("V202", 3, 10,
                   "job 'solo' asks for gpu 6 in all (3 × 2), over the per-job limit 2 (tier trial, p.allot:19:13)"),
             error("V203", 3, 10,
                   "user 'trial-tim' would hold gpu 6 with job 'solo' alone, over the per-user limit 4 (tier trial, "
                   "p.allot:18:14)")});
  BOOST_TEST(d.list()[1].details->contributors.size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_strictest_per_user_limit_among_the_tiers_of_the_users_jobs) {
  // uma's jobs in big-lab have tier big (per user 64); her job without a team has base (32).
  const std::vector<Job> jobs = {
      make_job("u1", "uma", "big-lab", 11, {.gpu = kUnit}, 3),
      make_job("u2", "uma", "big-lab", 11, {.gpu = kUnit}, 9),
      make_job("u3", "uma", "", 11, {.gpu = kUnit}, 15),
      make_job("v1", "vic", "big-lab", 11, {.gpu = kUnit}, 21),
      make_job("v2", "vic", "big-lab", 11, {.gpu = kUnit}, 27),
      make_job("v3", "vic", "big-lab", 11, {.gpu = kUnit}, 33),
  };
  const auto d = check(jobs);
  expect(d, {error("V203", 3, 10,
                   "user 'uma' would hold gpu 33 across 3 jobs, over the per-user limit 32 (tier base, p.allot:9:14)")});
  BOOST_TEST(d.list()[0].details->tier == "base");
}

BOOST_AUTO_TEST_CASE(a_teams_total_uses_the_teams_tier) {
  std::vector<Job> jobs;
  const Amount counts[] = {9, 11, 10, 11, 11, 11, 11, 11, 11, 11};  // 107 GPUs in team ops
  for (std::size_t i = 0; i < 10; ++i)
    jobs.push_back(make_job("ops-" + std::to_string(i + 1), "o" + std::to_string(i + 1), "ops", counts[i],
                            {.gpu = kUnit}, static_cast<std::uint32_t>(3 + 6 * i)));
  for (std::size_t i = 0; i < 10; ++i)  // 110 GPUs in big-ops: tier big allows 200
    jobs.push_back(make_job("big-" + std::to_string(i + 1), "b" + std::to_string(i + 1), "big-ops", 11,
                            {.gpu = kUnit}, static_cast<std::uint32_t>(100 + 6 * i)));
  const auto d = check(jobs);
  expect(d, {error("V206", 9, 10,
                   "team 'ops' would hold gpu 107 across 10 jobs, over the per-team limit 100 (tier base, p.allot:11:14)")});
  const auto& x = *d.list()[0].details;
  BOOST_TEST(x.rule == "per-team");
  BOOST_TEST(x.team == "ops");
  BOOST_TEST(x.user == "");
  BOOST_TEST(x.job == "ops-2");
  BOOST_TEST_REQUIRE(x.contributors.size() == 10u);
  BOOST_TEST(x.contributors.front().job == "ops-2");
  BOOST_TEST(x.contributors[7].job == "ops-10");
  BOOST_TEST(x.contributors[8].job == "ops-3");
  BOOST_TEST(x.contributors.back().job == "ops-1");
  BOOST_TEST(x.contributors.back().amount == "9");
}

BOOST_AUTO_TEST_CASE(a_teams_total_at_its_percentage_warning) {
  std::vector<Job> jobs;
  for (std::uint32_t i = 0; i < 8; ++i)  // 8 x 10 = 80 = 80% of 100
    jobs.push_back(make_job("l" + std::to_string(i), "l" + std::to_string(i), "lab", 5, {.gpu = 2 * kUnit}, 3 + 6 * i));
  const auto d = check(jobs);
  expect(d, {warning("V306", 3, 10,
                     "team 'lab' would hold gpu 80 across 8 jobs, at or above the per-team warning threshold 80 "
                     "(tier base, p.allot:11:14)")});
  BOOST_TEST(d.list()[0].details->limit == "80");
}

BOOST_AUTO_TEST_CASE(findings_come_per_job_then_users_then_teams) {
  const std::vector<Job> jobs = {
      make_job("j1", "zed", "t2", 1, {.gpu = 9 * kUnit}, 3),        // V201; zed's user total 33
      make_job("j2", "amy", "t1", 1, {.gpu = 7 * kUnit}, 9),        // V301
      make_job("j3", "zed", "t2", 3, {.gpu = 8 * kUnit}, 15),       // V301, V202 (24)
      make_job("j4", "amy", "t1", 11, {.gpu = 1 * kUnit}, 21),      // amy: 18
      make_job("j5", "amy", "t1", 11, {.gpu = 1 * kUnit}, 27),      // amy: 29 (V303)
      make_job("j6", "max", "t1", 10, {.gpu = 1 * kUnit}, 33),
      make_job("j7", "max", "t1", 10, {.gpu = 1 * kUnit}, 39),
      make_job("j8", "max", "t1", 10, {.gpu = 1 * kUnit}, 45),      // t1: 7 + 22 + 30 = 59
  };
  const auto d = check(jobs);
  std::vector<std::string> codes;
  for (const auto& x : d.list()) codes.push_back(std::string(to_string(x.code)) + " " + (x.details ? x.details->job : ""));
  const std::vector<std::string> want = {"V201 j1", "V301 j2", "V301 j3", "V202 j3", "V303 j4", "V303 j6", "V203 j3"};
  BOOST_TEST(codes == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_tier_means_no_limits) {
  const Policy p = test::load_policy(
      "policy p\nresource gpu count\ntier t { per job { gpu <= 1 } }\nassign tier t to user \"a*\"\n", "p.allot",
      /*allow_warnings=*/true);
  Job j = make_job("j", "bob", "", 1, {}, 3);
  j.groups[0].request = {5 * kUnit};
  j.groups[0].request_at = {{3, 10}};
  Job k = j;
  k.user = "alice";
  k.name = "k";
  Diagnostics d;
  check_limits(p, {j, k}, d);
  expect(d, {error("V202", 3, 10, "job 'k' asks for gpu 5 in all (1 × 5), over the per-job limit 1 (tier t, p.allot:3:20)")});
}

BOOST_AUTO_TEST_CASE(a_workload_without_a_user_counts_for_no_user) {
  const std::vector<Job> jobs = {make_job("a", "", "", 11, {.gpu = kUnit}, 3), make_job("b", "", "", 11, {.gpu = kUnit}, 9),
                                 make_job("c", "", "", 11, {.gpu = kUnit}, 15)};
  const auto d = check(jobs);
  BOOST_TEST(d.empty(), test::describe(d));
}

BOOST_AUTO_TEST_CASE(a_workload_scaled_to_zero_holds_nothing) {
  const auto d = check({make_job("zero", "ann", "", 0, {.gpu = 40 * kUnit}, 3)});
  BOOST_TEST(d.empty(), test::describe(d));
}

BOOST_AUTO_TEST_CASE(overflowing_totals_are_errors_not_wraparounds) {
  // 2^62 replicas of 2 bytes: the job's own total overflows (memory has no per-user limit here).
  auto d = check({make_job("huge", "ann", "", Amount{1} << 62, {.memory = 2}, 3)});
  expect(d, {error("V017", 3, 12, "job 'huge': 4611686018427387904 replicas of memory 2B overflow")});
  // Each job holds 2^62 thousandths of a GPU, which fits; bob's total of 2^63 does not.
  d = check({make_job("b1", "bob", "", Amount{1} << 62, {.gpu = 1}, 3),
             make_job("b2", "bob", "", Amount{1} << 62, {.gpu = 1}, 9)});
  std::vector<std::string> codes;
  for (const auto& x : d.list()) codes.push_back(std::string(to_string(x.code)) + " " + x.location.str());
  const std::vector<std::string> want = {"V202 jobs.yaml:3:10", "V205 jobs.yaml:3:10", "V202 jobs.yaml:9:10",
                                         "V205 jobs.yaml:9:10", "V017 jobs.yaml:3:10"};
  BOOST_TEST(codes == want, boost::test_tools::per_element());
  BOOST_TEST(d.list().back().message == "user 'bob': the total gpu request overflows");
}

BOOST_AUTO_TEST_SUITE_END()
