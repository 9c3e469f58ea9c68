#include "place/usage.hpp"

#include <algorithm>

namespace allot::place_detail {

Usage::Usage(const Inventory& inv, std::size_t resources, std::size_t primary)
    : inv_(inv), R_(resources), primary_(primary) {
  used_.assign(inv.nodes.size() * R_, 0);
  capacity_.reserve(inv.nodes.size() * R_);
  for (const auto& node : inv.nodes) capacity_.insert(capacity_.end(), node.capacity.begin(), node.capacity.end());
  cluster_used_.assign(inv.clusters.size() * R_, 0);
  cluster_free_.assign(inv.clusters.size() * R_, 0);
  sets_.resize(inv.clusters.size(), empty_set());
  also_in_.resize(inv.nodes.size());
  plain_by_free_.assign(inv.clusters.size(), std::vector<Index>(R_));
  plain_.assign(inv.nodes.size(), false);
  for (std::size_t n = 0; n < inv.nodes.size(); ++n) {
    const Node& node = inv.nodes[n];
    for (std::size_t r = 0; r < R_; ++r) {
      used_[n * R_ + r] = node.allocated[r];
      cluster_used_[node.cluster * R_ + r] = sat_add(cluster_used_[node.cluster * R_ + r], node.allocated[r]);
      cluster_free_[node.cluster * R_ + r] = sat_add(cluster_free_[node.cluster * R_ + r], free(n, r));
    }
    plain_[n] = R_ > 0 && node.capacity[primary_] == 0;
    index(sets_[node.cluster], n);
    for (std::size_t r = 0; r < R_; ++r)
      if (plain_[n]) plain_by_free_[node.cluster][r].insert({free(n, r), n});
  }
  for (auto& set : sets_)
    for (auto& sorted : set.sorted) std::sort(sorted.begin(), sorted.end());
  for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
    cluster_key_.push_back(cluster_free_[c * R_ + primary_]);
    by_cluster_free_.insert({cluster_key_[c], c});
    by_cluster_free_desc_.insert({-cluster_key_[c], c});
  }
}

Usage::NodeSet Usage::empty_set() const {
  NodeSet set;
  set.by_free.resize(R_);
  set.sorted.resize(R_);
  set.max_capacity.assign(R_, 0);
  return set;
}

/// Adds node `n` to `set`; its sorted rows are sorted afterwards.
void Usage::index(NodeSet& set, std::size_t n) {
  ++set.size;
  for (std::size_t r = 0; r < R_; ++r) {
    set.by_free[r].insert({free(n, r), n});
    set.sorted[r].emplace_back(free(n, r), n);
    set.max_capacity[r] = std::max(set.max_capacity[r], capacity_[n * R_ + r]);
  }
}

std::size_t Usage::add_node_set(const std::vector<std::size_t>& nodes) {
  const std::size_t id = sets_.size();
  sets_.push_back(empty_set());
  for (auto n : nodes) {
    index(sets_.back(), n);
    also_in_[n].push_back(id);
  }
  for (auto& sorted : sets_.back().sorted) std::sort(sorted.begin(), sorted.end());
  return id;
}

/// Moves node `n` in `sorted` from `before` to `after`, keeping the order.
void Usage::move_node(Sorted& sorted, std::size_t n, Amount before, Amount after) {
  const std::pair<Amount, std::size_t> old{before, n}, now{after, n};
  auto from = std::lower_bound(sorted.begin(), sorted.end(), old);
  if (now < old) {
    auto to = std::upper_bound(sorted.begin(), from, now);
    std::move_backward(to, from, from + 1);
    *to = now;
  } else {
    auto to = std::lower_bound(from + 1, sorted.end(), now);
    std::move(from + 1, to, from);
    *(to - 1) = now;
  }
}

Amount Usage::room(std::size_t n, std::size_t r, const Tier* tier) const {
  Amount room = free(n, r);
  if (tier != nullptr)
    if (const Limit* l = tier->limit(Scope::node, r)) room = std::min(room, std::max<Amount>(0, l->max - used_[n * R_ + r]));
  return room;
}

void Usage::use(std::size_t n, const std::vector<Amount>& amount, int sign) {
  const std::size_t c = inv_.nodes[n].cluster;
  for (std::size_t r = 0; r < R_; ++r) {
    if (amount[r] == 0) continue;
    const Amount before = free(n, r);
    used_[n * R_ + r] += sign * amount[r];
    const Amount after = free(n, r);
    cluster_free_[c * R_ + r] += after - before;
    if (after == before) continue;
    auto reindex = [&](NodeSet& set) {
      set.by_free[r].erase({before, n});
      set.by_free[r].insert({after, n});
      move_node(set.sorted[r], n, before, after);
    };
    reindex(sets_[c]);
    for (auto s : also_in_[n]) reindex(sets_[s]);
    if (plain_[n]) {
      plain_by_free_[c][r].erase({before, n});
      plain_by_free_[c][r].insert({after, n});
    }
  }
}

void Usage::commit(std::size_t c, const std::vector<Amount>& total) {
  for (std::size_t r = 0; r < R_; ++r) cluster_used_[c * R_ + r] = sat_add(cluster_used_[c * R_ + r], total[r]);
  if (const Amount key = cluster_free_[c * R_ + primary_]; key != cluster_key_[c]) {
    by_cluster_free_.erase({cluster_key_[c], c});
    by_cluster_free_desc_.erase({-cluster_key_[c], c});
    cluster_key_[c] = key;
    by_cluster_free_.insert({key, c});
    by_cluster_free_desc_.insert({-key, c});
  }
}

Holdings::Holdings(const Inventory& inv) {
  for (const auto& [user, amounts] : inv.user_usage) users_[user] = amounts;
  for (const auto& [team, amounts] : inv.team_usage) teams_[team] = amounts;
}

void Holdings::add(const std::string& user, const std::string& team, const std::vector<Amount>& total) {
  add_to(users_, user, total);
  add_to(teams_, team, total);
}

Amount Holdings::of(const Table& table, const std::string& who, std::size_t r) {
  if (who.empty()) return 0;
  const auto it = table.find(who);
  return it == table.end() || it->second.empty() ? 0 : it->second[r];
}

void Holdings::add_to(Table& table, const std::string& who, const std::vector<Amount>& total) {
  if (who.empty()) return;
  auto& row = table[who];
  if (row.empty()) row.assign(total.size(), 0);
  for (std::size_t r = 0; r < total.size(); ++r) row[r] = sat_add(row[r], total[r]);
}

}  // namespace allot::place_detail
