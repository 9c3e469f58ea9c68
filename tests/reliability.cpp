// What allot promises whatever happens around it: a reader that stops reading (`| head`)
// gets no error noise and the exit status stays the verdict; a run interrupted by SIGINT
// or SIGTERM leaves the output file as it was or whole, never half-written and never a
// temporary file; the documented size limits hold with a clear error and exit status 2;
// hostile inputs are read in bounded memory. Each runs the real binary.

#include <boost/test/unit_test.hpp>

#include <sys/wait.h>

#include <csignal>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "tests/run_allot.hpp"

namespace fs = std::filesystem;
using namespace allot::test;

namespace {

const std::string kPolicy = std::string(ALLOT_SOURCE_DIR) + "/tests/cli/fixtures/validate/limits.allot";

/// `count` allot Jobs in one multi-document file, each of 9 GPUs on one node: over the
/// per-node limit of 8 of the fixture policy, so each is a V201 violation.
std::string violating_jobs(int count) {
  std::string text;
  for (int i = 0; i < count; ++i)
    text += fmt::format("---\napiVersion: allot/v1\nkind: Job\nmetadata: {{name: job-{0}, user: user-{0}}}\n"
                        "spec:\n  resources: {{gpu: 9}}\n",
                        i);
  return text;
}

/// Runs `allot ARGS | head -c 1` under bash with pipefail; returns allot's status via
/// PIPESTATUS as the exit code and its standard error.
RunResult through_head(const std::vector<std::string>& args, const TempDir& t) {
  std::string command = "\"$0\"";
  for (std::size_t i = 1; i <= args.size(); ++i) command += fmt::format(" \"${{{}}}\"", i);
  command += " 2>\"$ERR\" | head -c 1 >/dev/null; exit ${PIPESTATUS[0]}";
  std::vector<std::string> all = {"-c", "ERR=" + (t / "allot.err") + "; " + command, ALLOT_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  auto r = run_program("bash", all, t);
  r.err = read_text(t / "allot.err");
  return r;
}

/// Starts allot with `args` (outputs to /dev/null) and returns its pid, or -1.
pid_t start(const std::vector<std::string>& args) { return spawn(ALLOT_BINARY, args, Streams{}); }

std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".allot-tmp-") != std::string::npos) found.push_back(e.path().string());
  return found;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reliability)

BOOST_AUTO_TEST_CASE(a_reader_that_stops_early_gets_no_noise_and_the_verdict_stands) {
  TempDir t;
  write_file(t / "jobs.yaml", violating_jobs(1000));  // a report larger than a pipe holds
  for (const std::string format : {"text", "json", "sarif"}) {
    const auto r = through_head({"validate", "-p", kPolicy, "-f", format, t / "jobs.yaml"}, t);
    BOOST_TEST(r.code == 1, format << ": " << describe(r));
    BOOST_TEST(r.err == "", format);
  }
  const std::string inventory = std::string(ALLOT_SOURCE_DIR) + "/examples/inventory/swarm.yaml";
  const std::string swarm = std::string(ALLOT_SOURCE_DIR) + "/examples/swarm.allot";
  write_file(t / "many.yaml", violating_jobs(1000));
  const auto placed = through_head({"place", "-p", kPolicy, "-i", inventory, "-f", "json", t / "many.yaml"}, t);
  BOOST_TEST(placed.code == 1, describe(placed));  // every job is over the per-node limit
  BOOST_TEST(placed.err.find("error") == std::string::npos, placed.err);
  const auto shown = through_head({"show", swarm}, t);
  BOOST_TEST(shown.code == 0, describe(shown));
  BOOST_TEST(shown.err == "");
}

BOOST_AUTO_TEST_CASE(a_closed_standard_error_does_not_change_the_exit_status) {
  TempDir t;
  // Diagnostics of check and validate's summary go to standard error; close it at once.
  const auto r = run_program("bash", {"-c", "\"$0\" check \"$1\" 2>&1 >/dev/null | head -c 0; exit ${PIPESTATUS[0]}",
                                      ALLOT_BINARY, std::string(ALLOT_SOURCE_DIR) + "/examples/broken/unknown_resource.allot"},
                             t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.signal == 0);
}

BOOST_AUTO_TEST_CASE(an_interrupted_write_leaves_the_old_file_or_the_new_one_never_a_part) {
  TempDir t;
  write_file(t / "jobs.yaml", violating_jobs(2500));
  const std::string out = t / "report.json";
  const std::vector<std::string> args = {"validate", "-p", kPolicy, "-f", "json", "-o", out, t / "jobs.yaml"};
  // The whole report, and how long a run takes.
  const auto begin = std::chrono::steady_clock::now();
  const auto full = run_program(ALLOT_BINARY, args, t);
  const auto took = std::chrono::steady_clock::now() - begin;
  BOOST_REQUIRE_EQUAL(full.code, 1);
  const std::string whole = read_text(out);
  BOOST_REQUIRE_GT(whole.size(), 1000000u);

  // Interrupt runs at delays spread over the whole run, and a little beyond it.
  constexpr int kRuns = 16;
  int old_seen = 0, new_seen = 0, killed = 0;
  for (int i = 0; i < kRuns; ++i) {
    write_file(out, "old report\n");
    const pid_t pid = start(args);
    BOOST_REQUIRE_GT(pid, 0);
    std::this_thread::sleep_for(took * (i + 1) / (kRuns - 4));
    ::kill(pid, i % 2 == 0 ? SIGINT : SIGTERM);
    const int status = wait_for(pid, "interrupted run " + std::to_string(i)).status;
    if (WIFSIGNALED(status)) ++killed;
    const std::string now = read_text(out);
    BOOST_TEST((now == "old report\n" || now == whole), "run " << i << ": " << now.size() << " bytes");
    old_seen += now == "old report\n";
    new_seen += now == whole;
    const auto left = leftovers(t.path());
    BOOST_TEST(left.empty(), "run " << i << " left " << (left.empty() ? std::string() : left.front()));
  }
  BOOST_TEST_MESSAGE(fmt::format("interrupted {} of {} runs: {} kept the old report, {} wrote the new one", killed,
                                 kRuns, old_seen, new_seen));
  BOOST_TEST(killed > 0);  // otherwise nothing was interrupted and the test proved nothing
}

// The same, aimed at the moment the temporary file exists: the signal arrives while allot
// writes it, and the handler must remove it before the process ends.
BOOST_AUTO_TEST_CASE(a_signal_while_the_temporary_file_is_written_removes_it) {
  TempDir t;
  write_file(t / "jobs.yaml", violating_jobs(2500));
  const std::string out = t / "report.json";
  const std::vector<std::string> args = {"validate", "-p", kPolicy, "-f", "json", "-o", out, t / "jobs.yaml"};
  int caught = 0;
  for (int i = 0; i < 10 && caught < 3; ++i) {
    write_file(out, "old report\n");
    const pid_t pid = start(args);
    BOOST_REQUIRE_GT(pid, 0);
    bool signalled = false;
    const int status = wait_for(pid, "run " + std::to_string(i), kChildTimeout, [&] {
                         if (!signalled && !leftovers(t.path()).empty()) {
                           ::kill(pid, i % 2 == 0 ? SIGTERM : SIGINT);
                           signalled = true;
                         }
                       }).status;
    const std::string now = read_text(out);
    BOOST_TEST((now == "old report\n" || now.size() > 1000000), "run " << i << ": " << now.size() << " bytes");
    BOOST_TEST(leftovers(t.path()).empty(), "run " << i);
    if (signalled && WIFSIGNALED(status) && now == "old report\n") {
      ++caught;
      BOOST_TEST(WTERMSIG(status) == (i % 2 == 0 ? SIGTERM : SIGINT));  // the handler re-raises the signal
    }
  }
  BOOST_TEST_MESSAGE(fmt::format("{} runs were interrupted while the temporary file existed", caught));
  BOOST_TEST(caught > 0);
}

BOOST_AUTO_TEST_CASE(a_policy_over_sixteen_mebibytes_is_refused_unread) {
  TempDir t;
  const std::string path = t / "huge.allot";
  write_file(path, std::string(16u << 20, '#') + "\n");  // 16 MiB + 1 byte of comment
  const std::string want = path + ": error[E001]: cannot read '" + path +
                           "': larger than the 16777216 bytes allot reads from one file\n";
  const auto checked = run_program(ALLOT_BINARY, {"check", path}, t);
  BOOST_TEST(checked.code == 2, describe(checked));
  BOOST_TEST(checked.err == want + "checked 1 policy: 1 error, 0 warnings\n");
  const auto formatted = run_program(ALLOT_BINARY, {"fmt", "-w", path}, t);
  BOOST_TEST(formatted.code == 2, describe(formatted));
  BOOST_TEST(formatted.err == want);
  BOOST_TEST(fs::file_size(path) == (16u << 20) + 1);
  // Exactly at the limit is read.
  write_file(path, std::string((16u << 20) - 1, '#') + "\n");
  const auto at_limit = run_program(ALLOT_BINARY, {"check", path}, t);
  BOOST_TEST(at_limit.code == 2, describe(at_limit));  // no tiers: an empty policy, P-coded, not E001
  BOOST_TEST(at_limit.err.find("E001") == std::string::npos, at_limit.err);
}

// Each hostile input runs with its address space capped at 256 MiB (`ulimit -v`): running out
// would end in an allocation failure, not in the error each case expects. AddressSanitizer
// reserves terabytes of address space, so under it the cap is left off.
BOOST_AUTO_TEST_CASE(hostile_inputs_are_read_in_bounded_memory) {
  TempDir t;
  struct Case {
    std::string name, text, want;
  };
  std::vector<Case> cases;
  std::string bomb = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i <= 40; ++i) {  // 10^40 leaves if anything expanded the aliases
    bomb += fmt::format("l{}: &l{} [", i, i);
    for (int k = 0; k < 10; ++k) bomb += fmt::format("{}*l{}", k == 0 ? "" : ", ", i - 1);
    bomb += "]\n";
  }
  cases.push_back({"alias-bomb", bomb, "error[V004]: no job manifests found in 1 file (1 document skipped)"});
  cases.push_back({"deep-flow", std::string(100000, '[') + std::string(100000, ']') + "\n",
                   "deep-flow.yaml:1:257: error[V003]: document exceeds a safety limit: nesting deeper than 256 levels"});
  std::string block;
  for (int i = 0; i < 2000; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  cases.push_back({"deep-block", block,
                   "deep-block.yaml:257:257: error[V003]: document exceeds a safety limit: nesting deeper than 256 levels"});
  std::string values = "apiVersion: allot/v1\nkind: Job\nmetadata:\n  name: x\n  labels:\n";
  for (int i = 0; i < 120000; ++i) values += fmt::format("    l{}: x\n", i);
  cases.push_back({"many-values", values,
                   "many-values.yaml:100000:13: error[V003]: document exceeds a safety limit: more than 100000 values"});
  cases.push_back({"long-scalar", "apiVersion: allot/v1\nkind: Job\nmetadata:\n  name: " + std::string(8u << 20, 'n') + "\n",
                   "long-scalar.yaml:4:9: error[V003]: document exceeds a safety limit: a value longer than 1048576 bytes"});
  cases.push_back({"many-documents", violating_jobs(5000), "5000 jobs, 5000 errors"});
#if defined(__SANITIZE_ADDRESS__)
  const std::string cap = "unlimited";
#else
  const std::string cap = "262144";  // KiB
#endif
  for (const auto& c : cases) {
    write_file(t / (c.name + ".yaml"), c.text);
    const auto r = run_program("bash", {"-c", "ulimit -v " + cap + "; exec \"$0\" \"$@\"", ALLOT_BINARY, "validate", "-p",
                                        kPolicy, t / (c.name + ".yaml")},
                               t);
    BOOST_TEST(r.signal == 0, c.name);
    BOOST_TEST(r.code == (c.name == "many-documents" ? 1 : 2), c.name << ": " << describe(r));
    BOOST_TEST(r.out.find(c.want) != std::string::npos, c.name << ": " << describe(r));
  }
}

BOOST_AUTO_TEST_SUITE_END()
