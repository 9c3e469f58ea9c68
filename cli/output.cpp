#include "cli/output.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

namespace allot::cli {
namespace {

// The temporary file being written, for the signal handler. A plain char array: the
// handler may only touch async-signal-safe state.
char g_temp_path[4096] = {0};

extern "C" void remove_temp_and_die(int sig) {
  if (g_temp_path[0] != '\0') ::unlink(g_temp_path);
  // Dying anyway, in a signal handler: a failure here has nowhere to go.
  (void)std::signal(sig, SIG_DFL);
  (void)std::raise(sig);
}

struct SignalGuard {
  struct sigaction old_int {}, old_term {}, old_hup {};
  SignalGuard() {
    struct sigaction sa {};
    sa.sa_handler = remove_temp_and_die;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGHUP, &old_hup, nullptr);
    g_temp_path[0] = '\0';
  }
};

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

std::string write_atomically(const std::string& requested, const Producer& produce) {
  // Write through a symlink to its target, and keep an existing file's permissions.
  std::string path = requested;
  if (char* real = ::realpath(requested.c_str(), nullptr)) {
    path = real;
    std::free(real);
  }
  struct stat existing {};
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  std::string temp = path + ".allot-tmp-XXXXXX";
  if (temp.size() >= sizeof g_temp_path) return "path too long";
  SignalGuard guard;
  // The file and the handler's note of it come into being together: a signal between the
  // two would otherwise end the process with the file left behind.
  sigset_t fatal, before;
  sigemptyset(&fatal);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&fatal, sig);
  pthread_sigmask(SIG_BLOCK, &fatal, &before);
  const int fd = ::mkstemp(temp.data());
  const int mkstemp_errno = errno;
  if (fd >= 0) std::memcpy(g_temp_path, temp.c_str(), temp.size() + 1);
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  if (fd < 0) return std::strerror(mkstemp_errno);
  std::string error;
  // Pieces are gathered up to a megabyte per write: a plan comes a job at a time.
  std::string buffer;
  auto flush = [&] {
    if (error.empty() && !write_all(fd, buffer)) error = std::strerror(errno);
    buffer.clear();
  };
  produce([&](std::string_view piece) {
    buffer.append(piece);
    if (buffer.size() >= (1u << 20)) flush();
  });
  flush();
  if (error.empty() && ::fsync(fd) != 0) error = std::strerror(errno);
  // mkstemp makes the file 0600: give it the old file's mode, or what a new file gets.
  mode_t mode = existing.st_mode & 07777;
  if (!exists) {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (error.empty() && ::fchmod(fd, mode) != 0) error = std::strerror(errno);
  if (::close(fd) != 0 && error.empty()) error = std::strerror(errno);
  if (error.empty() && ::rename(temp.c_str(), path.c_str()) != 0) error = std::strerror(errno);
  if (!error.empty()) ::unlink(temp.c_str());
  return error;
}

std::string write_atomically(const std::string& path, std::string_view content) {
  return write_atomically(path, [&](const Sink& sink) { sink(content); });
}

// Fails only for an invalid signal number, and SIGPIPE is valid.
void ignore_sigpipe() { (void)std::signal(SIGPIPE, SIG_IGN); }

std::string emit(const std::string& path, std::string_view content) {
  return emit(path, [&](const Sink& sink) { sink(content); });
}

std::string emit(const std::string& path, const Producer& produce) {
  if (!path.empty() && path != "-") return write_atomically(path, produce);
  std::string error;
  bool closed = false;  // the reader went away: drop the rest quietly
  produce([&](std::string_view piece) {
    if (closed || !error.empty()) return;
    errno = 0;
    if (std::fwrite(piece.data(), 1, piece.size(), stdout) != piece.size()) {
      if (errno == EPIPE) closed = true;
      else error = std::strerror(errno);
    }
  });
  if (!closed && error.empty() && std::fflush(stdout) != 0 && errno != EPIPE) error = std::strerror(errno);
  return error;
}

}  // namespace allot::cli
