#pragma once
// The bodies of allot's libFuzzer targets, as plain functions: tests/fuzz/fuzz_NAME.cpp
// hands them libFuzzer's inputs, and tests/fuzz_regressions.cpp replays the checked-in
// corpus and every reproducer through them in the normal test build. Each one runs what
// the matching `allot` command does with the input and checks what must hold for any
// input; a broken promise prints why to stderr and calls abort(), which both libFuzzer
// and Boost.Test report with the input that caused it.
//
// Inputs may start with directive lines, `#!WORD` (YAML and policy comments alike):
//   #!tiers, #!edge     the fixed policy: examples/swarm.allot (default), examples/tiers.allot,
//                       or a policy of boundary values (zero, one thousandth, the largest amount)
//   #!strict            manifest: --strict-kinds
//   #!cluster           inventory: --cluster fuzz (every NodeList node in one cluster)
//   #!spread, #!strict-pack, #!strict-spread, #!size
//                       place: --strategy and --order size
// `place` reads the inventory up to a line `---8<---`, and job manifests after it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace allot::fuzz {

/// `allot check` and `allot fmt`: parse, lower, print diagnostics; formatting a policy that
/// parses is idempotent, re-parses cleanly and keeps its meaning and comments.
int fuzz_policy(const std::uint8_t* data, std::size_t size);

/// parse_quantity with the options in the first byte; a parsed amount formats back to the
/// same amount; checked_add, checked_mul and percent_threshold agree with 128-bit arithmetic.
int fuzz_quantity(const std::uint8_t* data, std::size_t size);

/// `allot validate` on one file: the YAML reader, the manifest reader and the limit checks.
int fuzz_manifest(const std::uint8_t* data, std::size_t size);

/// `allot place --inventory`: the YAML reader and the inventory reader (Inventory, NodeList).
int fuzz_inventory(const std::uint8_t* data, std::size_t size);

/// `allot place`: an inventory and jobs, placed twice; the plan keeps every promise of
/// tests/placement_invariants.hpp and is the same both times.
int fuzz_place(const std::uint8_t* data, std::size_t size);

struct Target {
  std::string_view name;
  int (*run)(const std::uint8_t*, std::size_t);
};

/// Every target, by the name of its corpus directory (tests/fuzz/corpus/NAME).
inline constexpr std::array kTargets = {
    Target{"policy", fuzz_policy},     Target{"quantity", fuzz_quantity}, Target{"manifest", fuzz_manifest},
    Target{"inventory", fuzz_inventory}, Target{"place", fuzz_place},
};

}  // namespace allot::fuzz
