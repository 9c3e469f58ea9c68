#pragma once
// A small document tree for reports that come in both JSON and YAML.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace allot::cli {

struct Tree {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  std::string text;  ///< number digits, string value, or "true"/"false"
  std::vector<std::pair<std::string, Tree>> members;
  std::vector<Tree> items;

  static Tree null() { return {}; }
  static Tree str(std::string s) { return {Kind::string, std::move(s), {}, {}}; }
  static Tree num(std::string digits) { return {Kind::number, std::move(digits), {}, {}}; }
  static Tree num(long long n) { return num(std::to_string(n)); }
  static Tree array() { return {Kind::array, {}, {}, {}}; }
  static Tree object() { return {Kind::object, {}, {}, {}}; }

  Tree& set(std::string key, Tree value) {
    members.emplace_back(std::move(key), std::move(value));
    return members.back().second;
  }
  Tree& push(Tree value) {
    items.push_back(std::move(value));
    return items.back();
  }
};

[[nodiscard]] std::string to_json(const Tree& t);
[[nodiscard]] std::string to_yaml(const Tree& t);

}  // namespace allot::cli
