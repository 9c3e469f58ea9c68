#pragma once
// Work split over threads in contiguous slices, for the few places where one command has
// many independent items after its readers are done (per-user totals, findings to format).
// Each slice writes only its own results; callers join them in slice order, so the output
// is the same bytes whatever the thread count.

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace allot {

/// The first item of slice `k` of `slices` over `n` items; slice k is [begin(k), begin(k+1)).
[[nodiscard]] constexpr std::size_t slice_begin(std::size_t n, std::size_t slices, std::size_t k) {
  return n * k / slices;
}

/// Runs `task(k)` for every slice k in [0, slices), on a thread each (the first on the
/// calling thread). One slice runs inline.
template <typename F>
void for_each_slice(std::size_t slices, const F& task) {
  if (slices <= 1) {
    if (slices == 1) task(std::size_t{0});
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(slices - 1);
  for (std::size_t k = 1; k < slices; ++k) pool.emplace_back([&task, k] { task(k); });
  task(std::size_t{0});
  for (auto& t : pool) t.join();
}

/// How many slices `threads` threads (0: one per core) should cut `n` items into, when an
/// item costs about as much as `min_per_slice` of them make worth a thread.
[[nodiscard]] inline std::size_t slices_for(std::size_t n, unsigned threads, std::size_t min_per_slice) {
  const std::size_t t = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  return std::max<std::size_t>(1, std::min(t, n / std::max<std::size_t>(min_per_slice, 1)));
}

}  // namespace allot
