#pragma once
// Turning PATH arguments into the list of manifest files to read.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "policy/diagnostic.hpp"

namespace allot::input {

/// Manifests, inventories and standard input larger than this are refused (V003, E001).
inline constexpr std::size_t kMaxManifestBytes = std::size_t{256} << 20;

/// Reads a whole file, or standard input for "-". On failure adds an error naming the
/// file and the reason (code E001) and returns nothing.
[[nodiscard]] std::optional<std::string> read_file(const std::string& path, Diagnostics& diags,
                                                   std::size_t max_bytes);


/// Expands `paths`: a file stands for itself, a directory for every `*.yaml` and `*.yml`
/// below it (sorted by name at each level, symlinks followed, loops reported as V005),
/// and "-" for standard input. A path matching any `excludes` glob (whole path or file
/// name) is left out. Unreadable paths are reported as E001.
[[nodiscard]] std::vector<std::string> collect_inputs(const std::vector<std::string>& paths,
                                                      const std::vector<std::string>& excludes,
                                                      Diagnostics& diags);

/// Receives the files collect_inputs finds, one at a time, as it finds them.
using FileSink = std::function<void(const std::string& file)>;
/// Lists files into the sink it is given.
using FileLister = std::function<void(const FileSink& add)>;

/// The same, also handing each file to `found` as soon as it is listed.
[[nodiscard]] std::vector<std::string> collect_inputs(const std::vector<std::string>& paths,
                                                      const std::vector<std::string>& excludes,
                                                      Diagnostics& diags, const FileSink& found);

}  // namespace allot::input
