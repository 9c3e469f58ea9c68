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
  in_fleet_.resize(inv.nodes.size());
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
  by_cluster_used_.resize(R_);
  for (std::size_t c = 0; c < inv.clusters.size(); ++c) {
    cluster_key_.push_back(cluster_free_[c * R_ + primary_]);
    by_cluster_free_.insert({cluster_key_[c], c});
    by_cluster_free_desc_.insert({-cluster_key_[c], c});
    for (std::size_t r = 0; r < R_; ++r) by_cluster_used_[r].insert({cluster_used_[c * R_ + r], c});
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

void Usage::set_fleet_amounts(std::vector<std::vector<Amount>> amounts) {
  amounts.resize(R_);
  for (auto& a : amounts) {
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
  }
  fleet_amounts_ = std::move(amounts);
  bucket_.resize(inv_.nodes.size() * R_);
  for (std::size_t n = 0; n < inv_.nodes.size(); ++n)
    for (std::size_t r = 0; r < R_; ++r) bucket_[n * R_ + r] = bucket(r, free(n, r));
}

namespace {

void fenwick_add(std::vector<std::int64_t>& tree, std::size_t i, std::int64_t delta) {
  for (++i; i < tree.size(); i += i & (~i + 1)) tree[i] += delta;
}

/// The sum of buckets 0 to i.
std::int64_t fenwick_sum(const std::vector<std::int64_t>& tree, std::size_t i) {
  std::int64_t sum = 0;
  for (++i; i > 0; i -= i & (~i + 1)) sum += tree[i];
  return sum;
}

}  // namespace

std::size_t Usage::add_fleet_set(const std::vector<std::size_t>& nodes) {
  const std::size_t id = fleet_.size();
  if (fleet_amounts_.empty()) set_fleet_amounts({});
  FleetSet& set = fleet_.emplace_back();
  set.size = nodes.size();
  set.fenwick.resize(R_);
  set.members.resize(R_);
  set.slot.assign(inv_.nodes.size() * R_, 0);
  set.max_capacity.assign(R_, 0);
  for (std::size_t r = 0; r < R_; ++r) {
    set.fenwick[r].assign(fleet_amounts_[r].size() + 2, 0);  // buckets 0 to amounts, from 1
    set.members[r].resize(fleet_amounts_[r].size() + 1);
  }
  for (auto n : nodes) {
    if (in_fleet_[n].empty())  // use() keeps the buckets of nodes in fleet sets only
      for (std::size_t r = 0; r < R_; ++r) bucket_[n * R_ + r] = bucket(r, free(n, r));
    for (std::size_t r = 0; r < R_; ++r) {
      const std::size_t b = bucket_[n * R_ + r];
      fenwick_add(set.fenwick[r], b, 1);
      set.slot[n * R_ + r] = set.members[r][b].size();
      set.members[r][b].push_back(n);
      set.max_capacity[r] = std::max(set.max_capacity[r], capacity_[n * R_ + r]);
    }
    in_fleet_[n].push_back(id);
  }
  return id;
}

void Usage::fleet_move(std::size_t f, std::size_t r, std::size_t n, std::size_t from, std::size_t to) {
  FleetSet& set = fleet_[f];
  fenwick_add(set.fenwick[r], from, -1);
  fenwick_add(set.fenwick[r], to, 1);
  auto& old = set.members[r][from];
  const std::size_t at = set.slot[n * R_ + r];
  old[at] = old.back();  // the last takes its slot
  set.slot[old[at] * R_ + r] = at;
  old.pop_back();
  set.slot[n * R_ + r] = set.members[r][to].size();
  set.members[r][to].push_back(n);
}

std::size_t Usage::fleet_count(std::size_t f, std::size_t r, std::size_t b) const {
  return static_cast<std::size_t>(fenwick_sum(fleet_[f].fenwick[r], b));
}

std::size_t Usage::fleet_last_bucket(std::size_t f, std::size_t r, std::size_t upto) const {
  // Binary lifting down the Fenwick tree: the largest prefix counting fewer than `upto`.
  const auto& tree = fleet_[f].fenwick[r];
  std::size_t at = 0, step = 1;
  while (step * 2 < tree.size()) step *= 2;
  auto left = static_cast<std::int64_t>(upto);
  for (; step > 0; step /= 2)
    if (at + step < tree.size() && tree[at + step] < left) at += step, left -= tree[at];
  return at;  // buckets 0 to at - 1 count fewer; bucket `at` (tree index at + 1) reaches it
}

std::optional<std::size_t> Usage::fleet_below(std::size_t f, std::size_t r, Amount amount) const {
  const auto& a = fleet_amounts_[r];
  const auto it = std::lower_bound(a.begin(), a.end(), amount);
  if (it == a.end() || *it != amount) return std::nullopt;
  // Less than the k-th amount free: a bucket of at most k.
  return static_cast<std::size_t>(fenwick_sum(fleet_[f].fenwick[r], static_cast<std::size_t>(it - a.begin())));
}

bool Usage::fleet_has_room(std::size_t f, const std::vector<Amount>& need) const {
  // Walk the resource the fewest nodes have enough of, the most free first: a node that holds
  // the need is likeliest there, and when none does, these are the fewest to rule out.
  const FleetSet& set = fleet_[f];
  std::size_t walk = R_, candidates = set.size;
  for (std::size_t r = 0; r < R_; ++r) {
    if (need[r] <= 0) continue;
    const auto below = fleet_below(f, r, need[r]);
    if (!below) return true;
    if (walk == R_ || set.size - *below < candidates) walk = r, candidates = set.size - *below;
  }
  if (walk == R_) return set.size > 0;
  bool found = false;
  fleet_visit(f, walk, need[walk], [&](std::size_t n) {
    found = true;
    for (std::size_t r = 0; found && r < R_; ++r) found = need[r] <= 0 || free(n, r) >= need[r];
    return !found;
  });
  return found;
}

bool Usage::set_has_room(std::size_t s, const std::vector<Amount>& need) const {
  const NodeSet& set = sets_[s];
  std::size_t walk = R_, first = 0;  // the nodes from `first` on have enough of `walk`
  for (std::size_t r = 0; r < R_; ++r) {
    if (need[r] <= 0) continue;
    const std::size_t below = nodes_below(s, r, need[r]);
    if (walk == R_ || below > first) walk = r, first = below;
  }
  if (walk == R_) return set.size > 0;
  const auto& sorted = set.sorted[walk];
  for (std::size_t i = sorted.size(); i > first; --i) {
    const std::size_t n = sorted[i - 1].second;
    bool all = true;
    for (std::size_t r = 0; all && r < R_; ++r) all = need[r] <= 0 || free(n, r) >= need[r];
    if (all) return true;
  }
  return false;
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
    if (!in_fleet_[n].empty())
      if (const std::size_t b = bucket(r, after); b != bucket_[n * R_ + r]) {
        for (auto f : in_fleet_[n]) fleet_move(f, r, n, bucket_[n * R_ + r], b);
        bucket_[n * R_ + r] = b;
      }
  }
}

void Usage::commit(std::size_t c, const std::vector<Amount>& total) {
  for (std::size_t r = 0; r < R_; ++r) {
    const Amount before = cluster_used_[c * R_ + r], after = sat_add(before, total[r]);
    if (after == before) continue;
    cluster_used_[c * R_ + r] = after;
    by_cluster_used_[r].erase({before, c});
    by_cluster_used_[r].insert({after, c});
  }
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
