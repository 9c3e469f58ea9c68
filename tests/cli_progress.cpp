// The progress line of validate and place: on standard error only when asked (--progress)
// or on a terminal outside CI, never a change to standard output, erased at the end.
// ALLOT_PROGRESS_AFTER_MS=0 shows it from the first phase, and a shown line is drawn again
// as each phase ends, with its final count: what the runs below must contain does not
// depend on how fast they go. Only the seconds in a line do, and no assertion reads them.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/progress.hpp"
#include "tests/run_allot.hpp"

using namespace allot::test;
using allot::cli::format;
using allot::cli::ProgressLine;

namespace {

const std::vector<std::string> kJobDirs = {"examples/jobs/clean", "examples/jobs/violations"};
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

/// The manifest files under `dirs` (*.yaml, *.yml), as validate counts them.
std::size_t manifest_files(const std::vector<std::string>& dirs) {
  std::size_t n = 0;
  for (const auto& d : dirs)
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::filesystem::path(ALLOT_SOURCE_DIR) / d)) {
      const auto ext = e.path().extension();
      n += e.is_regular_file() && (ext == ".yaml" || ext == ".yml");
    }
  return n;
}

/// The line as drawn at the end of a phase of `command`, up to its time: "\rallot
/// validate: reading manifests 9/9 files (".
std::string ended(const std::string& command, const std::string& what) {
  return "\rallot " + command + ": " + what + " (";
}

/// Standard error without the progress line: what is left must be what a run without it printed.
std::string without_progress(const std::string& err) {
  return std::regex_replace(std::regex_replace(err, std::regex(R"(\rallot (validate|place): [^\r\n]*)"), ""),
                            std::regex(R"(\r +\r)"), "");
}

/// The last line drawn before the erase at the end, trailing spaces (covering a longer
/// line) left out; empty if standard error does not end with an erased line.
std::string last_line(const std::string& err, const std::string& command) {
  std::smatch m;
  const std::regex last("\\r(allot " + command + ": [^\\r\\n]*?) *\\r( +)\\r$");
  if (!std::regex_search(err, m, last)) return "";
  BOOST_TEST(m[2].length() >= m[1].length());  // the erase covers the widest line
  return m[1];
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_line_says_the_phase_and_how_far_it_has_gone) {
  BOOST_TEST(format(ProgressLine{"validate", "reading manifests", "files", 4210, 10000, true, 1.24}) ==
             "allot validate: reading manifests 4210/10000 files (1.2 s)");
  // The walk is still finding files: the total so far, and more to come.
  BOOST_TEST(format(ProgressLine{"validate", "reading manifests", "files", 7, 40, false, 0.5}) ==
             "allot validate: reading manifests 7/40+ files (0.5 s)");
  BOOST_TEST(format(ProgressLine{"validate", "reading manifests", "files", 0, 0, false, 0}) ==
             "allot validate: reading manifests 0 files (0.0 s)");
  BOOST_TEST(format(ProgressLine{"place", "placing", "jobs", 12345, 50000, true, 61.96}) ==
             "allot place: placing 12345/50000 jobs (62.0 s)");
  BOOST_TEST(format(ProgressLine{"place", "writing the plan", "", 0, 0, false, 3}) ==
             "allot place: writing the plan (3.0 s)");
}

BOOST_AUTO_TEST_CASE(validate_counts_the_files_read_and_leaves_stdout_unchanged) {
  TempDir t;
  const auto plain = run({"-u", "CI"}, kValidate, t);
  const auto shown = run({"ALLOT_PROGRESS_AFTER_MS=0"}, with(kValidate, "--progress"), t);
  BOOST_TEST(plain.code == 1, describe(plain));
  BOOST_TEST(shown.code == 1, describe(shown));
  BOOST_TEST(!plain.out.empty());
  BOOST_TEST(shown.out == plain.out);
  BOOST_TEST(std::regex_match(shown.err, std::regex(R"(^(\rallot validate: [^\r\n]*)+\r +\r$)")), describe(shown));
  // Every file read, of all found; then the limits, the last line before the erase.
  const std::size_t files = manifest_files(kJobDirs);
  BOOST_TEST(files >= 9u);
  const auto reading = shown.err.find(ended("validate", fmt::format("reading manifests {}/{} files", files, files)));
  const auto checking = shown.err.find(ended("validate", "checking limits"));
  BOOST_TEST(reading != std::string::npos, describe(shown));
  BOOST_TEST(checking != std::string::npos, describe(shown));
  BOOST_TEST(reading < checking, describe(shown));
  BOOST_TEST(last_line(shown.err, "validate").starts_with("allot validate: checking limits ("), describe(shown));
}

BOOST_AUTO_TEST_CASE(place_counts_the_files_read_and_the_jobs_placed) {
  TempDir t;
  const auto plain = run({"-u", "CI"}, kPlace, t);
  const auto shown = run({"ALLOT_PROGRESS_AFTER_MS=0"}, with(kPlace, "--progress"), t);
  const auto timed = run({"-u", "CI"}, with(kPlace, "--timings"), t);
  BOOST_TEST(plain.code == 0, describe(plain));
  BOOST_TEST(shown.code == 0, describe(shown));
  BOOST_TEST(shown.out == plain.out);
  BOOST_TEST(without_progress(shown.err) == plain.err, describe(shown));
  BOOST_TEST(!plain.err.empty());  // the inventory's I020 warnings, printed with the line erased
  // --timings says how many jobs there were to place.
  std::smatch m;
  BOOST_TEST_REQUIRE(std::regex_search(timed.err, m, std::regex(R"(\((\d+) jobs, )")), describe(timed));
  const std::string jobs = m[1];
  const std::size_t files = manifest_files({kJobDirs.front()});
  const std::vector<std::string> phases = {
      ended("place", "reading the policy and the inventory"),
      ended("place", fmt::format("reading manifests {}/{} files", files, files)),
      ended("place", "placing " + jobs + "/" + jobs + " jobs"),
      ended("place", "writing the plan"),
  };
  std::size_t at = 0;
  for (const auto& p : phases) {  // each phase's end, in order
    const auto found = shown.err.find(p, at);
    BOOST_TEST(found != std::string::npos, p << " after " << at << " in " << describe(shown));
    if (found != std::string::npos) at = found;
  }
  BOOST_TEST(last_line(shown.err, "place").starts_with("allot place: writing the plan ("), describe(shown));
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
    BOOST_TEST(off.out == plain.out);
  }
}

BOOST_AUTO_TEST_CASE(progress_and_no_progress_together_are_a_usage_error) {
  TempDir t;
  const auto r = run({}, with(with(kValidate, "--progress"), "--no-progress"), t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.err.find("--progress excludes --no-progress") != std::string::npos, describe(r));
}

// script(1) gives allot a terminal (standard output and error both): the line shows there,
// but not when CI is set or --no-progress is given.
BOOST_AUTO_TEST_CASE(on_a_terminal_it_shows_unless_ci_is_set_or_no_progress_is_given) {
  TempDir t;
  const auto on_terminal = [&](std::vector<std::string> env, const std::vector<std::string>& args) {
    std::string command = std::string(ALLOT_BINARY);
    for (const auto& a : args) command += " " + a;
    env.insert(env.end(), {"ALLOT_PROGRESS_AFTER_MS=0", "script", "-qec", command, "/dev/null"});
    return run_program("env", env, t);
  };
  const std::string files = std::to_string(manifest_files(kJobDirs));
  const auto shown = on_terminal({"-u", "CI"}, kValidate);
  BOOST_TEST(shown.out.find(ended("validate", "reading manifests " + files + "/" + files + " files")) !=
                 std::string::npos,
             describe(shown));
  for (const auto& quiet : {on_terminal({"CI=true"}, kValidate), on_terminal({"-u", "CI"}, with(kValidate, "--no-progress"))}) {
    BOOST_TEST(quiet.out.find("allot validate: reading") == std::string::npos, describe(quiet));
    BOOST_TEST(quiet.out.find("validated") != std::string::npos, describe(quiet));
  }
}
