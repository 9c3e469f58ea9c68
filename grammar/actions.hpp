#pragma once
// Actions that fill the syntax tree. They are attached only to rules that sit after a
// commit point (inside if_must), so they never run for input the parser backtracks over.
// Comments are the exception: they are keyed by offset, so a re-match is harmless.

#include <map>
#include <string>

#include "grammar/rules.hpp"
#include "grammar/ast.hpp"

namespace allot::grammar {

/// What the actions build while parsing one file.
struct State {
  ast::File file;
  std::map<std::size_t, ast::Comment> comments;  ///< by byte offset
  Location statement;                            ///< where the current statement began
  ast::ResourceDecl resource;
  ast::TierDecl tier;
  ast::ScopeBlock scope;
  ast::Limit limit;
  ast::AssignDecl assign;

  template <typename Input>
  ast::Token token(const Input& in) const {
    const auto p = in.position();
    return {in.string(), Location{file.name, static_cast<std::uint32_t>(p.line),
                                  static_cast<std::uint32_t>(p.column),
                                  static_cast<std::uint32_t>(in.size())}};
  }
};

template <typename Rule>
struct action : tao::pegtl::nothing<Rule> {};

template <>
struct action<rules::comment> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    std::string text = in.string().substr(1);
    // Every trailing CR, not just a CRLF's: `allot fmt` writes LF, so "#x\r\r" would
    // otherwise print as "#x\r" and lose that CR only the second time it is formatted.
    while (!text.empty() && text.back() == '\r') text.pop_back();
    s.comments[in.iterator().byte] = {s.token(in).location, std::move(text)};
  }
};

/// Statement keywords remember where their statement starts.
struct starts_statement {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.statement = s.token(in).location;
  }
};
template <> struct action<rules::policy_kw> : starts_statement {};
template <> struct action<rules::resource_kw> : starts_statement {};
template <> struct action<rules::tier_kw> : starts_statement {};
template <> struct action<rules::default_kw> : starts_statement {};
template <> struct action<rules::assign_kw> : starts_statement {};

template <>
struct action<rules::policy_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.file.items.emplace_back(ast::PolicyDecl{s.statement, s.token(in)});
  }
};

template <>
struct action<rules::resource_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.resource = {s.statement, s.token(in), {}};
  }
};

/// The declaration joins the tree only when complete: a broken one is a syntax error.
template <>
struct action<rules::resource_kind> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.resource.kind = s.token(in);
    s.file.items.emplace_back(std::move(s.resource));
  }
};

template <>
struct action<rules::tier_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.tier = {};
    s.tier.location = s.statement;
    s.tier.name = s.token(in);
  }
};

template <>
struct action<rules::parent_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.tier.parent = s.token(in);
  }
};

template <>
struct action<rules::per_kw> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.scope = {};
    s.scope.location = s.token(in).location;
  }
};

template <>
struct action<rules::scope_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.scope.scope = s.token(in);
  }
};

template <>
struct action<rules::limit_resource> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.limit = {};
    s.limit.resource = s.token(in);
  }
};

template <>
struct action<rules::limit_max> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.limit.max = s.token(in);
    s.limit.last_line = s.limit.max.location.line;
  }
};

template <>
struct action<rules::warn_percent> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto t = s.token(in);
    t.text.pop_back();  // the '%'
    s.limit.last_line = t.location.line;
    s.limit.warn = ast::Warn{std::move(t), true};
  }
};

template <>
struct action<rules::warn_amount> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto t = s.token(in);
    s.limit.last_line = t.location.line;
    s.limit.warn = ast::Warn{std::move(t), false};
  }
};

template <>
struct action<rules::limit> {
  template <typename Input>
  static void apply(const Input&, State& s) {
    s.scope.limits.push_back(std::move(s.limit));
  }
};

template <>
struct action<rules::scope_close> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.scope.last_line = s.token(in).location.line;
    s.tier.scopes.push_back(std::move(s.scope));
  }
};

template <>
struct action<rules::tier_close> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.tier.last_line = s.token(in).location.line;
    s.file.items.emplace_back(std::move(s.tier));
  }
};

template <>
struct action<rules::default_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.file.items.emplace_back(ast::DefaultDecl{s.statement, s.token(in)});
  }
};

template <>
struct action<rules::assign_tier> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.assign = {};
    s.assign.location = s.statement;
    s.assign.tier = s.token(in);
  }
};

/// A quoted name: the token keeps the unescaped text and the position of the quote.
template <ast::Selector::Kind Kind>
struct selector_action {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto t = s.token(in);
    std::string text;
    for (std::size_t i = 1; i + 1 < t.text.size(); ++i) {
      if (t.text[i] == '\\') ++i;
      text += t.text[i];
    }
    t.text = std::move(text);
    s.assign.last_line = t.location.line;
    s.assign.selectors.push_back({Kind, std::move(t)});
  }
};
template <> struct action<rules::user_pattern> : selector_action<ast::Selector::Kind::user> {};
template <> struct action<rules::team_pattern> : selector_action<ast::Selector::Kind::team> {};

template <>
struct action<rules::assign_decl> {
  template <typename Input>
  static void apply(const Input&, State& s) {
    s.file.items.emplace_back(std::move(s.assign));
  }
};

}  // namespace allot::grammar
