#pragma once
// Reading many manifest files in parallel, merged in input order so the result is the
// same for any number of threads.

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "input/files.hpp"
#include "policy/diagnostic.hpp"
#include "input/manifest_reader.hpp"
#include "policy/policy.hpp"

namespace allot::input {

struct ManifestSet {
  std::vector<Job> jobs;  ///< in input order: file, then document
  std::size_t files = 0;
  std::size_t documents = 0;
  std::size_t skipped = 0;  ///< documents of kinds allot does not check
  /// Of those, the ones recognised: configuration kinds and documents warned about (V031).
  std::size_t recognised = 0;
  Diagnostics diags;        ///< in input order
  std::string stdin_text;   ///< what was read from "-", for quoting source lines
};

/// Reads `files` ("-" is standard input) with `threads` workers (0: one per core). Each
/// file read and parsed adds one to `done`, if given (a relaxed add, for a progress line).
[[nodiscard]] ManifestSet read_manifests(const std::vector<std::string>& files, const Policy& policy,
                                         const ManifestOptions& options, unsigned threads,
                                         std::atomic<std::size_t>* done = nullptr);

/// The same, reading files while `list` is still finding them (a directory walk): `list`
/// runs on this thread and hands each file, in input order, to the function it is given.
/// With one thread, `list` finishes before reading starts.
[[nodiscard]] ManifestSet read_manifests(const FileLister& list, const Policy& policy, const ManifestOptions& options,
                                         unsigned threads, std::atomic<std::size_t>* done = nullptr);

/// Reads manifests held in memory (`allot test`'s inline `manifest:`), named `name` in
/// diagnostics, as a file of that name would be read.
[[nodiscard]] ManifestSet read_manifest_text(std::string_view text, const std::string& name, const Policy& policy,
                                             const ManifestOptions& options);

}  // namespace allot::input
