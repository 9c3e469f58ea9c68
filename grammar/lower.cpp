#include "grammar/lower.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "policy/selector_index.hpp"
#include "policy/suggest.hpp"

namespace allot {
namespace {

std::string hint(std::string_view word, const std::vector<std::string_view>& names) {
  if (auto s = did_you_mean(word, names)) return fmt::format("; did you mean '{}'?", *s);
  return {};
}

Location token_span(const ast::Token& t) {
  Location l = t.location;
  l.length = static_cast<std::uint32_t>(std::max<std::size_t>(t.text.size(), 1));
  return l;
}

// Diagnostic codes for quantity problems in a policy.
Code quantity_code(QuantityProblem p) {
  switch (p) {
    case QuantityProblem::unknown_unit: return Code::PolicyUnknownUnit;
    case QuantityProblem::wrong_unit: return Code::PolicyWrongUnit;
    case QuantityProblem::missing_unit: return Code::PolicyMissingUnit;
    case QuantityProblem::overflow: return Code::PolicyOverflow;
    case QuantityProblem::too_precise: return Code::PolicyTooPrecise;
    case QuantityProblem::malformed:
    case QuantityProblem::negative: return Code::PolicyBadQuantity;
  }
  return Code::PolicyBadQuantity;
}

/// The whole-file checker. One instance per file; methods follow the order of checks.
class Lowering {
 public:
  Lowering(const ast::File& file, Diagnostics& diags) : file_(file), diags_(diags) {
    policy_.file = file.name;
  }

  Policy run() {
    declarations();
    resources();
    tiers();
    if (!diags_.has_errors()) contradictions();
    defaults();
    assignments();
    policy_.index_selectors();
    return std::move(policy_);
  }

 private:
  template <typename T>
  std::vector<const T*> all() const {
    std::vector<const T*> out;
    for (const auto& item : file_.items)
      if (const auto* p = std::get_if<T>(&item)) out.push_back(p);
    return out;
  }

  void duplicate(Code code, const ast::Token& again, const Location& first,
                 std::string_view first_name, std::string_view what) {
    diags_.error(code, token_span(again), fmt::format("duplicate {} '{}'", what, again.text))
        .notes.push_back({fmt::format("'{}' was first declared here", first_name), first});
  }

  void declarations() {
    const auto decls = all<ast::PolicyDecl>();
    if (decls.empty()) {
      diags_.error(Code::MissingPolicyName, Location{file_.name, 1, 1, 1},
                   "missing policy declaration; a policy file starts with 'policy NAME'");
      return;
    }
    policy_.name = decls.front()->name.text;
    for (std::size_t i = 1; i < decls.size(); ++i)
      duplicate(Code::DuplicatePolicy, decls[i]->name, token_span(decls.front()->name), policy_.name, "policy declaration");
  }

  void resources() {
    for (const auto* r : all<ast::ResourceDecl>()) {
      if (auto i = policy_.find_resource(r->name.text)) {
        duplicate(Code::DuplicateResource, r->name, policy_.resources[*i].location, r->name.text, "resource");
        continue;
      }
      ResourceKind kind = ResourceKind::count;
      if (r->kind.text == "bytes") {
        kind = ResourceKind::bytes;
      } else if (r->kind.text != "count") {
        unknown_kind_.insert(policy_.resources.size());  // its limits cannot be checked
        diags_.error(Code::UnknownResourceKind, token_span(r->kind),
                     fmt::format("unknown resource kind '{}'{}", r->kind.text,
                                 hint(r->kind.text, {"count", "bytes"}).empty()
                                     ? "; expected 'count' or 'bytes'"
                                     : hint(r->kind.text, {"count", "bytes"})));
      }
      policy_.resources.push_back({r->name.text, kind, token_span(r->name)});
    }
  }

  std::vector<std::string_view> resource_names() const {
    std::vector<std::string_view> v;
    for (const auto& r : policy_.resources) v.push_back(r.name);
    return v;
  }

  std::vector<std::string_view> tier_names() const {
    std::vector<std::string_view> v;
    for (const auto& t : policy_.tiers) v.push_back(t.name);
    return v;
  }

  std::optional<Amount> amount(const ast::Token& t, ResourceKind kind) {
    auto r = parse_quantity(t.text, kind, {.require_bytes_unit = true, .allow_exponent = false});
    if (const auto* v = std::get_if<Amount>(&r)) return *v;
    const auto& e = std::get<QuantityError>(r);
    diags_.error(quantity_code(e.problem), t.location.shifted(e.offset, e.length), e.message);
    return std::nullopt;
  }

  std::optional<Amount> warn_threshold(const ast::Warn& w, const Resource& res, Amount max,
                                       const ast::Token& name) {
    if (w.percent) {
      auto pct = amount(w.value, ResourceKind::count);  // thousandths of a percent
      if (!pct) return std::nullopt;
      if (*pct == 0 || *pct > 100 * kCountScale) {
        Location l = token_span(w.value);
        l.length += 1;
        diags_.error(Code::BadWarnPercent, l,
                     fmt::format("warn threshold {}% of '{}' must be above 0% and at most 100%",
                                 w.value.text, name.text));
        return std::nullopt;
      }
      return percent_threshold(max, *pct);
    }
    auto v = amount(w.value, res.kind);
    if (v && *v == 0) {
      diags_.error(Code::BadWarnPercent, token_span(w.value),
                   fmt::format("warn threshold of '{}' must be above 0", name.text));
      return std::nullopt;
    }
    if (v && *v > max) {
      diags_.error(Code::WarnAboveMax, token_span(w.value),
                   fmt::format("warn threshold {} is above the limit {} of '{}'",
                               format_quantity(*v, res.kind), format_quantity(max, res.kind), name.text));
      return std::nullopt;
    }
    return v;
  }

  struct OwnLimits {
    std::map<std::pair<Scope, std::size_t>, Limit> limits;
  };

  /// Reads one tier's own scope blocks, reporting names, duplicates and units.
  OwnLimits own_limits(const ast::TierDecl& t) {
    OwnLimits own;
    std::map<Scope, Location> seen_scopes;
    std::vector<std::string_view> scope_names;
    scope_names.reserve(kScopes.size());
    for (Scope s : kScopes) scope_names.push_back(to_string(s));
    for (const auto& block : t.scopes) {
      const auto scope = scope_from_string(block.scope.text);
      if (!scope) {
        const auto h = hint(block.scope.text, scope_names);
        diags_.error(Code::UnknownScope, token_span(block.scope),
                     fmt::format("unknown scope '{}'{}", block.scope.text,
                                 h.empty() ? "; expected user, node, cluster, job or team" : h));
        continue;
      }
      if (auto it = seen_scopes.find(*scope); it != seen_scopes.end()) {
        diags_.error(Code::DuplicateScope, token_span(block.scope),
                     fmt::format("duplicate scope 'per {}' in tier '{}'", block.scope.text, t.name.text))
            .notes.push_back({"first written here; put all its limits in one block", it->second});
        continue;
      }
      seen_scopes.emplace(*scope, token_span(block.scope));
      for (const auto& l : block.limits) limit(t, *scope, l, own);
    }
    return own;
  }

  void limit(const ast::TierDecl& t, Scope scope, const ast::Limit& l, OwnLimits& own) {
    const auto r = policy_.find_resource(l.resource.text);
    if (!r) {
      diags_.error(Code::UnknownResource, token_span(l.resource),
                   fmt::format("unknown resource '{}'{}", l.resource.text,
                               hint(l.resource.text, resource_names())));
      return;
    }
    if (unknown_kind_.count(*r)) return;  // P011 said it; its units would only cascade
    const Resource& res = policy_.resources[*r];
    const auto max = amount(l.max, res.kind);
    if (!max) return;
    const auto tier = static_cast<std::uint32_t>(*tier_named(t.name.text));  // declared by tiers()
    Limit out{*max, std::nullopt, token_span(l.resource), tier};
    if (l.warn) {
      out.warn = warn_threshold(*l.warn, res, *max, l.resource);
      if (!out.warn) return;
    }
    auto [it, fresh] = own.limits.emplace(std::pair{scope, *r}, out);
    if (!fresh)
      diags_.error(Code::DuplicateLimit, token_span(l.resource),
                   fmt::format("duplicate limit for '{}' in 'per {}'", l.resource.text, to_string(scope)))
          .notes.push_back({"first written here", it->second.location});
  }

  void tiers() {
    const auto decls = all<ast::TierDecl>();
    std::vector<const ast::TierDecl*> kept;
    for (const auto* t : decls) {
      if (auto i = tier_named(t->name.text)) {
        duplicate(Code::DuplicateTier, t->name, policy_.tiers[*i].location, t->name.text, "tier");
        continue;
      }
      Tier tier;
      tier.name = t->name.text;
      tier.location = token_span(t->name);
      if (t->parent) tier.parent = t->parent->text;
      tier_index_.emplace(t->name.text, policy_.tiers.size());
      policy_.tiers.push_back(std::move(tier));
      kept.push_back(t);
    }
    std::vector<OwnLimits> own;
    own.reserve(kept.size());
    for (const auto* t : kept) own.push_back(own_limits(*t));
    parents(kept);
    resolve(own);
  }

  /// Unknown parents and inheritance cycles. Afterwards, following `parent` always ends.
  void parents(const std::vector<const ast::TierDecl*>& decls) {
    for (std::size_t i = 0; i < decls.size(); ++i) {
      const auto& p = decls[i]->parent;
      if (p && !tier_named(p->text)) {
        auto others = tier_names();
        others.erase(std::remove(others.begin(), others.end(), std::string_view(decls[i]->name.text)), others.end());
        diags_.error(Code::UnknownParentTier, token_span(*p),
                     fmt::format("tier '{}' extends unknown tier '{}'{}", decls[i]->name.text, p->text,
                                 hint(p->text, others)));
        policy_.tiers[i].parent.reset();
      }
    }
    std::set<std::size_t> reported;
    for (std::size_t i = 0; i < decls.size(); ++i) {
      std::vector<std::size_t> path{i};
      std::optional<std::size_t> cur = i;
      while (true) {
        const auto& parent = policy_.tiers[*cur].parent;
        if (!parent) break;
        cur = tier_named(*parent);
        auto again = std::find(path.begin(), path.end(), *cur);
        if (again == path.end()) {
          path.push_back(*cur);
          continue;
        }
        if (again == path.begin() && !reported.count(i)) {
          std::string chain;
          for (auto k : path) chain += policy_.tiers[k].name + " -> ";
          chain += policy_.tiers[i].name;
          diags_.error(Code::InheritanceCycle, token_span(*decls[i]->parent), fmt::format("inheritance cycle: {}", chain));
          for (auto k : path) reported.insert(k);
        }
        break;
      }
    }
    for (auto k : reported) policy_.tiers[k].parent.reset();
  }

  void resolve(const std::vector<OwnLimits>& own) {
    const std::size_t n = policy_.resources.size();
    std::vector<bool> done(policy_.tiers.size(), false);
    // Parents first; `parents()` guaranteed the chains are finite.
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
      if (done[i]) return;
      Tier& t = policy_.tiers[i];
      t.limits.assign(kScopeCount * n, std::nullopt);
      if (t.parent) {
        const auto p = *tier_named(*t.parent);
        visit(p);
        t.limits = policy_.tiers[p].limits;
      }
      for (const auto& [key, limit] : own[i].limits)
        t.limits[static_cast<std::size_t>(key.first) * n + key.second] = limit;
      done[i] = true;
    };
    for (std::size_t i = 0; i < policy_.tiers.size(); ++i) visit(i);
  }

  /// Limits that can never bind because an enclosing scope is tighter.
  void contradictions() {
    struct Pair { Scope inner, outer; std::string_view why; };
    static constexpr std::array<Pair, 4> pairs = {{
        {Scope::node, Scope::cluster, "a node belongs to one cluster"},
        {Scope::job, Scope::user, "a job counts against its user"},
        {Scope::job, Scope::team, "a job counts against its team"},
        {Scope::job, Scope::cluster, "a job lives in one cluster"},
    }};
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& tier : policy_.tiers)
      for (std::size_t r = 0; r < policy_.resources.size(); ++r)
        for (const auto& p : pairs) {
          const Limit* in = tier.limit(p.inner, r);
          const Limit* out = tier.limit(p.outer, r);
          if (!in || !out || in->max <= out->max) continue;
          if (!seen.emplace(in->location.str(), out->location.str()).second) continue;
          const auto kind = policy_.resources[r].kind;
          auto& d = diags_.warning(
              Code::UnreachableLimit, in->location,
              fmt::format("per-{} limit {} {} can never be reached: the per-{} limit is {} ({})",
                          to_string(p.inner), policy_.resources[r].name, format_quantity(in->max, kind),
                          to_string(p.outer), format_quantity(out->max, kind), p.why));
          d.notes.push_back({fmt::format("per-{} limit of tier '{}' written here", to_string(p.outer),
                                         policy_.tiers[out->tier].name),
                             out->location});
        }
  }

  void defaults() {
    const auto decls = all<ast::DefaultDecl>();
    for (std::size_t i = 0; i < decls.size(); ++i) {
      const auto& t = decls[i]->tier;
      if (i > 0) {
        diags_.error(Code::DuplicateDefault, token_span(t), "duplicate default tier")
            .notes.push_back({"the default tier was first set here", token_span(decls[0]->tier)});
        continue;
      }
      policy_.default_tier = tier_named(t.text);
      if (!policy_.default_tier)
        diags_.error(Code::UnknownDefaultTier, token_span(t),
                     fmt::format("default tier '{}' is not declared{}", t.text, hint(t.text, tier_names())));
    }
    if (decls.empty() && !policy_.tiers.empty() && !all<ast::PolicyDecl>().empty())
      diags_.warning(Code::NoDefaultTier, token_span(all<ast::PolicyDecl>().front()->name),
                     "no default tier: users and teams that no 'assign' rule matches have no limits");
  }

  void assignments() {
    for (const auto* a : all<ast::AssignDecl>()) {
      const auto tier = tier_named(a->tier.text);
      if (!tier) {
        diags_.error(Code::UnknownAssignedTier, token_span(a->tier),
                     fmt::format("assignment to unknown tier '{}'{}", a->tier.text,
                                 hint(a->tier.text, tier_names())));
      }
      Assignment out{tier.value_or(0), {}, a->location};
      for (const auto& s : a->selectors) {
        Selector sel{s.kind == ast::Selector::Kind::user ? Selector::Kind::user : Selector::Kind::team,
                     s.pattern.text, token_span(s.pattern)};
        // The quotes and any escapes as written: the parser's length, else the text and its quotes.
        sel.location.length =
            std::max(s.pattern.location.length, static_cast<std::uint32_t>(s.pattern.text.size() + 2));
        if (sel.pattern.empty()) {
          diags_.error(Code::EmptyPattern, sel.location, "empty name pattern; use \"*\" to match every name");
          continue;
        }
        if (const Selector* earlier = shadowing(sel, out.selectors)) {
          diags_.warning(Code::ShadowedSelector, sel.location,
                         fmt::format("{} \"{}\" is never used: an earlier rule already matches it",
                                     sel.kind == Selector::Kind::user ? "user" : "team", sel.pattern))
              .notes.push_back({"matched first here", earlier->location});
        }
        current_.add(sel, policy_.assignments.size(), out.selectors.size());
        out.selectors.push_back(std::move(sel));
      }
      current_ = {};
      auto& list = tier ? policy_.assignments : pending_;
      (tier ? assigned_ : unassigned_).add_all(out, list.size());
      list.push_back(std::move(out));
    }
  }

  /// An earlier selector of the same kind that matches every name `s` can match: in an
  /// earlier rule, or earlier in the same rule (`same_rule`). The first such selector of the
  /// assignments to known tiers, else of those to unknown tiers, else of `same_rule`.
  ///
  /// `e` covers `s` when glob_match(e, s) with the text of `s` taken as a name, and, if `s`
  /// has wildcards, `e` holds no '?' ('?' in `s` is any byte, not only '?'). So each list is
  /// a SelectorIndex asked about `s`'s text: lowering stays near linear in the selectors.
  const Selector* shadowing(const Selector& s, const std::vector<Selector>& same_rule) const {
    const bool literal = s.pattern.find_first_of("*?") == std::string::npos;
    if (auto at = assigned_.first(s, literal)) return &policy_.assignments[at->first].selectors[at->second];
    if (auto at = unassigned_.first(s, literal)) return &pending_[at->first].selectors[at->second];
    if (auto at = current_.first(s, literal)) return &same_rule[at->second];
    return nullptr;
  }

  /// The selectors of some assignments, by kind, each numbered by its place in the list.
  struct Earlier {
    SelectorIndex users, teams;
    std::vector<std::pair<std::size_t, std::size_t>> where;  ///< by number: assignment, selector

    void add(const Selector& s, std::size_t assignment, std::size_t selector) {
      const auto order = static_cast<std::uint32_t>(where.size());
      (s.kind == Selector::Kind::user ? users : teams).add(s.pattern, order);
      where.emplace_back(assignment, selector);
    }
    void add_all(const Assignment& a, std::size_t assignment) {
      for (std::size_t i = 0; i < a.selectors.size(); ++i) add(a.selectors[i], assignment, i);
    }
    [[nodiscard]] std::optional<std::pair<std::size_t, std::size_t>> first(const Selector& s, bool literal) const {
      const auto& index = s.kind == Selector::Kind::user ? users : teams;
      const auto order = index.first_match(s.pattern, !literal);
      if (!order) return std::nullopt;
      return where[*order];
    }
  };

  /// The tier declared as `name`: a hash lookup, so that lowering stays linear in the tiers.
  [[nodiscard]] std::optional<std::size_t> tier_named(std::string_view name) const {
    const auto it = tier_index_.find(name);
    return it == tier_index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }

  const ast::File& file_;
  Diagnostics& diags_;
  Policy policy_;
  std::unordered_map<std::string_view, std::size_t> tier_index_;  // keys view the syntax tree's names
  std::vector<Assignment> pending_;  // assignments to unknown tiers, kept for shadowing checks
  Earlier assigned_, unassigned_, current_;  // the selectors of policy_.assignments, pending_, the rule read now
  std::set<std::size_t> unknown_kind_;  // resources whose kind P011 refused
};

}  // namespace

Policy lower(const ast::File& file, Diagnostics& diags) { return Lowering(file, diags).run(); }

}  // namespace allot
