#include "cli/common.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
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

std::optional<std::string> read_file(const std::string& path, Diagnostics& diags, std::size_t max_bytes) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  auto fail = [&](const std::string& why) -> std::optional<std::string> {
    diags.error("E001", Location{name, 0, 0, 1}, fmt::format("cannot read '{}': {}", name, why));
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

int exit_code(const Diagnostics& diags, bool fail_on_warn) {
  if (diags.has_errors()) return kInvalid;
  if (fail_on_warn && diags.warnings() > 0) return kWarnOnly;
  return kPass;
}

}  // namespace allot::cli

#include "grammar/parser.hpp"

namespace allot::cli {

std::optional<Policy> load_policy(const std::string& path, Diagnostics& diags, SourceCache& sources) {
  Diagnostics local;
  auto text = read_file(path, local, grammar::kMaxPolicyBytes);
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

void report(const Diagnostics& diags, const SourceCache& sources) {
  print_diagnostics(stderr, diags, sources, use_color(stderr));
}

}  // namespace allot::cli
