#pragma once
// Why a job could not be placed: the limits that block it wherever it goes, then what each
// cluster it could go to lacks, and hints a person can act on. Facts only (place/reasons.hpp).

#include <cstddef>
#include <optional>
#include <vector>

#include "place/placement.hpp"
#include "place/selectors.hpp"
#include "place/usage.hpp"

namespace allot::place_detail {

class Explainer {
 public:
  /// `usage` gains an index for each selector and cluster surveyed (Usage::add_node_set),
  /// and one over the fleet for each selector asked about (Usage::add_fleet_set).
  Explainer(const Policy& policy, const Inventory& inv, Usage& usage, const Holdings& holdings,
            const NodeSelectors& selectors)
      : policy_(policy), inv_(inv), usage_(usage), holdings_(holdings), selectors_(selectors) {}

  /// Limits that block job `j` wherever it goes, resource by resource: per job, per user,
  /// per node, per cluster, per team. `tier` is the job's (null for none), `total` its
  /// replicas x request.
  [[nodiscard]] std::vector<Reason> limit_blocks(const Job& j, Strategy strategy, const Tier* tier,
                                                 const std::vector<Amount>& total) const;

  /// The clusters a job could go to, in the order placing tries them: those listed (the one
  /// it names, say), or with `every`, all of them in the order of the job's strategy, which
  /// the explainer reads from the usage indexes: a list of every cluster per unplaced job
  /// would alone cost jobs x clusters.
  struct Clusters {
    std::vector<std::size_t> listed;
    bool every = false;
  };

  /// Unless `u` holds limit blocks already (they say why on their own): what `clusters` lack,
  /// the `near_misses` nearest of them one by one with hints, and when there are more, first
  /// what they all lack together (FleetShortfall).
  void explain_clusters(const Job& j, std::size_t job_index, Strategy strategy, const Tier* tier,
                        const std::vector<Amount>& total, const Clusters& clusters, std::size_t near_misses,
                        Unplaced& u) const;

  /// The fleet set (Usage::add_fleet_set) of the nodes that selector `id` matches (0: every
  /// node), made when first asked for.
  [[nodiscard]] std::size_t fleet_set(std::size_t id) const;
  /// Usage::fleet_has_room, remembering where there was none: between two decisions of a
  /// plan, placing only takes capacity away (a failed attempt is undone exactly), so a need
  /// no node had room for never finds room later, nor does one that asks at least as much of
  /// every resource. Without this, an oversubscribed queue walks the same nodes that fall
  /// short for every job left waiting, and there are more of them the larger the fleet.
  /// Ask only between decisions.
  [[nodiscard]] bool fleet_room(std::size_t f, const std::vector<Amount>& need) const;

  /// What one cluster offers one job (an Ask, below): its nodes surveyed.
  struct Survey {
    std::size_t not_matching = 0, holders = 0;
    Amount replicas_possible = 0;
    std::vector<std::size_t> short_of;                    // [r]: matching nodes short of r
    std::vector<std::optional<std::size_t>> best;         // [r]: of those, the one with the most room
    std::vector<std::optional<std::size_t>> hint_node;    // [r]: likewise, among nodes short of r only
    std::vector<Amount> best_room, hint_room;             // [r]: their room
    std::vector<Amount> node_limit;                       // [r]: the tier's per-node limit (kMaxAmount: none)
  };

 private:
  struct Ask {  // what the job puts on one node, and how
    std::size_t job_index;
    std::size_t group;  // whose replicas (every group's selector applies for strict-pack)
    const Tier* tier;
    const std::vector<Amount>& need;  // per replica, or the whole gang for strict-pack
    bool whole_gang;
    std::size_t groups = 1;  // the job's groups, for strict-pack's selectors
  };

  /// Where a cluster ranks among the near misses: no per-cluster limit in the way first, then
  /// the most replicas it could take, the most nodes that hold one, and the order clusters
  /// are tried in (`place`: the index in a list, or the key of the usage order).
  struct Rank {
    bool at_limit;
    Amount replicas_possible;
    std::size_t holders, cluster;
    std::pair<Amount, std::size_t> place;
    [[nodiscard]] bool nearer(const Rank& o) const {
      if (at_limit != o.at_limit) return !at_limit;
      if (replicas_possible != o.replicas_possible) return replicas_possible > o.replicas_possible;
      if (holders != o.holders) return holders > o.holders;
      return place < o.place;
    }
  };

  /// explain_clusters' totals and ranks over every cluster at once, from the fleet sets, when
  /// the ask is one group's and every cluster's survey would come from the indexes: each
  /// cluster's survey sums into the fleet's, so the fleet's counts are the fleet set's (O(R
  /// log nodes)), the nodes that hold a replica are walked once for all clusters, and the only
  /// clusters ranked are those with such a node, then the first in order of the others: the
  /// nearest are among them. Fills `fleet` and the `ranks` that can be nearest; false
  /// (nothing filled) when it cannot answer.
  bool rank_fleet(const Ask& ask, Strategy strategy, const std::vector<Amount>& total, std::size_t shown,
                  FleetShortfall& fleet, std::vector<Rank>& ranks) const;
  /// The fleet set of the nodes the ask's selector matches; kNoSet as node_set.
  [[nodiscard]] std::size_t fleet_set(const Ask& ask) const;
  /// Clusters whose per-cluster limits leave no room for `total` (cluster_limits), from the
  /// clusters ordered by what they hold: O(those clusters), not O(clusters).
  [[nodiscard]] std::size_t clusters_at_limit(const Tier* tier, const std::vector<Amount>& total) const;

  /// The job's groups with replicas, in the order placing tries them.
  [[nodiscard]] std::vector<std::size_t> group_order(const Job& j) const;
  [[nodiscard]] bool matches(const Ask& ask, std::size_t n) const;

  /// Surveys cluster `c` into `s` (whose vectors are reused): from the usage indexes when
  /// they can answer (survey_indexed), else node by node. `counts_only` may leave out the
  /// best and hint nodes (a survey for the cluster's rank and the fleet's totals).
  void survey_into(std::size_t c, const Ask& ask, Survey& s, bool counts_only = false) const;
  void survey_reset(const Ask& ask, Survey& s) const;
  void survey_scan(std::size_t c, const Ask& ask, Survey& s) const;
  void survey_node(std::size_t n, const Ask& ask, Survey& s) const;
  /// The node set (Usage) of the nodes of cluster `c` that the ask's selector matches: the
  /// cluster itself without one; none (kNoSet) for a gang whose groups' selectors differ.
  [[nodiscard]] std::size_t node_set(std::size_t c, const Ask& ask) const;
  static constexpr std::size_t kNoSet = static_cast<std::size_t>(-1);
  /// Whether survey_indexed can answer for node set `set`: no per-node limit is below a
  /// node's capacity, so a node's room is what it has free.
  [[nodiscard]] bool indexable(std::size_t set, const Ask& ask, const Survey& s) const;
  /// What survey_scan finds, from the node set's free-amount indexes: O(log nodes) per
  /// resource, plus the nodes that hold the job (for the least common resource), plus, when
  /// none does, the nodes walked from the most free to find a hint.
  void survey_indexed(std::size_t set, const Ask& ask, Survey& s, bool counts_only = false) const;
  bool cluster_limits(std::size_t c, const Tier* tier, const std::vector<Amount>& total, std::vector<Reason>* out) const;
  [[nodiscard]] ClusterShortfall shortfall(std::size_t c, const Job& j, Strategy strategy, const Ask& ask,
                                           const Survey& s) const;
  void hints(std::size_t c, const Job& j, const Ask& ask, const Survey& s, const ClusterShortfall& f,
             std::vector<Hint>& out) const;
  [[nodiscard]] std::size_t tier_index(const Tier* t) const { return static_cast<std::size_t>(t - policy_.tiers.data()); }

  friend struct ExplainerProbe;  // tests: survey_indexed against survey_scan

  const Policy& policy_;
  const Inventory& inv_;
  Usage& usage_;
  const Holdings& holdings_;
  const NodeSelectors& selectors_;
  mutable std::vector<std::vector<std::size_t>> selector_sets_;  // [selector][cluster]: node set + 1, 0 for none yet
  mutable std::vector<std::size_t> fleet_sets_;                  // [selector]: fleet set + 1, 0 for none yet
  // fleet_room's, [fleet set]: needs no node had room for, none asking at least another's.
  mutable std::vector<std::vector<std::vector<Amount>>> no_room_;
  static constexpr std::size_t kNoRoomKept = 32;  // per fleet set; the oldest goes first
  // rank_fleet's scratch, [cluster]: holders and replicas possible; zero but where it wrote.
  mutable std::vector<std::size_t> holders_at_;
  mutable std::vector<Amount> possible_at_;
  mutable std::vector<char> marked_;  // clusters_at_limit's
};

}  // namespace allot::place_detail
