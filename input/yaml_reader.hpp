#pragma once
// The one narrow layer between allot and a YAML library: it streams the events of every
// document and keeps only the values whose paths a caller asked for, with positions.
// No tree is built, aliases are never expanded, and memory per document is bounded by
// what the filter keeps. Swapping the YAML library means rewriting only yaml_reader.cpp (it is libyaml, whose
// event parser reads the 10,000-file benchmark about three times as fast as yaml-cpp's).

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "policy/diagnostic.hpp"

namespace allot::yaml {

/// Separates path segments: keys may contain '.', '/' and anything else printable.
inline constexpr char kPathSep = '\x1f';

enum class NodeType { scalar, null, map, seq, alias, merge };

[[nodiscard]] std::string_view to_string(NodeType t);

/// What a filter says of a path.
enum class Interest {
  none,       ///< skip this node and everything under it
  container,  ///< record its type and look inside
  leaf,       ///< record it (a scalar is expected here)
  pass,       ///< look inside without recording it (a probe for deeper paths)
};

/// Decides, from the path segments, which nodes are kept.
using PathFilter = std::function<Interest(const std::vector<std::string>& path)>;

/// One kept node. For a scalar (or an alias of a scalar) `value` is its text.
struct Value {
  std::string path;  ///< segments joined with kPathSep; sequence items are "0", "1", ...
  NodeType type = NodeType::scalar;
  std::string value;
  Position position;
  bool quoted = false;  ///< a quoted scalar: its text starts one column after `position`
};

/// One YAML document, reduced to the values the filter kept.
struct Document {
  std::size_t index = 0;  ///< 0-based position in its file
  Location location;      ///< where the document starts
  std::vector<Value> values;

  /// The kept node at exactly `path`, if any (the first one, if keys repeat).
  [[nodiscard]] const Value* find(std::string_view path) const;
  /// Where `v` stands, with this document's file name.
  [[nodiscard]] Location where(const Value& v, std::uint32_t length = 1) const {
    return at(location.file, v.position, length);
  }
  /// Where bytes [offset, offset + length) of a scalar's text stand, quotes allowed for.
  [[nodiscard]] Location where_in(const Value& v, std::uint32_t offset, std::uint32_t length) const {
    return where(v).shifted(offset + (v.quoted ? 1 : 0), length);
  }
};

/// Limits that keep hostile input harmless. Exceeding one is an error with a position.
struct Limits {
  /// Nesting of mappings and sequences. libyaml keeps its nesting on the heap, so this
  /// limit, with the position of the collection that crosses it, is what bounds it.
  std::size_t max_depth = 256;
  std::size_t max_values = 100000;        ///< kept values per document
  std::size_t max_anchors = 10000;        ///< anchored scalars per document
  std::size_t max_scalar_bytes = 1 << 20; ///< length of one kept scalar
};

/// Reads every document of `text` (named `file` in diagnostics) and hands each to `sink`.
/// A syntax error is reported (code V001, with line and byte column) and ends the file,
/// since the YAML stream cannot be resynchronised; documents before it were already
/// delivered. Returns false if the file had an error. `text` is read in place.
bool read_documents(std::string_view text, const std::string& file, const PathFilter& filter,
                    const Limits& limits, const std::function<void(Document&&)>& sink,
                    Diagnostics& diags);
/// The same, reading `in` to its end first.
bool read_documents(std::istream& in, const std::string& file, const PathFilter& filter,
                    const Limits& limits, const std::function<void(Document&&)>& sink,
                    Diagnostics& diags);

/// The segments of a kept value's path ("" gives none).
[[nodiscard]] std::vector<std::string_view> split_path(std::string_view path);

/// Whether a path segment is a sequence index ("0", "17").
[[nodiscard]] bool is_index(std::string_view segment);

/// `path` with kPathSep shown as '.', for messages.
[[nodiscard]] std::string display_path(std::string_view path);

}  // namespace allot::yaml
