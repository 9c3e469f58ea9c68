#pragma once
// The grammar of .allot policy files, top-down, one rule per line.
//
//   file     = sep { item sep } eof
//   item     = policy | resource | tier | default | assign
//   policy   = "policy" name
//   resource = "resource" name kind
//   tier     = "tier" name [ "extends" name ] "{" { scope } "}"
//   scope    = "per" name "{" { limit } "}"
//   limit    = name "<=" quantity [ "warn" "at" ( number "%" | quantity ) ]
//   default  = "default" "tier" name
//   assign   = "assign" "tier" name "to" selector { "," selector }
//   selector = ( "user" | "team" ) string
//
// Whitespace (including CR LF) and '#' comments may stand between any two tokens.

#include <tao/pegtl.hpp>

namespace allot::grammar::rules {

namespace pegtl = tao::pegtl;
using namespace pegtl;

// clang-format off
struct comment        : seq< one< '#' >, star< not_one< '\n' > > > {};
struct blank          : one< ' ', '\t', '\r', '\n' > {};
struct sep            : star< sor< blank, comment > > {};

struct ident_first    : ranges< 'a', 'z', 'A', 'Z', '_' > {};
struct ident_other    : ranges< 'a', 'z', 'A', 'Z', '0', '9', '_', '_', '-', '-' > {};
struct word           : seq< ident_first, star< ident_other > > {};

template< typename Key >
struct key            : seq< Key, not_at< ident_other > > {};
struct kw_policy      : key< TAO_PEGTL_STRING( "policy" ) > {};
struct kw_resource    : key< TAO_PEGTL_STRING( "resource" ) > {};
struct kw_tier        : key< TAO_PEGTL_STRING( "tier" ) > {};
struct kw_extends     : key< TAO_PEGTL_STRING( "extends" ) > {};
struct kw_per         : key< TAO_PEGTL_STRING( "per" ) > {};
struct kw_warn        : key< TAO_PEGTL_STRING( "warn" ) > {};
struct kw_at          : key< TAO_PEGTL_STRING( "at" ) > {};
struct kw_default     : key< TAO_PEGTL_STRING( "default" ) > {};
struct kw_assign      : key< TAO_PEGTL_STRING( "assign" ) > {};
struct kw_to          : key< TAO_PEGTL_STRING( "to" ) > {};
struct kw_user        : key< TAO_PEGTL_STRING( "user" ) > {};
struct kw_team        : key< TAO_PEGTL_STRING( "team" ) > {};

// Statement keywords cannot be names, so a missing token never swallows the next statement.
struct reserved       : sor< kw_policy, kw_resource, kw_tier, kw_default, kw_assign > {};
struct ident          : seq< not_at< reserved >, word > {};

struct number         : seq< plus< digit >, opt< one< '.' >, plus< digit > > > {};
struct unit           : plus< alpha > {};
struct quantity       : seq< number, opt< unit >, not_at< ident_other > > {};
struct percent        : seq< number, one< '%' > > {};

struct policy_name    : ident {};
struct policy_kw      : kw_policy {};
struct policy_decl    : if_must< policy_kw, sep, policy_name > {};

struct resource_name  : ident {};
struct resource_kind  : ident {};
struct resource_kw    : kw_resource {};
struct resource_decl  : if_must< resource_kw, sep, resource_name, sep, resource_kind > {};

struct limit_resource : ident {};
struct le             : string< '<', '=' > {};
struct limit_max      : quantity {};
struct warn_percent   : percent {};
struct warn_amount    : quantity {};
struct warn_value     : sor< warn_percent, warn_amount > {};
// `warn <= 5` is a limit on a resource named warn, not a warn clause.
struct warn_start     : seq< kw_warn, sep, not_at< string< '<', '=' > > > {};
struct warn_clause    : if_must< warn_start, kw_at, sep, warn_value > {};
struct limit          : if_must< limit_resource, sep, le, sep, limit_max, sep, opt< warn_clause, sep > > {};

struct scope_name     : ident {};
struct scope_open     : one< '{' > {};
struct scope_close    : one< '}' > {};
struct per_kw         : kw_per {};
struct scope_block    : if_must< per_kw, sep, scope_name, sep, scope_open, sep, star< limit >, scope_close > {};

struct tier_name      : ident {};
struct parent_name    : ident {};
struct extends_clause : if_must< kw_extends, sep, parent_name > {};
struct tier_open      : one< '{' > {};
struct tier_close     : one< '}' > {};
struct tier_kw        : kw_tier {};
struct tier_decl      : if_must< tier_kw, sep, tier_name, sep, opt< extends_clause, sep >, tier_open, sep, star< scope_block, sep >, tier_close > {};

struct default_name   : ident {};
struct default_kw     : kw_default {};
struct default_tier   : kw_tier {};
struct default_decl   : if_must< default_kw, sep, default_tier, sep, default_name > {};

struct str_char       : sor< seq< one< '\\' >, one< '"', '\\' > >, not_one< '"', '\\', '\n', '\r' > > {};
struct close_quote    : one< '"' > {};
struct pattern        : seq< one< '"' >, star< str_char >, close_quote > {};
struct user_pattern   : pattern {};
struct team_pattern   : pattern {};
struct user_selector  : if_must< kw_user, sep, user_pattern > {};
struct team_selector  : if_must< kw_team, sep, team_pattern > {};
struct selector       : sor< user_selector, team_selector > {};
struct comma          : one< ',' > {};
struct more_selectors : if_must< seq< sep, comma >, sep, selector > {};
struct assign_tier    : ident {};
struct assign_kw      : kw_assign {};
struct assign_tier_kw : kw_tier {};
struct assign_decl    : if_must< assign_kw, sep, assign_tier_kw, sep, assign_tier, sep, kw_to, sep, selector, star< more_selectors > > {};

struct item           : sor< policy_decl, resource_decl, tier_decl, default_decl, assign_decl > {};
struct file           : seq< sep, star< item, sep >, eof > {};

/// What the parser runs once per top-level statement, so it can recover between them.
struct statement      : seq< must< item >, sep > {};
// clang-format on

}  // namespace allot::grammar::rules
