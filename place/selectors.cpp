#include "place/selectors.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

namespace allot::place_detail {
namespace {

bool selector_matches(const Group& group, const Labels& labels) {
  for (const auto& [k, v] : group.node_selector) {
    auto it = std::find_if(labels.begin(), labels.end(), [&key = k](const auto& l) { return l.first == key; });
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

/// The selector as a key no two different selectors share.
std::string selector_key(const Group& g) {
  std::string key;
  for (const auto& [k, v] : g.node_selector)
    fmt::format_to(std::back_inserter(key), "{}:{}={}:{};", k.size(), k, v.size(), v);
  return key;
}

}  // namespace

NodeSelectors::NodeSelectors(const Inventory& inv, const std::vector<Job>& jobs) : inv_(inv) {
  std::unordered_map<std::string, std::size_t> selector_ids;
  selector_group_.push_back(nullptr);
  for (const auto& job : jobs) {
    first_group_.push_back(group_selector_.size());
    for (const auto& g : job.groups) {
      if (g.node_selector.empty()) {
        group_selector_.push_back(0);
        continue;
      }
      const auto [it, added] = selector_ids.emplace(selector_key(g), selector_ids.size() + 1);
      if (added) selector_group_.push_back(&g);
      group_selector_.push_back(it->second);
    }
  }
  selector_matches_.resize(selector_ids.size() + 1);
  cluster_matches_.resize(selector_ids.size() + 1);
}

const std::vector<std::size_t>& NodeSelectors::matching_nodes(std::size_t id, std::size_t c) const {
  auto& clusters = cluster_matches_[id];
  if (clusters.empty()) {
    clusters.resize(inv_.clusters.size());
    for (std::size_t k = 0; k < inv_.clusters.size(); ++k)
      for (auto n : inv_.clusters[k].nodes)
        if (selector_matches(*selector_group_[id], inv_.nodes[n].labels)) clusters[k].push_back(n);
  }
  return clusters[c];
}

bool NodeSelectors::matches(std::size_t j, std::size_t g, std::size_t n) const {
  const std::size_t id = this->id(j, g);
  if (id == 0) return true;
  auto& table = selector_matches_[id];
  if (table.empty()) {
    table.reserve(inv_.nodes.size());
    for (const auto& node : inv_.nodes) table.push_back(selector_matches(*selector_group_[id], node.labels));
  }
  return table[n];
}

}  // namespace allot::place_detail
