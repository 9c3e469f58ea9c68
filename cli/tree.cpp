#include "cli/tree.hpp"

#include <fmt/format.h>

#include "cli/json.hpp"

namespace allot::cli {
void write_json(JsonWriter& w, const Tree& t) {
  switch (t.kind) {
    case Tree::Kind::null: w.null(); break;
    case Tree::Kind::boolean: w.boolean(t.text == "true"); break;
    case Tree::Kind::number: w.number(t.text); break;
    case Tree::Kind::string: w.string(t.text); break;
    case Tree::Kind::array:
      w.begin_array();
      for (const auto& i : t.items) write_json(w, i);
      w.end_array();
      break;
    case Tree::Kind::object:
      w.begin_object();
      for (const auto& [k, v] : t.members) {
        w.key(k);
        write_json(w, v);
      }
      w.end_object();
      break;
  }
}

namespace {

/// Strings are always double-quoted in JSON style, which YAML reads the same way: no
/// surprises from values like "no", "1e3" or "*".
std::string scalar(const Tree& t) {
  switch (t.kind) {
    case Tree::Kind::null: return "null";
    case Tree::Kind::boolean:
    case Tree::Kind::number: return t.text;
    case Tree::Kind::string: return fmt::format("\"{}\"", JsonWriter::escape(t.text));
    case Tree::Kind::array: return "[]";
    case Tree::Kind::object: return "{}";
  }
  return "null";
}

bool block(const Tree& t) {
  return (t.kind == Tree::Kind::array && !t.items.empty()) || (t.kind == Tree::Kind::object && !t.members.empty());
}

void yaml(std::string& out, const Tree& t, std::size_t indent);

void yaml_member(std::string& out, const std::string& key, const Tree& v, std::size_t indent, bool first_in_item) {
  if (!first_in_item) out += std::string(indent, ' ');
  out += fmt::format("\"{}\":", JsonWriter::escape(key));
  if (block(v)) {
    out += '\n';
    yaml(out, v, v.kind == Tree::Kind::array ? indent : indent + 2);
  } else {
    out += ' ' + scalar(v) + '\n';
  }
}

void yaml(std::string& out, const Tree& t, std::size_t indent) {
  if (t.kind == Tree::Kind::object) {
    for (const auto& [k, v] : t.members) yaml_member(out, k, v, indent, false);
  } else if (t.kind == Tree::Kind::array) {
    for (const auto& item : t.items) {
      out += std::string(indent, ' ') + "- ";
      if (item.kind == Tree::Kind::object && !item.members.empty()) {
        bool first = true;
        for (const auto& [k, v] : item.members) {
          yaml_member(out, k, v, indent + 2, first);
          first = false;
        }
      } else if (block(item)) {
        out += '\n';
        yaml(out, item, indent + 2);
      } else {
        out += scalar(item) + '\n';
      }
    }
  } else {
    out += std::string(indent, ' ') + scalar(t) + '\n';
  }
}

}  // namespace

std::string to_json(const Tree& t) {
  JsonWriter w;
  write_json(w, t);
  return w.finish();
}

std::string to_yaml(const Tree& t) {
  std::string out;
  yaml(out, t, 0);
  return out;
}

}  // namespace allot::cli
