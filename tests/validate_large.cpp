// A ~100 MB manifest of many small documents: allot validate streams it, counts every
// document, and its peak memory stays far below the file's size.

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "tests/run_allot.hpp"

using namespace allot::test;

namespace {

constexpr std::size_t kTargetBytes = std::size_t{100} << 20;
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxRssKib = 1024 * 1024;  // AddressSanitizer's shadow memory and quarantine
#else
constexpr long kMaxRssKib = 200 * 1024;
#endif

/// Writes documents until the file holds kTargetBytes: nine ConfigMaps (skipped) for every
/// allot Job. Each job asks for one GPU; its user and team are shared with few others, so
/// no total comes near a limit. Returns the numbers of documents and of jobs.
std::pair<std::size_t, std::size_t> generate(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  const std::string blob(800, 'y');
  std::string chunk;
  std::size_t written = 0, documents = 0, jobs = 0;
  while (written < kTargetBytes) {
    chunk.clear();
    for (int i = 0; i < 1000 && written + chunk.size() < kTargetBytes; ++i, ++documents) {
      if (documents % 10 == 9) {
        const std::string n = std::to_string(jobs++);
        chunk += "---\napiVersion: allot/v1\nkind: Job\nmetadata:\n  name: job-" + n + "\n  user: user-" +
                 std::to_string(jobs % 5000) + "\n  team: team-" + std::to_string(jobs % 200) +
                 "\n  annotations: {note: \"" + blob + "\"}\nspec:\n  resources: {gpu: 1, vcpu: 500m, memory: 1GiB}\n";
      } else {
        chunk += "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-" + std::to_string(documents) +
                 "}\ndata:\n  payload: \"" + blob + "\"\n";
      }
    }
    out << chunk;
    written += chunk.size();
  }
  return {documents, jobs};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validate_large)

BOOST_AUTO_TEST_CASE(a_hundred_megabytes_of_small_documents_in_bounded_memory) {
  TempDir t;
  const std::string path = t / "big.yaml";
  const auto [documents, jobs] = generate(path);
  BOOST_TEST_REQUIRE(std::filesystem::file_size(path) >= kTargetBytes);
  const std::string policy = std::string(ALLOT_SOURCE_DIR) + "/tests/cli/fixtures/validate/limits.allot";
  const auto r = run_validate({"-p", policy, path}, t);
  BOOST_TEST(r.code == 0, r.out.substr(0, 2000) << r.err.substr(0, 2000));
  const std::string want = "validated 1 file, " + std::to_string(documents) + " documents: " + std::to_string(jobs) +
                           " jobs (" + std::to_string(documents - jobs) + " skipped), 0 errors, 0 warnings\n";
  BOOST_TEST(r.out == want);
  BOOST_TEST(r.max_rss_kib < kMaxRssKib, "peak memory " << r.max_rss_kib / 1024 << " MiB for a "
                                                        << std::filesystem::file_size(path) / (1 << 20) << " MiB file");
  BOOST_TEST_MESSAGE("peak memory " << r.max_rss_kib / 1024 << " MiB, " << documents << " documents, " << jobs
                                    << " jobs");
}

BOOST_AUTO_TEST_SUITE_END()
