#pragma once
// The syntax tree of a .allot file, exactly as written: names and quantities are kept
// as text with their positions, so the checker can point at them and the formatter can
// print them back unchanged. The grammar fills it; `lower()` turns it into a Policy.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "policy/diagnostic.hpp"

namespace allot::ast {

/// A word or literal as written, with where it was written.
struct Token {
  std::string text;
  Location location;
};

struct PolicyDecl {
  Location location;
  Token name;
};

struct ResourceDecl {
  Location location;
  Token name;
  Token kind;  ///< `count` or `bytes`; anything else is reported by the checker
};

struct Warn {
  Token value;           ///< the quantity, or the number before '%'
  bool percent = false;  ///< `warn at 75%`
};

struct Limit {
  Token resource;
  Token max;  ///< `16`, `512GB`, `500m`
  std::optional<Warn> warn;
  std::uint32_t last_line = 0;
};

struct ScopeBlock {
  Location location;  ///< of `per`
  Token scope;        ///< `user`, `node`, ...; checked later
  std::vector<Limit> limits;
  std::uint32_t last_line = 0;  ///< line of the closing '}'
};

struct TierDecl {
  Location location;
  Token name;
  std::optional<Token> parent;
  std::vector<ScopeBlock> scopes;
  std::uint32_t last_line = 0;
};

struct DefaultDecl {
  Location location;
  Token tier;
};

struct Selector {
  enum class Kind { user, team } kind = Kind::user;
  Token pattern;  ///< unquoted text; location points at the opening quote
};

struct AssignDecl {
  Location location;
  Token tier;
  std::vector<Selector> selectors;
  std::uint32_t last_line = 0;
};

using Item = std::variant<PolicyDecl, ResourceDecl, TierDecl, DefaultDecl, AssignDecl>;

/// A `# ...` comment; text excludes the '#' and the line ending.
struct Comment {
  Location location;
  std::string text;
};

struct File {
  FileRef name;
  std::vector<Item> items;
  std::vector<Comment> comments;  ///< in source order
};

/// First and last line an item occupies.
[[nodiscard]] std::uint32_t first_line(const Item& item);
[[nodiscard]] std::uint32_t last_line(const Item& item);

}  // namespace allot::ast
