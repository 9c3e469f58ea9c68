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
  struct Member;  ///< a key and its value; defined below, where Tree is complete
  std::vector<Member> members;
  std::vector<Tree> items;

  // Defined below Member: clang 14 instantiates what they need at the end of the class.
  static Tree null();
  static Tree str(std::string s);
  static Tree num(std::string digits);
  static Tree num(long long n);
  static Tree array();
  static Tree object();
  Tree& set(std::string key, Tree value);
  Tree& push(Tree value);
};

// Not a std::pair: clang 14 with libstdc++ cannot instantiate pair<string, Tree> while it
// checks that Tree is default-constructible, which needs that very pair.
struct Tree::Member {
  std::string key;
  Tree value;
};

inline Tree Tree::null() { return {}; }
inline Tree Tree::str(std::string s) { return {Kind::string, std::move(s), {}, {}}; }
inline Tree Tree::num(std::string digits) { return {Kind::number, std::move(digits), {}, {}}; }
inline Tree Tree::num(long long n) { return num(std::to_string(n)); }
inline Tree Tree::array() { return {Kind::array, {}, {}, {}}; }
inline Tree Tree::object() { return {Kind::object, {}, {}, {}}; }

inline Tree& Tree::set(std::string key, Tree value) {
  members.push_back({std::move(key), std::move(value)});
  return members.back().value;
}

inline Tree& Tree::push(Tree value) {
  items.push_back(std::move(value));
  return items.back();
}

class JsonWriter;

[[nodiscard]] std::string to_json(const Tree& t);
/// Writes `t` as the next value of `w`: for a document streamed in pieces.
void write_json(JsonWriter& w, const Tree& t);
[[nodiscard]] std::string to_yaml(const Tree& t);

}  // namespace allot::cli
