#pragma once
// Running the real allot binary (or python3) from a unit test, without a shell: arguments
// are passed as they are, outputs go to files, and the child's peak memory is measured.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support.hpp"

extern char** environ;

namespace allot::test {

/// A fresh directory under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "allot-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int code = -1;             ///< the exit status, or -1 if the child did not exit normally
  int signal = 0;            ///< the signal that ended it, if any
  std::string out, err;      ///< what it wrote
  long max_rss_kib = 0;      ///< its peak resident set size
};

/// Runs `program` with `args` from `cwd` (the source tree by default), standard input from
/// `stdin_path` (absolute; /dev/null by default), and waits for it. Outputs go through
/// files in `scratch`, so a large report cannot fill a pipe.
inline RunResult run_program(const std::string& program, const std::vector<std::string>& args, const TempDir& scratch,
                             const std::string& stdin_path = "/dev/null",
                             const std::string& cwd = ALLOT_SOURCE_DIR) {
  RunResult result;
  const std::string out_path = scratch / ".stdout", err_path = scratch / ".stderr";
  std::vector<std::string> argv_storage = {program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());  // the paths below are absolute
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return result;

  int status = 0;
  struct rusage usage {};
  while (::wait4(pid, &status, 0, &usage) < 0) {
  }
  if (WIFEXITED(status)) result.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.max_rss_kib = usage.ru_maxrss;
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  return result;
}

/// Runs `allot validate ARGS...`.
inline RunResult run_validate(const std::vector<std::string>& args, const TempDir& scratch,
                              const std::string& stdin_path = "/dev/null") {
  std::vector<std::string> all = {"validate"};
  all.insert(all.end(), args.begin(), args.end());
  return run_program(ALLOT_BINARY, all, scratch, stdin_path);
}

/// How often `needle` occurs in `haystack`.
inline std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace allot::test
