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
  Explainer(const Policy& policy, const Inventory& inv, const Usage& usage, const Holdings& holdings,
            const NodeSelectors& selectors)
      : policy_(policy), inv_(inv), usage_(usage), holdings_(holdings), selectors_(selectors) {}

  /// Limits that block job `j` wherever it goes, resource by resource: per job, per user,
  /// per node, per cluster, per team. `tier` is the job's (null for none), `total` its
  /// replicas x request.
  [[nodiscard]] std::vector<Reason> limit_blocks(const Job& j, Strategy strategy, const Tier* tier,
                                                 const std::vector<Amount>& total) const;

  /// Unless `u` holds limit blocks already (they say why on their own): what `clusters` lack,
  /// the `near_misses` nearest of them one by one with hints, and when there are more, first
  /// what they all lack together (FleetShortfall).
  void explain_clusters(const Job& j, std::size_t job_index, Strategy strategy, const Tier* tier,
                        const std::vector<Amount>& total, const std::vector<std::size_t>& clusters,
                        std::size_t near_misses, Unplaced& u) const;

 private:
  /// One pass over the nodes of a cluster for one job.
  struct Survey {
    std::size_t not_matching = 0, holders = 0;
    Amount replicas_possible = 0;
    std::vector<std::size_t> short_of;                    // [r]: matching nodes short of r
    std::vector<std::optional<std::size_t>> best;         // [r]: of those, the one with the most room
    std::vector<std::optional<std::size_t>> hint_node;    // [r]: likewise, among nodes short of r only
    std::vector<Amount> best_room, hint_room;             // [r]: their room
    std::vector<Amount> node_limit;                       // [r]: the tier's per-node limit (kMaxAmount: none)
  };
  struct Ask {  // what the job puts on one node, and how
    std::size_t job_index;
    std::size_t group;  // whose replicas (every group's selector applies for strict-pack)
    const Tier* tier;
    const std::vector<Amount>& need;  // per replica, or the whole gang for strict-pack
    bool whole_gang;
    std::size_t groups = 1;  // the job's groups, for strict-pack's selectors
  };

  /// The job's groups with replicas, in the order placing tries them.
  [[nodiscard]] std::vector<std::size_t> group_order(const Job& j) const;
  [[nodiscard]] bool matches(const Ask& ask, std::size_t n) const;

  [[nodiscard]] Survey survey(std::size_t c, const Ask& ask) const;
  void survey_node(std::size_t n, const Ask& ask, Survey& s) const;
  void cluster_limits(std::size_t c, const Tier* tier, const std::vector<Amount>& total, std::vector<Reason>& out) const;
  [[nodiscard]] ClusterShortfall shortfall(std::size_t c, const Job& j, Strategy strategy, const Ask& ask,
                                           const Survey& s) const;
  void hints(std::size_t c, const Job& j, const Ask& ask, const Survey& s, const ClusterShortfall& f,
             std::vector<Hint>& out) const;
  [[nodiscard]] std::size_t tier_index(const Tier* t) const { return static_cast<std::size_t>(t - policy_.tiers.data()); }

  const Policy& policy_;
  const Inventory& inv_;
  const Usage& usage_;
  const Holdings& holdings_;
  const NodeSelectors& selectors_;
};

}  // namespace allot::place_detail
