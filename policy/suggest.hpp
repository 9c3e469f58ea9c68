#pragma once
// "did you mean 'x'?" from edit distance.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace allot {

/// Optimal string alignment distance (insertions, deletions, substitutions, swaps).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate within a distance that still reads as a typo, if any.
/// Case differences count as half a mistake, so 'gb' suggests 'GB'.
[[nodiscard]] std::optional<std::string> did_you_mean(std::string_view word,
                                                      const std::vector<std::string_view>& candidates);

}  // namespace allot
