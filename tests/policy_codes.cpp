// The diagnostic catalogue (policy/codes.def): well formed, complete, and the only place a
// code's string is written.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "policy/codes.hpp"
#include "tests/support.hpp"

using namespace allot;
namespace fs = std::filesystem;

namespace {

/// Every product source file: the rooms that make up the allot binary.
std::vector<fs::path> product_sources() {
  std::vector<fs::path> out;
  for (const char* room : {"policy", "grammar", "input", "validate", "place", "export", "cli"})
    for (const auto& e : fs::directory_iterator(fs::path(ALLOT_SOURCE_DIR) / room)) {
      const auto ext = e.path().extension();
      if (ext == ".cpp" || ext == ".hpp") out.push_back(e.path());
    }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(codes_catalogue)

BOOST_AUTO_TEST_CASE(ids_are_unique_well_formed_and_sorted_within_families) {
  const std::regex id_shape("[EPVIX][0-9]{3}");
  std::set<std::string_view> ids, names;
  for (const auto& c : all_codes()) {
    BOOST_TEST(std::regex_match(std::string(c.id), id_shape), c.id);
    BOOST_TEST(ids.insert(c.id).second, "duplicate id " << c.id);
    BOOST_TEST(names.insert(c.name).second, "duplicate name " << c.name);
    BOOST_TEST(!c.summary.empty(), c.id);
    BOOST_TEST(c.summary.back() != '.', c.id << ": a summary has no full stop");
    BOOST_TEST(!std::isupper(static_cast<unsigned char>(c.summary.front())), c.id << ": summaries are lowercase");
  }
  // Counted by range, one line per export target, so targets added in parallel each
  // change their own line (policy/codes.def gives the ranges).
  struct Range {
    std::string_view first, last;
    std::size_t count;
  };
  const Range ranges[] = {
      {"E000", "P999", 44u},  // environment, inventory, policy, placement
      {"V000", "V999", 31u},  // manifests and limits
      {"X001", "X019", 7u},   // export: shared and slurm
      {"X020", "X039", 3u},   // export: kubernetes
      {"X040", "X059", 2u},   // export: kueue
      {"X060", "X079", 2u},   // export: yunikorn
  };
  std::size_t counted = 0;
  for (const auto& r : ranges) {
    std::size_t n = 0;
    for (const auto& c : all_codes()) n += c.id >= r.first && c.id <= r.last ? 1u : 0u;
    BOOST_TEST(n == r.count, r.first << "-" << r.last);
    counted += n;
  }
  BOOST_TEST(all_codes().size() == counted);
}

BOOST_AUTO_TEST_CASE(lookup_by_id_round_trips) {
  for (const auto& c : all_codes()) {
    BOOST_TEST(to_string(c.code) == c.id);
    BOOST_TEST((code_from_string(c.id) == std::optional<Code>(c.code)), c.id);
  }
  BOOST_TEST((code_from_string("p012") == std::optional<Code>(Code::UnknownResource)));
  BOOST_TEST(!code_from_string("P999").has_value());
  BOOST_TEST(!code_from_string("").has_value());
  BOOST_TEST(!code_from_string("P0120").has_value());
}

BOOST_AUTO_TEST_CASE(severity_and_class) {
  BOOST_TEST(info(Code::UserOverUserLimit).id == "V203");
  BOOST_TEST((info(Code::UserOverUserLimit).klass == CodeClass::violation));
  BOOST_TEST((info(Code::Unplaceable).klass == CodeClass::violation));
  BOOST_TEST((info(Code::YamlSyntax).klass == CodeClass::invalid));
  BOOST_TEST((info(Code::NoUserLabel).severity == Severity::warning));
  BOOST_TEST((info(Code::UnreachableLimit).severity == Severity::warning));
  // Limit findings are exactly the V2xx errors, the V3xx warnings and P301.
  for (const auto& c : all_codes()) {
    const bool limit = c.id[0] == 'V' && (c.id[1] == '2' || c.id[1] == '3');
    BOOST_TEST((c.klass == CodeClass::violation) == (limit || c.id == "P301"), c.id);
  }
}

BOOST_AUTO_TEST_CASE(no_code_is_written_as_a_string_in_the_sources) {
  // Codes are referred to by identifier; their strings live in codes.def alone.
  // (A scan, not std::regex: libstdc++'s regex recurses per character and overflows the
  // stack on a whole source file.)
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (const auto& file : product_sources()) {
    const std::string text = test::read_text(file.string());
    for (std::size_t i = 0; i + 6 <= text.size(); ++i) {
      const bool literal = text[i] == '"' && std::string_view("EPVIX").find(text[i + 1]) != std::string_view::npos &&
                           digit(text[i + 2]) && digit(text[i + 3]) && digit(text[i + 4]) && text[i + 5] == '"';
      BOOST_TEST(!literal, file.string() << " writes the code " << text.substr(i, 6));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_code_is_emitted_somewhere) {
  std::string all;
  for (const auto& file : product_sources())
    if (file.filename() != "codes.hpp" && file.filename() != "codes.cpp") all += test::read_text(file.string());
  for (const auto& c : all_codes()) {
    const std::string ref = "Code::" + std::string(c.name);
    bool found = false;
    for (auto at = all.find(ref); at != std::string::npos && !found; at = all.find(ref, at + 1))
      found = at + ref.size() == all.size() || !std::isalnum(static_cast<unsigned char>(all[at + ref.size()]));
    BOOST_TEST(found, c.id << " (" << c.name << ") is never emitted");
  }
}

BOOST_AUTO_TEST_SUITE_END()
