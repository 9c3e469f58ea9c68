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

/// What one drawing of the line says.
struct ProgressLine {
  std::string_view command, label, unit;  ///< "validate", "reading manifests", "files" (none: no count)
  std::size_t done = 0;
  std::size_t total = 0;  ///< known so far; 0 and not `complete`: unknown
  bool complete = false;  ///< the total is final; else more may come ("7/40+ files")
  double seconds = 0;     ///< since the first phase began
};

/// "allot validate: reading manifests 4210/10000 files (1.2 s)".
[[nodiscard]] std::string format(const ProgressLine& p);

/// The progress line of one command. Shown after ALLOT_PROGRESS_AFTER_MS milliseconds
/// (default 1000; the tests set 0) if `show`; otherwise it only counts. Once shown, the end
/// of each phase is drawn too, with its final count: a log of a --progress run ends each
/// phase with what it did, and the tests see the counts whatever the timing.
class Progress {
 public:
  Progress(bool show, std::string command);
  ~Progress();  ///< stops drawing and erases the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// A new phase: "reading manifests", counted in `unit` ("files"), of `total` if known
  /// (0: unknown, or found as the phase goes with found()). The count starts again from 0;
  /// the first phase starts the line's clock.
  void phase(std::string_view label, std::string_view unit = "", std::size_t total = 0);
  /// One more thing done in this phase (thread-safe).
  void add(std::size_t n = 1) { done_.fetch_add(n, std::memory_order_relaxed); }
  /// The count add() advances, for code outside cli/ to advance itself (relaxed adds); it
  /// stays valid for the life of the Progress.
  [[nodiscard]] std::atomic<std::size_t>& counter() { return done_; }
  /// The phase's total grows by `n`: work still being found, a directory walk (thread-safe).
  void found(std::size_t n = 1) { total_.fetch_add(n, std::memory_order_relaxed); }
  /// Everything has been found: the total is final.
  void all_found() { complete_.store(true, std::memory_order_relaxed); }
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
  void draw();   ///< with mutex_ held
  void erase();  ///< with mutex_ held

  bool show_;
  std::string command_;
  std::chrono::milliseconds after_;  ///< how long work runs before the line appears
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool shown_ = false;  ///< past `after_`: the line is on screen, ends of phases are drawn
  std::string label_, unit_;
  std::atomic<std::size_t> done_{0}, total_{0};
  std::atomic<bool> complete_{false};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();  ///< for the time shown
  std::size_t drawn_ = 0;  ///< width of the line on screen, to erase it
  std::thread thread_;
};

}  // namespace allot::cli
