#pragma once
// Reading node and cluster inventories: allot's own `kind: Inventory` and Kubernetes
// `NodeList`, into policy/inventory.hpp's plain data.

#include <optional>
#include <string>
#include <vector>

#include "input/yaml_reader.hpp"
#include "policy/diagnostic.hpp"
#include "policy/inventory.hpp"
#include "policy/policy.hpp"

namespace allot {

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


namespace input {

/// Reads the inventory file `path` ("-": standard input, whose text goes to `stdin_text`
/// for quoting source lines): refuses binary files, streams its YAML documents and builds
/// the inventory. Returns it only if no error was added to `diags`.
[[nodiscard]] std::optional<Inventory> read_inventory_file(const std::string& path, const Policy& policy,
                                                           const InventoryOptions& options, Diagnostics& diags,
                                                           std::string& stdin_text);

}  // namespace input
}  // namespace allot
