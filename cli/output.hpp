#pragma once
// Writing results: whole files atomically, so a failed or interrupted allot never leaves
// a partial output file behind.

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace allot::cli {

/// Takes the pieces of an output, in order.
using Sink = std::function<void(std::string_view)>;
/// Makes an output by passing its pieces to the sink it is given: a large output is written
/// as it is made, never held whole.
using Producer = std::function<void(const Sink&)>;

/// Writes what `produce` makes to `path` through a temporary file in the same directory and
/// a rename. On failure returns the reason and leaves `path` as it was. SIGINT and SIGTERM
/// during the write remove the temporary file before the process ends.
[[nodiscard]] std::string write_atomically(const std::string& path, const Producer& produce);

/// Writes `content` to `path` through a temporary file in the same directory and a rename.
/// On failure returns the reason and leaves `path` as it was. SIGINT and SIGTERM during the
/// write remove the temporary file before the process ends.
[[nodiscard]] std::string write_atomically(const std::string& path, std::string_view content);

/// Writes `content` to standard output, or atomically to `path` unless it is empty or "-".
/// Returns the reason on failure. A reader that stopped reading standard output (`| head`)
/// is not a failure: the rest is dropped quietly and the exit status stays the verdict.
[[nodiscard]] std::string emit(const std::string& path, std::string_view content);
/// Likewise, for an output made piece by piece.
[[nodiscard]] std::string emit(const std::string& path, const Producer& produce);

/// Ignores SIGPIPE, so a closed pipe is an error code on a write that emit() and print_err()
/// handle quietly, instead of a signal that ends the process before it reports its verdict.
void ignore_sigpipe();

/// Prints to standard error. Never throws: a closed standard error drops the message.
template <typename... T>
void print_err(fmt::format_string<T...> format, T&&... args) {
  const std::string text = fmt::format(format, std::forward<T>(args)...);
  (void)std::fwrite(text.data(), 1, text.size(), stderr);  // nowhere left to report a failure
}

}  // namespace allot::cli
