#pragma once
// A small random number generator for the generators: splitmix64, so the output depends
// only on the seed, not on the standard library (std:: distributions differ between them).

#include <cstdint>
#include <initializer_list>

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  /// One generator per (seed, item, ...): items stay the same when others are added.
  Rng(std::initializer_list<std::uint64_t> keys) {
    for (auto k : keys) state_ = mix(state_ ^ k);
  }

  std::uint64_t next() { return mix(state_ += 0x9e3779b97f4a7c15ull); }
  /// Uniform in [lo, hi] (a negligible modulo bias is fine for a benchmark).
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + next() % (hi - lo + 1); }
  /// True with probability per_mille / 1000.
  bool chance(std::uint64_t per_mille) { return next() % 1000 < per_mille; }

 private:
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::uint64_t state_ = 0x6a09e667f3bcc909ull;
};
