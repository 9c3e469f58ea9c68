// The parser: every syntax message with its exact position, recovery after an error,
// the encoding and size checks, and the syntax tree it builds.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "grammar/parser.hpp"
#include "grammar/ast.hpp"
#include "tests/support.hpp"

using namespace allot;
using allot::test::Expected;

namespace {

const std::string kFile = "t.allot";

/// The diagnostics of parsing `text` (syntax only, no whole-file checks).
Diagnostics parse_diags(std::string_view text) {
  Diagnostics diags;
  (void)grammar::parse(text, kFile, diags);
  return diags;
}

/// Checks that parsing `text` gives exactly the diagnostics `expected`, in order, none with notes.
void expect_diags(std::string_view text, const std::vector<Expected>& expected) {
  const Diagnostics diags = parse_diags(text);
  test::expect_diagnostics(diags, expected, kFile, text);
  for (const auto& d : diags.list()) BOOST_TEST(d.notes.empty(), to_string(d.code) << " has notes");
}

/// One syntax error: P001 at line:col, `length` bytes, with `message`.
Expected syntax(std::uint32_t line, std::uint32_t col, std::string message, std::uint32_t length = 0) {
  return {"P001", Severity::error, line, col, std::move(message), length};
}

const std::string kHead = "policy p\nresource gpu count\n";

template <typename T>
const T& item(const ast::File& f, std::size_t i) {
  BOOST_TEST_REQUIRE(i < f.items.size());
  BOOST_TEST_REQUIRE(std::holds_alternative<T>(f.items[i]), "item " << i << " has another type");
  return std::get<T>(f.items[i]);
}

void expect_token(const ast::Token& t, std::string_view text, std::uint32_t line, std::uint32_t col) {
  BOOST_TEST(t.text == text);
  BOOST_TEST(t.location.line == line, "'" << text << "' line");
  BOOST_TEST(t.location.column == col, "'" << text << "' column");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(grammar_parser)

// One test per message in grammar/errors.hpp.

BOOST_AUTO_TEST_CASE(message_item) {
  expect_diags("policy p\nbogus x\n",
               {syntax(2, 1, "expected 'policy', 'resource', 'tier', 'default' or 'assign', found 'bogus'", 5)});
  // A keyword that runs into more letters is reported as the whole word.
  expect_diags("policy p\n  assignx tier a\n",
               {syntax(2, 3, "expected 'policy', 'resource', 'tier', 'default' or 'assign', found 'assignx'", 7)});
  expect_diags("policy p\n}\n",
               {syntax(2, 1, "expected 'policy', 'resource', 'tier', 'default' or 'assign', found '}'", 1)});
}

BOOST_AUTO_TEST_CASE(message_policy_name) {
  expect_diags("policy 42\n", {syntax(1, 8, "expected a policy name after 'policy', found '42'", 2)});
  expect_diags("policy", {syntax(1, 7, "expected a policy name after 'policy', found end of file", 1)});
}

BOOST_AUTO_TEST_CASE(message_resource_name) {
  expect_diags("policy p\nresource {\n",
               {syntax(2, 10, "expected a resource name after 'resource', found '{'", 1)});
}

BOOST_AUTO_TEST_CASE(message_resource_kind) {
  expect_diags("policy p\nresource gpu\n",
               {syntax(3, 1, "expected the resource kind, 'count' or 'bytes', after the resource name, found end of file")});
  expect_diags("policy p\nresource gpu\nresource memory bytes\n",
               {syntax(3, 1,
                       "expected the resource kind, 'count' or 'bytes', after the resource name, found 'resource'",
                       8)});
}

BOOST_AUTO_TEST_CASE(message_tier_name) {
  expect_diags(kHead + "tier {\n}\n", {syntax(3, 6, "expected a tier name after 'tier', found '{'")});
  expect_diags(kHead + "tier default {\n}\n", {syntax(3, 6, "expected a tier name after 'tier', found 'default'", 7)});
}

BOOST_AUTO_TEST_CASE(message_parent_name) {
  expect_diags(kHead + "tier a extends {\n}\n",
               {syntax(3, 16, "expected the name of the parent tier after 'extends', found '{'")});
}

BOOST_AUTO_TEST_CASE(message_tier_open) {
  expect_diags(kHead + "tier a per user { gpu <= 1 }\n",
               {syntax(3, 8, "expected '{' after the tier name, found 'per'", 3)});
}

BOOST_AUTO_TEST_CASE(message_tier_close) {
  expect_diags(kHead + "tier a {\n  gpu <= 1\n}\n",
               {syntax(4, 3, "expected 'per SCOPE { ... }' or '}' to close the tier, found 'gpu'", 3)});
  // A missing '}' is found at the next statement, not somewhere inside it.
  expect_diags(kHead + "tier a {\n  per user { gpu <= 1 }\n\ntier b {\n}\n",
               {syntax(6, 1, "expected 'per SCOPE { ... }' or '}' to close the tier, found 'tier'", 4)});
}

BOOST_AUTO_TEST_CASE(message_scope_name) {
  expect_diags(kHead + "tier a {\n  per {\n",
               {syntax(4, 7, "expected a scope (user, node, cluster, job or team) after 'per', found '{'")});
}

BOOST_AUTO_TEST_CASE(message_scope_open) {
  expect_diags(kHead + "tier a {\n  per user gpu <= 1 }\n}\n",
               {syntax(4, 12, "expected '{' after the scope name, found 'gpu'", 3)});
}

BOOST_AUTO_TEST_CASE(message_scope_close) {
  expect_diags(kHead + "tier a {\n  per user { 16 }\n}\n",
               {syntax(4, 14, "expected a limit such as 'gpu <= 16', or '}' to close the scope, found '16'", 2)});
  expect_diags(kHead + "tier a {\n  per user { gpu <= 1\n",
               {syntax(5, 1, "expected a limit such as 'gpu <= 16', or '}' to close the scope, found end of file")});
}

BOOST_AUTO_TEST_CASE(message_le) {
  expect_diags(kHead + "tier a {\n  per user { gpu = 1 }\n}\n",
               {syntax(4, 18, "expected '<=' after the resource name, found '='", 1)});
  expect_diags(kHead + "tier a {\n  per user { gpu 16 }\n}\n",
               {syntax(4, 18, "expected '<=' after the resource name, found '16'", 2)});
}

BOOST_AUTO_TEST_CASE(message_limit_max) {
  const std::string msg = "expected a quantity such as '16', '0.5', '500m' or '512GB' after '<='";
  expect_diags(kHead + "tier a {\n  per user { gpu <= }\n}\n", {syntax(4, 21, msg + ", found '}'", 1)});
  // The error covers the whole broken token, from its first byte.
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16x1 }\n}\n", {syntax(4, 21, msg + ", found '16x1'", 4)});
  expect_diags(kHead + "tier a {\n  per user { gpu <= -1 }\n}\n", {syntax(4, 21, msg + ", found '-1'", 2)});
}

BOOST_AUTO_TEST_CASE(message_kw_at) {
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16 warn 75% }\n}\n",
               {syntax(4, 29, "expected 'at' after 'warn', found '75'", 2)});
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16 warn att 75% }\n}\n",
               {syntax(4, 29, "expected 'at' after 'warn', found 'att'", 3)});
}

BOOST_AUTO_TEST_CASE(message_warn_value) {
  const std::string msg = "expected a quantity or a percentage such as '75%' after 'warn at'";
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16 warn at }\n}\n", {syntax(4, 32, msg + ", found '}'")});
  expect_diags(kHead + "tier a {\n  per user { gpu <= 16 warn at 9x9 }\n}\n",
               {syntax(4, 32, msg + ", found '9x9'", 3)});
}

BOOST_AUTO_TEST_CASE(message_default_tier) {
  expect_diags(kHead + "default standard\n", {syntax(3, 9, "expected 'tier' after 'default', found 'standard'", 8)});
  expect_diags(kHead + "default tiers a\n", {syntax(3, 9, "expected 'tier' after 'default', found 'tiers'", 5)});
}

BOOST_AUTO_TEST_CASE(message_assign_tier_kw) {
  expect_diags(kHead + "assign research to user \"x\"\n",
               {syntax(3, 8, "expected 'tier' after 'assign', found 'research'", 8)});
}

BOOST_AUTO_TEST_CASE(message_default_name) {
  expect_diags(kHead + "default tier 42\n", {syntax(3, 14, "expected a tier name after 'default tier', found '42'")});
  expect_diags(kHead + "default tier\n",
               {syntax(4, 1, "expected a tier name after 'default tier', found end of file")});
}

BOOST_AUTO_TEST_CASE(message_assign_tier) {
  expect_diags(kHead + "assign tier \"a\" to user \"x\"\n",
               {syntax(3, 13, "expected a tier name after 'assign tier', found '\"'", 1)});
}

BOOST_AUTO_TEST_CASE(message_kw_to) {
  expect_diags(kHead + "assign tier a user \"x\"\n",
               {syntax(3, 15, "expected 'to' after the tier name, found 'user'", 4)});
}

BOOST_AUTO_TEST_CASE(message_selector) {
  const std::string msg = "expected 'user \"NAME\"' or 'team \"NAME\"'";
  expect_diags(kHead + "assign tier a to group \"x\"\n", {syntax(3, 18, msg + ", found 'group'", 5)});
  expect_diags(kHead + "assign tier a to teams \"x\"\n", {syntax(3, 18, msg + ", found 'teams'", 5)});
  expect_diags(kHead + "assign tier a to user \"x\",\n", {syntax(4, 1, msg + ", found end of file")});
}

BOOST_AUTO_TEST_CASE(message_user_pattern) {
  expect_diags(kHead + "assign tier a to user alice\n",
               {syntax(3, 23, "expected a quoted user name such as \"alice\" or \"ml-*\", found 'alice'", 5)});
}

BOOST_AUTO_TEST_CASE(message_team_pattern) {
  expect_diags(kHead + "assign tier a to user \"x\", team ml\n",
               {syntax(3, 33, "expected a quoted team name such as \"ml-research\" or \"ml-*\", found 'ml'", 2)});
}

BOOST_AUTO_TEST_CASE(message_close_quote) {
  // An unterminated name is reported where it ends, and the message has no raw newline.
  expect_diags(kHead + "assign tier a to user \"alice\ndefault tier a\n",
               {syntax(3, 29, "expected '\"' to close the quoted name, found end of line", 1)});
  expect_diags(kHead + "assign tier a to user \"alice\r\n",
               {syntax(3, 29, "expected '\"' to close the quoted name, found end of line", 1)});
  expect_diags(kHead + "assign tier a to team \"ml", {syntax(3, 26, "expected '\"' to close the quoted name, found end of file")});
  expect_diags(kHead + "assign tier a to user \"a\\b\"\n",
               {syntax(3, 25, "expected '\"' to close the quoted name, found '\\'", 1)});
}

BOOST_AUTO_TEST_CASE(several_errors_recover_at_the_next_statement) {
  // Three broken statements; the stray lines after each error must not add errors.
  const std::string text =
      "policy p\n"                         // 1
      "resource gpu count\n"               // 2
      "tier a {\n"                         // 3
      "  per user { gpu <= }\n"            // 4  error
      "  per node { gpu <= 4 }\n"          // 5  skipped
      "}\n"                                // 6  skipped
      "tier b {\n"                         // 7  parsed
      "  per user { gpu <= 2 }\n"          // 8
      "}\n"                                // 9
      "  tier c { per user { gpu = 1 } }\n"  // 10 error (indented: no recovery point)
      "  default tier b\n"                 // 11 skipped
      "default tier a\n"                   // 12 parsed
      "assign tier b to group \"x\"\n"     // 13 error
      "  }\n"                              // 14 skipped
      "assign tier b to user \"y\"\n";     // 15 parsed
  expect_diags(text, {
      syntax(4, 21, "expected a quantity such as '16', '0.5', '500m' or '512GB' after '<=', found '}'"),
      syntax(10, 27, "expected '<=' after the resource name, found '='"),
      syntax(13, 18, "expected 'user \"NAME\"' or 'team \"NAME\"', found 'group'"),
  });

  Diagnostics diags;
  const ast::File f = grammar::parse(text, kFile, diags);
  BOOST_TEST_REQUIRE(f.items.size() == 5u);  // policy, resource, tier b, default, assign
  expect_token(item<ast::TierDecl>(f, 2).name, "b", 7, 6);
  expect_token(item<ast::DefaultDecl>(f, 3).tier, "a", 12, 14);
  expect_token(item<ast::AssignDecl>(f, 4).selectors.at(0).pattern, "y", 15, 23);
}

BOOST_AUTO_TEST_CASE(syntax_errors_stop_the_whole_file_checks) {
  Diagnostics diags;
  const Policy p = grammar::load(kHead + "tier a {\n  per user { gpuz <= 1 memory <= }\n}\ndefault tier nope\n",
                                 kFile, diags);
  BOOST_TEST_REQUIRE(diags.list().size() == 1u, test::describe(diags));
  BOOST_TEST(to_string(diags.list()[0].code) == "P001");
  BOOST_TEST(p.tiers.empty());
  BOOST_TEST(p.file == kFile);
}

BOOST_AUTO_TEST_CASE(too_many_errors_are_capped) {
  std::string text;
  for (int i = 0; i < 25; ++i) text += "policy 1\n";
  const Diagnostics diags = parse_diags(text);
  BOOST_TEST_REQUIRE(diags.list().size() == grammar::kMaxSyntaxErrors + 1, test::describe(diags));
  for (std::size_t i = 0; i < grammar::kMaxSyntaxErrors; ++i) {
    const auto& d = diags.list()[i];
    BOOST_TEST(to_string(d.code) == "P001");
    BOOST_TEST(d.location.line == i + 1);
    BOOST_TEST(d.location.column == 8u);
    BOOST_TEST(d.message == "expected a policy name after 'policy', found '1'");
  }
  const auto& last = diags.list().back();
  BOOST_TEST(to_string(last.code) == "P001");
  BOOST_TEST(last.severity == Severity::error);
  BOOST_TEST(last.message == "too many syntax errors; stopped after 20");
  BOOST_TEST(!last.location.known());
  BOOST_TEST(last.location.file == kFile);

  // Exactly the cap: no extra diagnostic.
  text.clear();
  for (std::size_t i = 0; i < grammar::kMaxSyntaxErrors - 1; ++i) text += "policy 1\n";
  BOOST_TEST(parse_diags(text).list().size() == grammar::kMaxSyntaxErrors - 1);
}

BOOST_AUTO_TEST_CASE(resource_without_kind_is_not_in_the_tree) {
  // The error is found at the next statement, which then parses on its own.
  Diagnostics diags;
  const ast::File f = grammar::parse("policy p\nresource gpu\nresource memory bytes\n", kFile, diags);
  BOOST_TEST(diags.errors() == 1u);
  BOOST_TEST_REQUIRE(f.items.size() == 2u);
  BOOST_TEST(std::holds_alternative<ast::PolicyDecl>(f.items[0]));
  const auto& r = item<ast::ResourceDecl>(f, 1);
  expect_token(r.name, "memory", 3, 10);
  expect_token(r.kind, "bytes", 3, 17);
}

BOOST_AUTO_TEST_CASE(nul_byte_is_p002) {
  std::string text = "policy p\nresource gpu";
  text += '\0';
  text += " count\n";
  expect_diags(text, {{"P002", Severity::error, 2, 13, "NUL byte in policy; is this a binary file?", 1}});
  Diagnostics diags;
  BOOST_TEST(grammar::parse(text, kFile, diags).items.empty());  // not parsed at all
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_p002) {
  struct Case {
    std::string text;
    std::uint32_t line, column;
    std::string byte;
  };
  const std::vector<Case> cases = {
      {"policy p\n# caf\xE9\n", 2, 6, "E9"},                    // Latin-1
      {"policy p # \xC0\xAF\n", 1, 12, "C0"},                   // overlong '/'
      {"# \xED\xA0\x80\n", 1, 3, "ED"},                         // a UTF-16 surrogate
      {"# \xF4\x90\x80\x80\n", 1, 3, "F4"},                     // above U+10FFFF
      {"# \xE2\x82", 1, 3, "E2"},                               // cut short by the end
      {"# \xE2\x82x\n", 1, 3, "E2"},                            // cut short by ASCII
      {"# \x80\n", 1, 3, "80"},                                 // a lone continuation byte
      {"# \xC3\xA9\xFF\n", 1, 5, "FF"},                         // columns count bytes
      {"policy p\n\n  # \xF8\x88\x80\x80\x80\n", 3, 5, "F8"},   // five-byte form
  };
  for (const auto& c : cases)
    expect_diags(c.text, {{"P002", Severity::error, c.line, c.column,
                           "invalid UTF-8 byte 0x" + c.byte + "; policies must be UTF-8 text", 1}});
  // Well-formed multi-byte text is fine, in comments and in quoted names.
  expect_diags("# caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80\npolicy p\nassign tier a to user \"jos\xC3\xA9\"\n", {});
}

BOOST_AUTO_TEST_CASE(byte_order_mark_is_skipped) {
  Diagnostics diags;
  const ast::File f = grammar::parse("\xEF\xBB\xBFpolicy p\n", kFile, diags);
  BOOST_TEST(diags.empty(), test::describe(diags));
  const auto& p = item<ast::PolicyDecl>(f, 0);
  BOOST_TEST(p.location.line == 1u);
  BOOST_TEST(p.location.column == 1u);
  expect_token(p.name, "p", 1, 8);
  // Positions after a BOM count from the first character after it.
  expect_diags("\xEF\xBB\xBFpolicy 1\n", {syntax(1, 8, "expected a policy name after 'policy', found '1'")});
}

BOOST_AUTO_TEST_CASE(file_too_large_is_p005) {
  const std::string big(grammar::kMaxPolicyBytes + 1, ' ');
  expect_diags(big, {{"P005", Severity::error, 0, 0,
                      "policy is 16777217 bytes, larger than the 16777216 bytes allot reads", 1}});
  // Exactly the limit is read.
  std::string fits = "policy p\n#";
  fits.resize(grammar::kMaxPolicyBytes, 'x');
  expect_diags(fits, {});
}

BOOST_AUTO_TEST_CASE(empty_file_is_missing_its_policy) {
  for (const std::string text : {"", "\n\n", "# only a comment\n", "\xEF\xBB\xBF"}) {
    Diagnostics diags;
    const ast::File f = grammar::parse(text, kFile, diags);
    BOOST_TEST(diags.empty());
    BOOST_TEST(f.items.empty());
    (void)grammar::load(text, kFile, diags);
    BOOST_TEST_REQUIRE(diags.list().size() == 1u, test::describe(diags));
    const auto& d = diags.list()[0];
    BOOST_TEST(test::mismatch(d, {"P003", Severity::error, 1, 1,
                                  "missing policy declaration; a policy file starts with 'policy NAME'", 1}) == "");
  }
}

BOOST_AUTO_TEST_CASE(tiers_example_tree) {
  const std::string text = test::read_text(test::source_path("examples/tiers.allot"));
  Diagnostics diags;
  const ast::File f = grammar::parse(text, "examples/tiers.allot", diags);
  BOOST_TEST_REQUIRE(diags.empty(), test::describe(diags));
  BOOST_TEST(f.name == "examples/tiers.allot");
  BOOST_TEST_REQUIRE(f.items.size() == 11u);

  const auto& policy = item<ast::PolicyDecl>(f, 0);
  BOOST_TEST(policy.location.line == 2u);
  expect_token(policy.name, "swarm-tiers", 2, 8);
  BOOST_TEST(policy.name.location.file == "examples/tiers.allot");
  BOOST_TEST(policy.name.location.length == 11u);

  const char* resources[][2] = {{"gpu", "count"}, {"vcpu", "count"}, {"memory", "bytes"}, {"storage", "bytes"}};
  for (std::uint32_t i = 0; i < 4; ++i) {
    const auto& r = item<ast::ResourceDecl>(f, 1 + i);
    BOOST_TEST(r.location.line == 4 + i);
    BOOST_TEST(r.location.column == 1u);
    expect_token(r.name, resources[i][0], 4 + i, 10);
    expect_token(r.kind, resources[i][1], 4 + i, 18);
  }

  const auto& standard = item<ast::TierDecl>(f, 5);
  BOOST_TEST(standard.location.line == 10u);
  expect_token(standard.name, "standard", 10, 6);
  BOOST_TEST(!standard.parent.has_value());
  BOOST_TEST(standard.last_line == 15u);
  BOOST_TEST_REQUIRE(standard.scopes.size() == 4u);
  const char* scopes[] = {"user", "node", "cluster", "job"};
  for (std::uint32_t i = 0; i < 4; ++i) {
    const auto& s = standard.scopes[i];
    BOOST_TEST(s.location.line == 11 + i);
    BOOST_TEST(s.location.column == 3u);
    expect_token(s.scope, scopes[i], 11 + i, 7);
    BOOST_TEST(s.last_line == 11 + i);
  }
  const auto& user = standard.scopes[0];
  BOOST_TEST_REQUIRE(user.limits.size() == 4u);
  expect_token(user.limits[0].resource, "gpu", 11, 17);
  expect_token(user.limits[0].max, "16", 11, 24);
  BOOST_TEST(!user.limits[0].warn.has_value());
  expect_token(user.limits[2].resource, "memory", 11, 55);
  expect_token(user.limits[2].max, "512GB", 11, 65);
  expect_token(user.limits[3].max, "10TB", 11, 83);
  const auto& job = standard.scopes[3];
  BOOST_TEST_REQUIRE(job.limits.size() == 1u);
  BOOST_TEST_REQUIRE(job.limits[0].warn.has_value());
  BOOST_TEST(job.limits[0].warn->percent);
  expect_token(job.limits[0].warn->value, "75", 14, 35);  // the number, without its '%'
  BOOST_TEST(job.limits[0].last_line == 14u);

  const auto& research = item<ast::TierDecl>(f, 6);
  expect_token(research.name, "research", 18, 6);
  BOOST_TEST_REQUIRE(research.parent.has_value());
  expect_token(*research.parent, "standard", 18, 23);
  BOOST_TEST(research.last_line == 22u);
  BOOST_TEST_REQUIRE(research.scopes.size() == 3u);
  const auto& ruser = research.scopes[0];
  BOOST_TEST_REQUIRE(ruser.limits.size() == 2u);
  BOOST_TEST_REQUIRE(ruser.limits[0].warn.has_value());
  BOOST_TEST(!ruser.limits[0].warn->percent);
  expect_token(ruser.limits[0].warn->value, "24", 19, 32);
  expect_token(ruser.limits[1].max, "1TiB", 19, 48);
  const auto& team = research.scopes[2];
  expect_token(team.scope, "team", 21, 7);
  BOOST_TEST_REQUIRE(team.limits.at(0).warn.has_value());
  BOOST_TEST(team.limits[0].warn->percent);
  expect_token(team.limits[0].warn->value, "90", 21, 33);

  const auto& free = item<ast::TierDecl>(f, 7);
  expect_token(free.name, "free", 25, 6);
  expect_token(*free.parent, "standard", 25, 19);
  BOOST_TEST(free.scopes.size() == 2u);
  BOOST_TEST(free.scopes[1].limits.size() == 2u);

  const auto& def = item<ast::DefaultDecl>(f, 8);
  BOOST_TEST(def.location.line == 30u);
  expect_token(def.tier, "standard", 30, 14);

  const auto& a1 = item<ast::AssignDecl>(f, 9);
  BOOST_TEST(a1.location.line == 31u);
  BOOST_TEST(a1.location.column == 1u);
  expect_token(a1.tier, "research", 31, 13);
  BOOST_TEST(a1.last_line == 31u);
  BOOST_TEST_REQUIRE(a1.selectors.size() == 2u);
  BOOST_TEST((a1.selectors[0].kind == ast::Selector::Kind::team));
  expect_token(a1.selectors[0].pattern, "ml-*", 31, 30);  // at the opening quote, text unquoted
  BOOST_TEST(a1.selectors[0].pattern.location.length == 6u);
  BOOST_TEST((a1.selectors[1].kind == ast::Selector::Kind::user));
  expect_token(a1.selectors[1].pattern, "alice", 31, 43);

  const auto& a2 = item<ast::AssignDecl>(f, 10);
  expect_token(a2.tier, "free", 32, 13);
  BOOST_TEST_REQUIRE(a2.selectors.size() == 1u);
  expect_token(a2.selectors[0].pattern, "trial-*", 32, 26);

  BOOST_TEST_REQUIRE(f.comments.size() == 4u);
  const std::uint32_t comment_lines[] = {1, 9, 17, 24};
  for (std::size_t i = 0; i < 4; ++i) {
    BOOST_TEST(f.comments[i].location.line == comment_lines[i]);
    BOOST_TEST(f.comments[i].location.column == 1u);
  }
  BOOST_TEST(f.comments[0].text == " Limit tiers for a Swarm deployment with a research programme and a free tier.");
  BOOST_TEST(f.comments[3].text == " Trial accounts: small and bounded.");

  BOOST_TEST(ast::first_line(f.items[5]) == 10u);
  BOOST_TEST(ast::last_line(f.items[5]) == 15u);
  BOOST_TEST(ast::last_line(f.items[1]) == 4u);
}

BOOST_AUTO_TEST_CASE(selectors_are_unescaped) {
  Diagnostics diags;
  const ast::File f =
      grammar::parse("assign tier a to user \"a\\\"b\\\\c\", team \"\", user \"\\\\\"\n", kFile, diags);
  BOOST_TEST_REQUIRE(diags.empty(), test::describe(diags));
  const auto& a = item<ast::AssignDecl>(f, 0);
  BOOST_TEST_REQUIRE(a.selectors.size() == 3u);
  expect_token(a.selectors[0].pattern, "a\"b\\c", 1, 23);
  BOOST_TEST(a.selectors[0].pattern.location.length == 9u);  // as written, quotes included
  expect_token(a.selectors[1].pattern, "", 1, 39);
  BOOST_TEST((a.selectors[1].kind == ast::Selector::Kind::team));
  expect_token(a.selectors[2].pattern, "\\", 1, 48);
}

BOOST_AUTO_TEST_CASE(crlf_gives_the_same_tree) {
  const std::string lf = test::read_text(test::source_path("examples/tiers.allot"));
  Diagnostics d1, d2;
  const ast::File a = grammar::parse(lf, kFile, d1);
  const ast::File b = grammar::parse(test::crlf(lf), kFile, d2);
  BOOST_TEST(d1.empty());
  BOOST_TEST(d2.empty(), test::describe(d2));
  BOOST_TEST_REQUIRE(a.items.size() == b.items.size());
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    BOOST_TEST(ast::first_line(a.items[i]) == ast::first_line(b.items[i]));
    BOOST_TEST(ast::last_line(a.items[i]) == ast::last_line(b.items[i]));
  }
  const auto& ta = item<ast::TierDecl>(a, 6);
  const auto& tb = item<ast::TierDecl>(b, 6);
  BOOST_TEST(ta.scopes.size() == tb.scopes.size());
  BOOST_TEST(tb.scopes[2].limits[0].warn->value.location == ta.scopes[2].limits[0].warn->value.location);
  BOOST_TEST_REQUIRE(a.comments.size() == b.comments.size());
  for (std::size_t i = 0; i < a.comments.size(); ++i) {
    BOOST_TEST(b.comments[i].text == a.comments[i].text);  // no '\r' kept
    BOOST_TEST(b.comments[i].location.line == a.comments[i].location.line);
    BOOST_TEST(b.comments[i].location.column == a.comments[i].location.column);
  }
  // Errors after CRLF lines are on the right line and column.
  expect_diags("policy p\r\nresource gpu count\r\ntier a {\r\n  per user { gpu = 1 }\r\n}\r\n",
               {syntax(4, 18, "expected '<=' after the resource name, found '='")});
}

BOOST_AUTO_TEST_SUITE_END()
