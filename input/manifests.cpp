#include "input/manifests.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>
#include <thread>

#include <fmt/format.h>

#include "input/files.hpp"
#include "input/yaml_reader.hpp"

namespace allot::input {
namespace {

struct FileResult {
  std::vector<Job> jobs;
  std::size_t documents = 0;
  std::size_t skipped = 0;
  std::size_t recognised = 0;
  Diagnostics diags;
};

/// Binary files are refused before the YAML reader sees them: a NUL byte is never text.
bool looks_binary(std::istream& in) {
  char buf[8192];
  in.read(buf, sizeof buf);
  const auto n = static_cast<std::size_t>(in.gcount());
  in.clear();
  in.seekg(0);
  return std::memchr(buf, 0, n) != nullptr;
}

void read_stream(std::istream& in, const std::string& name, const Policy& policy, const ManifestOptions& options,
                 FileResult& out) {
  if (looks_binary(in)) {
    out.diags.error(Code::BinaryFile, Location{name, 0, 0, 1}, "binary file (it contains NUL bytes); not a YAML manifest");
    return;
  }
  yaml::read_documents(
      in, name, manifest_filter, yaml::Limits{},
      [&](yaml::Document&& doc) {
        interpret_each(doc, policy, options, out.diags, [&](Interpretation&& r) {
          ++out.documents;
          if (r.skipped) ++out.skipped;
          if (r.recognised) ++out.recognised;
          if (r.job) out.jobs.push_back(std::move(*r.job));
        });
      },
      out.diags);
}

void read_manifest_file(const std::string& path, const Policy& policy, const ManifestOptions& options, FileResult& out) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && static_cast<std::size_t>(st.st_size) > kMaxManifestBytes) {
    out.diags.error(Code::SafetyLimit, Location{path, 0, 0, 1},
                    fmt::format("file is {} bytes, larger than the {} bytes allot reads", st.st_size, kMaxManifestBytes));
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.diags.error(Code::UnreadableInput, Location{path, 0, 0, 1}, fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
    return;
  }
  read_stream(in, path, policy, options, out);
}

}  // namespace

ManifestSet read_manifests(const std::vector<std::string>& files, const Policy& policy, const ManifestOptions& options,
                           unsigned threads) {
  ManifestSet set;
  std::vector<FileResult> results(files.size());
  // Standard input is read first, on this thread.
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i] != "-") continue;
    Diagnostics d;
    if (auto text = read_file("-", d, kMaxManifestBytes)) set.stdin_text = std::move(*text);
    results[i].diags.append(std::move(d));
    std::istringstream in(set.stdin_text);
    read_stream(in, "<stdin>", policy, options, results[i]);
  }
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(files.size(), 1)));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();)
      if (files[i] != "-") read_manifest_file(files[i], policy, options, results[i]);
  };
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  set.files = files.size();
  for (auto& r : results) {
    set.documents += r.documents;
    set.skipped += r.skipped;
    set.recognised += r.recognised;
    for (auto& j : r.jobs) set.jobs.push_back(std::move(j));
    set.diags.append(std::move(r.diags));
  }
  return set;
}

}  // namespace allot::input
