#include "input/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "policy/glob.hpp"

namespace allot::input {
namespace {

constexpr std::size_t kMaxDepth = 128;

bool yaml_name(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  return ends(".yaml") || ends(".yml");
}

std::string base_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class Walker {
 public:
  Walker(const std::vector<std::string>& excludes, Diagnostics& diags, const FileSink& found)
      : excludes_(excludes), diags_(diags), found_(found) {}

  bool excluded(const std::string& path) const {
    const auto base = base_name(path);
    return std::any_of(excludes_.begin(), excludes_.end(),
                       [&](const std::string& g) { return glob_match(g, path) || glob_match(g, base); });
  }

  void path(const std::string& p, std::vector<std::string>& out) {
    if (p == "-") {
      if (stdin_seen_) {
        diags_.error(Code::UnreadableInput, Location{"<stdin>", 0, 0, 1}, "standard input ('-') can be read only once");
        return;
      }
      stdin_seen_ = true;
      listed(p, out);
      return;
    }
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      diags_.error(Code::UnreadableInput, Location{p, 0, 0, 1}, fmt::format("cannot read '{}': {}", p, std::strerror(errno)));
      return;
    }
    if (excluded(p)) return;
    if (S_ISDIR(st.st_mode)) directory(p, st, out, 0);
    else add(p, st, out);
  }

 private:
  /// A file named twice (or reached twice through links) is read once: its jobs must not
  /// count twice in anyone's totals.
  void add(const std::string& p, const struct stat& st, std::vector<std::string>& out) {
    if (seen_files_.insert({st.st_dev, st.st_ino}).second) listed(p, out);
  }

  void listed(const std::string& p, std::vector<std::string>& out) {
    out.push_back(p);
    if (found_) found_(p);
  }

  void directory(const std::string& dir, const struct stat& st, std::vector<std::string>& out, std::size_t depth) {
    const std::pair<dev_t, ino_t> id{st.st_dev, st.st_ino};
    if (open_.count(id)) {
      diags_.error(Code::DirectoryLoop, Location{dir, 0, 0, 1},
                   fmt::format("directory loop: '{}' leads back to a directory being read; skipped", dir));
      return;
    }
    if (depth > kMaxDepth) {
      diags_.error(Code::DirectoryLoop, Location{dir, 0, 0, 1}, fmt::format("directories nested deeper than {} levels", kMaxDepth));
      return;
    }
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      diags_.error(Code::UnreadableInput, Location{dir, 0, 0, 1}, fmt::format("cannot read '{}': {}", dir, std::strerror(errno)));
      return;
    }
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    const int fd = ::dirfd(d);  // entries are looked up from here, not from the root each time
    open_.insert(id);
    const std::string prefix = dir.back() == '/' ? dir : dir + "/";
    for (const auto& name : names) {
      const std::string p = prefix + name;
      if (excluded(p)) continue;
      struct stat child {};
      if (::fstatat(fd, name.c_str(), &child, 0) != 0) {
        const int err = errno;
        struct stat link {};
        if (::fstatat(fd, name.c_str(), &link, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(link.st_mode)) {
          if (err == ELOOP)
            diags_.error(Code::DirectoryLoop, Location{p, 0, 0, 1}, fmt::format("symlink loop at '{}'; skipped", p));
          continue;  // a dangling link is not a manifest
        }
        diags_.error(Code::UnreadableInput, Location{p, 0, 0, 1}, fmt::format("cannot read '{}': {}", p, std::strerror(err)));
        continue;
      }
      if (S_ISDIR(child.st_mode)) directory(p, child, out, depth + 1);
      else if (S_ISREG(child.st_mode) && yaml_name(name)) add(p, child, out);
    }
    ::closedir(d);
    open_.erase(id);
  }

  const std::vector<std::string>& excludes_;
  Diagnostics& diags_;
  const FileSink& found_;
  std::set<std::pair<dev_t, ino_t>> open_;        // directories on the current walk, for loops
  std::set<std::pair<dev_t, ino_t>> seen_files_;  // files already listed
  bool stdin_seen_ = false;
};

}  // namespace

std::vector<std::string> collect_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& excludes,
                                        Diagnostics& diags) {
  return collect_inputs(paths, excludes, diags, nullptr);
}

std::vector<std::string> collect_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& excludes,
                                        Diagnostics& diags, const FileSink& found) {
  Walker walker(excludes, diags, found);
  std::vector<std::string> out;
  for (const auto& p : paths) walker.path(p, out);
  return out;
}

std::optional<std::string> read_file(const std::string& path, Diagnostics& diags, std::size_t max_bytes) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  auto fail = [&](const std::string& why) -> std::optional<std::string> {
    diags.error(Code::UnreadableInput, Location{name, 0, 0, 1}, fmt::format("cannot read '{}': {}", name, why));
    return std::nullopt;
  };
  const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    if (!is_stdin) ::close(fd);
    return fail("it is a directory");
  }
  std::string data;
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      if (!is_stdin) ::close(fd);
      return fail(std::strerror(err));
    }
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > max_bytes) {
      if (!is_stdin) ::close(fd);
      return fail(fmt::format("larger than the {} bytes allot reads from one file", max_bytes));
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  if (!is_stdin) ::close(fd);
  return data;
}

}  // namespace allot::input
