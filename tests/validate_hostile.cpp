// Hostile inputs to `allot validate` that are too large, or need the file system in a way
// a CLI case cannot set up: symlink loops, deep nesting, the safety limits, huge and
// sparse files, late NUL bytes, many files read in parallel, an output path that cannot
// be written. Each runs the real binary and checks its exit code and report.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/run_allot.hpp"

namespace fs = std::filesystem;
using namespace allot::test;

namespace {

const std::string kPolicy = std::string(ALLOT_SOURCE_DIR) + "/tests/cli/fixtures/validate/limits.allot";

/// An allot Job of `gpus` GPUs (one replica), over the per-node limit of 8 when gpus > 8.
std::string job(const std::string& name, int gpus, const std::string& extra_metadata = "") {
  return "apiVersion: allot/v1\nkind: Job\nmetadata:\n  name: " + name + "\n  user: " + name + "\n" + extra_metadata +
         "spec:\n  resources: {gpu: " + std::to_string(gpus) + "}\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validate_hostile)

BOOST_AUTO_TEST_CASE(symlink_loops_are_reported_and_the_rest_is_read) {
  TempDir t;
  write_file(t / "tree/a.yaml", job("inside", 9));
  fs::create_directory_symlink(".", t.path() / "tree/loop");
  fs::create_symlink("self.yaml", t.path() / "tree/self.yaml");
  fs::create_directories(t.path() / "tree/sub");
  fs::create_directory_symlink("..", t.path() / "tree/sub/up");
  fs::create_symlink("nowhere.yaml", t.path() / "tree/dangling.yaml");
  const auto r = run_validate({"-p", kPolicy, "-f", "json", t / "tree"}, t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(count(r.out, "\"code\": \"V005\"") == 3u, describe(r));
  BOOST_TEST(count(r.out, "\"code\": \"V201\"") == 1u, describe(r));
  BOOST_TEST(r.out.find("\"files\": 1,") != std::string::npos, describe(r));
  BOOST_TEST(r.out.find("symlink loop at '" + (t / "tree/self.yaml") + "'; skipped") != std::string::npos);
  BOOST_TEST(r.out.find("directory loop: '" + (t / "tree/loop") + "' leads back") != std::string::npos);
  BOOST_TEST(r.out.find("directory loop: '" + (t / "tree/sub/up") + "' leads back") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ten_thousand_nested_flow_sequences) {
  TempDir t;
  write_file(t / "deep.yaml", std::string(10000, '[') + std::string(10000, ']') + "\n");
  const auto r = run_validate({"-p", kPolicy, "-f", "json", t / "deep.yaml"}, t);
  BOOST_TEST(r.signal == 0);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(count(r.out, "\"code\": \"V003\"") == 1u, describe(r));
  BOOST_TEST(r.out.find("\"line\": 1,") != std::string::npos, describe(r));
  BOOST_TEST(r.out.find("\"column\": 257,") != std::string::npos, describe(r));
  BOOST_TEST(r.out.find("document exceeds a safety limit: nesting deeper than 256 levels") != std::string::npos,
             describe(r));
}

BOOST_AUTO_TEST_CASE(two_thousand_nested_block_mappings) {
  TempDir t;
  std::string text = "spec:\n";
  for (int i = 1; i <= 2000; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  text += std::string(2001, ' ') + "v\n";
  write_file(t / "deep.yaml", text);
  const auto r = run_validate({"-p", kPolicy, "-f", "json", t / "deep.yaml"}, t);
  BOOST_TEST(r.signal == 0);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(count(r.out, "\"code\": \"V003\"") == 1u, describe(r));
  BOOST_TEST(r.out.find("\"line\": 257,") != std::string::npos, describe(r));
  BOOST_TEST(r.out.find("\"column\": 257,") != std::string::npos, describe(r));
  BOOST_TEST(r.out.find("\"documents\": 0,") != std::string::npos, describe(r));
}

BOOST_AUTO_TEST_CASE(an_alias_bomb_of_thirty_levels) {
  TempDir t;
  std::string text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i <= 30; ++i) {
    const std::string prev = "*l" + std::to_string(i - 1);
    text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 10; ++k) text += ", " + prev;
    text += "]\n";
  }
  write_file(t / "bomb.yaml", text + job("laughs", 1));
  const auto r = run_validate({"-p", kPolicy, t / "bomb.yaml"}, t);
  BOOST_TEST(r.code == 0, describe(r));
  BOOST_TEST(r.out == "validated 1 file, 1 document: 1 job, 0 errors, 0 warnings\n", describe(r));
}

BOOST_AUTO_TEST_CASE(more_than_ten_thousand_anchors_in_a_document) {
  TempDir t;
  std::string text = job("anchored", 1) + "data:\n";
  for (int i = 0; i <= 10000; ++i) text += "  k" + std::to_string(i) + ": &a" + std::to_string(i) + " v\n";
  write_file(t / "anchors.yaml", text);
  const auto r = run_validate({"-p", kPolicy, t / "anchors.yaml"}, t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.out.find(t / "anchors.yaml" + ":10009:11: error[V003]: document exceeds a safety limit: more than 10000 "
                                               "anchors in one document") != std::string::npos,
             describe(r));
}

BOOST_AUTO_TEST_CASE(more_than_a_hundred_thousand_kept_values) {
  TempDir t;
  std::string labels;
  for (int i = 0; i < 100001; ++i) labels += "    l" + std::to_string(i) + ": x\n";
  write_file(t / "labels.yaml", job("labelled", 1, "  labels:\n" + labels));
  const auto r = run_validate({"-p", kPolicy, t / "labels.yaml"}, t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.out.find("error[V003]: document exceeds a safety limit: more than 100000 values in one document") !=
                 std::string::npos,
             describe(r));
}

BOOST_AUTO_TEST_CASE(a_kept_value_longer_than_a_mebibyte) {
  TempDir t;
  write_file(t / "long.yaml", job(std::string((1 << 20) + 1, 'n'), 1));
  const auto r = run_validate({"-p", kPolicy, "-f", "json", t / "long.yaml"}, t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.out.find("document exceeds a safety limit: a value longer than 1048576 bytes") != std::string::npos,
             describe(r));
}

BOOST_AUTO_TEST_CASE(a_long_value_allot_does_not_read_is_fine) {
  TempDir t;
  write_file(t / "long.yaml", job("annotated", 1, "  annotations: {note: \"" + std::string(4 << 20, 'y') + "\"}\n"));
  const auto r = run_validate({"-p", kPolicy, t / "long.yaml"}, t);
  BOOST_TEST(r.code == 0, describe(r));
  BOOST_TEST(r.out == "validated 1 file, 1 document: 1 job, 0 errors, 0 warnings\n", describe(r));
}

BOOST_AUTO_TEST_CASE(a_file_over_the_size_limit_is_refused_unread) {
  TempDir t;
  const std::string path = t / "huge.yaml";
  write_file(path, "");
  fs::resize_file(path, (std::uintmax_t{256} << 20) + 1);  // sparse: nothing is written
  write_file(t / "ok.yaml", job("fine", 1));
  const auto r = run_validate({"-p", kPolicy, path, t / "ok.yaml"}, t);
  BOOST_TEST(r.code == 2, describe(r));
  const std::string want = path + ": error[V003]: file is 268435457 bytes, larger than the 268435456 bytes allot reads\n"
                                  "validated 2 files, 1 document: 1 job, 1 error, 0 warnings\n";
  BOOST_TEST(r.out == want);
}

BOOST_AUTO_TEST_CASE(a_nul_byte_at_the_start_is_a_binary_file) {
  TempDir t;
  write_file(t / "bin.yaml", std::string("\0\0\0\0", 4) + job("after-nul", 1));
  const auto r = run_validate({"-p", kPolicy, t / "bin.yaml"}, t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.out.find("error[V002]: binary file (it contains NUL bytes); not a YAML manifest") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_binary_standard_input) {
  TempDir t;
  write_file(t / "bin", std::string("\x7f" "ELF\0\0\1", 7));
  const auto r = run_validate({"-p", kPolicy, "-"}, t, t / "bin");
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.out == "<stdin>: error[V002]: binary file (it contains NUL bytes); not a YAML manifest\n"
                      "validated 1 file, 0 documents: 0 jobs, 1 error, 0 warnings\n",
             describe(r));
}

// Only the first 8 KiB are checked for NUL bytes; a later one is a YAML syntax error (libyaml
// refuses control characters) at its line and column, whose quoted line shows it escaped.
BOOST_AUTO_TEST_CASE(a_late_nul_byte_never_reaches_the_report_raw) {
  TempDir t;
  write_file(t / "late.yaml", job("late-nul", 1) + "# " + std::string(9000, 'x') + "\n" + std::string("\0\0x: 1\n", 7));
  const auto r = run_validate({"-p", kPolicy, t / "late.yaml"}, t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.out.find('\0') == std::string::npos);
  BOOST_TEST(r.out.find("late.yaml:9:1: error[V001]: YAML syntax error: control characters are not allowed (byte 0x00)") != std::string::npos, describe(r));
}

BOOST_AUTO_TEST_CASE(many_files_give_the_same_report_with_any_number_of_threads) {
  TempDir t;
  for (int i = 0; i < 400; ++i) {
    const std::string n = std::to_string(1000 + i);
    // Ten users over forty files each: per-user totals depend on every file.
    write_file(t / ("d" + std::to_string(i % 7) + "/f" + n + ".yaml"),
          "apiVersion: allot/v1\nkind: Job\nmetadata: {name: j" + n + ", user: u" + std::to_string(i % 10) +
              ", team: t" + std::to_string(i % 3) + "}\nspec: {replicas: " + std::to_string(1 + i % 4) +
              ", resources: {gpu: " + std::to_string(1 + i % 9) + "}}\n");
  }
  const auto one = run_validate({"-p", kPolicy, "-f", "json", "-j", "1", t.path().string()}, t);
  BOOST_TEST(one.code == 1, describe(one));
  BOOST_TEST(one.out.find("\"files\": 400,") != std::string::npos);
  BOOST_TEST(one.out.find("\"jobs\": 400,") != std::string::npos);
  for (const char* threads : {"2", "8", "0"}) {
    const auto many = run_validate({"-p", kPolicy, "-f", "json", "-j", threads, t.path().string()}, t);
    BOOST_TEST(many.code == one.code);
    BOOST_TEST((many.out == one.out), "-j " << threads << " differs from -j 1");
  }
}

// Hundreds of findings are formatted, and the files they quote read, on several threads:
// the text report is the same bytes as with one.
BOOST_AUTO_TEST_CASE(a_long_text_report_is_the_same_with_any_number_of_threads) {
  TempDir t;
  for (int i = 0; i < 300; ++i) write_file(t / ("d" + std::to_string(i % 5) + "/j" + std::to_string(1000 + i) + ".yaml"),
                                           job("j" + std::to_string(1000 + i), 9 + i % 3));
  // And 130 users over their total of 32 GPUs (five jobs of 8 each), checked in slices of users.
  for (int i = 0; i < 650; ++i)
    write_file(t / ("u/k" + std::to_string(1000 + i) + ".yaml"),
               "apiVersion: allot/v1\nkind: Job\nmetadata: {name: k" + std::to_string(1000 + i) + ", user: u" +
                   std::to_string(i / 5) + "}\nspec: {resources: {gpu: 8}}\n");
  const auto one = run_validate({"-p", kPolicy, "-j", "1", t.path().string()}, t);
  BOOST_TEST(one.code == 1, describe(one));
  std::size_t findings = 0;
  for (auto at = one.out.find("error[V201]"); at != std::string::npos; at = one.out.find("error[V201]", at + 1)) ++findings;
  BOOST_TEST(findings == 300u);  // with the 130 below, enough for two slices of findings
  std::size_t totals = 0;
  for (auto at = one.out.find("error[V203]"); at != std::string::npos; at = one.out.find("error[V203]", at + 1)) ++totals;
  BOOST_TEST(totals == 130u);
  BOOST_TEST(one.out.find("    7 |   resources: {gpu: 11}\n") != std::string::npos, describe(one));  // lines are quoted
  for (const char* threads : {"2", "3", "8"}) {
    const auto many = run_validate({"-p", kPolicy, "-j", threads, t.path().string()}, t);
    BOOST_TEST(many.code == one.code);
    BOOST_TEST((many.out == one.out), "-j " << threads << " differs from -j 1");
  }
}

BOOST_AUTO_TEST_CASE(an_output_path_that_is_a_directory_leaves_nothing_behind) {
  TempDir t;
  fs::create_directory(t.path() / "out");
  write_file(t / "in/job.yaml", job("j", 9));
  const auto r = run_validate({"-p", kPolicy, "-f", "sarif", "-o", t / "out", t / "in/job.yaml"}, t);
  BOOST_TEST(r.code == 2, describe(r));
  BOOST_TEST(r.out.empty());
  BOOST_TEST(r.err.find("allot: error[E002]: cannot write '" + (t / "out") + "'") == 0u, describe(r));
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(t.path())) {
    const auto name = e.path().filename().string();
    if (name != ".stdout" && name != ".stderr") left.push_back(name);
  }
  std::sort(left.begin(), left.end());
  BOOST_TEST(left == (std::vector<std::string>{"in", "out"}), boost::test_tools::per_element());
  BOOST_TEST(fs::is_empty(t.path() / "out"));
}

BOOST_AUTO_TEST_CASE(an_existing_report_is_replaced_whole) {
  TempDir t;
  write_file(t / "report.json", std::string(100000, 'x'));  // longer than the new report
  write_file(t / "job.yaml", job("j", 9));
  const auto r = run_validate({"-p", kPolicy, "-f", "json", "-o", t / "report.json", t / "job.yaml"}, t);
  BOOST_TEST(r.code == 1, describe(r));
  const auto text = read_text(t / "report.json");
  BOOST_TEST(text.find("xxxxxxxxxx") == std::string::npos);
  BOOST_TEST(text.rfind("{\n", 0) == 0u);
  BOOST_TEST(text.size() < 5000u);
}

BOOST_AUTO_TEST_SUITE_END()
