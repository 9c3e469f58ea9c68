#pragma once
// One message per rule that can fail under must<>: what the reader was expected to write.
// must_if raises whenever a rule with a message fails, so a rule listed here must never
// be tried where failing is normal: such rules get a name of their own (default_tier).

#include "grammar/rules.hpp"

namespace allot::grammar {

struct errors {
  template <typename Rule>
  static constexpr const char* message = nullptr;
};

// clang-format off
#define ALLOT_ERROR(rule, text) \
  template <> inline constexpr const char* errors::message<rules::rule> = text
ALLOT_ERROR(item,           "expected 'policy', 'resource', 'tier', 'default' or 'assign'");
ALLOT_ERROR(policy_name,    "expected a policy name after 'policy'");
ALLOT_ERROR(resource_name,  "expected a resource name after 'resource'");
ALLOT_ERROR(resource_kind,  "expected the resource kind, 'count' or 'bytes', after the resource name");
ALLOT_ERROR(tier_name,      "expected a tier name after 'tier'");
ALLOT_ERROR(parent_name,    "expected the name of the parent tier after 'extends'");
ALLOT_ERROR(tier_open,      "expected '{' after the tier name");
ALLOT_ERROR(tier_close,     "expected 'per SCOPE { ... }' or '}' to close the tier");
ALLOT_ERROR(scope_name,     "expected a scope (user, node, cluster, job or team) after 'per'");
ALLOT_ERROR(scope_open,     "expected '{' after the scope name");
ALLOT_ERROR(scope_close,    "expected a limit such as 'gpu <= 16', or '}' to close the scope");
ALLOT_ERROR(le,             "expected '<=' after the resource name");
ALLOT_ERROR(limit_max,      "expected a quantity such as '16', '0.5', '500m' or '512GB' after '<='");
ALLOT_ERROR(kw_at,          "expected 'at' after 'warn'");
ALLOT_ERROR(warn_value,     "expected a quantity or a percentage such as '75%' after 'warn at'");
ALLOT_ERROR(default_tier,   "expected 'tier' after 'default'");
ALLOT_ERROR(assign_tier_kw, "expected 'tier' after 'assign'");
ALLOT_ERROR(default_name,   "expected a tier name after 'default tier'");
ALLOT_ERROR(assign_tier,    "expected a tier name after 'assign tier'");
ALLOT_ERROR(kw_to,          "expected 'to' after the tier name");
ALLOT_ERROR(selector,       "expected 'user \"NAME\"' or 'team \"NAME\"'");
ALLOT_ERROR(user_pattern,   "expected a quoted user name such as \"alice\" or \"ml-*\"");
ALLOT_ERROR(team_pattern,   "expected a quoted team name such as \"ml-research\" or \"ml-*\"");
ALLOT_ERROR(close_quote,    "expected '\"' to close the quoted name");
#undef ALLOT_ERROR
// clang-format on

}  // namespace allot::grammar
