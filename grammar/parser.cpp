#include "grammar/parser.hpp"

#include <vector>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include <fmt/format.h>

#include "grammar/actions.hpp"
#include "grammar/errors.hpp"
#include "grammar/rules.hpp"
#include "grammar/lower.hpp"

namespace allot::grammar {
namespace pegtl = tao::pegtl;

namespace {

using Input = pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf>;

/// The parse state plus where each rule with an error message started, innermost last.
struct ParseState : State {
  std::vector<Input::iterator_t> starts;
};

/// Like must_if<errors>: a rule with a message raises it when it fails. The error points
/// at the rule's first byte, not where it stopped: a rule that consumed part of its input
/// ("16x1", "assignx", "att") reports the whole token, not a piece of it.
template <typename Rule>
struct Control : pegtl::normal<Rule> {
  static constexpr bool reports = errors::message<Rule> != nullptr;

  template <typename ParseInput>
  static void start(const ParseInput& in, ParseState& s) {
    if constexpr (reports) s.starts.push_back(in.iterator());
  }
  template <typename ParseInput>
  static void success(const ParseInput&, ParseState& s) {
    if constexpr (reports) s.starts.pop_back();
  }
  template <typename ParseInput>
  static void failure(const ParseInput& in, ParseState& s) {
    if constexpr (reports) throw pegtl::parse_error(errors::message<Rule>, in.position(s.starts.back()));
  }
};

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/// The length of a well-formed UTF-8 sequence starting at `s[i]`, or 0 if it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  unsigned min = 0;
  if (b < 0x80) return b == 0 ? 0 : 1;
  if ((b & 0xE0) == 0xC0) n = 2, min = 0x80;
  else if ((b & 0xF0) == 0xE0) n = 3, min = 0x800;
  else if ((b & 0xF8) == 0xF0) n = 4, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  unsigned cp = b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

/// Line and column (from 1) of byte `offset`.
Location locate(std::string_view s, std::size_t offset, const std::string& file) {
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (s[i] == '\n') ++line, line_start = i + 1;
  return {file, line, static_cast<std::uint32_t>(offset - line_start + 1), 1};
}

/// Rejects what is not text before the grammar sees it: NUL bytes and invalid UTF-8.
bool check_encoding(std::string_view s, const std::string& file, Diagnostics& diags) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) {
      diags.error(Code::PolicyNotText, locate(s, i, file),
                  s[i] == 0 ? "NUL byte in policy; is this a binary file?"
                            : fmt::format("invalid UTF-8 byte 0x{:02X}; policies must be UTF-8 text",
                                          static_cast<unsigned char>(s[i])));
      return false;
    }
    i += n;
  }
  return true;
}

/// How to name what stands at `offset` in an error message, and how long it is.
std::pair<std::string, std::size_t> found_at(std::string_view s, std::size_t offset) {
  if (offset >= s.size()) return {"end of file", 1};
  if (s[offset] == '\n' || s.substr(offset, 2) == "\r\n") return {"end of line", 1};
  std::size_t end = offset;
  while (end < s.size() && ident_char(s[end])) ++end;
  if (end > offset) {
    const auto word = s.substr(offset, std::min<std::size_t>(end - offset, 40));
    return {fmt::format("'{}'", word), end - offset};
  }
  const std::size_t n = std::max<std::size_t>(utf8_length(s, offset), 1);
  return {fmt::format("'{}'", s.substr(offset, n)), 1};
}

bool starts_statement(std::string_view line) {
  for (std::string_view kw : {"policy", "resource", "tier", "default", "assign"})
    if (line.substr(0, kw.size()) == kw && (line.size() == kw.size() || !ident_char(line[kw.size()])))
      return true;
  return false;
}

/// The offset of the next line after `offset` that begins with a statement keyword.
std::size_t recovery_point(std::string_view s, std::size_t offset) {
  std::size_t i = s.find('\n', offset);
  while (i != std::string_view::npos) {
    ++i;
    if (starts_statement(s.substr(i))) return i;
    i = s.find('\n', i);
  }
  return s.size();
}

}  // namespace

ast::File parse(std::string_view source, const std::string& filename, Diagnostics& diags) {
  ParseState state;
  state.file.name = filename;
  if (source.size() > kMaxPolicyBytes) {
    diags.error(Code::PolicyTooLarge, Location{filename, 0, 0, 1},
                fmt::format("policy is {} bytes, larger than the {} bytes allot reads", source.size(),
                            kMaxPolicyBytes));
    return std::move(state.file);
  }
  if (source.substr(0, 3) == "\xEF\xBB\xBF") source.remove_prefix(3);  // a BOM carries no meaning
  if (!check_encoding(source, filename, diags)) return std::move(state.file);

  Input in(source.data(), source.size(), filename);
  pegtl::parse<rules::sep, action>(in, state);
  std::size_t errors = 0;
  while (!in.empty()) {
    try {
      state.starts.clear();
      pegtl::parse<rules::statement, action, Control>(in, state);
    } catch (const pegtl::parse_error& e) {
      const auto& pos = e.positions().front();
      const auto [found, length] = found_at(source, pos.byte);
      diags.error(Code::PolicySyntax,
                  Location{filename, static_cast<std::uint32_t>(pos.line),
                           static_cast<std::uint32_t>(pos.column), static_cast<std::uint32_t>(length)},
                  fmt::format("{}, found {}", e.message(), found));
      if (++errors == kMaxSyntaxErrors) {
        diags.error(Code::PolicySyntax, Location{filename, 0, 0, 1},
                    fmt::format("too many syntax errors; stopped after {}", kMaxSyntaxErrors));
        break;
      }
      const std::size_t here = in.iterator().byte;
      const std::size_t next = recovery_point(source, here);
      in.bump(next - here);
    }
  }
  for (auto& [offset, comment] : state.comments) state.file.comments.push_back(std::move(comment));
  return std::move(state.file);
}

Policy load(std::string_view source, const std::string& filename, Diagnostics& diags) {
  const std::size_t before = diags.errors();
  const ast::File file = parse(source, filename, diags);
  if (diags.errors() != before) {
    Policy p;
    p.file = filename;
    return p;
  }
  Diagnostics found;
  Policy policy = lower(file, found);
  found.sort();
  diags.append(found);
  return policy;
}

std::size_t analyze_grammar() {
  return pegtl::analyze<rules::file>(-1) + pegtl::analyze<rules::statement>(-1);
}

}  // namespace allot::grammar
