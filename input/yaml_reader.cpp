#include "input/yaml_reader.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace allot::yaml {
namespace {

/// A limit was exceeded; carries the position.
struct LimitExceeded {
  Location location;
  std::string message;
};

class Handler final : public YAML::EventHandler {
 public:
  Handler(const std::string& file, const PathFilter& filter, const Limits& limits)
      : file_(file), filter_(filter), limits_(limits) {}  // the name is interned once per file

  Document take() { return std::move(doc_); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    doc_.index = 0;  // reset in place: a fresh Document would intern an empty file name
    doc_.values.clear();
    doc_.location = at(mark);
    frames_.clear();
    path_.clear();
    anchors_.clear();
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
    if (key_expected()) return set_key("~");
    leaf(mark, NodeType::null, {});
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (key_expected()) return set_key(it != anchors_.end() ? it->second : "*");
    if (it != anchors_.end()) leaf(mark, NodeType::scalar, it->second);
    else leaf(mark, NodeType::alias, {});
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    quoted_ = tag == "!";  // yaml-cpp tags quoted scalars "!", plain ones "?"
    if (anchor != 0) {
      if (anchors_.size() >= limits_.max_anchors)
        throw LimitExceeded{at(mark), fmt::format("more than {} anchors in one document", limits_.max_anchors)};
      anchors_[anchor] = value.substr(0, limits_.max_scalar_bytes);
    }
    if (key_expected()) return set_key(value);
    leaf(mark, NodeType::scalar, value);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(mark, NodeType::seq);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(mark, NodeType::map);
  }
  void OnMapEnd() override { close(); }

 private:
  /// Where a mapping is: before a key, inside a key that is itself a collection (which
  /// nothing of ours uses), before that key's value (skipped), or before a value.
  enum class MapState { key, complex_key, skip_value, value };

  struct Frame {
    NodeType type;
    Interest interest;
    MapState state = MapState::key;  // maps only
    std::size_t index = 0;           // sequences: the next item
  };

  static Position position(const YAML::Mark& m) {
    return {static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
  }

  Location at(const YAML::Mark& m) const {
    return Location{file_, static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1), 1};
  }

  bool key_expected() const {
    return !frames_.empty() && frames_.back().type == NodeType::map && frames_.back().state == MapState::key;
  }

  void set_key(const std::string& key) {
    auto& f = frames_.back();
    f.state = MapState::value;
    if (f.interest != Interest::none) path_.back() = key;
  }

  static bool recorded(Interest i) { return i == Interest::container || i == Interest::leaf; }

  /// The interest of the node about to start, with path_ naming it.
  Interest interest_here() {
    if (frames_.empty()) return filter_(path_);
    const Frame& parent = frames_.back();
    if (parent.interest == Interest::none || parent.state == MapState::skip_value) return Interest::none;
    if (parent.type == NodeType::seq) path_.back() = std::to_string(parent.index);
    // A merge key where we read would change what we read: keep it, so it is reported
    // rather than silently ignored.
    if (parent.type == NodeType::map && path_.back() == "<<")
      return parent.interest == Interest::pass ? Interest::none : Interest::leaf;
    return filter_(path_);
  }

  std::string joined() const {
    std::string s;
    for (std::size_t i = 0; i < path_.size(); ++i) {
      if (i) s += kPathSep;
      s += path_[i];
    }
    return s;
  }

  void record(const YAML::Mark& mark, NodeType type, std::string value) {
    if (doc_.values.size() >= limits_.max_values)
      throw LimitExceeded{at(mark), fmt::format("more than {} values in one document", limits_.max_values)};
    if (value.size() > limits_.max_scalar_bytes)
      throw LimitExceeded{at(mark), fmt::format("a value longer than {} bytes", limits_.max_scalar_bytes)};
    const bool merge = !path_.empty() && path_.back() == "<<";
    doc_.values.push_back({joined(), merge ? NodeType::merge : type, std::move(value), position(mark),
                           type == NodeType::scalar && quoted_});
    quoted_ = false;
  }

  void advance() {
    if (frames_.empty()) return;
    auto& f = frames_.back();
    if (f.type == NodeType::map) f.state = MapState::key;
    else ++f.index;
  }

  void leaf(const YAML::Mark& mark, NodeType type, std::string value) {
    if (recorded(interest_here())) record(mark, type, std::move(value));
    advance();
  }

  void open(const YAML::Mark& mark, NodeType type) {
    if (frames_.size() >= limits_.max_depth)
      throw LimitExceeded{at(mark), fmt::format("nesting deeper than {} levels", limits_.max_depth)};
    if (key_expected()) {  // a mapping or sequence used as a key: nothing of ours
      frames_.back().state = MapState::complex_key;
      frames_.push_back({type, Interest::none});
      path_.emplace_back();
      return;
    }
    const Interest interest = interest_here();
    if (recorded(interest)) record(mark, type, {});
    frames_.push_back({type, interest});
    path_.emplace_back();
  }

  void close() {
    frames_.pop_back();
    path_.pop_back();
    if (!frames_.empty() && frames_.back().type == NodeType::map &&
        frames_.back().state == MapState::complex_key) {
      frames_.back().state = MapState::skip_value;  // the key ended; its value comes next
      return;
    }
    advance();
  }

  FileRef file_;
  const PathFilter& filter_;
  const Limits& limits_;
  Document doc_;
  std::vector<Frame> frames_;
  std::vector<std::string> path_;  // one segment per open frame, naming its current child
  std::map<YAML::anchor_t, std::string> anchors_;
  bool quoted_ = false;  // the scalar being recorded was quoted
};

/// yaml-cpp's messages may quote the offending byte, even a NUL: show control bytes escaped.
std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02X}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

std::string_view to_string(NodeType t) {
  switch (t) {
    case NodeType::scalar: return "a scalar";
    case NodeType::null: return "null";
    case NodeType::map: return "a mapping";
    case NodeType::seq: return "a sequence";
    case NodeType::alias: return "an alias";
    case NodeType::merge: return "a merge key";
  }
  return "a scalar";
}

const Value* Document::find(std::string_view path) const {
  for (const auto& v : values)
    if (v.path == path) return &v;
  return nullptr;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty()) return out;
  for (std::size_t start = 0;;) {
    const auto end = path.find(kPathSep, start);
    out.push_back(path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

bool is_index(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string display_path(std::string_view path) {
  std::string s(path);
  for (auto& c : s)
    if (c == kPathSep) c = '.';
  return s;
}

bool read_documents(std::istream& in, const std::string& file, const PathFilter& filter, const Limits& limits,
                    const std::function<void(Document&&)>& sink, Diagnostics& diags) {
  Handler handler(file, filter, limits);
  std::size_t index = 0;
  try {
    YAML::Parser parser(in);
    Position last_start;
    while (parser.HandleNextDocument(handler)) {
      Document doc = handler.take();
      // yaml-cpp 0.7 does not consume a token that cannot start a node (a ',' outside a
      // flow collection): each call then gives an empty document at the same place, forever.
      const Position start{doc.location.line, doc.location.column};
      if (index > 0 && start == last_start) {
        diags.error(Code::YamlSyntax, doc.location, "YAML syntax error: no value can start here");
        return false;
      }
      last_start = start;
      doc.index = index++;
      sink(std::move(doc));
    }
  } catch (const YAML::DeepRecursion& e) {
    diags.error(Code::SafetyLimit, Location{file, static_cast<std::uint32_t>(e.mark.line + 1),
                                 static_cast<std::uint32_t>(e.mark.column + 1), 1},
                "YAML nesting is too deep for allot to read");
    return false;
  } catch (const YAML::Exception& e) {
    Location loc{file, 0, 0, 1};
    if (!e.mark.is_null()) loc = {file, static_cast<std::uint32_t>(e.mark.line + 1),
                                  static_cast<std::uint32_t>(e.mark.column + 1), 1};
    diags.error(Code::YamlSyntax, loc, fmt::format("YAML syntax error: {}", printable(e.msg)));
    return false;
  } catch (const LimitExceeded& e) {
    diags.error(Code::SafetyLimit, e.location, fmt::format("document exceeds a safety limit: {}", e.message));
    return false;
  }
  return true;
}

}  // namespace allot::yaml
