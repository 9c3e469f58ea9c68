#include "tests/support.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "grammar/parser.hpp"

namespace allot::test {

std::string source_path(std::string_view relative) {
  return std::string(ALLOT_SOURCE_DIR) + "/" + std::string(relative);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string describe(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) {
    out += std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + "+" +
           std::to_string(d.location.length) + " " + std::string(to_string(d.severity)) + "[" + std::string(to_string(d.code)) +
           "] " + d.message + "\n";
    for (const auto& n : d.notes) {
      out += "  note: " + n.message;
      if (n.location) out += " @" + std::to_string(n.location->line) + ":" + std::to_string(n.location->column);
      out += "\n";
    }
  }
  return out.empty() ? "(no diagnostics)\n" : out;
}

std::string describe(const Diagnostics& diags) { return describe(diags.list()); }

Expected error(std::string code, std::uint32_t line, std::uint32_t column, std::string message, std::uint32_t length) {
  return {std::move(code), Severity::error, line, column, std::move(message), length};
}

Expected warning(std::string code, std::uint32_t line, std::uint32_t column, std::string message, std::uint32_t length) {
  return {std::move(code), Severity::warning, line, column, std::move(message), length};
}

std::string mismatch(const Diagnostic& d, const Expected& e) {
  std::ostringstream out;
  if (to_string(d.code) != e.code) out << "code " << to_string(d.code) << " != " << e.code << "; ";
  if (d.severity != e.severity) out << "severity " << d.severity << " != " << e.severity << "; ";
  if (d.location.line != e.line || d.location.column != e.column)
    out << "position " << d.location.line << ":" << d.location.column << " != " << e.line << ":" << e.column
        << "; ";
  if (e.length != 0 && d.location.length != e.length)
    out << "length " << d.location.length << " != " << e.length << "; ";
  if (d.message != e.message) out << "message '" << d.message << "' != '" << e.message << "'; ";
  return out.str();
}

void expect_diagnostics(const std::vector<Diagnostic>& got, const std::vector<Expected>& want, std::string_view file,
                        std::string_view input) {
  const std::string for_input = input.empty() ? "" : "\nfor input:\n" + std::string(input);
  BOOST_TEST_REQUIRE(got.size() == want.size(),
                     "expected " << want.size() << " diagnostics, got:\n" << describe(got) << for_input);
  for (std::size_t i = 0; i < want.size(); ++i) {
    const std::string m = mismatch(got[i], want[i]);
    BOOST_TEST(m.empty(), "diagnostic " << i << ": " << m << "\n" << describe(got) << for_input);
    BOOST_TEST(got[i].location.file == file, "diagnostic " << i << " is in '" << got[i].location.file << "'");
  }
}

void expect_diagnostics(const Diagnostics& got, const std::vector<Expected>& want, std::string_view file,
                        std::string_view input) {
  expect_diagnostics(got.list(), want, file, input);
}

Policy load_policy(std::string_view text, std::string_view file, bool allow_warnings) {
  Diagnostics d;
  Policy p = grammar::load(text, std::string(file), d);
  if (allow_warnings)
    BOOST_TEST_REQUIRE(!d.has_errors(), file << " does not load:\n" << describe(d));
  else
    BOOST_TEST_REQUIRE(d.empty(), file << " does not load cleanly:\n" << describe(d));
  return p;
}

std::string policy_meaning(const Policy& p) {
  std::string out = "policy " + p.name + "\n";
  for (const auto& r : p.resources) out += fmt::format("resource {} {}\n", r.name, to_string(r.kind));
  for (const auto& t : p.tiers) {
    out += fmt::format("tier {} extends {}\n", t.name, t.parent.value_or("-"));
    for (Scope s : kScopes)
      for (std::size_t r = 0; r < p.resources.size(); ++r)
        if (const Limit* l = t.limit(s, r))
          out += fmt::format("  per {} {} max {} warn {} from {}\n", to_string(s), p.resources[r].name, l->max,
                             l->warn ? std::to_string(*l->warn) : "-", p.tiers[l->tier].name);
  }
  out += "default " + (p.default_tier ? p.tiers[*p.default_tier].name : std::string("-")) + "\n";
  for (const auto& a : p.assignments) {
    out += "assign " + p.tiers[a.tier].name;
    for (const auto& s : a.selectors) out += (s.kind == Selector::Kind::user ? " user " : " team ") + s.pattern;
    out += "\n";
  }
  return out;
}

}  // namespace allot::test
