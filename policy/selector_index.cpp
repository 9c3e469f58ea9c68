#include "policy/selector_index.hpp"

#include <algorithm>

#include "policy/glob.hpp"

namespace allot {

void SelectorIndex::add(std::string_view pattern, std::uint32_t order) {
  const auto wild = pattern.find_first_of("*?");
  if (wild == std::string_view::npos) {
    exact_.emplace(std::string(pattern), order);  // a repeat keeps the first, smaller order
    return;
  }
  const auto prefix = pattern.substr(0, wild);
  auto it = groups_.find(prefix);
  if (it == groups_.end()) {
    it = groups_.emplace(std::string(prefix), Group{}).first;
    const auto at = std::lower_bound(prefix_lengths_.begin(), prefix_lengths_.end(), prefix.size());
    if (at == prefix_lengths_.end() || *at != prefix.size()) prefix_lengths_.insert(at, prefix.size());
  }
  Group& g = it->second;
  if (!g.any && pattern.find_first_not_of('*', wild) == std::string_view::npos) g.any = order;
  g.globs.push_back({order, pattern.find('?', wild) != std::string_view::npos, std::string(pattern)});
}

std::optional<std::uint32_t> SelectorIndex::first_match(std::string_view name, bool skip_question) const {
  std::optional<std::uint32_t> best;
  if (const auto it = exact_.find(name); it != exact_.end()) best = it->second;
  // glob_match lets a '*' of the pattern match a '*' of the name as a plain byte, without
  // backtracking, so "ab*" does not match "ab*x": the shortcut holds for names without '*'.
  const bool plain = name.find('*') == std::string_view::npos;
  for (const auto length : prefix_lengths_) {
    if (length > name.size()) break;
    const auto it = groups_.find(name.substr(0, length));
    if (it == groups_.end()) continue;
    const Group& g = it->second;
    if (plain && g.any && (!best || *g.any < *best)) best = g.any;
    // Orders increase along the list: past the best so far, nothing can win.
    for (const auto& glob : g.globs) {
      if (best && glob.order >= *best) break;
      if (skip_question && glob.question) continue;
      if (glob_match(glob.pattern, name)) {
        best = glob.order;
        break;
      }
    }
  }
  return best;
}

}  // namespace allot
