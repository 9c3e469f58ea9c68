// The grammar rule by rule: each table row is an input and what the rule, followed by
// end of input, makes of it. `error` means the rule committed (matched a keyword or a
// name) and then failed under must<>, which is what turns into a P001 with a message.

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/parser.hpp"
#include "grammar/rules.hpp"
#include "tests/support.hpp"

namespace pegtl = tao::pegtl;
namespace rules = allot::grammar::rules;

namespace {

enum class Outcome { match, no_match, error };

const char* name(Outcome o) {
  switch (o) {
    case Outcome::match: return "match";
    case Outcome::no_match: return "no match";
    case Outcome::error: return "error";
  }
  return "?";
}

template <typename Rule>
Outcome run(std::string_view text) {
  pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf> in(text.data(), text.size(), "test");
  try {
    return pegtl::parse<pegtl::seq<Rule, pegtl::eof>>(in) ? Outcome::match : Outcome::no_match;
  } catch (const pegtl::parse_error&) {
    return Outcome::error;
  }
}

struct Row {
  std::string text;
  Outcome expected;
};

constexpr auto ok = Outcome::match;
constexpr auto no = Outcome::no_match;
constexpr auto err = Outcome::error;

template <typename Rule>
void check_table(const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    const Outcome got = run<Rule>(row.text);
    BOOST_TEST((got == row.expected),
               "input \"" << row.text << "\": got " << name(got) << ", expected " << name(row.expected));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(grammar_rules)

BOOST_AUTO_TEST_CASE(analyze_finds_no_problems) {
  BOOST_TEST(pegtl::analyze<rules::file>() == 0u);
  BOOST_TEST(pegtl::analyze<rules::statement>() == 0u);
  BOOST_TEST(allot::grammar::analyze_grammar() == 0u);
}

BOOST_AUTO_TEST_CASE(ident) {
  check_table<rules::ident>({
      {"gpu", ok},       {"_x", ok},          {"a-b_9", ok},      {"Memory2", ok},
      {"9a", no},        {"-a", no},          {"", no},           {"a b", no},
      {"a.b", no},       {"caf\xC3\xA9", no}, {"policy", no},     {"resource", no},
      {"tier", no},      {"default", no},     {"assign", no},     {"policyx", ok},
      {"tiers", ok},     {"tier-1", ok},      {"default_", ok},   {"Tier", ok},
      // Only statement keywords are reserved: these stay usable as names.
      {"per", ok},       {"user", ok},        {"team", ok},       {"warn", ok},
      {"at", ok},        {"to", ok},          {"extends", ok},    {"count", ok},
  });
}

BOOST_AUTO_TEST_CASE(keywords) {
  check_table<rules::kw_tier>({{"tier", ok}, {"tiers", no}, {"tier-", no}, {"tier_", no}, {"tier9", no},
                               {"Tier", no}, {"tie", no}, {"", no}});
  check_table<rules::kw_extends>({{"extends", ok}, {"extend", no}, {"extendsx", no}});
  check_table<rules::kw_warn>({{"warn", ok}, {"warned", no}});
  check_table<rules::reserved>({{"policy", ok}, {"resource", ok}, {"tier", ok}, {"default", ok},
                                {"assign", ok}, {"per", no}, {"user", no}, {"assigned", no}});
}

BOOST_AUTO_TEST_CASE(number) {
  check_table<rules::number>({
      {"0", ok},   {"16", ok},  {"0.5", ok}, {"1.25", ok}, {"007", ok},  {"1.", no},
      {".5", no},  {"1.2.3", no}, {"-1", no}, {"+1", no},   {"1e3", no},  {"1,5", no},
      {"", no},    {"1 ", no},
  });
}

BOOST_AUTO_TEST_CASE(quantity) {
  check_table<rules::quantity>({
      {"16", ok},    {"0.5", ok},   {"500m", ok},  {"512GB", ok}, {"1.5TiB", ok}, {"64Gi", ok},
      // Unknown suffixes are the checker's business (P020), not a syntax error.
      {"5gb", ok},   {"512GG", ok}, {"16GB2", no}, {"16 GB", no}, {"GB", no},     {"1e3", no},
      {"16_", no},   {"16-", no},   {"16%", no},   {"-16", no},   {"", no},
  });
}

BOOST_AUTO_TEST_CASE(percent) {
  check_table<rules::percent>({
      {"75%", ok}, {"75.5%", ok}, {"0%", ok}, {"120%", ok}, {"75", no}, {"75 %", no}, {"%", no},
      {"75%%", no}, {"7x%", no},
  });
}

BOOST_AUTO_TEST_CASE(pattern_with_escapes) {
  check_table<rules::pattern>({
      {R"("alice")", ok},  {R"("ml-*")", ok},   {R"("")", ok},        {R"("a\"b")", ok},
      {R"("a\\")", ok},    {R"("\\\"")", ok},   {R"("a b?*")", ok},   {"\"caf\xC3\xA9\"", ok},
      {R"("a\b")", no},    {R"("abc)", no},     {"\"a\nb\"", no},     {"\"a\rb\"", no},
      {"alice", no},       {R"("a"b")", no},    {R"("a\")", no},      {R"('a')", no},
  });
}

BOOST_AUTO_TEST_CASE(limit) {
  check_table<rules::limit>({
      {"gpu <= 16", ok},
      {"gpu<=16", ok},
      {"gpu <= 16 ", ok},
      {"memory <= 512GB warn at 400GB", ok},
      {"gpu <= 16 warn at 75%", ok},
      {"gpu <= 16 warn at 75.5%", ok},
      {"gpu\t<=\t16\twarn\tat\t75%", ok},
      {"gpu # the gpus\n <= 16 # hard\n warn at 12", ok},
      {"gpu\r\n<=\r\n16", ok},
      // Committed after the resource name: everything else is an error with a message.
      {"gpu = 16", err},
      {"gpu <=", err},
      {"gpu < 16", err},
      {"gpu <= }", err},
      {"gpu <= 16x1", err},
      {"gpu <= 16 warn 75%", err},
      {"gpu <= 16 warn att 75%", err},
      {"gpu <= 16 warn at", err},
      {"gpu <= 16 warn at }", err},
      // No resource name: not a limit at all, so a scope can try '}' instead.
      {"16 <= 3", no},
      {"tier <= 3", no},
      {"<= 3", no},
      {"", no},
  });
}

BOOST_AUTO_TEST_CASE(scope_block) {
  check_table<rules::scope_block>({
      {"per user { gpu <= 16 vcpu <= 64 }", ok},
      {"per user {}", ok},
      {"per user{gpu<=1}", ok},
      {"per rack { gpu <= 1 }", ok},  // any name: unknown scopes are P013, reported later
      {"per user {\n  gpu <= 16  # c\n  memory <= 1GB warn at 90%\n}", ok},
      {"per user { gpu <= 16", err},
      {"per { }", err},
      {"per user gpu <= 1 }", err},
      {"per user { 16 }", err},
      {"per user { gpu <= 1 tier }", err},
      {"peruser { }", no},
      {"user { }", no},
  });
}

BOOST_AUTO_TEST_CASE(tier_decl) {
  check_table<rules::tier_decl>({
      {"tier a { }", ok},
      {"tier a {}", ok},
      {"tier a extends b { per user { gpu <= 1 } }", ok},
      {"tier a {\n  per user { gpu <= 1 }\n  per node { gpu <= 2 }\n}", ok},
      {"tier a # c\n extends # c\n b # c\n { # c\n }", ok},
      {"tier extends { }", ok},  // 'extends' is not reserved, so it names the tier
      {"tier a", err},
      {"tier { }", err},
      {"tier a extends { }", err},
      {"tier a extends b", err},
      {"tier a { gpu <= 1 }", err},
      {"tier a { per user { gpu <= 1 }", err},
      {"tier policy { }", err},
      {"tiers a { }", no},
      {"tier", err},
  });
}

BOOST_AUTO_TEST_CASE(default_decl) {
  check_table<rules::default_decl>({
      {"default tier a", ok},
      {"default  tier\n a", ok},
      {"default # c\ntier # c\nstandard", ok},
      {"default a", err},
      {"default tiers a", err},
      {"default tier", err},
      {"default tier tier", err},
      {"default tier 42", err},
      {"defaults tier a", no},
  });
}

BOOST_AUTO_TEST_CASE(assign_decl) {
  check_table<rules::assign_decl>({
      {R"(assign tier a to user "x")", ok},
      {R"(assign tier a to team "ml-*", user "alice")", ok},
      {R"(assign tier a to user "x" , team "y")", ok},
      {"assign tier a to user \"x\",\n  team \"y\"", ok},
      {"assign tier a to user \"x\" # c\n , # c\n team \"y\"", ok},
      {R"(assign tier to to user "x")", ok},  // 'to' is not reserved either
      {R"(assign tier a to user "a\"b")", ok},
      {"assign tier a to", err},
      {R"(assign tier a to group "x")", err},
      {R"(assign tier a to users "x")", err},
      {R"(assign tier a to user "x",)", err},
      {R"(assign tier a to user "x" team "y")", no},  // a second selector needs a comma
      {R"(assign tier a user "x")", err},
      {R"(assign a to user "x")", err},
      {R"(assign tier "a" to user "x")", err},
      {"assign tier a to user x", err},
      {R"(assign tier a to user "x)", err},
      {R"(assigns tier a to user "x")", no},
  });
}

BOOST_AUTO_TEST_CASE(policy_and_resource_decl) {
  check_table<rules::policy_decl>({{"policy swarm-tiers", ok}, {"policy\np", ok}, {"policy", err},
                                   {"policy 42", err}, {"policy tier", err}, {"policies p", no}});
  check_table<rules::resource_decl>({{"resource gpu count", ok}, {"resource gpu\ncount", ok},
                                     {"resource gpu float", ok}, {"resource gpu", err},
                                     {"resource { }", err}, {"resource gpu default", err}});
}

BOOST_AUTO_TEST_CASE(comment_and_sep) {
  check_table<rules::comment>({{"# hi", ok}, {"#", ok}, {"# a\r", ok}, {"## x # y", ok}, {"# a\nb", no},
                               {"# a\n", no}, {"a", no}, {"", no}});
  check_table<rules::sep>({
      {"", ok},         {" \t\r\n", ok},        {"# c\r\n", ok},          {"# a\n# b\n  \n", ok},
      {"#", ok},        {"# c\r\n\r\n", ok},    {"\r\n\r\n  # x\r\n", ok}, {"x", no},
      {"\f", no},       {"\v", no},             {" # c\n x", no},
  });
}

BOOST_AUTO_TEST_CASE(whole_files) {
  for (const char* path : {"examples/swarm.allot", "examples/tiers.allot"}) {
    const std::string text = allot::test::read_text(allot::test::source_path(path));
    BOOST_TEST_REQUIRE(!text.empty(), path);
    BOOST_TEST((run<rules::file>(text) == Outcome::match), path);
    BOOST_TEST((run<rules::file>(allot::test::crlf(text)) == Outcome::match), path << " with CRLF");
  }
  check_table<rules::file>({{"", ok}, {"# only a comment", ok}, {"\n\n", ok},
                            {"policy p resource gpu count", ok},  // statements need no newline
                            {"policy p }", no}});
}

BOOST_AUTO_TEST_SUITE_END()
