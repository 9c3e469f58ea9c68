#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "cli/output.hpp"

namespace allot::cli {
namespace {

using namespace std::chrono_literals;

/// Redraws at most this often: a terminal and a CI log both stay readable.
constexpr auto kRedraw = 200ms;

std::chrono::milliseconds threshold() {
  // For tests only (man/allot.1, ENVIRONMENT): how long work runs before the line appears.
  if (const char* v = std::getenv("ALLOT_PROGRESS_AFTER_MS"); v != nullptr && *v != '\0') {
    char* end = nullptr;
    const long ms = std::strtol(v, &end, 10);
    if (*end == '\0' && ms >= 0) return std::chrono::milliseconds(ms);
  }
  return 1000ms;
}

}  // namespace

void add_progress_flags(CLI::App& cmd, ProgressMode& mode) {
  auto* on = cmd.add_flag_callback("--progress", [&mode] { mode = ProgressMode::always; },
                                   "Show a progress line on standard error, even when it is not a terminal");
  auto* off = cmd.add_flag_callback("--no-progress", [&mode] { mode = ProgressMode::never; },
                                    "Never show the progress line");
  on->excludes(off);
}

bool show_progress(ProgressMode mode) {
  if (mode != ProgressMode::automatic) return mode == ProgressMode::always;
  const char* ci = std::getenv("CI");
  return isatty(STDERR_FILENO) == 1 && (ci == nullptr || *ci == '\0');
}

std::string format(const ProgressLine& p) {
  std::string s = fmt::format("allot {}: {}", p.command, p.label);
  if (!p.unit.empty()) {
    if (p.complete) s += fmt::format(" {}/{} {}", p.done, p.total, p.unit);
    else if (p.total > 0) s += fmt::format(" {}/{}+ {}", p.done, p.total, p.unit);  // still finding more
    else s += fmt::format(" {} {}", p.done, p.unit);
  }
  return s + fmt::format(" ({:.1f} s)", p.seconds);
}

Progress::Progress(bool show, std::string command)
    : show_(show), command_(std::move(command)), after_(show ? threshold() : 0ms) {}

Progress::~Progress() { stop(); }

void Progress::stop() {
  {
    std::lock_guard lock(mutex_);
    if (shown_ && !stop_) draw();  // the last phase as it ended
    stop_ = true;
  }
  if (!thread_.joinable()) return;
  wake_.notify_all();
  thread_.join();
  erase();
}

void Progress::erase() {
  if (drawn_ > 0) print_err("\r{:{}}\r", "", drawn_);
  drawn_ = 0;
}

void Progress::draw() {
  std::string text = format(ProgressLine{command_, label_, unit_, done_.load(std::memory_order_relaxed),
                                         total_.load(std::memory_order_relaxed),
                                         complete_.load(std::memory_order_relaxed),
                                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count()});
  const std::size_t width = text.size();
  if (width < drawn_) text.append(drawn_ - width, ' ');  // cover the end of a longer line
  print_err("\r{}", text);
  drawn_ = std::max(drawn_, width);
}

void Progress::phase(std::string_view label, std::string_view unit, std::size_t total) {
  {
    std::lock_guard lock(mutex_);
    if (stop_) return;
    if (shown_) draw();  // the phase that ends, with its final count
    label_ = label;
    unit_ = unit;
    done_.store(0, std::memory_order_relaxed);
    total_.store(total, std::memory_order_relaxed);
    complete_.store(total > 0, std::memory_order_relaxed);
    // The first phase starts the clock of the line. With no threshold (the tests) the line
    // is shown from here, not from whenever the thread first runs.
    if (!show_ || thread_.joinable()) return;
    shown_ = after_ == 0ms;
  }
  thread_ = std::thread([this] { run(); });
}

void Progress::run() {
  std::unique_lock lock(mutex_);
  if (after_ > 0ms && wake_.wait_for(lock, after_, [this] { return stop_; })) return;
  shown_ = true;
  while (!stop_) {
    draw();
    wake_.wait_for(lock, kRedraw, [this] { return stop_; });
  }
}

}  // namespace allot::cli
