#pragma once
// Requests known not to fit a cluster, for one class of jobs (same strategy, tier and node
// selector). Placing only ever takes capacity away (a failed attempt is undone exactly), and
// for identical replicas the greedy walk of the engine finds a place whenever one exists; so
// a cluster that could not hold `replicas` x `request` never holds a gang asking at least as
// much in every resource and replica count for the rest of the batch. Remembering the
// smallest such failures spares walking fragmented clusters again for every job after them.

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/job.hpp"
#include "policy/quantity.hpp"

namespace allot::place_detail {

class FailureMemo {
 public:
  /// The known failures per cluster, for jobs of one class: strategy, tier (0 for none, else
  /// its index + 1) and node selector id.
  struct Failure {
    std::vector<Amount> request;
    Amount replicas = 0;
  };
  using PerCluster = std::vector<std::vector<Failure>>;

  explicit FailureMemo(std::size_t clusters) : clusters_(clusters) {}

  [[nodiscard]] PerCluster& of(Strategy strategy, std::size_t tier, std::size_t selector);
  /// Whether a known failure asks no more than the one-group gang `g` in everything: then
  /// `g` fails too.
  [[nodiscard]] static bool known(const std::vector<Failure>& failures, const Group& g);
  /// Notes that the one-group gang `g` did not fit; failures it implies are dropped, and at
  /// most kKept stay.
  static void remember(std::vector<Failure>& failures, const Group& g);

 private:
  static constexpr std::size_t kKept = 8;  // per class and cluster; the oldest goes first
  std::size_t clusters_;
  std::unordered_map<std::string, PerCluster> classes_;
};

}  // namespace allot::place_detail
