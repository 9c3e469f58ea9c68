// `allot fmt`: the examples are already canonical, formatting is idempotent, keeps every
// comment and never changes what a policy means.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "grammar/formatter.hpp"
#include "grammar/parser.hpp"
#include "tests/support.hpp"

using namespace allot;

namespace {

/// Parses `text`, which must have no syntax error, and formats it.
std::string format_text(std::string_view text) {
  Diagnostics diags;
  const ast::File file = grammar::parse(text, "f.allot", diags);
  BOOST_TEST_REQUIRE(!diags.has_errors(), "syntax errors in:\n" << text << "\n" << test::describe(diags));
  return grammar::format(file, text);
}

/// The text of every '#' comment, in order.
std::vector<std::string> comments(std::string_view text) {
  Diagnostics diags;
  const ast::File file = grammar::parse(text, "f.allot", diags);
  std::vector<std::string> out;
  for (const auto& c : file.comments) out.push_back(c.text);
  return out;
}

/// Everything a policy means (test::policy_meaning) and the codes and messages of its
/// diagnostics. Positions are left out: formatting moves them.
std::string meaning(std::string_view text) {
  Diagnostics diags;
  const Policy p = grammar::load(text, "f.allot", diags);
  std::string out;
  for (const auto& d : diags.list()) out += "diagnostic " + std::string(to_string(d.code)) + " " + d.message + "\n";
  return out + test::policy_meaning(p);
}

// Messy inputs: odd spacing, comments everywhere, CRLF, blank lines, no final newline.

const std::string kSpacing = R"(# head comment

   policy    p   # trailing on policy
resource gpu count # gpu
resource   memory bytes
# before tier


tier a { # header
  # inside tier
  per user { gpu <= 16 memory<=1GB } # after scope
  per node {
    # before limit
    gpu <= 32 warn at 75%   # trailing limit
    memory <= 2TB
    # before close
  }
  # before tier close
} # after tier close
default   tier a
assign tier a to user "x" ,  team "y\"z" # tail
# end of file 1

# end of file 2
)";

const std::string kSpacingFormatted = R"(# head comment

policy p  # trailing on policy

resource gpu    count  # gpu
resource memory bytes

# before tier

tier a {  # header
  # inside tier
  per user { gpu <= 16  memory <= 1GB }  # after scope
  per node {
    # before limit
    gpu <= 32 warn at 75%  # trailing limit
    memory <= 2TB
    # before close
  }
  # before tier close
}  # after tier close

default tier a
assign tier a to user "x", team "y\"z"  # tail
# end of file 1

# end of file 2
)";

// Comments between the tokens of one statement move above it (inside it, for a tier),
// never to the next statement.
const std::string kInside = R"(policy p
resource gpu count
tier a
# between name and brace
{
  per user # after per user
  {
    gpu # after name
    <= 16 # after max
    warn at 80% # after warn
  }
}
tier b extends # after extends
  a {
  per user { gpu <= 1 }
}
assign tier a to user "x", # c1
  user "y" # c2
assign # c3
  tier b to team "t"
default # c4
  tier # c5
  a # c6
)";

const std::string kInsideFormatted = R"(policy p

resource gpu count

tier a {
  # between name and brace
  per user {  # after per user
    # after name
    # after max
    gpu <= 16 warn at 80%  # after warn
  }
}

tier b extends a {
  # after extends
  per user { gpu <= 1 }
}

# c1
assign tier a to user "x", user "y"  # c2
# c3
assign tier b to team "t"
# c4
# c5
default tier a  # c6
)";

// Written with CRLF line ends (see crlf()); formatted with LF.
const std::string kOneLiners = R"(policy p

resource gpu count # c


# lone
tier a { per user { gpu <= 1 } } # t
tier e {}
tier f {
}
)";

const std::string kOneLinersFormatted = R"(policy p

resource gpu count  # c

# lone
tier a {
  per user { gpu <= 1 }  # t
}

tier e {
}

tier f {
}
)";

const std::string kTable =
    "policy p\nresource gpu count\nresource vcpu count\nresource memory bytes\ntier t {\n"
    "per user{gpu<=16 vcpu<=64 memory<=512GB}\n"
    "per cluster {gpu <= 1000 memory <= 100TB warn at 90%}\n"
    "   per job { gpu <= 2 }\n}\ndefault tier t\n"
    "assign tier t to team \"a\\\\b\"   # ends without newline";

const std::string kTableFormatted = R"(policy p

resource gpu    count
resource vcpu   count
resource memory bytes

tier t {
  per user    { gpu <= 16    vcpu <= 64                   memory <= 512GB }
  per cluster { gpu <= 1000  memory <= 100TB warn at 90% }
  per job     { gpu <= 2    }
}

default tier t
assign tier t to team "a\\b"  # ends without newline
)";

// A scope block too long for one line.
const std::string kLong =
    "policy p\nresource a_very_long_resource_name_number_one count\nresource a_very_long_resource_name_number_two bytes\n"
    "tier a { per user { a_very_long_resource_name_number_one <= 16 warn at 75% "
    "a_very_long_resource_name_number_two <= 512GB warn at 500GB } per node { a_very_long_resource_name_number_one <= 1 } }\n";

/// More inputs for the properties that hold for every file.
std::vector<std::string> messy_inputs() {
  std::vector<std::string> v = {
      kSpacing,
      kInside,
      test::crlf(kOneLiners),
      kTable,
      test::crlf(kSpacing),
      "",
      "# only\n\n\n# comments",
      "\n\n\npolicy p\n\n\n",
      "policy p\nresource a count\n# between resources\nresource bbb bytes\n\n# detached\n\nresource c count\n",
      "policy p\nresource gpu count\ntier a { per user { gpu <= 1 }\n per node { gpu <= 2 } }\ndefault tier a\n",
      "policy p\nresource gpu count\ntier a {\n  per user { gpu <= 1 # in\n  } # close\n  per node {\n  gpu <= 2 } # c2\n}\n",
      "policy p\nresource gpu count\ntier a {}\nassign # a\n tier # b\n a # c\n to # d\n user \"x\" # e\n , # f\n team \"y\" # g\n",
      "policy p\nresource gpu count\ntier a {} # c\n# end",
      "policy p\nresource gpu count\ntier a {\n  per user {\n    gpu <= 16 # x\n      warn at 50% # y\n    # z\n  }\n}\n",
      "policy p # a\n# b\n\n# c\nresource gpu count\n",
      "policy p\ntier a {\n\n  # spaced\n\n  per user { }\n\n}\n\n\n\ndefault tier a\n",
      "policy p\nresource gpu count\ntier a {\n  per user { gpu <= 1 } per node { gpu <= 2 } # both\n}\n",
      "policy p\nresource gpu count\ntier a # t1\n extends # t2\n b # t3\n { # t4\n per user { gpu <= 1 } }\ntier b {}\n",
      kLong,
      "#\n#\npolicy p#x\nresource gpu count#y\ntier a{per user{gpu<=1}}#z\ndefault tier a#w\n#",
  };
  for (const char* path : {"examples/swarm.allot", "examples/tiers.allot"}) {
    const std::string text = test::read_text(test::source_path(path));
    v.push_back(test::crlf(text));
  }
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(grammar_formatter)

BOOST_AUTO_TEST_CASE(examples_are_already_formatted) {
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("examples"))) {
    if (entry.path().extension() != ".allot") continue;
    const std::string text = test::read_text(entry.path().string());
    BOOST_TEST(format_text(text) == text, entry.path().filename().string());
    ++seen;
  }
  BOOST_TEST(seen >= 2u);  // swarm.allot and tiers.allot at least
}

BOOST_AUTO_TEST_CASE(exact_output_for_odd_spacing_and_comments) {
  BOOST_TEST(format_text(kSpacing) == kSpacingFormatted);
  BOOST_TEST(format_text(test::crlf(kSpacing)) == kSpacingFormatted);
}

BOOST_AUTO_TEST_CASE(exact_output_for_comments_inside_statements) {
  BOOST_TEST(format_text(kInside) == kInsideFormatted);
}

BOOST_AUTO_TEST_CASE(exact_output_for_one_line_tiers_with_crlf) {
  BOOST_TEST(format_text(test::crlf(kOneLiners)) == kOneLinersFormatted);
}

BOOST_AUTO_TEST_CASE(exact_output_for_an_aligned_table) {
  BOOST_TEST(format_text(kTable) == kTableFormatted);
}

BOOST_AUTO_TEST_CASE(long_blocks_go_one_limit_a_line) {
  const std::string out = format_text(kLong);
  BOOST_TEST(out ==
             "policy p\n\n"
             "resource a_very_long_resource_name_number_one count\n"
             "resource a_very_long_resource_name_number_two bytes\n\n"
             "tier a {\n"
             "  per user {\n"
             "    a_very_long_resource_name_number_one <= 16 warn at 75%\n"
             "    a_very_long_resource_name_number_two <= 512GB warn at 500GB\n"
             "  }\n"
             "  per node { a_very_long_resource_name_number_one <= 1 }\n"
             "}\n");
}

BOOST_AUTO_TEST_CASE(formatting_is_idempotent) {
  for (const auto& text : messy_inputs()) {
    const std::string once = format_text(text);
    const std::string twice = format_text(once);
    BOOST_TEST(twice == once, "input:\n" << text);
    BOOST_TEST(once.find('\r') == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(comments_are_never_lost) {
  for (const auto& text : messy_inputs()) {
    const auto before = comments(text);
    const auto after = comments(format_text(text));
    BOOST_TEST(after.size() == before.size(), "input:\n" << text);
    BOOST_TEST(after == before, "input:\n" << text);  // same texts, same order
  }
  BOOST_TEST(comments(kSpacing).size() == 15u);
  BOOST_TEST(comments(kInside).size() == 12u);
}

BOOST_AUTO_TEST_CASE(meaning_is_preserved) {
  for (const auto& text : messy_inputs()) {
    const std::string formatted = format_text(text);
    BOOST_TEST(meaning(formatted) == meaning(text), "input:\n" << text);
  }
  // The comparison itself sees a difference in meaning.
  BOOST_TEST(meaning(kTable) != meaning(kTable + "\nassign tier t to user \"x\""));
  BOOST_TEST(meaning("policy p\nresource m bytes\ntier t { per user { m <= 1GB } }") !=
             meaning("policy p\nresource m bytes\ntier t { per user { m <= 1GiB } }"));
}

BOOST_AUTO_TEST_CASE(quantities_and_names_are_kept_as_written) {
  // Formatting never rewrites a quantity (500m stays 500m) or a name pattern's escapes.
  const std::string text =
      "policy p\nresource vcpu count\nresource memory bytes\ntier t {\n"
      "  per user { vcpu <= 500m warn at 0.25  memory <= 1.5TiB warn at 66.5% }\n}\n"
      "default tier t\nassign tier t to user \"q\\\"x\\\\\", team \"*\"\n";
  BOOST_TEST(format_text(text) ==
             "policy p\n\nresource vcpu   count\nresource memory bytes\n\ntier t {\n"
             "  per user { vcpu <= 500m warn at 0.25  memory <= 1.5TiB warn at 66.5% }\n}\n\n"
             "default tier t\nassign tier t to user \"q\\\"x\\\\\", team \"*\"\n");
}

BOOST_AUTO_TEST_SUITE_END()
