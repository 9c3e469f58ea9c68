// The reader of allot test's files (input/test_file.*): paths resolved against the test
// file, every case field, and bad files reported at their positions with "did you mean".

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "input/test_file.hpp"
#include "tests/run_allot.hpp"
#include "tests/support.hpp"

using namespace allot;
using namespace allot::test;

BOOST_AUTO_TEST_SUITE(input_test_file)

BOOST_AUTO_TEST_CASE(reads_the_examples) {
  Diagnostics diags;
  const std::string file = source_path("examples/tests/allot-test.yaml");
  const auto t = input::read_test_file(file, diags);
  BOOST_TEST_REQUIRE(diags.empty(), describe(diags));
  BOOST_TEST_REQUIRE(t.has_value());
  BOOST_TEST(t->policy == source_path("examples/tiers.allot"));
  BOOST_TEST(*t->inventory == source_path("examples/inventory/nodes.yaml"));
  BOOST_TEST_REQUIRE(t->cases.size() == 8u);
  BOOST_TEST(t->cases[0].manifests.size() == 3u);
  BOOST_TEST(t->cases[0].manifests[1] == source_path("examples/jobs/clean/llama-finetune.yaml"));
  BOOST_TEST(t->cases[1].name == "research users may not run 32 GPUs in one job");
  BOOST_TEST((t->cases[1].expect == input::Expect::fail));
  BOOST_TEST((t->cases[1].codes == std::vector<Code>{Code::JobOverJobLimit, Code::UserNearUserLimit}));
  BOOST_TEST(t->cases[1].location.line == 11u);
  BOOST_TEST(t->cases[1].location.column == 11u);
  BOOST_TEST((t->cases[5].expect == input::Expect::warn));
  BOOST_TEST(t->cases[5].inline_manifest->find("kind: Job\n") != std::string::npos);
  BOOST_TEST(!t->cases[5].place);
  BOOST_TEST(t->cases[6].place);
}

BOOST_AUTO_TEST_CASE(finds_test_files_below_a_directory) {
  Diagnostics diags;
  const auto files = input::find_test_files({source_path("examples")}, diags);
  BOOST_TEST(diags.empty(), describe(diags));
  BOOST_TEST(files == std::vector<std::string>{source_path("examples/tests/allot-test.yaml")});
}

BOOST_AUTO_TEST_CASE(bad_files_are_reported_at_positions) {
  TempDir dir;
  write_file(dir / "p.allot", "policy p\nresource gpu count\n");
  const std::string file = dir / "allot-test.yaml";
  write_file(file,
             "apiVersion: allot/v1\n"
             "kind: Tset\n"
             "polcy: p.allot\n"
             "cases:\n"
             "  - name: one\n"
             "    manifests: [nope.yaml]\n"
             "    expect: fial\n"
             "    place: yes\n");
  Diagnostics diags;
  BOOST_TEST(!input::read_test_file(file, diags).has_value());
  expect_diagnostics(diags,
                     {error("V040", 2, 7, "kind must be 'Test', found 'Tset'"),
                      error("V040", 3, 8, "unknown key 'polcy' in the test file; did you mean 'policy'?"),
                      error("E001", 6, 17, "manifest 'nope.yaml' does not exist (looked for '" + (dir / "nope.yaml") + "')", 9),
                      error("V040", 7, 13, "expect must be pass, fail or warn, found 'fial'; did you mean 'fail'?"),
                      error("V040", 8, 12, "'place' must be true or false, found 'yes'"),
                      error("V011", 1, 1, "the test file has no 'policy'")},
                     file);
}

BOOST_AUTO_TEST_SUITE_END()
