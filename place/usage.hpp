#pragma once
// What every node and cluster holds while a plan grows, with the indexes placement walks:
// per node set (each cluster, and sets added later, such as the nodes of a cluster that one
// selector matches) and resource, its nodes ordered by free amount; node sets over the whole
// fleet, counted by the amounts jobs ask for; and the clusters ordered by the free amount of
// the primary resource and by what they hold.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
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
    return std::max<Amount>(0, capacity_[n * R_ + r] - used_[n * R_ + r]);
  }
  /// How much of `r` node `n` can still take for a job of `tier`: free, within the per-node limit.
  [[nodiscard]] Amount room(std::size_t n, std::size_t r, const Tier* tier) const;
  /// room() with the tier's per-node limit of `r` looked up beforehand (kMaxAmount: none).
  [[nodiscard]] Amount room_within(std::size_t n, std::size_t r, Amount node_limit) const {
    const Amount used = used_[n * R_ + r];
    return std::min(std::max<Amount>(0, capacity_[n * R_ + r] - used), std::max<Amount>(0, node_limit - used));
  }
  [[nodiscard]] Amount cluster_used(std::size_t c, std::size_t r) const { return cluster_used_[c * R_ + r]; }
  [[nodiscard]] Amount cluster_free(std::size_t c, std::size_t r) const { return cluster_free_[c * R_ + r]; }
  /// The nodes of set `s` by free amount of `r`. Sets 0 to clusters - 1 are the clusters.
  [[nodiscard]] const Index& nodes_by_free(std::size_t s, std::size_t r) const { return sets_[s].by_free[r]; }
  /// Likewise, only the nodes of cluster `c` without the primary resource (CPU nodes, when it is gpu).
  [[nodiscard]] const Index& plain_nodes_by_free(std::size_t c, std::size_t r) const { return plain_by_free_[c][r]; }
  /// The nodes of set `s` by free amount of `r`, as a sorted array: (free, node), ascending.
  using Sorted = std::vector<std::pair<Amount, std::size_t>>;
  [[nodiscard]] const Sorted& sorted_by_free(std::size_t s, std::size_t r) const { return sets_[s].sorted[r]; }
  /// How many nodes of set `s` have less than `amount` of `r` free: O(log nodes).
  [[nodiscard]] std::size_t nodes_below(std::size_t s, std::size_t r, Amount amount) const {
    const auto& sorted = sets_[s].sorted[r];
    return static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), std::pair<Amount, std::size_t>{amount, 0}) -
                                    sorted.begin());
  }
  /// Whether some node of set `s` has at least `need` free of every resource: the nodes
  /// with enough of the resource fewest have enough of, walked from the most free.
  [[nodiscard]] bool set_has_room(std::size_t s, const std::vector<Amount>& need) const;
  /// The largest capacity of `r` on a node of set `s`.
  [[nodiscard]] Amount max_capacity(std::size_t s, std::size_t r) const { return sets_[s].max_capacity[r]; }
  /// How many nodes set `s` has.
  [[nodiscard]] std::size_t set_size(std::size_t s) const { return sets_[s].size; }
  /// Indexes `nodes` (distinct, of one cluster) as a set from now on; returns its number.
  std::size_t add_node_set(const std::vector<std::size_t>& nodes);
  /// Clusters by free primary amount, ascending (ties in inventory order).
  [[nodiscard]] const Index& clusters_by_free() const { return by_cluster_free_; }
  /// Clusters by free primary amount, descending: (-free, cluster).
  [[nodiscard]] const Index& clusters_by_free_desc() const { return by_cluster_free_desc_; }
  /// The free primary amount cluster `c` has in the two orders above (they move at commit).
  [[nodiscard]] Amount cluster_key(std::size_t c) const { return cluster_key_[c]; }
  /// Clusters by what they hold of `r` (cluster_used), ascending: those a per-cluster limit
  /// stops are a tail of it, found without visiting the others.
  [[nodiscard]] const Index& clusters_by_used(std::size_t r) const { return by_cluster_used_[r]; }

  /// Node sets that span every cluster, for questions about the whole fleet at once (could
  /// any node hold a replica; how many nodes lack r): a node set per cluster answers them
  /// in O(clusters), which, asked for every unplaced job, grows as jobs x clusters. They are
  /// asked only about the amounts set_fleet_amounts names, so a node's free amount counts only
  /// as which of those it reaches (its bucket): a Fenwick tree over the buckets counts, and
  /// a use moves a node between buckets in O(log amounts), with no ordered tree to update.
  /// The amounts of each resource, [r] (any order, repeats allowed): before add_fleet_set.
  void set_fleet_amounts(std::vector<std::vector<Amount>> amounts);
  /// Indexes `nodes` (distinct, of any clusters) as a fleet set from now on; returns its number.
  std::size_t add_fleet_set(const std::vector<std::size_t>& nodes);
  /// How many nodes of fleet set `f` have less than `amount` of `r` free: O(log amounts);
  /// none when `amount` is not one of those set.
  [[nodiscard]] std::optional<std::size_t> fleet_below(std::size_t f, std::size_t r, Amount amount) const;
  /// Calls visit(node) for each node of fleet set `f` with at least `amount` (one of those
  /// set) of `r` free, the buckets of most free first, until visit returns false.
  template <class Visit>
  void fleet_visit(std::size_t f, std::size_t r, Amount amount, Visit visit) const {
    // The buckets are as many as the amounts jobs ask for, most of them empty: the next one
    // that is not is found from the counts, not by looking at each.
    const auto& members = fleet_[f].members[r];
    const std::size_t lo = bucket(r, amount);
    const std::size_t below = lo == 0 ? 0 : fleet_count(f, r, lo - 1);
    std::size_t upto = fleet_[f].size;
    while (upto > below) {
      const std::size_t b = fleet_last_bucket(f, r, upto);
      for (auto n : members[b])
        if (!visit(n)) return;
      upto -= members[b].size();
    }
  }
  [[nodiscard]] std::size_t fleet_size(std::size_t f) const { return fleet_[f].size; }
  /// The largest capacity of `r` on a node of fleet set `f`.
  [[nodiscard]] Amount fleet_max_capacity(std::size_t f, std::size_t r) const { return fleet_[f].max_capacity[r]; }
  /// Whether some node of fleet set `f` has at least `need` free of every resource; true
  /// also when it cannot tell (an amount not set).
  [[nodiscard]] bool fleet_has_room(std::size_t f, const std::vector<Amount>& need) const;

  /// Puts `amount` on node `n` (sign +1), or takes it back (sign -1).
  void use(std::size_t n, const std::vector<Amount>& amount, int sign);
  /// A gang placed in cluster `c`: its total counts against the cluster, whose place in the
  /// cluster order follows its new free primary amount.
  void commit(std::size_t c, const std::vector<Amount>& total);

 private:
  const Inventory& inv_;
  const std::size_t R_;
  const std::size_t primary_;
  std::vector<Amount> capacity_;      // [node * R + r]: the inventory's, flat
  std::vector<Amount> used_;          // [node * R + r]: allocated + placed
  std::vector<Amount> cluster_used_;  // [cluster * R + r]
  std::vector<Amount> cluster_free_;  // [cluster * R + r]: sum of node free
  /// Nodes whose free amounts are indexed, per resource: ordered (free, node) in a tree for
  /// placement's walks, and in a sorted array to count and search.
  struct NodeSet {
    std::size_t size = 0;
    std::vector<Index> by_free;      // [r]
    std::vector<Sorted> sorted;      // [r]
    std::vector<Amount> max_capacity;             // [r]
  };
  [[nodiscard]] NodeSet empty_set() const;
  void index(NodeSet& set, std::size_t n);
  static void move_node(Sorted& sorted, std::size_t n, Amount before, Amount after);

  std::vector<NodeSet> sets_;                    // the clusters, then the sets added
  std::vector<std::vector<std::size_t>> also_in_;  // [node]: the sets added that hold it
  std::vector<std::vector<Index>> plain_by_free_;  // [cluster][resource]: nodes with no primary capacity
  std::vector<bool> plain_;           // [node]: no capacity of the primary resource
  std::vector<Amount> cluster_key_;   // [cluster]: free primary, as the two orders below hold it
  Index by_cluster_free_;             // (free primary, cluster)
  Index by_cluster_free_desc_;        // (-free primary, cluster)
  std::vector<Index> by_cluster_used_;  // [r]: (cluster_used, cluster)
  /// The bucket of `amount` free of `r`: how many of the amounts set it reaches.
  [[nodiscard]] std::size_t bucket(std::size_t r, Amount amount) const {
    const auto& a = fleet_amounts_[r];
    return static_cast<std::size_t>(std::upper_bound(a.begin(), a.end(), amount) - a.begin());
  }
  void fleet_move(std::size_t f, std::size_t r, std::size_t n, std::size_t from, std::size_t to);
  /// How many nodes of fleet set `f` are in buckets 0 to `b` of `r`.
  [[nodiscard]] std::size_t fleet_count(std::size_t f, std::size_t r, std::size_t b) const;
  /// The first bucket of `r` by which fleet set `f` counts `upto` nodes (0 < upto <= size):
  /// with all nodes of buckets up to it counted, the last bucket with a node.
  [[nodiscard]] std::size_t fleet_last_bucket(std::size_t f, std::size_t r, std::size_t upto) const;
  std::vector<std::vector<Amount>> fleet_amounts_;  // [r]: sorted, distinct
  std::vector<std::size_t> bucket_;                 // [node * R + r]: of its free amount
  struct FleetSet {
    std::size_t size = 0;
    std::vector<std::vector<std::int64_t>> fenwick;              // [r]: nodes per bucket, as a Fenwick tree
    std::vector<std::vector<std::vector<std::size_t>>> members;  // [r][bucket]: its nodes, any order
    std::vector<std::size_t> slot;                               // [node * R + r]: where in its bucket
    std::vector<Amount> max_capacity;                            // [r]
  };
  std::vector<FleetSet> fleet_;
  std::vector<std::vector<std::size_t>> in_fleet_;  // [node]: the fleet sets that hold it
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
