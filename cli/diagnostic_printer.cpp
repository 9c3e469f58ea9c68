#include "cli/diagnostic_printer.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "policy/parallel.hpp"

namespace allot::cli {
namespace {

constexpr std::string_view kReset = "\033[0m";
constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kRed = "\033[1;31m";
constexpr std::string_view kMagenta = "\033[1;35m";
constexpr std::string_view kCyan = "\033[1;36m";
constexpr std::string_view kGreen = "\033[1;32m";
constexpr std::size_t kWindow = 120;  // the most of one source line we quote
constexpr std::size_t kMaxQuotedFile = 64u << 20;  // larger files are not quoted

std::string paint(bool color, std::string_view style, std::string_view text) {
  if (!color) return std::string(text);
  return fmt::format("{}{}{}", style, text, kReset);
}

std::string_view severity_style(Severity s) {
  switch (s) {
    case Severity::error: return kRed;
    case Severity::warning: return kMagenta;
    case Severity::note: return kCyan;
  }
  return kRed;
}

void header(std::string& out, const Location& loc, Severity sev, std::string_view code,
            std::string_view message, bool color) {
  const std::string where = loc.known() ? loc.str() + ": " : (loc.file.empty() ? "allot: " : loc.file.str() + ": ");
  const std::string label = code.empty() ? std::string(to_string(sev))
                                         : fmt::format("{}[{}]", to_string(sev), code);
  out += paint(color, kBold, where) + paint(color, severity_style(sev), label) + ": " +
         paint(color, kBold, message) + "\n";
}

/// A file's text to quote from: read on demand, but only text of a sane size (quoting is a
/// courtesy, not a must); empty if it cannot be read.
std::string quotable(const std::string& file) {
  std::string text;
  if (std::FILE* f = std::fopen(file.c_str(), "rb")) {
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() < kMaxQuotedFile) text.append(buf, n);
    (void)std::fclose(f);  // opened for reading: nothing lost if closing fails
    if (text.size() >= kMaxQuotedFile) text.clear();
  }
  return text;
}

}  // namespace

void SourceCache::preload(const Diagnostics& diags, unsigned threads) const {
  std::set<std::string> wanted;
  const auto want = [&](const Location& l) {
    if (l.known() && !files_.contains(l.file)) wanted.insert(l.file);
  };
  for (const auto& d : diags.list()) {
    want(d.location);
    for (const auto& n : d.notes)
      if (n.location) want(*n.location);
  }
  const std::vector<std::string> files(wanted.begin(), wanted.end());
  std::vector<std::string> texts(files.size());
  const std::size_t slices = slices_for(files.size(), threads, 16);
  for_each_slice(slices, threads, [&](std::size_t k) {
    for (std::size_t i = slice_begin(files.size(), slices, k); i < slice_begin(files.size(), slices, k + 1); ++i)
      texts[i] = quotable(files[i]);
  });
  for (std::size_t i = 0; i < files.size(); ++i) files_.emplace(files[i], std::move(texts[i]));
}

std::string_view SourceCache::line(const std::string& file, std::uint32_t line) const {
  if (line == 0) return {};
  auto it = files_.find(file);
  if (it == files_.end()) it = files_.emplace(file, quotable(file)).first;
  std::string_view text = it->second;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t start = 0;
  for (std::uint32_t l = 1; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  auto end = text.find('\n', start);
  auto out = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

std::string excerpt(std::string_view line, const Location& loc, bool color) {
  std::size_t col = loc.column == 0 ? 0 : loc.column - 1;
  std::string prefix, suffix;
  if (line.size() > kWindow) {
    const std::size_t begin = col > kWindow / 2 ? col - kWindow / 2 : 0;
    if (begin > 0) prefix = "...";
    if (begin + kWindow < line.size()) suffix = "...";
    line = line.substr(begin, kWindow);
    col = col - begin + prefix.size();
  }
  std::string shown;
  shown.reserve(prefix.size() + line.size() + suffix.size());
  shown.append(prefix).append(line).append(suffix);
  // Control bytes (a NUL in a binary file, say) would garble the terminal: one '?' each,
  // so columns stay where they were.
  for (auto& c : shown)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) c = '?';
  // Columns are bytes, but a terminal shows characters: UTF-8 continuation bytes take no
  // room, and tabs are copied so the caret lines up under them.
  auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  std::string gap;
  for (std::size_t i = 0; i < col && i < shown.size(); ++i)
    if (!continuation(shown[i])) gap += shown[i] == '\t' ? '\t' : ' ';
  if (col > shown.size()) gap += std::string(col - shown.size(), ' ');
  const std::size_t room = shown.size() > col ? shown.size() - col : 1;
  const std::size_t bytes = std::clamp<std::size_t>(loc.length, 1, std::max<std::size_t>(room, 1));
  std::size_t len = 0;
  for (std::size_t i = col; i < col + bytes && i < shown.size(); ++i) len += continuation(shown[i]) ? 0 : 1;
  std::string caret(std::max<std::size_t>(len, 1), '~');
  caret[0] = '^';
  const std::string number = fmt::format("{:>5}", loc.line);
  const std::string blank(number.size(), ' ');
  return fmt::format("{} | {}\n{} | {}{}\n", paint(color, kCyan, number), shown,
                     paint(color, kCyan, blank), gap, paint(color, kGreen, caret));
}

std::string format_diagnostic(const Diagnostic& d, const SourceCache& sources, bool color) {
  std::string text;
  header(text, d.location, d.severity, to_string(d.code), d.message, color);
  if (d.location.known()) {
    const auto line = sources.line(d.location.file, d.location.line);
    if (!line.empty() || d.location.column <= 1) text += excerpt(line, d.location, color);
  }
  for (const auto& n : d.notes) {
    if (n.location && n.location->known()) {
      header(text, *n.location, Severity::note, {}, n.message, color);
      const auto line = sources.line(n.location->file, n.location->line);
      if (!line.empty()) text += excerpt(line, *n.location, color);
    } else {
      text += fmt::format("  {}: {}\n", paint(color, kCyan, "note"), n.message);
    }
  }
  return text;
}

void print_diagnostic(std::FILE* out, const Diagnostic& d, const SourceCache& sources, bool color) {
  // Like print_err(): a closed stream drops the message, the exit status still tells.
  (void)std::fputs(format_diagnostic(d, sources, color).c_str(), out);
}

void format_diagnostics(const Diagnostics& diags, const SourceCache& sources, bool color, unsigned threads,
                        const std::function<void(std::string_view)>& out) {
  const auto& list = diags.list();
  // Below a few hundred findings a thread costs more than it saves.
  const std::size_t slices = slices_for(list.size(), threads, 128);
  sources.preload(diags, slices > 1 ? threads : 1);  // line() then only looks up, safely from any thread
  std::vector<std::string> parts(slices);
  for_each_slice(slices, threads, [&](std::size_t k) {
    for (std::size_t i = slice_begin(list.size(), slices, k); i < slice_begin(list.size(), slices, k + 1); ++i)
      parts[k] += format_diagnostic(list[i], sources, color);
  });
  // Handed over as they are: joining them first would copy the whole report once more.
  for (const auto& p : parts) out(p);
}

void print_diagnostics(std::FILE* out, const Diagnostics& diags, const SourceCache& sources, bool color) {
  for (const auto& d : diags.list()) print_diagnostic(out, d, sources, color);
}

}  // namespace allot::cli
