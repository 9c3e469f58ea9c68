#pragma once
// Name patterns in `assign` rules and `--exclude`: `*` matches any run, `?` one byte.

#include <string_view>

namespace allot {

/// True when `name` matches `pattern` as a whole. Linear time, no backtracking blow-up.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view name);

}  // namespace allot
