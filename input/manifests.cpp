#include "input/manifests.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <mutex>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <string_view>
#include <sys/stat.h>
#include <thread>
#include <type_traits>
#include <unistd.h>
#include <vector>

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
  std::string stdin_text;  // what was read, if this was "-"
};

/// Binary files are refused before the YAML reader sees them: a NUL byte in the first
/// 8 KiB is never text.
bool looks_binary(std::string_view text) {
  return std::memchr(text.data(), 0, std::min<std::size_t>(text.size(), 8192)) != nullptr;
}

void read_text(std::string_view text, const std::string& name, const Policy& policy, const ManifestOptions& options,
               FileResult& out) {
  if (looks_binary(text)) {
    out.diags.error(Code::BinaryFile, Location{name, 0, 0, 1}, "binary file (it contains NUL bytes); not a YAML manifest");
    return;
  }
  yaml::read_documents(
      text, name, manifest_filter, yaml::Limits{},
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

void too_large(const std::string& path, std::size_t size, FileResult& out) {
  out.diags.error(Code::SafetyLimit, Location{path, 0, 0, 1},
                  fmt::format("file is {} bytes, larger than the {} bytes allot reads", size, kMaxManifestBytes));
}

/// The whole file in one buffer, read with as few system calls as its size allows.
std::optional<std::string> slurp(const std::string& path, FileResult& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    struct stat st {};  // the size limit is reported first, as for a readable file
    if (::stat(path.c_str(), &st) == 0 && static_cast<std::size_t>(st.st_size) > kMaxManifestBytes)
      too_large(path, static_cast<std::size_t>(st.st_size), out);
    else
      out.diags.error(Code::UnreadableInput, Location{path, 0, 0, 1}, fmt::format("cannot read '{}': {}", path, std::strerror(err)));
    return std::nullopt;
  }
  struct stat st {};
  std::size_t size = 0;
  if (::fstat(fd, &st) == 0) size = static_cast<std::size_t>(std::max<off_t>(st.st_size, 0));
  if (size > kMaxManifestBytes) {
    ::close(fd);
    too_large(path, size, out);
    return std::nullopt;
  }
  std::string data;
  data.resize(size + 1);  // one byte more, so a file of the size fstat gave ends in one read
  std::size_t used = 0;
  while (true) {
    if (used == data.size()) data.resize(std::min(data.size() * 2 + 4096, kMaxManifestBytes + 1));
    const ssize_t n = ::read(fd, data.data() + used, data.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // a read error ends the text, as it did with a stream
    used += static_cast<std::size_t>(n);
    if (used > kMaxManifestBytes) break;
  }
  ::close(fd);
  data.resize(std::min(used, kMaxManifestBytes));
  return data;
}

void read_manifest_file(const std::string& path, const Policy& policy, const ManifestOptions& options, FileResult& out) {
  if (auto text = slurp(path, out)) read_text(*text, path, policy, options, out);
}

/// Standard input: it can be named once only, so one worker reads it; the text is kept for
/// quoting source lines.
void read_manifest_stdin(const Policy& policy, const ManifestOptions& options, FileResult& out) {
  Diagnostics d;
  if (auto text = read_file("-", d, kMaxManifestBytes)) out.stdin_text = std::move(*text);
  out.diags.append(std::move(d));
  read_text(out.stdin_text, "<stdin>", policy, options, out);
}

/// Files handed over by the lister and taken by the workers, each exactly once, in order.
/// Deques, so a worker's references stay valid while the lister appends.
class Queue {
 public:
  void push(const std::string& file) {
    {
      const std::lock_guard lock(mutex_);
      files_.push_back(file);
      results_.emplace_back();
    }
    ready_.notify_one();
  }

  void close() {
    {
      const std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

  /// The next file's index, path and where its result goes; nothing once the list is closed
  /// and done.
  struct Task {
    std::size_t index;
    const std::string* file;
    FileResult* result;
  };
  std::optional<Task> take() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return next_ < files_.size() || closed_; });
    if (next_ == files_.size()) return std::nullopt;
    const std::size_t i = next_++;
    return Task{i, &files_[i], &results_[i]};
  }

  /// Records that the result of file `i` is complete.
  void finished(std::size_t i) {
    const std::lock_guard lock(mutex_);
    if (i >= done_.size()) done_.resize(i + 1, false);
    done_[i] = true;
  }

  /// The results completed in an unbroken run from the first not yet handed out by this
  /// call, in input order: what can be merged now.
  std::vector<FileResult*> completed_prefix() {
    const std::lock_guard lock(mutex_);
    std::vector<FileResult*> out;
    while (merged_ < done_.size() && done_[merged_]) out.push_back(&results_[merged_++]);
    return out;
  }

  /// How many files there are; final once close() was called.
  [[nodiscard]] std::size_t size() {
    const std::lock_guard lock(mutex_);
    return files_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> files_;
  std::deque<FileResult> results_;
  std::vector<bool> done_;
  std::size_t next_ = 0;
  std::size_t merged_ = 0;
  bool closed_ = false;
};

/// Moves finished files' results into the set, in input order, and frees what they held.
/// It runs between files on the thread that listed them, so that building the one vector
/// of jobs (the first touch of megabytes, dear on a virtual machine) overlaps the other
/// workers' reading instead of following it.
class Merger {
 public:
  Merger(Queue& queue, ManifestSet& set) : queue_(queue), set_(set) {}

  void run() {
    const auto ready = queue_.completed_prefix();
    if (ready.empty()) return;
    std::size_t incoming = 0;
    for (const FileResult* r : ready) incoming += r->jobs.size();
    reserve(incoming, ready.size());
    static_assert(std::is_nothrow_move_constructible_v<Job>, "jobs are moved, never copied, into the set");
    for (FileResult* r : ready) {
      set_.documents += r->documents;
      set_.skipped += r->skipped;
      set_.recognised += r->recognised;
      if (!r->stdin_text.empty()) set_.stdin_text = std::move(r->stdin_text);
      set_.jobs.insert(set_.jobs.end(), std::make_move_iterator(r->jobs.begin()), std::make_move_iterator(r->jobs.end()));
      set_.diags.append(std::move(r->diags));
      *r = FileResult{};  // its memory goes back for the files still to be read
    }
    files_merged_ += ready.size();
  }

 private:
  /// Room for `incoming` more jobs, and for as many as the files not yet merged will likely
  /// bring at the rate seen so far, so that the vector seldom moves: capacity that is never
  /// written costs address space only.
  void reserve(std::size_t incoming, std::size_t files) {
    const std::size_t need = set_.jobs.size() + incoming;
    if (need <= set_.jobs.capacity()) return;
    const std::size_t seen = files_merged_ + files;
    const std::size_t total = std::max(queue_.size(), seen);
    const std::size_t expected = seen == 0 ? need : need + (need * (total - seen) + seen - 1) / seen;
    set_.jobs.reserve(std::max({need, expected + expected / 8, set_.jobs.capacity() * 2}));
  }

  Queue& queue_;
  ManifestSet& set_;
  std::size_t files_merged_ = 0;
};

}  // namespace

ManifestSet read_manifests(const std::vector<std::string>& files, const Policy& policy, const ManifestOptions& options,
                           unsigned threads, std::atomic<std::size_t>* done) {
  threads = static_cast<unsigned>(std::min<std::size_t>(threads == 0 ? std::thread::hardware_concurrency() : threads,
                                                        std::max<std::size_t>(files.size(), 1)));
  return read_manifests(
      [&](const FileSink& add) {
        for (const auto& f : files) add(f);
      },
      policy, options, threads, done);
}

ManifestSet read_manifests(const FileLister& list, const Policy& policy, const ManifestOptions& options,
                           unsigned threads, std::atomic<std::size_t>* done) {
  ManifestSet set;
  Queue queue;
  Merger merger(queue, set);
  auto work = [&](bool merges) {
    while (auto task = queue.take()) {
      if (*task->file != "-") read_manifest_file(*task->file, policy, options, *task->result);
      else read_manifest_stdin(policy, options, *task->result);
      queue.finished(task->index);
      if (done != nullptr) done->fetch_add(1, std::memory_order_relaxed);
      if (merges) merger.run();
    }
  };
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  if (threads <= 1) {  // one thread: list everything first, then read
    list([&](const std::string& f) { queue.push(f); });
    queue.close();
    work(true);
  } else {  // the workers read the first files while the rest are being listed; then the
            // lister reads too, and merges, so that N threads run, never N + 1 on N cores
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, false);
    list([&](const std::string& f) { queue.push(f); });
    queue.close();
    work(true);
    for (auto& t : pool) t.join();
  }
  merger.run();  // what the other workers finished last
  set.files = queue.size();
  return set;
}

ManifestSet read_manifest_text(std::string_view text, const std::string& name, const Policy& policy,
                               const ManifestOptions& options) {
  FileResult r;
  read_text(text, name, policy, options, r);
  ManifestSet set;
  set.files = 1;
  set.jobs = std::move(r.jobs);
  set.documents = r.documents;
  set.skipped = r.skipped;
  set.recognised = r.recognised;
  set.diags = std::move(r.diags);
  return set;
}

}  // namespace allot::input
