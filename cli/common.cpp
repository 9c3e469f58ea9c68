#include "cli/common.hpp"

#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>

namespace allot::cli {

GlobalOptions& global_options() {
  static GlobalOptions options;
  return options;
}

bool use_color(std::FILE* stream) {
  const auto& c = global_options().color;
  if (c == "always") return true;
  if (c == "never") return false;
  if (const char* no = std::getenv("NO_COLOR"); no != nullptr && *no != '\0') return false;
  return isatty(fileno(stream)) != 0;
}

int exit_code(const Diagnostics& diags, bool fail_on_warn) {
  if (diags.has_errors()) return kInvalid;
  if (fail_on_warn && diags.warnings() > 0) return kWarnOnly;
  return kPass;
}

}  // namespace allot::cli

#include "cli/progress.hpp"
#include "grammar/parser.hpp"
#include "input/files.hpp"

namespace allot::cli {

std::optional<Policy> load_policy(const std::string& path, Diagnostics& diags, SourceCache& sources) {
  Diagnostics local;
  auto text = input::read_file(path, local, grammar::kMaxPolicyBytes);
  std::optional<Policy> out;
  if (text) {
    const std::string name = path == "-" ? "<stdin>" : path;
    Policy p = grammar::load(*text, name, local);
    sources.add(name, std::move(*text));
    if (!local.has_errors()) out = std::move(p);
  }
  diags.append(local);
  return out;
}

void keep_until_exit(std::shared_ptr<void> value) {
  // Allocated once and never freed, so no destructor runs at exit; reachable from here.
  static auto* const kept = new std::vector<std::shared_ptr<void>>();
  kept->push_back(std::move(value));
}

void report(const Diagnostics& diags, const SourceCache& sources) {
  print_diagnostics(stderr, diags, sources, use_color(stderr));
}

void no_manifests(const input::ManifestSet& set, std::size_t files, const std::vector<std::string>& paths,
                  bool allow_empty, Diagnostics& diags) {
  if (!set.jobs.empty() || set.recognised != 0 || allow_empty || diags.has_errors()) return;
  diags.error(Code::NoManifests, Location{paths.empty() ? std::string(".") : paths.front(), 0, 0, 1},
              fmt::format("no job manifests found in {} file{} ({} document{} skipped); pass --allow-empty if that is "
                          "expected",
                          files, files == 1 ? "" : "s", set.skipped, set.skipped == 1 ? "" : "s"));
}

input::ManifestSet read_manifest_paths(const std::vector<std::string>& paths, const std::vector<std::string>& excludes,
                                       const Policy& policy, const ManifestOptions& options, unsigned threads,
                                       Diagnostics& diags, Progress& progress) {
  progress.phase("reading manifests", "files");
  const auto list = [&](const input::FileSink& add) {
    (void)input::collect_inputs(paths, excludes, diags, [&](const std::string& file) {
      progress.found();  // before the workers can count it read
      add(file);
    });
    progress.all_found();
  };
  return input::read_manifests(list, policy, options, threads, &progress.counter());
}

}  // namespace allot::cli
