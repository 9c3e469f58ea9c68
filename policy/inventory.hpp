#pragma once
// Node and cluster inventories: allot's own `kind: Inventory` and Kubernetes `NodeList`.

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/policy.hpp"
#include "policy/yaml_reader.hpp"

namespace allot {

using Labels = std::vector<std::pair<std::string, std::string>>;

struct Node {
  std::string name;
  Position at;
  std::size_t cluster = 0;
  Labels labels;
  std::vector<Amount> capacity;   ///< indexed like Policy::resources
  std::vector<Amount> allocated;  ///< already in use before this plan
};

struct Cluster {
  std::string name;
  Position at;
  Labels labels;
  std::vector<std::size_t> nodes;  ///< indexes into Inventory::nodes, in input order
};

struct Inventory {
  std::string file;
  std::vector<Cluster> clusters;
  std::vector<Node> nodes;
  /// What users and teams already hold, per resource, in base units.
  std::map<std::string, std::vector<Amount>> user_usage;
  std::map<std::string, std::vector<Amount>> team_usage;

  [[nodiscard]] Location where(Position p, std::uint32_t length = 1) const { return allot::at(file, p, length); }
};

struct InventoryOptions {
  std::string cluster_label = "topology.kubernetes.io/region";  ///< NodeList: cluster of a node
  std::string cluster;  ///< NodeList: put every node in this cluster (overrides the label)
};

/// What the YAML reader must keep for `read_inventory`.
[[nodiscard]] yaml::Interest inventory_filter(const std::vector<std::string>& path);

/// Limits for inventories, which are one large document rather than many small ones.
[[nodiscard]] yaml::Limits inventory_limits();

/// Builds the inventory from the documents of one file (every document that is an
/// Inventory or NodeList contributes). Problems go to `diags` (codes I0xx); capacity above
/// the policy's per-node or per-cluster limits is reported as a warning (I020, I021).
[[nodiscard]] Inventory read_inventory(const std::vector<yaml::Document>& docs, const std::string& file,
                                       const Policy& policy, const InventoryOptions& options, Diagnostics& diags);

/// The largest per-`scope` limit of resource `r` over all tiers; nothing if some tier has none.
[[nodiscard]] std::optional<Amount> loosest_limit(const Policy& policy, Scope scope, std::size_t r);

}  // namespace allot
