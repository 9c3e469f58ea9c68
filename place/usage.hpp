#pragma once
// What every node and cluster holds while a plan grows, with the indexes placement walks:
// per cluster and resource, its nodes ordered by free amount; and the clusters ordered by the
// free amount of the primary resource.

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "policy/inventory.hpp"
#include "policy/policy.hpp"

namespace allot::place_detail {

/// Node and cluster usage in flat arrays ([node * R + r], [cluster * R + r]).
class Usage {
 public:
  using Index = std::set<std::pair<Amount, std::size_t>>;  ///< (amount, node or cluster), ascending

  Usage(const Inventory& inv, std::size_t resources, std::size_t primary);

  [[nodiscard]] Amount free(std::size_t n, std::size_t r) const {
    return std::max<Amount>(0, inv_.nodes[n].capacity[r] - used_[n * R_ + r]);
  }
  /// How much of `r` node `n` can still take for a job of `tier`: free, within the per-node limit.
  [[nodiscard]] Amount room(std::size_t n, std::size_t r, const Tier* tier) const;
  /// room() with the tier's per-node limit of `r` looked up beforehand (kMaxAmount: none).
  [[nodiscard]] Amount room_within(std::size_t n, std::size_t r, Amount node_limit) const {
    const Amount used = used_[n * R_ + r];
    return std::min(std::max<Amount>(0, inv_.nodes[n].capacity[r] - used), std::max<Amount>(0, node_limit - used));
  }
  [[nodiscard]] Amount cluster_used(std::size_t c, std::size_t r) const { return cluster_used_[c * R_ + r]; }
  [[nodiscard]] Amount cluster_free(std::size_t c, std::size_t r) const { return cluster_free_[c * R_ + r]; }
  /// The nodes of cluster `c` by free amount of `r`.
  [[nodiscard]] const Index& nodes_by_free(std::size_t c, std::size_t r) const { return by_free_[c][r]; }
  /// Likewise, only the nodes without the primary resource (CPU nodes, when it is gpu).
  [[nodiscard]] const Index& plain_nodes_by_free(std::size_t c, std::size_t r) const { return plain_by_free_[c][r]; }
  /// Clusters by free primary amount, ascending (ties in inventory order).
  [[nodiscard]] const Index& clusters_by_free() const { return by_cluster_free_; }
  /// Clusters by free primary amount, descending: (-free, cluster).
  [[nodiscard]] const Index& clusters_by_free_desc() const { return by_cluster_free_desc_; }

  /// Puts `amount` on node `n` (sign +1), or takes it back (sign -1).
  void use(std::size_t n, const std::vector<Amount>& amount, int sign);
  /// A gang placed in cluster `c`: its total counts against the cluster, whose place in the
  /// cluster order follows its new free primary amount.
  void commit(std::size_t c, const std::vector<Amount>& total);

 private:
  const Inventory& inv_;
  const std::size_t R_;
  const std::size_t primary_;
  std::vector<Amount> used_;          // [node * R + r]: allocated + placed
  std::vector<Amount> cluster_used_;  // [cluster * R + r]
  std::vector<Amount> cluster_free_;  // [cluster * R + r]: sum of node free
  std::vector<std::vector<Index>> by_free_;  // [cluster][resource]
  std::vector<std::vector<Index>> plain_by_free_;  // [cluster][resource]: nodes with no primary capacity
  std::vector<bool> plain_;           // [node]: no capacity of the primary resource
  std::vector<Amount> cluster_key_;   // [cluster]: free primary, as the two orders below hold it
  Index by_cluster_free_;             // (free primary, cluster)
  Index by_cluster_free_desc_;        // (-free primary, cluster)
};

/// What each user and team holds: the inventory's usage, then every job placed.
class Holdings {
 public:
  explicit Holdings(const Inventory& inv);
  /// What `who` holds of `r` (0 for no one or an empty row).
  [[nodiscard]] Amount user(const std::string& who, std::size_t r) const { return of(users_, who, r); }
  [[nodiscard]] Amount team(const std::string& who, std::size_t r) const { return of(teams_, who, r); }
  /// A job of `user` and `team` (either may be empty) placed with `total`.
  void add(const std::string& user, const std::string& team, const std::vector<Amount>& total);

 private:
  using Table = std::unordered_map<std::string, std::vector<Amount>>;
  static Amount of(const Table& table, const std::string& who, std::size_t r);
  static void add_to(Table& table, const std::string& who, const std::vector<Amount>& total);
  Table users_, teams_;
};

}  // namespace allot::place_detail
