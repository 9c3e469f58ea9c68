// The fuzz targets of tests/fuzz, replayed in the normal build: every file of the seed
// corpus (tests/fuzz/corpus/TARGET) and every reproducer of a bug a fuzzer found
// (tests/fuzz/regressions/TARGET) goes through the target's function, which aborts with a
// message if a promise breaks. The checkpoint names the file being replayed.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/fuzz/targets.hpp"
#include "tests/support.hpp"

namespace fs = std::filesystem;
using namespace allot;

namespace {

/// A seed corpus smaller than this has gone missing, and the replay would prove nothing.
constexpr std::size_t kMinCorpusFiles = 10;

const fuzz::Target& target(std::string_view name) {
  return *std::find_if(fuzz::kTargets.begin(), fuzz::kTargets.end(), [&](const auto& t) { return t.name == name; });
}

/// The files of `dir`, sorted; none if it does not exist.
std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

/// Runs every file of `kind` (corpus or regressions) of target `name`; returns how many.
std::size_t replay(std::string_view name, std::string_view kind) {
  const auto& t = target(name);
  std::size_t n = 0;
  for (const auto& path : files_in(test::source_path(fmt::format("tests/fuzz/{}/{}", kind, name)))) {
    BOOST_TEST_CHECKPOINT("replaying " << path.string());
    const std::string bytes = test::read_text(path.string());
    BOOST_TEST(t.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0, path.string());
    ++n;
  }
  return n;
}

void replay_target(std::string_view name) {
  BOOST_TEST(replay(name, "corpus") >= kMinCorpusFiles, "tests/fuzz/corpus/" << name);
  replay(name, "regressions");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fuzz_regressions)

BOOST_AUTO_TEST_CASE(policy) { replay_target("policy"); }
BOOST_AUTO_TEST_CASE(quantity) { replay_target("quantity"); }
BOOST_AUTO_TEST_CASE(manifest) { replay_target("manifest"); }
BOOST_AUTO_TEST_CASE(inventory) { replay_target("inventory"); }
BOOST_AUTO_TEST_CASE(place) { replay_target("place"); }

BOOST_AUTO_TEST_CASE(every_target_is_replayed) {
  // A target added to targets.hpp needs a test case above and a corpus.
  BOOST_TEST(fuzz::kTargets.size() == 5u);
  for (const auto& t : fuzz::kTargets)
    BOOST_TEST(files_in(test::source_path(fmt::format("tests/fuzz/corpus/{}", t.name))).size() >= kMinCorpusFiles,
               t.name);
}

BOOST_AUTO_TEST_SUITE_END()
