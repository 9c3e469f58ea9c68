#include "input/yaml_reader.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml.h>

namespace allot::yaml {
namespace {

/// A limit was exceeded, or the text is not YAML that libyaml's events show (an alias of
/// no anchor); carries the position and the code.
struct Stop {
  Code code;
  Position position;
  std::string message;
};

/// libyaml counts columns in characters and breaks lines at '\r', NEL, LS and PS too; allot
/// counts lines by '\n' and columns in bytes, as its source excerpts, the policy parser and
/// editors' byte offsets do. So positions are made from libyaml's character index alone: a
/// cursor walks the text from the last place it was asked about (marks come in order, so
/// the walk is O(text) in all), counting '\n' and skipping UTF-8 continuation bytes.
class Columns {
 public:
  explicit Columns(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) base_ = 3;  // libyaml does not count the BOM, nor do excerpts
    ascii_ = std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    chars_ = ascii_ ? text.size()
                    : static_cast<std::size_t>(std::count_if(text.begin() + static_cast<std::ptrdiff_t>(base_), text.end(),
                                                             [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    end_ = at_offset(text.size());
    reset();
  }
  /// UTF-16 and UTF-32 text: libyaml's own lines and character columns are all there is.
  void characters_only() { utf8_ = false; }

  Position operator()(const yaml_mark_t& m) {
    if (!utf8_) return {static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
    // At the end of a text whose last line has no line break, libyaml moves on to a line of
    // its own making; the text's real end is where a user can look.
    if (m.index >= chars_) return end_;
    seek(m.index);
    return {line_, static_cast<std::uint32_t>(byte_ - line_start_ + 1)};
  }

  /// The byte at mark `m` (0 past the end).
  char byte_at(const yaml_mark_t& m) {
    if (!utf8_ || m.index >= chars_) return '\0';
    seek(m.index);
    return text_[byte_];
  }

  /// The line and byte column of byte `offset` (libyaml's reader errors give offsets).
  [[nodiscard]] Position at_offset(std::size_t offset) const {
    offset = std::max(std::min(offset, text_.size()), base_);
    const std::string_view before = text_.substr(0, offset);
    const auto line = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n') + 1);
    const auto nl = before.rfind('\n');
    return {line, static_cast<std::uint32_t>(offset - (nl == std::string_view::npos ? base_ : nl + 1) + 1)};
  }

 private:
  void reset() { char_ = 0, byte_ = base_, line_ = 1, line_start_ = base_; }

  /// Moves the cursor to character `index`, counting the lines it passes.
  void seek(std::size_t index) {
    if (index < char_) reset();
    if (ascii_) {  // one byte a character: only the line breaks need finding
      const std::size_t target = index;
      for (const char* p = text_.data() + byte_;;) {
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', target - static_cast<std::size_t>(p - text_.data())));
        if (nl == nullptr) break;
        ++line_;
        line_start_ = static_cast<std::size_t>(nl - text_.data()) + 1;
        p = nl + 1;
      }
      char_ = byte_ = target;
      return;
    }
    for (; char_ < index && byte_ < text_.size(); ++char_) {
      if (text_[byte_] == '\n') ++line_, line_start_ = byte_ + 1;
      ++byte_;
      while (byte_ < text_.size() && (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80) ++byte_;
    }
  }

  std::string_view text_;
  bool ascii_ = true, utf8_ = true;
  std::size_t base_ = 0;   // bytes of the BOM
  std::size_t chars_ = 0;  // characters in the text, after the BOM
  Position end_;           // where the text ends
  // The cursor: a character index, its byte offset, and the line it is on.
  std::size_t char_ = 0, byte_ = 0, line_start_ = 0;
  std::uint32_t line_ = 1;
};

/// Turns libyaml's events into Documents: tracks the path of every node, asks the filter
/// about it, and keeps what the filter wants.
class Builder {
 public:
  Builder(const std::string& file, const PathFilter& filter, const Limits& limits)
      : file_(file), filter_(filter), limits_(limits) {}  // the name is interned once per file

  Document take() {
    last_size_ = doc_.values.size();
    return std::move(doc_);
  }

  void document_start(Position p) {
    doc_.index = 0;  // reset in place: a fresh Document would intern an empty file name
    doc_.values.clear();
    doc_.values.reserve(last_size_);  // documents of a file tend to be alike: grow once
    doc_.location = at(file_, p);
    frames_.clear();
    path_.clear();
    anchors_.clear();
    pending_ = kNone;
  }

  /// Every event comes here first: an empty value stands where the next token is (not
  /// right after the ':' as libyaml marks it), so "missing value" points at what follows.
  void next_event(Position p) {
    if (pending_ != kNone) doc_.values[pending_].position = p;
    pending_ = kNone;
  }

  void scalar(Position p, const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    const std::string_view text(reinterpret_cast<const char*>(s.value), s.length);
    const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE && s.tag == nullptr;
    quoted_ = s.tag == nullptr && s.style != YAML_PLAIN_SCALAR_STYLE;  // block scalars count as quoted
    if (s.anchor != nullptr) remember(p, s.anchor, text);
    const bool null = plain && (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL");
    if (key_expected()) return set_key(null ? std::string_view("~") : text);
    const bool empty = null && text.empty() && e.start_mark.index == e.end_mark.index;
    leaf(p, null ? NodeType::null : NodeType::scalar, null ? std::string_view() : text);
    if (empty && kept_) pending_ = doc_.values.size() - 1;
  }

  void alias(Position p, const yaml_event_t& e) {
    const std::string_view name(reinterpret_cast<const char*>(e.data.alias.anchor));
    const auto it = anchors_.find(name);
    if (it == anchors_.end())
      throw Stop{Code::YamlSyntax, p, fmt::format("YAML syntax error: the alias *{} names no anchor defined before it", name)};
    const std::optional<std::string>& scalar = it->second;
    if (key_expected()) return set_key(scalar ? std::string_view(*scalar) : std::string_view("*"));
    if (scalar) leaf(p, NodeType::scalar, *scalar);
    else leaf(p, NodeType::alias, {});
  }

  void open(Position p, NodeType type, const yaml_char_t* anchor) {
    if (frames_.size() >= limits_.max_depth)
      throw Stop{Code::SafetyLimit, p, fmt::format("document exceeds a safety limit: nesting deeper than {} levels", limits_.max_depth)};
    if (anchor != nullptr) remember(p, anchor, std::nullopt);
    if (key_expected()) {  // a mapping or sequence used as a key: nothing of ours
      frames_.back().state = MapState::complex_key;
      frames_.push_back({type, Interest::none});
      path_.emplace_back();
      return;
    }
    const Interest interest = interest_here();
    if (recorded(interest)) record(p, type, {});
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

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  /// Where a mapping is: before a key, inside a key that is itself a collection (which
  /// nothing of ours uses), before that key's value (skipped), or before a value.
  enum class MapState { key, complex_key, skip_value, value };

  struct Frame {
    NodeType type;
    Interest interest;
    MapState state = MapState::key;  // maps only
    std::size_t index = 0;           // sequences: the next item
  };

  /// Hashing by string_view, so that looking up an alias copies nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  /// An anchor: the text of an anchored scalar (what its aliases read as), or nothing for
  /// an anchored collection (its aliases are kept as such and reported where read).
  void remember(Position p, const yaml_char_t* name, std::optional<std::string_view> scalar) {
    if (anchors_.size() >= limits_.max_anchors)
      throw Stop{Code::SafetyLimit, p, fmt::format("document exceeds a safety limit: more than {} anchors in one document", limits_.max_anchors)};
    std::optional<std::string> value;
    if (scalar) value.emplace(scalar->substr(0, limits_.max_scalar_bytes));
    anchors_.insert_or_assign(std::string(reinterpret_cast<const char*>(name)), std::move(value));
  }

  bool key_expected() const {
    return !frames_.empty() && frames_.back().type == NodeType::map && frames_.back().state == MapState::key;
  }

  void set_key(std::string_view key) {
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

  void record(Position p, NodeType type, std::string_view value) {
    if (doc_.values.size() >= limits_.max_values)
      throw Stop{Code::SafetyLimit, p, fmt::format("document exceeds a safety limit: more than {} values in one document", limits_.max_values)};
    if (value.size() > limits_.max_scalar_bytes)
      throw Stop{Code::SafetyLimit, p, fmt::format("document exceeds a safety limit: a value longer than {} bytes", limits_.max_scalar_bytes)};
    const bool merge = !path_.empty() && path_.back() == "<<";
    doc_.values.push_back({joined(), merge ? NodeType::merge : type, std::string(value), p,
                           type == NodeType::scalar && quoted_});
    quoted_ = false;
  }

  void advance() {
    if (frames_.empty()) return;
    auto& f = frames_.back();
    if (f.type == NodeType::map) f.state = MapState::key;
    else ++f.index;
  }

  void leaf(Position p, NodeType type, std::string_view value) {
    kept_ = recorded(interest_here());
    if (kept_) record(p, type, value);
    advance();
  }

  FileRef file_;
  const PathFilter& filter_;
  const Limits& limits_;
  Document doc_;
  std::vector<Frame> frames_;
  std::vector<std::string> path_;  // one segment per open frame, naming its current child
  std::unordered_map<std::string, std::optional<std::string>, Hash, std::equal_to<>> anchors_;
  bool quoted_ = false;        // the scalar being recorded was quoted
  bool kept_ = false;          // the last leaf was recorded
  std::size_t pending_ = kNone;  // an empty value waiting for the next event's position
  std::size_t last_size_ = 0;    // values kept in the previous document
};

/// One libyaml event, deleted when it goes out of scope.
struct Event {
  yaml_event_t e{};
  ~Event() { yaml_event_delete(&e); }
};

/// The parser, deleted on every way out (a Stop is thrown through it).
struct Parser {
  yaml_parser_t p{};
  Parser() { yaml_parser_initialize(&p); }
  ~Parser() { yaml_parser_delete(&p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

/// libyaml's report of why it stopped, as one diagnostic: the problem at its place, and
/// what was being read (the context) as a note at where that began.
void syntax_error(const yaml_parser_t& p, Columns& columns, const std::string& file, Diagnostics& diags) {
  const char* problem = p.problem != nullptr ? p.problem : "the text cannot be read";
  if (p.error == YAML_READER_ERROR) {
    // Invalid UTF-8 or a control character: libyaml gives the byte offset and the value.
    std::string message = fmt::format("YAML syntax error: {}", problem);
    if (p.problem_value != -1) message += fmt::format(" (byte 0x{:02X})", p.problem_value & 0xFF);
    diags.error(Code::YamlSyntax, at(file, columns.at_offset(p.problem_offset)), std::move(message));
    return;
  }
  if (p.error == YAML_MEMORY_ERROR) {
    diags.error(Code::SafetyLimit, Location{file, 0, 0, 1}, "the YAML reader ran out of memory");
    return;
  }
  const Position where = columns(p.problem_mark);
  auto& d = diags.error(Code::YamlSyntax, at(file, where), fmt::format("YAML syntax error: {}", problem));
  // The context ("while parsing a flow mapping") helps where it began elsewhere: at the
  // '{' that was never closed, say. At the problem's own place it says nothing more.
  if (p.context != nullptr && columns(p.context_mark) != where)
    d.notes.push_back({p.context, at(file, columns(p.context_mark))});
  if (columns.byte_at(p.problem_mark) == '\t')
    d.notes.push_back({"YAML does not allow a tab where indentation is read; use spaces (kubectl rejects this too)", std::nullopt});
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

bool read_documents(std::string_view text, const std::string& file, const PathFilter& filter, const Limits& limits,
                    const std::function<void(Document&&)>& sink, Diagnostics& diags) {
  Builder builder(file, filter, limits);
  Columns columns(text);
  Parser parser;
  yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::size_t index = 0;
  try {
    for (;;) {
      Event ev;
      if (yaml_parser_parse(&parser.p, &ev.e) == 0) {
        syntax_error(parser.p, columns, file, diags);
        return false;
      }
      const Position p = columns(ev.e.start_mark);
      builder.next_event(p);
      switch (ev.e.type) {
        case YAML_STREAM_START_EVENT:
          if (ev.e.data.stream_start.encoding != YAML_UTF8_ENCODING) columns.characters_only();
          break;
        case YAML_STREAM_END_EVENT: return true;
        case YAML_DOCUMENT_START_EVENT: builder.document_start(p); break;
        case YAML_DOCUMENT_END_EVENT: {
          Document doc = builder.take();
          doc.index = index++;
          sink(std::move(doc));
          break;
        }
        case YAML_ALIAS_EVENT: builder.alias(p, ev.e); break;
        case YAML_SCALAR_EVENT: builder.scalar(p, ev.e); break;
        case YAML_SEQUENCE_START_EVENT: builder.open(p, NodeType::seq, ev.e.data.sequence_start.anchor); break;
        case YAML_MAPPING_START_EVENT: builder.open(p, NodeType::map, ev.e.data.mapping_start.anchor); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: builder.close(); break;
        case YAML_NO_EVENT: break;
      }
    }
  } catch (const Stop& s) {
    diags.error(s.code, at(file, s.position), s.message);
    return false;
  }
}

bool read_documents(std::istream& in, const std::string& file, const PathFilter& filter, const Limits& limits,
                    const std::function<void(Document&&)>& sink, Diagnostics& diags) {
  const std::string text(std::istreambuf_iterator<char>(in), {});
  return read_documents(std::string_view(text), file, filter, limits, sink, diags);
}

}  // namespace allot::yaml
