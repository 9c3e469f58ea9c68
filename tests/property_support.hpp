#pragma once
// Seeds and random numbers for the property tests (tests/properties_*.cpp and
// tests/placement_properties.cpp).
//
// Every suite has a fixed default seed, printed with BOOST_TEST_MESSAGE; ALLOT_SEED=N (decimal
// or 0x hex) overrides it for every suite at once. Each instance draws from its own stream,
// derived from the seed, a salt naming the property and the instance index, so one failing
// instance can be replayed without the ones before it, and a failure message that starts with
// repro(seed, salt, index) says everything needed to do so.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace allot::test {

/// The seed of a run: ALLOT_SEED when it is set to a number, else `default_seed`.
inline std::uint64_t property_seed(std::uint64_t default_seed) {
  const char* env = std::getenv("ALLOT_SEED");
  if (env == nullptr || *env == '\0') return default_seed;
  char* end = nullptr;
  const std::uint64_t seed = std::strtoull(env, &end, 0);
  return end != nullptr && *end == '\0' ? seed : default_seed;
}

/// splitmix64: a stream whose numbers are the same on every platform and standard library
/// (std::uniform_int_distribution is not), so a seed replays anywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [lo, hi] (the bias of the modulo is below 2^-40 for the ranges used here).
  std::int64_t pick(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
    return span == 0 ? static_cast<std::int64_t>(next())
                     : static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + next() % span);
  }
  int pick_int(int lo, int hi) { return static_cast<int>(pick(lo, hi)); }
  std::size_t index(std::size_t size) { return static_cast<std::size_t>(next() % size); }
  bool chance(int percent) { return pick(0, 99) < percent; }
  template <class T>
  const T& one_of(const std::vector<T>& v) {
    return v[index(v.size())];
  }

 private:
  std::uint64_t state_;
};

/// The stream of instance `index` of the property named by `salt`.
inline Rng instance_rng(std::uint64_t seed, std::uint64_t salt, std::size_t index) {
  Rng mix(seed ^ (salt * 0xd1b54a32d192ed03ULL));
  for (std::size_t k = 0; k < 2; ++k) mix.next();
  return Rng(mix.next() ^ (0x9e3779b97f4a7c15ULL * (index + 1)));
}

/// "ALLOT_SEED=0x..., instance N": the head of every failure message.
inline std::string repro(std::uint64_t seed, std::size_t index) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "ALLOT_SEED=%#llx, instance %zu", static_cast<unsigned long long>(seed), index);
  return buf;
}

/// `text` with control bytes and non-ASCII shown as \xNN, for failure messages.
inline std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n\n";
    else if (b < 0x20 || b >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", b);
      out += buf;
    } else out += c;
  }
  return out;
}

}  // namespace allot::test
