#pragma once
// A progress line on standard error for long work (validate, place): it appears once the
// work has taken a second, is redrawn in place (\r) a few times a second, and is erased at
// the end. Standard output is never touched.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include <CLI/CLI.hpp>

namespace allot::cli {

/// --progress / --no-progress; neither: only on a terminal, and not in CI.
enum class ProgressMode { automatic, always, never };

/// Adds --progress and --no-progress to `cmd`, setting `mode`.
void add_progress_flags(CLI::App& cmd, ProgressMode& mode);

/// Whether to show progress: `mode`, else standard error is a terminal and CI is unset.
[[nodiscard]] bool show_progress(ProgressMode mode);

/// The progress line of one command. Shown after ALLOT_PROGRESS_AFTER_MS milliseconds
/// (default 1000; the tests set 0) if `show`; otherwise it only counts.
class Progress {
 public:
  Progress(bool show, std::string command);
  ~Progress();  ///< stops drawing and erases the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// A new phase: "reading manifests", counted in `unit` ("files"), of `total` if known
  /// (0: unknown). The count starts again from 0; the first phase starts the line's clock.
  void phase(std::string_view label, std::string_view unit = "", std::size_t total = 0);
  /// One more thing done in this phase (thread-safe).
  void add(std::size_t n = 1) { count_.fetch_add(n, std::memory_order_relaxed); }
  /// Runs `print`, which writes to standard error, with the line erased (it comes back at
  /// the next redraw).
  template <typename F>
  void aside(F&& print) {
    std::lock_guard lock(mutex_);
    erase();
    print();
  }
  /// Stops drawing and erases the line (the destructor does it too).
  void stop();

 private:
  void run();
  void erase();  ///< with mutex_ held
  [[nodiscard]] std::string line();

  bool show_;
  std::string command_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::string label_, unit_;
  std::size_t total_ = 0;
  std::atomic<std::size_t> count_{0};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();  ///< for the time shown
  std::size_t drawn_ = 0;  ///< width of the line on screen, to erase it
  std::thread thread_;
};

}  // namespace allot::cli
