// The small pieces: did-you-mean, name globs, the caret excerpt under a diagnostic, JSON.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "cli/diagnostic_printer.hpp"
#include "cli/json.hpp"
#include "policy/glob.hpp"
#include "policy/parallel.hpp"
#include "policy/suggest.hpp"
#include "tests/support.hpp"

using namespace allot;

namespace {

std::string suggestion(std::string_view word, const std::vector<std::string_view>& candidates) {
  return did_you_mean(word, candidates).value_or("(none)");
}

Location at(std::uint32_t line, std::uint32_t column, std::uint32_t length) {
  return Location{"f.allot", line, column, length};
}

/// The caret line of an excerpt (its second line), without the newline.
std::string caret_line(const std::string& excerpt) {
  const auto first = excerpt.find('\n');
  return excerpt.substr(first + 1, excerpt.size() - first - 2);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(misc_suggest)

BOOST_AUTO_TEST_CASE(edit_distance_cases) {
  struct Case {
    const char* a;
    const char* b;
    std::size_t d;
  };
  const Case cases[] = {
      {"", "", 0},           {"abc", "", 3},          {"", "abc", 3},        {"gpu", "gpu", 0},
      {"gpu", "gpus", 1},    {"gpus", "gpu", 1},      {"gpu", "cpu", 1},     {"kitten", "sitting", 3},
      {"ab", "ba", 1},       {"memroy", "memory", 1}, {"standart", "standard", 1},
      {"ca", "abc", 3},  // optimal string alignment: a swapped pair is not edited again
      {"GB", "gb", 2},       {"abcdef", "badcfe", 3},
  };
  for (const auto& c : cases) {
    BOOST_TEST(edit_distance(c.a, c.b) == c.d, "'" << c.a << "' to '" << c.b << "'");
    BOOST_TEST(edit_distance(c.b, c.a) == c.d, "'" << c.b << "' to '" << c.a << "'");
  }
}

BOOST_AUTO_TEST_CASE(did_you_mean_cases) {
  const std::vector<std::string_view> resources = {"gpu", "vcpu", "memory", "storage"};
  BOOST_TEST(suggestion("gpus", resources) == "gpu");
  BOOST_TEST(suggestion("memroy", resources) == "memory");
  BOOST_TEST(suggestion("storag", resources) == "storage");
  BOOST_TEST(suggestion("disk", resources) == "(none)");
  BOOST_TEST(suggestion("vcpus", resources) == "vcpu");
  // Case-only differences cost half an edit: 'gb' is one step from 'GB', two from 'kB'.
  BOOST_TEST(suggestion("gb", {"B", "kB", "MB", "GB", "TB"}) == "GB");
  BOOST_TEST(suggestion("Gpu", {"gpux", "gpu"}) == "gpu");
  BOOST_TEST(suggestion("GPU", resources) == "gpu");
  // Short words allow one edit, longer ones two.
  BOOST_TEST(suggestion("usr", {"user"}) == "user");
  BOOST_TEST(suggestion("ab", {"xy"}) == "(none)");
  BOOST_TEST(suggestion("abc", {"abd"}) == "abd");
  BOOST_TEST(suggestion("abc", {"axy"}) == "(none)");
  BOOST_TEST(suggestion("abcd", {"abxy"}) == "abxy");
  BOOST_TEST(suggestion("abcde", {"axyze"}) == "(none)");
  // The closest wins; on a tie, the first.
  BOOST_TEST(suggestion("standrad", {"standby", "standard"}) == "standard");
  BOOST_TEST(suggestion("gpx", {"gpu", "gpa"}) == "gpu");
  BOOST_TEST(suggestion("gpx", {"gpa", "gpu"}) == "gpa");
  BOOST_TEST(suggestion("nodes", {"user", "node", "cluster", "job", "team"}) == "node");
  BOOST_TEST(suggestion("rack", {"user", "node", "cluster", "job", "team"}) == "(none)");
  // Nothing long is a typo of a short name; no candidates, no suggestion.
  BOOST_TEST(suggestion(std::string(65, 'g'), {std::string_view("gggg")}) == "(none)");
  BOOST_TEST(suggestion("gpu", {}) == "(none)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(misc_glob)

BOOST_AUTO_TEST_CASE(glob_match_cases) {
  struct Case {
    const char* pattern;
    const char* name;
    bool match;
  };
  const Case cases[] = {
      {"*", "", true},          {"*", "anything", true},   {"", "", true},            {"", "a", false},
      {"a", "", false},         {"?", "", false},          {"?", "x", true},          {"??", "x", false},
      {"ml-*", "ml-vision", true}, {"ml-*", "ml-", true}, {"ml-*", "ml", false},     {"ml-*", "xml-a", false},
      {"*-*", "a-b", true},     {"*-*", "ab", false},      {"a?c", "abc", true},      {"a?c", "ac", false},
      {"*a", "bbba", true},     {"*a", "ab", false},       {"**", "x", true},         {"a**b", "ab", true},
      {"a*b*c", "aXbYc", true}, {"a*b*c", "aXcYb", false}, {"*b*c", "abcbc", true},   {"alice", "alice", true},
      {"alice", "Alice", false}, {"alice", "alice2", false}, {"trial-*", "trial-7", true},
      {"*?", "", false},        {"*?", "a", true},         {"a*", "a", true},         {"*x*", "axa", true},
      {"*x*", "aaa", false},    {"?*?", "ab", true},       {"?*?", "a", false},
  };
  for (const auto& c : cases)
    BOOST_TEST(glob_match(c.pattern, c.name) == c.match, "'" << c.pattern << "' on '" << c.name << "'");
}

BOOST_AUTO_TEST_CASE(pathological_patterns_finish_fast) {
  const std::string many_a(100'000, 'a');
  const auto start = std::chrono::steady_clock::now();
  BOOST_TEST(!glob_match("*a*a*a*a*b", many_a));
  BOOST_TEST(glob_match("*a*a*a*a*b", many_a + "b"));
  BOOST_TEST(!glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", many_a));
  BOOST_TEST(!glob_match("*?*?*?*?*?*?*b", many_a));
  BOOST_TEST(glob_match(std::string(1000, '*') + "a", many_a));
  BOOST_TEST(!glob_match(many_a + "b*", many_a + "a"));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // Backtracking on every star would take years; the linear matcher takes milliseconds.
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 2000);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(misc_excerpt)

BOOST_AUTO_TEST_CASE(caret_under_the_token) {
  BOOST_TEST(cli::excerpt("  per user { gpu <= 16 }", at(4, 14, 3), false) ==
             "    4 |   per user { gpu <= 16 }\n"
             "      |              ^~~\n");
  BOOST_TEST(cli::excerpt("policy p", at(1, 1, 6), false) ==
             "    1 | policy p\n"
             "      | ^~~~~~\n");
  BOOST_TEST(cli::excerpt("policy p", at(12345, 8, 1), false) ==
             "12345 | policy p\n"
             "      |        ^\n");
}

BOOST_AUTO_TEST_CASE(caret_is_clamped_to_the_line) {
  // Longer than what is left of the line: cut at its end.
  BOOST_TEST(caret_line(cli::excerpt("gpu <= 16", at(2, 8, 50), false)) == "      |        ^~");
  // Just past the end (an error at the end of the file): one caret there.
  BOOST_TEST(caret_line(cli::excerpt("gpu <=", at(2, 7, 1), false)) == "      |       ^");
  // An empty line.
  BOOST_TEST(cli::excerpt("", at(9, 1, 1), false) == "    9 | \n      | ^\n");
  // Length 0 still shows one caret.
  BOOST_TEST(caret_line(cli::excerpt("abc", at(1, 2, 0), false)) == "      |  ^");
}

BOOST_AUTO_TEST_CASE(tabs_are_copied_into_the_gap) {
  // Columns are bytes; a terminal expands the tabs in both lines the same way.
  const std::string line = "\tper user {\tgpu = 1 }";
  BOOST_TEST(cli::excerpt(line, at(3, 17, 1), false) ==
             "    3 | \tper user {\tgpu = 1 }\n"
             "      | \t          \t    ^\n");
}

BOOST_AUTO_TEST_CASE(long_lines_are_windowed) {
  std::string line(300, 'x');
  line[199] = 'Y';
  line[9] = 'S';
  line[294] = 'E';
  // In the middle: cut on both sides, the caret still under the right byte.
  std::string e = cli::excerpt(line, at(7, 200, 1), false);
  const std::string shown = "..." + line.substr(139, 120) + "...";
  BOOST_TEST(e == "    7 | " + shown + "\n      | " + std::string(63, ' ') + "^\n");
  BOOST_TEST(shown[63] == 'Y');
  // Near the start: only the end is cut.
  e = cli::excerpt(line, at(7, 10, 1), false);
  BOOST_TEST(e == "    7 | " + line.substr(0, 120) + "...\n      | " + std::string(9, ' ') + "^\n");
  // Near the end: only the start is cut.
  e = cli::excerpt(line, at(7, 295, 3), false);
  BOOST_TEST(e == "    7 | ..." + line.substr(234) + "\n      | " + std::string(63, ' ') + "^~~\n");
  BOOST_TEST(("..." + line.substr(234))[63] == 'E');
  // Exactly the window: not cut.
  const std::string fits(120, 'z');
  BOOST_TEST(cli::excerpt(fits, at(1, 120, 1), false) ==
             "    1 | " + fits + "\n      | " + std::string(119, ' ') + "^\n");
}

BOOST_AUTO_TEST_CASE(colour_codes_only_when_asked) {
  BOOST_TEST(cli::excerpt("gpu <= x", at(5, 8, 1), true) ==
             "\033[1;36m    5\033[0m | gpu <= x\n"
             "\033[1;36m     \033[0m |        \033[1;32m^\033[0m\n");
  BOOST_TEST(cli::excerpt("gpu <= x", at(5, 8, 1), false).find('\033') == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(misc_json)

BOOST_AUTO_TEST_CASE(escaping) {
  using cli::JsonWriter;
  BOOST_TEST(JsonWriter::escape("plain") == "plain");
  BOOST_TEST(JsonWriter::escape("a\"b\\c") == "a\\\"b\\\\c");
  BOOST_TEST(JsonWriter::escape("\n\r\t") == "\\n\\r\\t");
  BOOST_TEST(JsonWriter::escape(std::string("\x01\x08\x0c\x1f\x7f", 5)) == "\\u0001\\u0008\\u000c\\u001f\\u007f");
  BOOST_TEST(JsonWriter::escape(std::string("a\0b", 3)) == "a\\u0000b");
  BOOST_TEST(JsonWriter::escape("caf\xC3\xA9 / \xF0\x9F\x98\x80") == "caf\xC3\xA9 / \xF0\x9F\x98\x80");  // UTF-8 as is
  BOOST_TEST(JsonWriter::escape("") == "");
}

BOOST_AUTO_TEST_CASE(nesting_with_indent) {
  cli::JsonWriter w;
  w.begin_object()
      .key("name").string("a\"b")
      .key("n").number(-42LL)
      .key("x").number("0.5")
      .key("ok").boolean(true)
      .key("none").null()
      .key("list").begin_array()
          .number(1LL).begin_object().end_object().begin_array().end_array().string("caf\xC3\xA9")
      .end_array()
      .key("obj").begin_object().key("k\n").boolean(false).end_object()
      .end_object();
  BOOST_TEST(w.finish() ==
             "{\n"
             "  \"name\": \"a\\\"b\",\n"
             "  \"n\": -42,\n"
             "  \"x\": 0.5,\n"
             "  \"ok\": true,\n"
             "  \"none\": null,\n"
             "  \"list\": [\n"
             "    1,\n"
             "    {},\n"
             "    [],\n"
             "    \"caf\xC3\xA9\"\n"
             "  ],\n"
             "  \"obj\": {\n"
             "    \"k\\n\": false\n"
             "  }\n"
             "}\n");
  BOOST_TEST(w.str() + "\n" == w.finish());
}

BOOST_AUTO_TEST_CASE(nesting_compact) {
  cli::JsonWriter w(0);
  w.begin_array()
      .begin_object().key("a").number(9'223'372'036'854'775'807LL).key("b").begin_array().null().end_array().end_object()
      .begin_object().end_object()
      .string("")
      .end_array();
  BOOST_TEST(w.str() == "[{\"a\":9223372036854775807,\"b\":[null]},{},\"\"]");
}

BOOST_AUTO_TEST_CASE(empty_and_scalar_documents) {
  BOOST_TEST(cli::JsonWriter().begin_array().end_array().str() == "[]");
  BOOST_TEST(cli::JsonWriter().begin_object().end_object().finish() == "{}\n");
  BOOST_TEST(cli::JsonWriter().string("x").str() == "\"x\"");
  BOOST_TEST(cli::JsonWriter().number(0LL).str() == "0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(misc_parallel)

BOOST_AUTO_TEST_CASE(slices_for_counts) {
  BOOST_TEST(slices_for(1000, 1, 64) == 1u);   // one thread: one slice, in order
  BOOST_TEST(slices_for(1000, 2, 64) == 8u);   // kSlicesPerThread each
  BOOST_TEST(slices_for(300, 2, 64) == 4u);    // no slice under 64 items
  BOOST_TEST(slices_for(100, 2, 64) == 1u);
  BOOST_TEST(slices_for(0, 2, 64) == 1u);
  BOOST_TEST(slices_for(100000, 3, 1) == 12u);
}

BOOST_AUTO_TEST_CASE(every_slice_runs_once_and_joins_in_order) {
  for (unsigned threads : {0u, 1u, 2u, 3u, 8u}) {
    for (std::size_t slices : {0u, 1u, 2u, 7u, 33u}) {
      std::vector<int> runs(slices, 0);
      std::vector<std::string> parts(slices);
      for_each_slice(slices, threads, [&](std::size_t k) {
        ++runs[k];  // each slice writes only its own entries
        parts[k] = std::to_string(k) + ",";
      });
      std::string joined, expected;
      for (std::size_t k = 0; k < slices; ++k) {
        BOOST_TEST(runs[k] == 1, "slice " << k << " of " << slices << " with " << threads << " threads");
        joined += parts[k];
        expected += std::to_string(k) + ",";
      }
      BOOST_TEST(joined == expected);
    }
  }
  // Slices cover the items exactly, whatever their count.
  std::size_t covered = 0;
  for (std::size_t k = 0; k < 7; ++k) covered += slice_begin(100, 7, k + 1) - slice_begin(100, 7, k);
  BOOST_TEST(covered == 100u);
  BOOST_TEST(slice_begin(100, 7, 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
