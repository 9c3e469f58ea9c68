// The progress line of validate and place: on standard error only when asked (--progress)
// or on a terminal outside CI, never a change to standard output, erased at the end.
// ALLOT_PROGRESS_AFTER_MS=0 makes it appear at once, however short the work.

#include <boost/test/unit_test.hpp>

#include <regex>
#include <string>
#include <vector>

#include "tests/run_allot.hpp"

using namespace allot::test;

namespace {

const std::vector<std::string> kValidate = {"validate", "--policy", "examples/tiers.allot", "examples/jobs/clean",
                                            "examples/jobs/violations"};
const std::vector<std::string> kPlace = {"place", "--policy", "examples/tiers.allot", "--inventory",
                                         "examples/inventory/swarm.yaml", "examples/jobs/clean"};

/// Runs allot with `args`, the environment changed by `env` (as env(1) takes it).
RunResult run(const std::vector<std::string>& env, const std::vector<std::string>& args, const TempDir& t) {
  std::vector<std::string> all = env;
  all.push_back(ALLOT_BINARY);
  all.insert(all.end(), args.begin(), args.end());
  return run_program("env", all, t);
}

std::vector<std::string> with(std::vector<std::string> args, const std::string& extra) {
  args.insert(args.begin() + 1, extra);
  return args;
}

/// Redrawn lines ("\rallot CMD: ..."), then the last one erased with spaces and a "\r".
const std::regex kLine(R"(^(\rallot (validate|place): [^\r\n]*)+\r +\r)");

/// Standard error without the progress line: what is left must be what a run without it printed.
std::string without_progress(const std::string& err) {
  return std::regex_replace(std::regex_replace(err, std::regex(R"(\rallot (validate|place): [^\r\n]*)"), ""),
                            std::regex(R"(\r +\r)"), "");
}

}  // namespace

BOOST_AUTO_TEST_CASE(forced_progress_is_drawn_on_stderr_and_erased_and_stdout_is_unchanged) {
  TempDir t;
  const auto plain = run({"-u", "CI"}, kValidate, t);
  const auto shown = run({"ALLOT_PROGRESS_AFTER_MS=0"}, with(kValidate, "--progress"), t);
  BOOST_TEST(plain.code == 1, describe(plain));
  BOOST_TEST(shown.code == 1, describe(shown));
  BOOST_TEST(shown.out == plain.out);
  BOOST_TEST(!plain.out.empty());
  BOOST_TEST(std::regex_match(shown.err, std::regex(R"(^(\rallot validate: [^\r\n]*)+\r +\r$)")), describe(shown));
  BOOST_TEST(shown.err.find("\rallot validate: reading manifests, ") == 0, describe(shown));
}

BOOST_AUTO_TEST_CASE(place_forced_progress_names_the_phase) {
  TempDir t;
  const auto plain = run({"-u", "CI"}, kPlace, t);
  const auto shown = run({"ALLOT_PROGRESS_AFTER_MS=0"}, with(kPlace, "--progress"), t);
  BOOST_TEST(plain.code == 0, describe(plain));
  BOOST_TEST(shown.code == 0, describe(shown));
  BOOST_TEST(shown.out == plain.out);
  BOOST_TEST(std::regex_search(shown.err, kLine), describe(shown));
  BOOST_TEST(without_progress(shown.err) == plain.err, describe(shown));
  BOOST_TEST(!plain.err.empty());  // the inventory's I020 warnings, printed with the line erased
  BOOST_TEST(shown.err.find("\rallot place: reading the policy, the inventory and the manifests (") == 0, describe(shown));
}

BOOST_AUTO_TEST_CASE(no_progress_in_a_pipe_or_with_no_progress) {
  TempDir t;
  for (const auto& args : {kValidate, kPlace}) {
    const auto plain = run({"ALLOT_PROGRESS_AFTER_MS=1000000"}, args, t);
    const auto quiet = run({"-u", "CI", "ALLOT_PROGRESS_AFTER_MS=0"}, args, t);
    BOOST_TEST(quiet.err == plain.err, describe(quiet));
    BOOST_TEST(quiet.err.find("\rallot") == std::string::npos, describe(quiet));
    const auto off = run({"ALLOT_PROGRESS_AFTER_MS=0"}, with(args, "--no-progress"), t);
    BOOST_TEST(off.err == plain.err, describe(off));
  }
}

BOOST_AUTO_TEST_CASE(progress_and_no_progress_together_are_a_usage_error) {
  TempDir t;
  const auto r = run({}, with(with(kValidate, "--progress"), "--no-progress"), t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.err.find("--progress excludes --no-progress") != std::string::npos, describe(r));
}

// script(1) gives allot a terminal (standard output and error both): the line shows there,
// but not when CI is set.
BOOST_AUTO_TEST_CASE(on_a_terminal_it_shows_unless_ci_is_set) {
  TempDir t;
  std::string command = std::string(ALLOT_BINARY);
  for (const auto& a : kValidate) command += " " + a;
  const auto shown = run_program("env", {"-u", "CI", "ALLOT_PROGRESS_AFTER_MS=0", "script", "-qec", command, "/dev/null"}, t);
  BOOST_TEST(shown.out.find("\rallot validate: reading manifests") != std::string::npos, describe(shown));
  const auto ci = run_program("env", {"CI=true", "ALLOT_PROGRESS_AFTER_MS=0", "script", "-qec", command, "/dev/null"}, t);
  BOOST_TEST(ci.out.find("allot validate: reading") == std::string::npos, describe(ci));
  BOOST_TEST(ci.out.find("validated") != std::string::npos, describe(ci));
}
