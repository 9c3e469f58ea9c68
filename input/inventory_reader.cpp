#include "input/inventory_reader.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "input/files.hpp"
#include "policy/suggest.hpp"

namespace allot {
namespace {

using yaml::Interest;
using yaml::is_index;
using yaml::NodeType;

std::size_t to_index(std::string_view s) {
  std::size_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}


/// Reads the documents of one inventory file. Values arrive in document order, so one
/// pass builds clusters and nodes as their fields appear.
class Reader {
 public:
  Reader(const std::string& file, const Policy& policy, const InventoryOptions& options, Diagnostics& diags)
      : policy_(policy), options_(options), diags_(diags) {
    inv_.file = file;
  }

  Inventory run(const std::vector<yaml::Document>& docs) {
    bool any = false;
    for (const auto& doc : docs) {
      doc_ = &doc;
      const auto* kind = doc.find("kind");
      const std::string k = kind && kind->type == NodeType::scalar ? kind->value : "";
      if (k == "Inventory") {
        any = true;
        const auto* api = doc.find("apiVersion");
        if (api == nullptr || api->type != NodeType::scalar || api->value != "allot/v1")
          diags_.error(Code::NotAnInventory, api ? doc.where(*api) : doc.location,
                       fmt::format("an Inventory needs apiVersion 'allot/v1'{}",
                                   api && api->type == NodeType::scalar ? fmt::format(", found '{}'", api->value) : ""));
        merge_keys();
        allot_inventory();
      } else if (k == "NodeList" || k == "List") {
        any = true;
        merge_keys();
        node_list();
      } else if (doc.find("") && doc.find("")->type != NodeType::null) {
        diags_.error(Code::NotAnInventory, kind ? doc.where(*kind) : doc.location,
                     fmt::format("expected kind 'Inventory' (apiVersion allot/v1) or a Kubernetes 'NodeList', found {}",
                                 k.empty() ? "no kind" : "'" + k + "'"));
      }
    }
    if (!any && !diags_.has_errors())
      diags_.error(Code::NotAnInventory, Location{inv_.file, 0, 0, 1}, "no inventory in the file");
    check();
    return std::move(inv_);
  }

 private:
  Location where(const yaml::Value& v) const { return doc_->where(v); }

  /// Merge keys where allot reads would change capacities: an error, never ignored.
  void merge_keys() {
    for (const auto& v : doc_->values)
      if (v.type == NodeType::merge)
        diags_.error(Code::InventoryWrongType, where(v), fmt::format("{} is a merge key; allot does not follow merge keys: write the values out",
                                                   yaml::display_path(v.path)));
  }

  void wrong_type(const yaml::Value& v, std::string_view what, std::string_view expected) {
    diags_.error(Code::InventoryWrongType, where(v),
                 fmt::format("{} must be {}, found {}", what, expected, to_string(v.type)));
  }

  std::optional<std::string> scalar(const yaml::Value& v, std::string_view what) {
    if (v.type == NodeType::scalar) return v.value;
    if (v.type != NodeType::null) wrong_type(v, what, "a string");
    return std::nullopt;
  }

  Node& new_node(std::size_t cluster, const yaml::Value& v) {
    Node n;
    n.cluster = cluster;
    n.at = v.position;
    n.capacity.assign(policy_.resources.size(), 0);
    n.allocated.assign(policy_.resources.size(), 0);
    inv_.nodes.push_back(std::move(n));
    inv_.clusters[cluster].nodes.push_back(inv_.nodes.size() - 1);
    return inv_.nodes.back();
  }

  /// The policy resource an inventory key names, or nothing (with a warning for allot's
  /// own format, where an unknown name is most likely a typo).
  std::optional<std::size_t> resource(std::string_view name, const yaml::Value& v, bool kubernetes) {
    if (kubernetes) {
      std::string_view ours = name;
      if (name == "nvidia.com/gpu" || name == "amd.com/gpu") ours = "gpu";
      else if (name == "cpu") ours = "vcpu";
      else if (name == "ephemeral-storage") ours = "storage";
      return policy_.find_resource(ours);
    }
    if (auto r = policy_.find_resource(name)) return r;
    std::vector<std::string_view> names;
    for (const auto& res : policy_.resources) names.push_back(res.name);
    auto hint = did_you_mean(name, names);
    diags_.warning(Code::InventoryUnknownResource, where(v),
                   fmt::format("resource '{}' is not in the policy and is ignored{}", name,
                               hint ? fmt::format("; did you mean '{}'?", *hint) : ""));
    return std::nullopt;
  }

  std::optional<Amount> amount(const yaml::Value& v, std::size_t r, bool kubernetes) {
    if (v.type != NodeType::scalar) {
      wrong_type(v, fmt::format("'{}'", policy_.resources[r].name), "a quantity");
      return std::nullopt;
    }
    auto q = parse_quantity(v.value, policy_.resources[r].kind, {.require_bytes_unit = !kubernetes, .allow_exponent = true});
    if (auto* a = std::get_if<Amount>(&q)) return *a;
    const auto& e = std::get<QuantityError>(q);
    diags_.error(Code::InventoryBadQuantity, doc_->where_in(v, e.offset, e.length), fmt::format("{}: {}", policy_.resources[r].name, e.message));
    return std::nullopt;
  }

  void set_amount(std::vector<Amount>& into, std::string_view key, const yaml::Value& v, bool kubernetes) {
    if (v.type == NodeType::null) return;
    if (auto r = resource(key, v, kubernetes))
      if (auto a = amount(v, *r, kubernetes)) into[*r] = *a;
  }

  void allot_inventory() {
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> node_of;  // (cluster #, node #) -> node
    std::map<std::size_t, std::size_t> cluster_of;                        // cluster # -> cluster
    for (const auto& v : doc_->values) {
      const auto p = yaml::split_path(v.path);
      if (p.empty()) continue;
      if (p[0] == "usage") {
        usage(v, p);
        continue;
      }
      if (p[0] != "clusters") continue;
      if (p.size() == 1) {
        if (v.type != NodeType::seq) wrong_type(v, "clusters", "a sequence");
        continue;
      }
      const std::size_t ci = to_index(p[1]);
      if (p.size() == 2) {
        if (v.type != NodeType::map) {
          wrong_type(v, "a cluster", "a mapping");
          continue;
        }
        inv_.clusters.push_back(Cluster{{}, v.position, {}, {}});
        cluster_of[ci] = inv_.clusters.size() - 1;
        continue;
      }
      auto c = cluster_of.find(ci);
      if (c == cluster_of.end()) continue;
      Cluster& cluster = inv_.clusters[c->second];
      if (p.size() == 3 && (p[2] == "labels" || p[2] == "nodes")) {
        const auto want = p[2] == "labels" ? NodeType::map : NodeType::seq;
        if (v.type != want && v.type != NodeType::null)
          wrong_type(v, fmt::format("'{}'", p[2]), want == NodeType::map ? "a mapping" : "a sequence");
        continue;
      }
      if (p[2] == "name" && p.size() == 3) {
        if (auto s = scalar(v, "cluster name")) cluster.name = *s;
      } else if (p[2] == "labels" && p.size() == 4) {
        if (auto s = scalar(v, "a label")) cluster.labels.emplace_back(p[3], *s);
      } else if (p[2] == "nodes" && p.size() >= 4) {
        node_value(v, p, ci, c->second, node_of);
      }
    }
  }

  /// A value under clusters[ci].nodes: a node, or one of its fields.
  void node_value(const yaml::Value& v, const std::vector<std::string_view>& p, std::size_t ci, std::size_t cluster,
                  std::map<std::pair<std::size_t, std::size_t>, std::size_t>& node_of) {
    const std::size_t ni = to_index(p[3]);
    if (p.size() == 4) {
      if (v.type != NodeType::map) {
        wrong_type(v, "a node", "a mapping");
        return;
      }
      new_node(cluster, v);
      node_of[{ci, ni}] = inv_.nodes.size() - 1;
      return;
    }
    auto n = node_of.find({ci, ni});
    if (n == node_of.end()) return;
    Node& node = inv_.nodes[n->second];
    if (p[4] == "name" && p.size() == 5) {
      if (auto s = scalar(v, "node name")) node.name = *s;
    } else if (p[4] == "labels" && p.size() == 6) {
      if (auto s = scalar(v, "a label")) node.labels.emplace_back(p[5], *s);
    } else if ((p[4] == "capacity" || p[4] == "allocated") && p.size() == 6) {
      set_amount(p[4] == "capacity" ? node.capacity : node.allocated, p[5], v, false);
    } else if (p.size() == 5 && (p[4] == "labels" || p[4] == "capacity" || p[4] == "allocated") &&
               v.type != NodeType::map && v.type != NodeType::null) {
      wrong_type(v, fmt::format("'{}'", p[4]), "a mapping");
    }
  }

  void usage(const yaml::Value& v, const std::vector<std::string_view>& p) {
    // usage, usage.users, usage.users.NAME are mappings; anything else would drop amounts.
    if (p.size() <= 3) {
      if (v.type != NodeType::map && v.type != NodeType::null)
        wrong_type(v, yaml::display_path(v.path), "a mapping");
      return;
    }
    if (p.size() != 4 || (p[1] != "users" && p[1] != "teams")) return;
    auto& table = p[1] == "users" ? inv_.user_usage : inv_.team_usage;
    auto& row = table[std::string(p[2])];
    if (row.empty()) row.assign(policy_.resources.size(), 0);
    set_amount(row, p[3], v, false);
  }

  void node_list() {
    std::map<std::size_t, std::size_t> node_of;  // item # -> node
    std::map<std::size_t, std::string> cluster_name;
    for (const auto& v : doc_->values) {
      const auto p = yaml::split_path(v.path);
      if (p.size() < 2 || p[0] != "items") continue;
      const std::size_t i = to_index(p[1]);
      if (p.size() == 2) {
        if (v.type != NodeType::map) continue;
        // Cluster assignment waits for the labels; park the node in a placeholder.
        Node n;
        n.at = v.position;
        n.capacity.assign(policy_.resources.size(), 0);
        n.allocated.assign(policy_.resources.size(), 0);
        pending_.push_back(std::move(n));
        node_of[i] = pending_.size() - 1;
        continue;
      }
      auto n = node_of.find(i);
      if (n == node_of.end()) continue;
      Node& node = pending_[n->second];
      if (p.size() == 4 && p[2] == "metadata" && p[3] == "name") {
        if (auto s = scalar(v, "node name")) node.name = *s;
      } else if (p.size() == 5 && p[2] == "metadata" && p[3] == "labels") {
        if (auto s = scalar(v, "a label")) node.labels.emplace_back(p[4], *s);
      } else if (p.size() == 5 && p[2] == "status" && p[3] == "allocatable") {
        set_amount(node.capacity, p[4], v, true);
      }
    }
    for (auto& node : pending_) {
      std::string cluster = options_.cluster;
      if (cluster.empty())
        for (const auto& [k, val] : node.labels)
          if (k == options_.cluster_label) cluster = val;
      if (cluster.empty()) {
        diags_.error(Code::MissingName, inv_.where(node.at),
                     fmt::format("node '{}' has no label '{}' naming its cluster; pass --cluster NAME or --cluster-label",
                                 node.name, options_.cluster_label));
        continue;
      }
      auto it = std::find_if(inv_.clusters.begin(), inv_.clusters.end(), [&](const Cluster& c) { return c.name == cluster; });
      if (it == inv_.clusters.end()) {
        inv_.clusters.push_back(Cluster{cluster, node.at, {}, {}});
        it = inv_.clusters.end() - 1;
      }
      node.cluster = static_cast<std::size_t>(it - inv_.clusters.begin());
      inv_.nodes.push_back(std::move(node));
      it->nodes.push_back(inv_.nodes.size() - 1);
    }
    pending_.clear();
  }

  /// Names, duplicates, over-allocation, and capacity the policy will never let be used.
  void check() {
    std::set<std::string> cluster_names;
    for (const auto& c : inv_.clusters) {
      if (c.name.empty()) diags_.error(Code::MissingName, inv_.where(c.at), "cluster has no name");
      else if (!cluster_names.insert(c.name).second)
        diags_.error(Code::DuplicateCluster, inv_.where(c.at), fmt::format("duplicate cluster '{}'", c.name));
    }
    for (const auto& c : inv_.clusters) {
      std::set<std::string> names;
      std::vector<Amount> total(policy_.resources.size(), 0);
      for (auto ni : c.nodes) {
        const Node& n = inv_.nodes[ni];
        if (n.name.empty()) diags_.error(Code::MissingName, inv_.where(n.at), "node has no name");
        else if (!names.insert(n.name).second)
          diags_.error(Code::DuplicateNode, inv_.where(n.at), fmt::format("duplicate node '{}' in cluster '{}'", n.name, c.name));
        for (std::size_t r = 0; r < policy_.resources.size(); ++r) {
          const auto kind = policy_.resources[r].kind;
          if (n.allocated[r] > n.capacity[r])
            diags_.error(Code::OverAllocated, inv_.where(n.at),
                         fmt::format("node '{}' has {} {} allocated but a capacity of {}", n.name,
                                     format_quantity(n.allocated[r], kind), policy_.resources[r].name,
                                     format_quantity(n.capacity[r], kind)));
          if (auto lim = loosest_limit(policy_, Scope::node, r); lim && n.capacity[r] > *lim)
            diags_.warning(Code::NodeOverNodeLimit, inv_.where(n.at),
                           fmt::format("node '{}' has {} {}, above the per-node limit {}: the excess is not used",
                                       n.name, format_quantity(n.capacity[r], kind), policy_.resources[r].name,
                                       format_quantity(*lim, kind)));
          total[r] = checked_add(total[r], n.capacity[r]).value_or(kMaxAmount);
        }
      }
      for (std::size_t r = 0; r < policy_.resources.size(); ++r)
        if (auto lim = loosest_limit(policy_, Scope::cluster, r); lim && total[r] > *lim)
          diags_.warning(Code::ClusterOverClusterLimit, inv_.where(c.at),
                         fmt::format("cluster '{}' has {} {} in all, above the per-cluster limit {}: the excess is not used",
                                     c.name, format_quantity(total[r], policy_.resources[r].kind),
                                     policy_.resources[r].name, format_quantity(*lim, policy_.resources[r].kind)));
    }
  }

  const Policy& policy_;
  const InventoryOptions& options_;
  Diagnostics& diags_;
  const yaml::Document* doc_ = nullptr;
  Inventory inv_;
  std::vector<Node> pending_;
};

Interest labels_or_amounts(std::size_t n, std::size_t depth) {
  return n == depth ? Interest::container : n == depth + 1 ? Interest::leaf : Interest::none;
}

}  // namespace

Interest inventory_filter(const std::vector<std::string>& p) {
  const std::size_t n = p.size();
  if (n == 0) return Interest::container;
  const auto& s0 = p[0];
  if (s0 == "apiVersion" || s0 == "kind") return n == 1 ? Interest::leaf : Interest::none;
  if (s0 == "usage") {
    if (n == 1) return Interest::container;
    if (p[1] != "users" && p[1] != "teams") return Interest::none;
    return n <= 3 ? Interest::container : n == 4 ? Interest::leaf : Interest::none;
  }
  if (s0 == "clusters") {
    if (n <= 2) return n == 2 && !is_index(p[1]) ? Interest::none : Interest::container;
    if (p[2] == "name") return n == 3 ? Interest::leaf : Interest::none;
    if (p[2] == "labels") return labels_or_amounts(n, 3);
    if (p[2] != "nodes") return Interest::none;
    if (n == 3) return Interest::container;
    if (!is_index(p[3])) return Interest::none;
    if (n == 4) return Interest::container;
    if (p[4] == "name") return n == 5 ? Interest::leaf : Interest::none;
    if (p[4] == "labels" || p[4] == "capacity" || p[4] == "allocated") return labels_or_amounts(n, 5);
    return Interest::none;
  }
  if (s0 == "items") {
    if (n <= 2) return Interest::container;
    if (p[2] == "metadata") {
      if (n == 3) return Interest::container;
      if (p[3] == "name") return n == 4 ? Interest::leaf : Interest::none;
      if (p[3] == "labels") return labels_or_amounts(n, 4);
      return Interest::none;
    }
    if (p[2] == "status") {
      if (n == 3) return Interest::container;
      if (p[3] == "allocatable") return labels_or_amounts(n, 4);
    }
    return Interest::none;
  }
  return Interest::none;
}

yaml::Limits inventory_limits() {
  yaml::Limits l;
  l.max_values = 20'000'000;
  return l;
}

Inventory read_inventory(const std::vector<yaml::Document>& docs, const std::string& file, const Policy& policy,
                         const InventoryOptions& options, Diagnostics& diags) {
  return Reader(file, policy, options, diags).run(docs);
}

namespace input {

std::optional<Inventory> read_inventory_file(const std::string& path, const Policy& policy,
                                             const InventoryOptions& options, Diagnostics& diags,
                                             std::string& stdin_text) {
  Diagnostics local;
  std::vector<yaml::Document> docs;
  const std::string name = path == "-" ? "<stdin>" : path;
  auto text = read_file(path, local, kMaxManifestBytes);
  if (text && text->find('\0') != std::string::npos)
    local.error(Code::BinaryFile, Location{name, 0, 0, 1}, "binary file (it contains NUL bytes); not a YAML inventory");
  if (text && !local.has_errors()) {
    yaml::read_documents(std::string_view(*text), name, inventory_filter, inventory_limits(),
                         [&](yaml::Document&& d) { docs.push_back(std::move(d)); }, local);
    if (path == "-") stdin_text = std::move(*text);
  }
  std::optional<Inventory> inv;
  if (!local.has_errors()) inv = read_inventory(docs, name, policy, options, local);
  const bool failed = local.has_errors();
  diags.append(std::move(local));
  if (failed) return std::nullopt;
  return inv;
}

}  // namespace input
}  // namespace allot
