#pragma once
// Node and cluster inventories, as plain data: what nodes exist, their capacity and what
// they already hold. Read by input/inventory_reader.

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/quantity.hpp"

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
  FileRef file;
  std::vector<Cluster> clusters;
  std::vector<Node> nodes;
  /// What users and teams already hold, per resource, in base units.
  std::map<std::string, std::vector<Amount>> user_usage;
  std::map<std::string, std::vector<Amount>> team_usage;

  [[nodiscard]] Location where(Position p, std::uint32_t length = 1) const { return allot::at(file, p, length); }
};

}  // namespace allot
