#include "policy/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace allot {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m];
}

namespace {
std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}
}  // namespace

std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string_view>& candidates) {
  if (word.size() > 64) return std::nullopt;  // nothing long is a typo of a short name
  // Scores in half-steps: a case-only difference costs 1, a real edit costs 2.
  const std::string lw = lower(word);
  std::optional<std::string> best;
  std::size_t best_score = 0;
  const std::size_t max_score = word.size() <= 3 ? 2 : 4;
  for (auto c : candidates) {
    if (c == word) continue;
    const std::size_t real = edit_distance(lw, lower(c));
    const std::size_t score = real * 2 + (edit_distance(word, c) > real ? 1 : 0);
    if (score <= max_score && (!best || score < best_score)) {
      best = std::string(c);
      best_score = score;
    }
  }
  return best;
}

}  // namespace allot
