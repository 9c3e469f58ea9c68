#pragma once
// A job: a gang of identical replicas with the user, team and placement wishes that the
// limits and the placement engine need. Read from manifests by input/manifest_reader.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/quantity.hpp"

namespace allot {

/// How a gang's replicas spread over nodes, with the meaning Ray gives these words.
enum class Strategy { pack, spread, strict_pack, strict_spread };

[[nodiscard]] std::string_view to_string(Strategy s);
[[nodiscard]] std::optional<Strategy> strategy_from_string(std::string_view s);

/// One job: a gang of identical replicas. Amounts are per replica, in base units.
struct Job {
  std::string name;
  std::string kind;         ///< "Job" for allot's own, else the Kubernetes kind
  bool kubernetes = false;
  std::string user;         ///< empty when a Kubernetes workload has no user label
  std::string team;         ///< empty when none
  FileRef file;
  std::size_t document = 0; ///< 0-based index of the document in its file
  Position at;              ///< the job's name (or its document when it has none)
  Amount replicas = 1;
  Position replicas_at;
  long long priority = 0;
  std::optional<Strategy> strategy;
  std::string cluster;      ///< pinned cluster, if any
  std::vector<std::pair<std::string, std::string>> node_selector;
  std::vector<Amount> request;        ///< per replica, indexed like Policy::resources
  std::vector<Position> request_at;   ///< where each request was written

  [[nodiscard]] bool asks(std::size_t resource) const { return request[resource] != 0; }
  /// `p` in this job's file.
  [[nodiscard]] Location where(Position p, std::uint32_t length = 1) const { return allot::at(file, p, length); }
};

}  // namespace allot
