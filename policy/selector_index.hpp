#pragma once
// An index of name patterns (policy/glob.hpp) that answers "which pattern, added first,
// matches this name?" without trying every pattern: the tier lookup of validate and place,
// and the shadowed-selector check (P037) of lowering.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace allot {

/// Patterns numbered by the order they were added in. Names without `*` or `?` sit in a hash
/// map; the others are grouped by their literal prefix (the bytes before the first wildcard),
/// so a lookup visits only the groups whose prefix starts the name. Within a group, a pattern
/// that is the prefix and then only `*` matches every name without '*' (`name-*`, the usual
/// rule), so the first such pattern answers at once for those names.
class SelectorIndex {
 public:
  /// Adds `pattern` as number `order`, which must be larger than every order added before.
  void add(std::string_view pattern, std::uint32_t order);

  /// The smallest order of a pattern that matches `name` as glob_match does, if any. With
  /// `skip_question`, patterns holding a `?` are left out.
  [[nodiscard]] std::optional<std::uint32_t> first_match(std::string_view name, bool skip_question = false) const;

  [[nodiscard]] bool empty() const { return exact_.empty() && groups_.empty(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Glob {
    std::uint32_t order;
    bool question;        ///< holds a '?'
    std::string pattern;  ///< whole, prefix included
  };
  struct Group {
    std::optional<std::uint32_t> any;  ///< the first "prefix*" pattern: matches every name here without '*'
    std::vector<Glob> globs;           ///< every pattern of the group ("prefix*" too), by increasing order
  };

  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> exact_;
  std::unordered_map<std::string, Group, Hash, std::equal_to<>> groups_;
  std::vector<std::size_t> prefix_lengths_;  ///< the distinct prefix lengths in groups_, sorted
};

}  // namespace allot
