#include "place/selectors.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

namespace allot::place_detail {
namespace {

bool selector_matches(const Job& job, const Labels& labels) {
  for (const auto& [k, v] : job.node_selector) {
    auto it = std::find_if(labels.begin(), labels.end(), [&key = k](const auto& l) { return l.first == key; });
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

/// The selector as a key no two different selectors share.
std::string selector_key(const Job& j) {
  std::string key;
  for (const auto& [k, v] : j.node_selector)
    fmt::format_to(std::back_inserter(key), "{}:{}={}:{};", k.size(), k, v.size(), v);
  return key;
}

}  // namespace

NodeSelectors::NodeSelectors(const Inventory& inv, const std::vector<Job>& jobs) : inv_(inv), jobs_(jobs) {
  std::unordered_map<std::string, std::size_t> selector_ids;
  job_selector_.assign(jobs.size(), 0);
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (jobs[j].node_selector.empty()) continue;
    const auto [it, added] = selector_ids.emplace(selector_key(jobs[j]), selector_ids.size() + 1);
    job_selector_[j] = it->second;
  }
  selector_matches_.resize(selector_ids.size() + 1);
}

bool NodeSelectors::matches(std::size_t j, std::size_t n) const {
  const std::size_t id = job_selector_[j];
  if (id == 0) return true;
  auto& table = selector_matches_[id];
  if (table.empty()) {
    table.reserve(inv_.nodes.size());
    for (const auto& node : inv_.nodes) table.push_back(selector_matches(jobs_[j], node.labels));
  }
  return table[n];
}

}  // namespace allot::place_detail
