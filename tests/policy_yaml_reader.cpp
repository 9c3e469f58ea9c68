// The streaming YAML reader: which nodes a filter keeps, their paths, types and 1-based
// positions, anchors and aliases (never expanded), merge and complex keys, documents,
// syntax errors and the safety limits.

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "input/yaml_reader.hpp"
#include "tests/support.hpp"

using namespace allot;
using yaml::Interest;
using yaml::NodeType;

namespace allot::yaml {
inline std::ostream& operator<<(std::ostream& os, NodeType t) { return os << to_string(t); }
}  // namespace allot::yaml

namespace {

const std::string kFile = "m.yaml";

/// Every node is kept.
Interest keep_all(const std::vector<std::string>&) { return Interest::container; }

struct Read {
  std::vector<yaml::Document> docs;
  Diagnostics diags;
  bool ok = false;
};

Read read(const std::string& text, const yaml::PathFilter& filter = keep_all, const yaml::Limits& limits = {}) {
  Read r;
  std::istringstream in(text);
  r.ok = yaml::read_documents(
      in, kFile, filter, limits, [&](yaml::Document&& d) { r.docs.push_back(std::move(d)); }, r.diags);
  return r;
}

/// A path from segments, joined with the reader's separator.
std::string path(std::initializer_list<std::string> segments) {
  std::string s;
  for (const auto& x : segments) {
    if (!s.empty()) s += yaml::kPathSep;
    s += x;
  }
  return s;
}

/// One kept value as "path type value @line:col" (path shown with '.'), for whole-document checks.
std::string describe(const yaml::Value& v) {
  std::string s = yaml::display_path(v.path) + " " + std::string(yaml::to_string(v.type));
  if (v.type == NodeType::scalar) s += " '" + v.value + "'";
  return s + " @" + std::to_string(v.position.line) + ":" + std::to_string(v.position.column);
}

std::vector<std::string> describe(const yaml::Document& d) {
  std::vector<std::string> out;
  for (const auto& v : d.values) out.push_back(describe(v));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(policy_yaml_reader)

BOOST_AUTO_TEST_CASE(paths_types_and_positions_count_from_one) {
  const auto r = read(
      "a: 1\n"
      "b:\n"
      "  c: [x, 'y']\n"
      "  d: ~\n"
      "  e:\n"
      "    - k: v\n");
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  BOOST_TEST_REQUIRE(r.docs.size() == 1u);
  const std::vector<std::string> want = {
      " a mapping @1:1",      "a a scalar '1' @1:4",   "b a mapping @3:3",     "b.c a sequence @3:6",
      "b.c.0 a scalar 'x' @3:7", "b.c.1 a scalar 'y' @3:10", "b.d null @4:6",       "b.e a sequence @6:5",
      "b.e.0 a mapping @6:7", "b.e.0.k a scalar 'v' @6:10"};
  BOOST_TEST(describe(r.docs[0]) == want, boost::test_tools::per_element());
  BOOST_TEST(r.docs[0].where(r.docs[0].values[0]).file == kFile);
  BOOST_TEST(r.diags.empty());
}

BOOST_AUTO_TEST_CASE(keys_with_dots_and_slashes_are_one_segment) {
  const auto r = read("limits: {nvidia.com/gpu: 2, a.b: 3}\n");
  BOOST_TEST_REQUIRE(r.docs.size() == 1u);
  const auto* gpu = r.docs[0].find(path({"limits", "nvidia.com/gpu"}));
  BOOST_TEST_REQUIRE(gpu != nullptr);
  BOOST_TEST(gpu->value == "2");
  BOOST_TEST(r.docs[0].find(path({"limits", "a.b"}))->value == "3");
  BOOST_TEST(r.docs[0].find("limits.a.b") == nullptr);  // '.' is not the separator
  BOOST_TEST(yaml::display_path(path({"limits", "nvidia.com/gpu"})) == "limits.nvidia.com/gpu");
}

BOOST_AUTO_TEST_CASE(the_filter_sees_segments_and_prunes_subtrees) {
  std::vector<std::vector<std::string>> asked;
  auto filter = [&](const std::vector<std::string>& p) {
    asked.push_back(p);
    if (p.empty()) return Interest::container;
    if (p[0] == "keep") return p.size() <= 2 ? Interest::container : Interest::none;
    return Interest::none;
  };
  const auto r = read("skip: {deep: {deeper: 1}}\nkeep: {x: 1, y: [2, [3]]}\n", filter);
  BOOST_TEST_REQUIRE(r.docs.size() == 1u);
  const std::vector<std::string> want = {" a mapping @1:1", "keep a mapping @2:7", "keep.x a scalar '1' @2:11",
                                         "keep.y a sequence @2:17"};
  BOOST_TEST(describe(r.docs[0]) == want, boost::test_tools::per_element());
  // Nothing under a node the filter refused is asked about.
  const std::vector<std::vector<std::string>> want_asked = {
      {}, {"skip"}, {"keep"}, {"keep", "x"}, {"keep", "y"}, {"keep", "y", "0"}, {"keep", "y", "1"}};
  BOOST_TEST_REQUIRE(asked.size() == want_asked.size());
  for (std::size_t i = 0; i < asked.size(); ++i)
    BOOST_TEST(asked[i] == want_asked[i], boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_pass_walks_a_subtree_without_keeping_it) {
  auto filter = [](const std::vector<std::string>& p) {
    if (p.empty()) return Interest::container;
    if (p.back() == "found") return Interest::container;
    if (p.back() == "never") return Interest::none;
    return Interest::pass;
  };
  const auto r = read("a: {b: [{found: [1]}, {c: 2}], never: {found: []}}\nd: 3\ne: {<<: {found: []}}\n", filter);
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  BOOST_TEST_REQUIRE(r.docs.size() == 1u);
  // Only the root and the wanted list are kept: not the mappings, sequences and scalars
  // walked on the way, not what lies under a refused key, and no merge key under a pass.
  const std::vector<std::string> want = {" a mapping @1:1", "a.b.0.found a sequence @1:17"};
  BOOST_TEST(describe(r.docs[0]) == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(anchored_scalars_are_resolved_where_aliased) {
  const auto r = read(
      "defaults: {n: &n 8, who: &who alice}\n"
      "count: *n\n"
      "user: *who\n"
      "*who : as-a-key\n");
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  const auto& d = r.docs.at(0);
  BOOST_TEST(d.find("count")->type == NodeType::scalar);
  BOOST_TEST(d.find("count")->value == "8");
  BOOST_TEST(describe(*d.find("count")) == "count a scalar '8' @2:8");  // the alias's own position
  BOOST_TEST(d.find("user")->value == "alice");
  BOOST_TEST(d.find("alice") != nullptr);
  BOOST_TEST(d.find("alice")->value == "as-a-key");
}

BOOST_AUTO_TEST_CASE(aliases_of_collections_are_recorded_as_aliases_not_expanded) {
  const auto r = read(
      "base: &base {gpu: 1}\n"
      "list: &list [1, 2]\n"
      "resources: *base\n"
      "items: *list\n");
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  const auto& d = r.docs.at(0);
  BOOST_TEST(describe(*d.find("resources")) == "resources an alias @3:12");
  BOOST_TEST(describe(*d.find("items")) == "items an alias @4:8");
  BOOST_TEST(d.find(path({"resources", "gpu"})) == nullptr);
  BOOST_TEST(d.find(path({"items", "0"})) == nullptr);
}

BOOST_AUTO_TEST_CASE(merge_keys_are_recorded_as_merge) {
  const auto r = read(
      "base: &base {gpu: 1}\n"
      "a:\n"
      "  <<: *base\n"
      "  vcpu: 2\n"
      "b: {<<: {gpu: 3}}\n");
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  const auto& d = r.docs.at(0);
  BOOST_TEST(describe(*d.find(path({"a", "<<"}))) == "a.<< a merge key @3:7");
  BOOST_TEST(d.find(path({"a", "vcpu"}))->value == "2");
  BOOST_TEST(d.find(path({"a", "gpu"})) == nullptr);  // not merged in
  BOOST_TEST(describe(*d.find(path({"b", "<<"}))) == "b.<< a merge key @5:9");
}

BOOST_AUTO_TEST_CASE(complex_keys_and_their_values_are_skipped) {
  const auto r = read(
      "? [a, b]\n"
      ": {hidden: 1}\n"
      "after: 2\n"
      "flow: {[x]: 3, {y: 1}: 4, z: 5}\n");
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  const std::vector<std::string> want = {" a mapping @1:1", "after a scalar '2' @3:8", "flow a mapping @4:7",
                                         "flow.z a scalar '5' @4:30"};
  BOOST_TEST(describe(r.docs.at(0)) == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(find_returns_the_first_of_repeated_keys) {
  const auto r = read("a: 1\na: 2\n");
  BOOST_TEST_REQUIRE(r.docs.size() == 1u);
  BOOST_TEST(r.docs[0].find("a")->value == "1");
  BOOST_TEST(r.docs[0].find("b") == nullptr);
}

BOOST_AUTO_TEST_CASE(documents_are_numbered_and_located) {
  const auto r = read(
      "a: 1\n"
      "---\n"
      "b: 2\n"
      "...\n"
      "--- c\n"
      "---\n");
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  BOOST_TEST_REQUIRE(r.docs.size() == 4u);
  for (std::size_t i = 0; i < r.docs.size(); ++i) BOOST_TEST(r.docs[i].index == i);
  BOOST_TEST(r.docs[0].location.line == 1u);
  BOOST_TEST(r.docs[1].location.line == 2u);
  BOOST_TEST(r.docs[2].location.line == 5u);
  BOOST_TEST(r.docs[0].find("a")->value == "1");
  BOOST_TEST(r.docs[1].find("b")->value == "2");
  BOOST_TEST(describe(r.docs[2]) == std::vector<std::string>{" a scalar 'c' @5:5"}, boost::test_tools::per_element());
  BOOST_TEST(r.docs[3].find("")->type == NodeType::null);
}

BOOST_AUTO_TEST_CASE(empty_input_has_no_documents) {
  for (const char* text : {"", "# just a comment\n", "\n\n"}) {
    const auto r = read(text);
    BOOST_TEST(r.ok);
    BOOST_TEST(r.docs.empty(), "for input '" << text << "'");
    BOOST_TEST(r.diags.empty());
  }
}

BOOST_AUTO_TEST_CASE(anchors_do_not_leak_into_the_next_document) {
  const auto r = read("a: &x 1\n---\nb: *x\n");
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.docs.size() == 1u);
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  BOOST_TEST(to_string(r.diags.list()[0].code) == "V001");
}

BOOST_AUTO_TEST_CASE(a_syntax_error_ends_the_file_after_earlier_documents) {
  const auto r = read(
      "a: 1\n"
      "---\n"
      "b: [1, 2\n"
      "c: 3\n"
      "---\n"
      "d: 4\n");
  BOOST_TEST(!r.ok);
  BOOST_TEST_REQUIRE(r.docs.size() == 1u);
  BOOST_TEST(r.docs[0].find("a")->value == "1");
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  const auto& d = r.diags.list()[0];
  BOOST_TEST(to_string(d.code) == "V001");
  BOOST_TEST(d.severity == Severity::error);
  BOOST_TEST(d.location.file == kFile);
  BOOST_TEST(d.location.line == 4u);  // where the parser notices the flow sequence is not closed
  BOOST_TEST(d.location.column >= 1u);
  BOOST_TEST(d.message.rfind("YAML syntax error: ", 0) == 0u, d.message);
}

BOOST_AUTO_TEST_CASE(a_tab_in_indentation_is_a_syntax_error_with_a_position) {
  const auto r = read("a:\n\tb: 1\n");
  BOOST_TEST(!r.ok);
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  BOOST_TEST(to_string(r.diags.list()[0].code) == "V001");
  BOOST_TEST(r.diags.list()[0].location.line == 2u);
}

// libyaml counts columns in characters; allot's are bytes, like the policy's and editors'.
BOOST_AUTO_TEST_CASE(columns_count_bytes_after_multibyte_characters) {
  const auto r = read("a: {x: \xC3\xA9t\xC3\xA9, y: 5}\n"   // "été": 5 bytes, 3 characters
                      "\xE2\x82\xAC: [\xF0\x9F\x98\x80, 7]\n");  // a 3-byte key and a 4-byte item
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  const auto& d = r.docs.at(0);
  BOOST_TEST(describe(*d.find(path({"a", "y"}))) == "a.y a scalar '5' @1:18");
  BOOST_TEST(describe(*d.find(path({"\xE2\x82\xAC", "1"}))) == "\xE2\x82\xAC.1 a scalar '7' @2:13");
  // The BOM is not counted either: columns start after it.
  const auto bom = read("\xEF\xBB\xBFk: [\xC3\xA9, 1]\n");
  BOOST_TEST_REQUIRE(bom.ok, test::describe(bom.diags));
  BOOST_TEST(describe(*bom.docs.at(0).find(path({"k", "1"}))) == "k.1 a scalar '1' @1:9");
}

// An empty value stands where the next node (or the collection's end) is, so "has no
// value" points at what follows.
BOOST_AUTO_TEST_CASE(an_empty_value_is_placed_at_the_next_token) {
  const auto r = read("a:\n  b:\n  c: 1\nd:\n");
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  const std::vector<std::string> want = {" a mapping @1:1", "a a mapping @2:3", "a.b null @3:3",
                                         "a.c a scalar '1' @3:6", "d null @5:1"};
  BOOST_TEST(describe(r.docs.at(0)) == want, boost::test_tools::per_element());
  const auto flow = read("{x: , y: 2}\n");
  BOOST_TEST_REQUIRE(flow.ok, test::describe(flow.diags));
  BOOST_TEST(describe(*flow.docs.at(0).find("x")) == "x null @1:7");
}

// The parser's context becomes a note where that construct began; at the problem's own
// place it would say nothing more, so it is left out there.
BOOST_AUTO_TEST_CASE(a_syntax_error_notes_where_the_unclosed_construct_began) {
  const auto r = read("a:\n  b: {x: 1, y: 2\n  c: 3\n");
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  const auto& d = r.diags.list()[0];
  const test::Expected want{"V001", Severity::error, 3, 4, "YAML syntax error: did not find expected ',' or '}'"};
  BOOST_TEST(test::mismatch(d, want) == "");
  BOOST_TEST_REQUIRE(d.notes.size() == 1u);
  BOOST_TEST(d.notes[0].message == "while parsing a flow mapping");
  BOOST_TEST_REQUIRE(d.notes[0].location.has_value());
  BOOST_TEST(d.notes[0].location->line == 2u);
  BOOST_TEST(d.notes[0].location->column == 6u);
  const auto comma = read(", a\n");
  BOOST_TEST_REQUIRE(comma.diags.list().size() == 1u);
  BOOST_TEST(test::mismatch(comma.diags.list()[0],
                            {"V001", Severity::error, 1, 1, "YAML syntax error: did not find expected node content"}) == "");
  BOOST_TEST(comma.diags.list()[0].notes.empty());
}

// libyaml puts the end of a text without a final line break on a line after it; the error
// is placed at the real end, where the excerpt can show it.
BOOST_AUTO_TEST_CASE(an_error_at_the_end_stands_at_the_end_of_the_text) {
  const auto bare = read("a: [1,\n  2");
  BOOST_TEST_REQUIRE(bare.diags.list().size() == 1u);
  BOOST_TEST(test::mismatch(bare.diags.list()[0], {"V001", Severity::error, 2, 4,
                                                   "YAML syntax error: did not find expected ',' or ']'"}) == "");
  const auto ended = read("a: [1,\n  2\n");
  BOOST_TEST_REQUIRE(ended.diags.list().size() == 1u);
  BOOST_TEST(ended.diags.list()[0].location.line == 3u);  // the empty line after the last break
  BOOST_TEST(ended.diags.list()[0].location.column == 1u);
  const auto utf8 = read("k: [\xC3\xA9");
  BOOST_TEST_REQUIRE(utf8.diags.list().size() == 1u);
  BOOST_TEST(utf8.diags.list()[0].location.line == 1u);
  BOOST_TEST(utf8.diags.list()[0].location.column == 7u);  // after the two bytes of 'é'
}

// libyaml also breaks lines at a lone '\r' (and NEL, LS, PS); allot's lines are those of '\n',
// as its excerpts show them, so no position falls outside the file.
BOOST_AUTO_TEST_CASE(lines_are_counted_by_line_feeds_alone) {
  const auto r = read("a: 1\rb: 2\n");
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  const std::vector<std::string> want = {" a mapping @1:1", "a a scalar '1' @1:4", "b a scalar '2' @1:9"};
  BOOST_TEST(describe(r.docs.at(0)) == want, boost::test_tools::per_element());
  const auto bad = read("a: 1\rb: ]\n");  // libyaml: line 2, column 4
  BOOST_TEST_REQUIRE(bad.diags.list().size() == 1u);
  BOOST_TEST(test::mismatch(bad.diags.list()[0], {"V001", Severity::error, 1, 9,
                                                  "YAML syntax error: did not find expected node content"}) == "");
}

BOOST_AUTO_TEST_CASE(a_tab_that_indents_gets_a_note) {
  const std::string help = "YAML does not allow a tab where indentation is read; use spaces (kubectl rejects this too)";
  const auto r = read("a:\n\tb: 1\n");
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  const auto& d = r.diags.list()[0];
  BOOST_TEST(test::mismatch(d, {"V001", Severity::error, 2, 1,
                                "YAML syntax error: found character that cannot start any token"}) == "");
  BOOST_TEST_REQUIRE(d.notes.size() == 1u);
  BOOST_TEST(d.notes[0].message == help);
  BOOST_TEST(!d.notes[0].location.has_value());
  // After a plain scalar, libyaml reads the tab as part of its next line.
  const auto after = read("a:\n  b: 1\n\tc: 2\n");
  BOOST_TEST_REQUIRE(after.diags.list().size() == 1u);
  const auto& e = after.diags.list()[0];
  BOOST_TEST(test::mismatch(e, {"V001", Severity::error, 3, 1,
                                "YAML syntax error: found a tab character that violates indentation"}) == "");
  BOOST_TEST_REQUIRE(e.notes.size() == 2u);
  BOOST_TEST(e.notes[0].message == "while scanning a plain scalar");
  BOOST_TEST(e.notes[1].message == help);
}

// Control characters and invalid UTF-8 are refused at their byte (libyaml's reader gives
// an offset, turned into a line and a byte column).
BOOST_AUTO_TEST_CASE(invalid_bytes_are_errors_at_their_line_and_column) {
  const auto ctl = read("a: 1\nb: x\x01y\n");
  BOOST_TEST_REQUIRE(ctl.diags.list().size() == 1u);
  BOOST_TEST(test::mismatch(ctl.diags.list()[0], {"V001", Severity::error, 2, 5,
                                                  "YAML syntax error: control characters are not allowed (byte 0x01)"}) == "");
  const auto utf8 = read("a: 1\nb: \xC3\xA9\xFF\n");
  BOOST_TEST_REQUIRE(utf8.diags.list().size() == 1u);
  BOOST_TEST(test::mismatch(utf8.diags.list()[0], {"V001", Severity::error, 2, 6,
                                                   "YAML syntax error: invalid leading UTF-8 octet (byte 0xFF)"}) == "");
}

BOOST_AUTO_TEST_CASE(an_alias_of_no_anchor_is_a_syntax_error_at_the_alias) {
  const auto r = read("a: &x 1\n---\nb: *x\n");  // anchors do not cross documents
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.docs.size() == 1u);
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  BOOST_TEST(test::mismatch(r.diags.list()[0], {"V001", Severity::error, 3, 4,
                                                "YAML syntax error: the alias *x names no anchor defined before it"}) == "");
}

// Text given as a string is read in place; an istream gives the same documents.
BOOST_AUTO_TEST_CASE(text_and_stream_read_alike) {
  const std::string text = "a: [1, {b: 'c'}]\n---\nd: ~\n";
  std::vector<yaml::Document> docs;
  Diagnostics diags;
  BOOST_TEST(yaml::read_documents(std::string_view(text), kFile, keep_all, {},
                                  [&](yaml::Document&& d) { docs.push_back(std::move(d)); }, diags));
  const auto r = read(text);
  BOOST_TEST_REQUIRE(docs.size() == r.docs.size());
  for (std::size_t i = 0; i < docs.size(); ++i) BOOST_TEST(describe(docs[i]) == describe(r.docs[i]), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(limit_on_nesting_depth) {
  yaml::Limits limits;
  limits.max_depth = 3;
  const auto ok = read("a: {b: [1]}\n", keep_all, limits);  // three collections deep
  BOOST_TEST(ok.ok, test::describe(ok.diags));
  const auto r = read("a: 0\n---\na: {b: [{c: 1}]}\n---\nz: 1\n", keep_all, limits);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.docs.size() == 1u);  // the first document only: the limit ends the file
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  const test::Expected want{"V003", Severity::error, 3, 9,
                            "document exceeds a safety limit: nesting deeper than 3 levels"};
  BOOST_TEST(test::mismatch(r.diags.list()[0], want) == "");
}

BOOST_AUTO_TEST_CASE(limit_on_nesting_applies_to_skipped_subtrees_too) {
  yaml::Limits limits;
  limits.max_depth = 2;
  auto nothing_below_root = [](const std::vector<std::string>& p) {
    return p.empty() ? Interest::container : Interest::none;
  };
  const auto r = read("skipped: [[[1]]]\n", nothing_below_root, limits);
  BOOST_TEST(!r.ok);
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  BOOST_TEST(to_string(r.diags.list()[0].code) == "V003");
}

BOOST_AUTO_TEST_CASE(limit_on_kept_values) {
  yaml::Limits limits;
  limits.max_values = 3;  // the root mapping and two values
  const auto ok = read("a: 1\nb: 2\n", keep_all, limits);
  BOOST_TEST(ok.ok, test::describe(ok.diags));
  const auto r = read("a: 1\nb: 2\nc: 3\n", keep_all, limits);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.docs.empty());
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  const test::Expected want{"V003", Severity::error, 3, 4,
                            "document exceeds a safety limit: more than 3 values in one document"};
  BOOST_TEST(test::mismatch(r.diags.list()[0], want) == "");
}

BOOST_AUTO_TEST_CASE(values_the_filter_drops_do_not_count_towards_the_limit) {
  yaml::Limits limits;
  limits.max_values = 2;
  auto only_a = [](const std::vector<std::string>& p) {
    return p.empty() ? Interest::container : p[0] == "a" ? Interest::leaf : Interest::none;
  };
  std::string text = "a: 1\n";
  for (int i = 0; i < 50; ++i) text += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  const auto r = read(text, only_a, limits);
  BOOST_TEST(r.ok, test::describe(r.diags));
  BOOST_TEST(r.docs.at(0).values.size() == 2u);
}

BOOST_AUTO_TEST_CASE(limit_on_anchors) {
  yaml::Limits limits;
  limits.max_anchors = 2;
  const auto ok = read("a: &a 1\nb: &b 2\n", keep_all, limits);
  BOOST_TEST(ok.ok, test::describe(ok.diags));
  const auto r = read("a: &a 1\nb: &b 2\nc: &c 3\n", keep_all, limits);
  BOOST_TEST(!r.ok);
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  const test::Expected want{"V003", Severity::error, 3, 4,
                            "document exceeds a safety limit: more than 2 anchors in one document"};
  BOOST_TEST(test::mismatch(r.diags.list()[0], want) == "");
  // The count starts again in every document.
  const auto two_docs = read("a: &a 1\nb: &b 2\n---\nc: &c 3\nd: &d 4\n", keep_all, limits);
  BOOST_TEST(two_docs.ok, test::describe(two_docs.diags));
  BOOST_TEST(two_docs.docs.size() == 2u);
}

BOOST_AUTO_TEST_CASE(limit_on_scalar_length) {
  yaml::Limits limits;
  limits.max_scalar_bytes = 8;
  const auto ok = read("a: '12345678'\n", keep_all, limits);
  BOOST_TEST(ok.ok, test::describe(ok.diags));
  const auto r = read("a: '123456789'\n", keep_all, limits);
  BOOST_TEST(!r.ok);
  BOOST_TEST_REQUIRE(r.diags.list().size() == 1u);
  const test::Expected want{"V003", Severity::error, 1, 4,
                            "document exceeds a safety limit: a value longer than 8 bytes"};
  BOOST_TEST(test::mismatch(r.diags.list()[0], want) == "");
  // A long scalar the filter does not keep is fine.
  auto only_b = [](const std::vector<std::string>& p) {
    return p.empty() ? Interest::container : p[0] == "b" ? Interest::leaf : Interest::none;
  };
  const auto skipped = read("a: '123456789012345'\nb: 1\n", only_b, limits);
  BOOST_TEST(skipped.ok, test::describe(skipped.diags));
}

BOOST_AUTO_TEST_CASE(an_alias_bomb_is_read_in_linear_time) {
  // 9^9 "lol"s if expanded; the reader records 10 aliases and a handful of values.
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? ", " : "") + "*" + static_cast<char>(c - 1);
    text += "]\n";
  }
  text += "bomb: *i\n";
  const auto r = read(text);
  BOOST_TEST_REQUIRE(r.ok, test::describe(r.diags));
  BOOST_TEST(r.docs.at(0).find("bomb")->type == NodeType::alias);
  BOOST_TEST(r.docs.at(0).values.size() < 200u);
}

BOOST_AUTO_TEST_CASE(node_type_names) {
  BOOST_TEST(yaml::to_string(NodeType::scalar) == "a scalar");
  BOOST_TEST(yaml::to_string(NodeType::null) == "null");
  BOOST_TEST(yaml::to_string(NodeType::map) == "a mapping");
  BOOST_TEST(yaml::to_string(NodeType::seq) == "a sequence");
  BOOST_TEST(yaml::to_string(NodeType::alias) == "an alias");
  BOOST_TEST(yaml::to_string(NodeType::merge) == "a merge key");
}

BOOST_AUTO_TEST_SUITE_END()
