// The selector index (policy/selector_index.hpp) against the plain scan it replaces: the same
// answer, exactly, on thousands of random policies and names. First match wins is the
// contract: the matching selector with the smallest (assignment, selector) position.
//
// Patterns are drawn from a tiny alphabet so that they overlap: shared literal prefixes,
// `*` and `?` anywhere, literals that equal other patterns, user and team selectors mixed in
// one assignment, empty users and teams. ALLOT_SEED=N replays a failing run.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "grammar/parser.hpp"
#include "policy/glob.hpp"
#include "policy/policy.hpp"
#include "policy/selector_index.hpp"
#include "tests/property_support.hpp"

using namespace allot;
using test::Rng;

namespace {

constexpr std::uint64_t kSeed = 0x5e1ec7012;

/// A pattern of 0-6 bytes over "ab-*?" (more literal than wild), or a short literal prefix
/// followed by `*`, the shape of most real rules.
std::string random_pattern(Rng& rng) {
  static const std::string lit = "ab-";
  std::string p;
  if (rng.chance(30)) {
    for (int i = rng.pick_int(0, 3); i > 0; --i) p += lit[rng.index(lit.size())];
    return p + "*";
  }
  for (int i = rng.pick_int(1, 6); i > 0; --i) {
    const int k = rng.pick_int(0, 9);
    p += k < 6 ? lit[rng.index(lit.size())] : k < 8 ? '*' : '?';
  }
  return p;
}

/// A name: random bytes of the alphabet (wildcard bytes included, as P037 asks about the
/// text of a pattern), a pattern with its wildcards filled in, or empty.
std::string random_name(Rng& rng, const std::vector<std::string>& patterns) {
  static const std::string alphabet = "ab-*?c";
  if (rng.chance(5)) return "";
  if (!patterns.empty() && rng.chance(50)) {
    std::string out;
    for (char c : patterns[rng.index(patterns.size())]) {
      if (c == '?') out += alphabet[rng.index(alphabet.size())];
      else if (c == '*')
        for (int i = rng.pick_int(0, 2); i > 0; --i) out += alphabet[rng.index(alphabet.size())];
      else out += c;
    }
    return out;
  }
  std::string out;
  for (int i = rng.pick_int(0, 7); i > 0; --i) out += alphabet[rng.index(alphabet.size())];
  return out;
}

struct RandomPolicy {
  Policy policy;
  std::vector<std::string> patterns;
};

RandomPolicy random_policy(Rng& rng) {
  RandomPolicy r;
  const auto tiers = static_cast<std::size_t>(rng.pick_int(1, 6));
  for (std::size_t t = 0; t < tiers; ++t) r.policy.tiers.push_back(Tier{fmt::format("t{}", t), {}, {}, {}});
  if (rng.chance(70)) r.policy.default_tier = rng.index(tiers);
  for (int a = rng.pick_int(0, 12); a > 0; --a) {
    Assignment out;
    out.tier = rng.index(tiers);
    for (int s = rng.pick_int(1, 4); s > 0; --s) {
      Selector sel;
      sel.kind = rng.chance(50) ? Selector::Kind::user : Selector::Kind::team;
      sel.pattern = random_pattern(rng);
      r.patterns.push_back(sel.pattern);
      out.selectors.push_back(std::move(sel));
    }
    r.policy.assignments.push_back(std::move(out));
  }
  return r;
}

/// The definition: every selector in order, the first that matches wins.
std::optional<std::size_t> linear(const Policy& p, const std::string& user, const std::string& team, bool users,
                                  bool teams) {
  for (const auto& a : p.assignments)
    for (const auto& s : a.selectors) {
      const bool is_user = s.kind == Selector::Kind::user;
      if (is_user && users && !user.empty() && glob_match(s.pattern, user)) return a.tier;
      if (!is_user && teams && !team.empty() && glob_match(s.pattern, team)) return a.tier;
    }
  return p.default_tier;
}

std::string show(const std::optional<std::size_t>& t) { return t ? std::to_string(*t) : "none"; }

std::string show(const Policy& p) {
  std::string out;
  for (const auto& a : p.assignments) {
    out += fmt::format("assign t{} to", a.tier);
    for (const auto& s : a.selectors)
      out += fmt::format(" {} \"{}\"", s.kind == Selector::Kind::user ? "user" : "team", s.pattern);
    out += "\n";
  }
  return out + fmt::format("default {}\n", show(p.default_tier));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(selector_index)

BOOST_AUTO_TEST_CASE(first_match_equals_a_scan_of_the_patterns) {
  const auto seed = test::property_seed(kSeed);
  BOOST_TEST_MESSAGE("seed " << seed);
  std::size_t matched = 0;
  for (std::size_t i = 0; i < 3000; ++i) {
    Rng rng = test::instance_rng(seed, 1, i);
    std::vector<std::string> patterns;
    SelectorIndex index;
    for (int k = rng.pick_int(0, 30); k > 0; --k) {
      patterns.push_back(random_pattern(rng));
      index.add(patterns.back(), static_cast<std::uint32_t>(patterns.size() - 1));
    }
    for (int n = 0; n < 20; ++n) {
      const std::string name = random_name(rng, patterns);
      for (const bool skip : {false, true}) {
        std::optional<std::uint32_t> want;
        for (std::size_t k = 0; k < patterns.size() && !want; ++k)
          if (!(skip && patterns[k].find('?') != std::string::npos) && glob_match(patterns[k], name))
            want = static_cast<std::uint32_t>(k);
        const auto got = index.first_match(name, skip);
        matched += want.has_value();
        if (got != want) {
          std::string list;
          for (std::size_t k = 0; k < patterns.size(); ++k) list += fmt::format("  {}: \"{}\"\n", k, patterns[k]);
          BOOST_ERROR(test::repro(seed, i) << ": name \"" << name << "\" skip_question " << skip << ": index gives "
                                           << (got ? std::to_string(*got) : "none") << ", the scan "
                                           << (want ? std::to_string(*want) : "none") << "\n" << list);
          return;
        }
      }
    }
  }
  BOOST_TEST(matched > 10000u);  // the names do hit patterns, not only miss them
}

BOOST_AUTO_TEST_CASE(tier_lookups_equal_a_linear_scan) {
  const auto seed = test::property_seed(kSeed);
  BOOST_TEST_MESSAGE("seed " << seed);
  std::size_t by_rule = 0;
  for (std::size_t i = 0; i < 3000; ++i) {
    Rng rng = test::instance_rng(seed, 2, i);
    RandomPolicy r = random_policy(rng);
    const Policy plain = r.policy;  // never indexed: Policy's own scan
    r.policy.index_selectors();
    const Policy copy = r.policy;  // copies share the index
    for (int n = 0; n < 30; ++n) {
      const std::string user = random_name(rng, r.patterns), team = random_name(rng, r.patterns);
      const std::tuple<const char*, std::optional<std::size_t>, std::optional<std::size_t>,
                       std::optional<std::size_t>, std::optional<std::size_t>>
          cases[] = {
              {"tier_for", linear(r.policy, user, team, true, true), r.policy.tier_for(user, team),
               plain.tier_for(user, team), copy.tier_for(user, team)},
              {"tier_for_user", linear(r.policy, user, team, true, false), r.policy.tier_for_user(user),
               plain.tier_for_user(user), copy.tier_for_user(user)},
              {"tier_for_team", linear(r.policy, user, team, false, true), r.policy.tier_for_team(team),
               plain.tier_for_team(team), copy.tier_for_team(team)},
          };
      for (const auto& [what, want, indexed, scanned, copied] : cases) {
        by_rule += want != r.policy.default_tier;
        if (indexed != want || scanned != want || copied != want) {
          BOOST_ERROR(test::repro(seed, i) << ": " << what << "(user \"" << user << "\", team \"" << team
                                           << "\"): want " << show(want) << ", indexed " << show(indexed)
                                           << ", unindexed " << show(scanned) << ", copy " << show(copied) << "\n"
                                           << show(r.policy));
          return;
        }
      }
    }
  }
  BOOST_TEST(by_rule > 50000u);  // most answers come from a rule, not the default
}

/// P037 as it was defined before the index: for each selector, the first earlier selector of
/// its kind that covers it, in the assignments to known tiers, then those to unknown tiers,
/// then earlier in its own assignment.
std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>> quadratic_p037(const ast::File& file) {
  std::set<std::string> tiers;
  for (const auto& item : file.items)
    if (const auto* t = std::get_if<ast::TierDecl>(&item)) tiers.insert(t->name.text);
  std::vector<std::vector<const ast::Selector*>> known, pending;
  std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>> out;
  for (const auto& item : file.items) {
    const auto* a = std::get_if<ast::AssignDecl>(&item);
    if (a == nullptr) continue;
    std::vector<const ast::Selector*> same;
    for (const auto& s : a->selectors) {
      if (s.pattern.text.empty()) continue;
      const bool literal = s.pattern.text.find_first_of("*?") == std::string::npos;
      const auto covers = [&](const ast::Selector* e) {
        return e->kind == s.kind && (literal || e->pattern.text.find('?') == std::string::npos) &&
               glob_match(e->pattern.text, s.pattern.text);
      };
      const ast::Selector* hit = nullptr;
      for (const auto* list : {&known, &pending})
        for (const auto& rule : *list)
          for (const auto* e : rule)
            if (!hit && covers(e)) hit = e;
      for (const auto* e : same)
        if (!hit && covers(e)) hit = e;
      if (hit)
        out.emplace(s.pattern.location.line, s.pattern.location.column, hit->pattern.location.line,
                    hit->pattern.location.column);
      same.push_back(&s);
    }
    (tiers.count(a->tier.text) ? known : pending).push_back(same);
  }
  return out;
}

BOOST_AUTO_TEST_CASE(shadowed_selectors_are_those_of_the_quadratic_check) {
  const auto seed = test::property_seed(kSeed);
  BOOST_TEST_MESSAGE("seed " << seed);
  std::size_t warnings = 0;
  for (std::size_t i = 0; i < 1500; ++i) {
    Rng rng = test::instance_rng(seed, 3, i);
    std::string text = "policy p\nresource gpu count\ntier a { per user { gpu <= 1 } }\ntier b extends a {}\n";
    text += "default tier a\n";
    for (int k = rng.pick_int(1, 14); k > 0; --k) {
      text += fmt::format("assign tier {} to", rng.one_of(std::vector<std::string>{"a", "b", "nope"}));
      for (int s = rng.pick_int(1, 4); s > 0; --s)
        text += fmt::format(" {} \"{}\"{}", rng.chance(50) ? "user" : "team",
                            rng.chance(3) ? std::string() : random_pattern(rng), s > 1 ? "," : "");
      text += "\n";
    }
    Diagnostics parsed;
    const ast::File file = grammar::parse(text, "p.allot", parsed);
    BOOST_TEST_REQUIRE(parsed.empty(), test::repro(seed, i) << ": does not parse\n" << text);
    Diagnostics diags;
    (void)grammar::load(text, "p.allot", diags);
    std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>> got;
    for (const auto& d : diags.list())
      if (d.code == Code::ShadowedSelector) {
        BOOST_TEST_REQUIRE(d.notes.size() == 1u);
        BOOST_TEST_REQUIRE(d.notes[0].location.has_value());
        got.emplace(d.location.line, d.location.column, d.notes[0].location->line, d.notes[0].location->column);
      }
    const auto want = quadratic_p037(file);
    warnings += want.size();
    if (got != want) {
      std::string g, w;
      for (const auto& [l, c, el, ec] : got) g += fmt::format(" {}:{}<-{}:{}", l, c, el, ec);
      for (const auto& [l, c, el, ec] : want) w += fmt::format(" {}:{}<-{}:{}", l, c, el, ec);
      BOOST_ERROR(test::repro(seed, i) << ": P037 at" << g << "; the quadratic check gives" << w << "\n" << text);
      return;
    }
  }
  BOOST_TEST(warnings > 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
