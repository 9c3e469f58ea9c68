#pragma once
// Reading policy unit tests (`allot-test.yaml`, kind Test) for `allot test`: which policy,
// which inventory, and the cases, every path resolved against the test file's folder and
// every value kept with its position.

#include <optional>
#include <string>
#include <vector>

#include "policy/diagnostic.hpp"

namespace allot::input {

/// The file name `allot test` looks for under its PATH arguments.
inline constexpr const char* kTestFileName = "allot-test.yaml";

/// What a case says the findings must be.
enum class Expect { pass, fail, warn };
[[nodiscard]] const char* to_string(Expect e);

struct TestCase {
  std::string name;
  Location location;                   ///< the case's `name`, or the item when it has none
  std::vector<std::string> manifests;  ///< paths, resolved against the test file's folder
  std::optional<std::string> inline_manifest;  ///< `manifest:`, a YAML text
  Expect expect = Expect::pass;
  std::vector<Code> codes;   ///< must be among the findings
  bool place = false;        ///< also place the jobs on the test file's inventory
};

struct TestFile {
  std::string file;
  std::string policy;                    ///< resolved
  std::optional<std::string> inventory;  ///< resolved
  std::vector<TestCase> cases;
};

/// Every `allot-test.yaml` under `paths` (a file stands for itself), in sorted order;
/// a path that does not exist is E001.
[[nodiscard]] std::vector<std::string> find_test_files(const std::vector<std::string>& paths, Diagnostics& diags);

/// Reads one test file. Unknown keys, wrong types and bad values are V040 (with "did you
/// mean"), missing files E001, YAML errors V001, all with positions; returns the file only
/// when there was none.
[[nodiscard]] std::optional<TestFile> read_test_file(const std::string& path, Diagnostics& diags);

}  // namespace allot::input
