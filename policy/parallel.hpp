#pragma once
// Work split over threads in contiguous slices, for the few places where one command has
// many independent items after its readers are done (per-user totals, findings to format).
// Each slice writes only its own results; callers join them in slice order, so the output
// is the same bytes whatever the thread count.
//
// There are a few slices per thread, and each thread takes the next slice not yet taken:
// cores do not always run at one speed (on a shared virtual machine one may run at half
// the speed of the other for minutes), and equal halves would wait for the slower core.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace allot {

/// Slices cut per thread, so that a faster core can take more of them.
inline constexpr std::size_t kSlicesPerThread = 4;

/// `threads`, or one per core when it is 0.
[[nodiscard]] inline std::size_t resolve_threads(unsigned threads) {
  return threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
}

/// The first item of slice `k` of `slices` over `n` items; slice k is [begin(k), begin(k+1)).
[[nodiscard]] constexpr std::size_t slice_begin(std::size_t n, std::size_t slices, std::size_t k) {
  return n * k / slices;
}

/// How many slices to cut `n` items into for `threads` threads (0: one per core), when a
/// slice of fewer than `min_per_slice` items is not worth a thread: one for one thread,
/// else up to kSlicesPerThread per thread.
[[nodiscard]] inline std::size_t slices_for(std::size_t n, unsigned threads, std::size_t min_per_slice) {
  const std::size_t t = resolve_threads(threads);
  if (t <= 1) return 1;
  return std::max<std::size_t>(1, std::min(t * kSlicesPerThread, n / std::max<std::size_t>(min_per_slice, 1)));
}

/// Runs `task(k)` for every slice k in [0, slices) on up to `threads` threads (0: one per
/// core), the calling thread among them; each takes the next slice not yet taken. One
/// thread, or one slice, runs them in order on the calling thread.
template <typename F>
void for_each_slice(std::size_t slices, unsigned threads, const F& task) {
  const std::size_t t = std::min(resolve_threads(threads), slices);
  if (t <= 1) {
    for (std::size_t k = 0; k < slices; ++k) task(k);
    return;
  }
  std::atomic<std::size_t> next{0};
  const auto run = [&] {
    for (std::size_t k = next.fetch_add(1, std::memory_order_relaxed); k < slices;
         k = next.fetch_add(1, std::memory_order_relaxed))
      task(k);
  };
  std::vector<std::thread> pool;
  pool.reserve(t - 1);
  for (std::size_t i = 1; i < t; ++i) pool.emplace_back(run);
  run();
  for (auto& th : pool) th.join();
}

}  // namespace allot
