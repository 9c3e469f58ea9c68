#include "tests/run_allot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

extern char** environ;

namespace allot::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "allot-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string describe(const RunResult& r) {
  return "exit " + std::to_string(r.code) + " signal " + std::to_string(r.signal) +
         (r.timed_out ? " (killed: timed out)" : "") + "\nstdout:\n" + r.out.substr(0, 2000) + "\nstderr:\n" +
         r.err.substr(0, 2000);
}

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const Streams& streams,
            const std::string& cwd) {
  std::vector<std::string> argv_storage = {program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());  // the paths below are absolute
  posix_spawn_file_actions_addopen(&actions, 0, streams.in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, streams.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, streams.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  if (::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

Waited wait_for(pid_t pid, std::string_view what, std::chrono::milliseconds timeout,
                const std::function<void()>& poll) {
  using clock = std::chrono::steady_clock;
  Waited w;
  struct rusage usage {};
  const auto deadline = clock::now() + timeout;
  std::chrono::microseconds pause{100};
  for (;;) {
    const pid_t r = ::wait4(pid, &w.status, WNOHANG, &usage);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) {
      w.failed = true;
      BOOST_ERROR("waiting for " << what << " (pid " << pid << ") failed: " << std::strerror(errno));
      return w;
    }
    if (clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::wait4(pid, &w.status, 0, &usage);  // SIGKILL cannot be caught or ignored: this returns
      w.timed_out = true;
      BOOST_ERROR(what << " (pid " << pid << ") still ran after " << timeout.count() << " ms: killed it");
      break;
    }
    if (poll) {
      poll();
    } else {
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds{10000});
    }
  }
  w.max_rss_kib = usage.ru_maxrss;
  return w;
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args, const TempDir& scratch,
                      const std::string& stdin_path, const std::string& cwd, std::chrono::milliseconds timeout) {
  RunResult result;
  const Streams streams{stdin_path, scratch / ".stdout", scratch / ".stderr"};
  const pid_t pid = spawn(program, args, streams, cwd);
  if (pid < 0) return result;

  std::string what = program;
  for (const auto& a : args) what += " " + a;
  const Waited w = wait_for(pid, what.substr(0, 500), timeout);
  if (w.failed) return result;
  if (WIFEXITED(w.status)) result.code = WEXITSTATUS(w.status);
  if (WIFSIGNALED(w.status)) result.signal = WTERMSIG(w.status);
  result.timed_out = w.timed_out;
  result.max_rss_kib = w.max_rss_kib;
  result.out = read_text(streams.out);
  result.err = read_text(streams.err);
  return result;
}

RunResult run_validate(const std::vector<std::string>& args, const TempDir& scratch, const std::string& stdin_path) {
  std::vector<std::string> all = {"validate"};
  all.insert(all.end(), args.begin(), args.end());
  return run_program(ALLOT_BINARY, all, scratch, stdin_path);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace allot::test
