#pragma once
// Running the real allot binary (or python3, bash) from a unit test, without a shell:
// arguments are passed as they are, outputs go to files, the child's peak memory is
// measured, and no wait lasts forever: a child still running at its deadline is killed and
// the test fails saying so.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support.hpp"

namespace allot::test {

/// How long a test waits for one child by default: far beyond any run in the normal or the
/// sanitizer build, and below the CTest timeout of the quick tests (tests/CMakeLists.txt).
inline constexpr std::chrono::seconds kChildTimeout{50};

/// A fresh directory under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Writes `text` to `path`, creating the folders it needs.
void write_file(const std::filesystem::path& path, const std::string& text);

struct RunResult {
  int code = -1;             ///< the exit status, or -1 if the child did not exit normally
  int signal = 0;            ///< the signal that ended it, if any
  bool timed_out = false;    ///< killed at its deadline (the test has failed already)
  std::string out, err;      ///< what it wrote
  long max_rss_kib = 0;      ///< its peak resident set size
};

/// "exit N signal S", then the first 2000 bytes of each output: for failure messages.
std::string describe(const RunResult& r);

/// The standard streams of a child: files opened for it (stdout and stderr truncated).
struct Streams {
  std::string in = "/dev/null", out = "/dev/null", err = "/dev/null";
};

/// Starts `program` (looked up in PATH) with `args` from `cwd`; returns its pid, or -1.
pid_t spawn(const std::string& program, const std::vector<std::string>& args, const Streams& streams,
            const std::string& cwd = ALLOT_SOURCE_DIR);

/// How a child ended.
struct Waited {
  int status = 0;           ///< as waitpid reports it
  long max_rss_kib = 0;     ///< its peak resident set size
  bool timed_out = false;   ///< it was killed at the deadline
  bool failed = false;      ///< waiting itself failed (no such child)
};

/// Waits for the child `pid` at most `timeout`, calling `poll` between checks if given
/// (else sleeping a little). A child still running at the deadline is killed (SIGKILL) and
/// reaped, and the test fails with a message that names `what`.
Waited wait_for(pid_t pid, std::string_view what, std::chrono::milliseconds timeout = kChildTimeout,
                const std::function<void()>& poll = {});

/// Runs `program` with `args` from `cwd` (the source tree by default), standard input from
/// `stdin_path` (absolute; /dev/null by default), and waits for it, at most `timeout`.
/// Outputs go through files in `scratch`, so a large report cannot fill a pipe.
RunResult run_program(const std::string& program, const std::vector<std::string>& args, const TempDir& scratch,
                      const std::string& stdin_path = "/dev/null", const std::string& cwd = ALLOT_SOURCE_DIR,
                      std::chrono::milliseconds timeout = kChildTimeout);

/// Runs `allot validate ARGS...`.
RunResult run_validate(const std::vector<std::string>& args, const TempDir& scratch,
                       const std::string& stdin_path = "/dev/null");

/// How often `needle` occurs in `haystack`.
std::size_t count(const std::string& haystack, const std::string& needle);

}  // namespace allot::test
