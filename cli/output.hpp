#pragma once
// Writing results: whole files atomically, so a failed or interrupted allot never leaves
// a partial output file behind.

#include <string>
#include <string_view>

namespace allot::cli {

/// Writes `content` to `path` through a temporary file in the same directory and a rename.
/// On failure returns the reason and leaves `path` as it was. SIGINT and SIGTERM during the
/// write remove the temporary file before the process ends.
[[nodiscard]] std::string write_atomically(const std::string& path, std::string_view content);

/// Writes `content` to standard output, or atomically to `path` unless it is empty or "-".
/// Returns the reason on failure.
[[nodiscard]] std::string emit(const std::string& path, std::string_view content);

}  // namespace allot::cli
