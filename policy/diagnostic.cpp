#include "policy/diagnostic.hpp"

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

namespace allot {
namespace {

struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// File names are few and looked up often, from every reader thread: a look-up shares the
/// lock, and only a name seen for the first time takes it alone.
const std::string* intern(std::string_view name) {
  static std::shared_mutex mutex;
  static std::unordered_set<std::string, NameHash, std::equal_to<>> names;  // node-based: an element never moves
  {
    const std::shared_lock lock(mutex);
    if (auto it = names.find(name); it != names.end()) return &*it;
  }
  const std::lock_guard lock(mutex);
  return &*names.emplace(name).first;
}

}  // namespace

FileRef::FileRef() {
  static const std::string* const none = intern({});
  name_ = none;
}

FileRef::FileRef(std::string_view name) : name_(intern(name)) {}

std::string Location::str() const {
  if (!known()) return file.str();
  return fmt::format("{}:{}:{}", file.str(), line, column);
}

Location Location::shifted(std::uint32_t offset, std::uint32_t len) const {
  Location l = *this;
  l.column += offset;
  l.length = std::max<std::uint32_t>(len, 1);
  return l;
}

Diagnostic& Diagnostics::error(Code code, Location loc, std::string message) {
  list_.push_back({Severity::error, code, std::move(message), std::move(loc), {}, {}});
  return list_.back();
}

Diagnostic& Diagnostics::warning(Code code, Location loc, std::string message) {
  list_.push_back({Severity::warning, code, std::move(message), std::move(loc), {}, {}});
  return list_.back();
}

void Diagnostics::append(Diagnostics&& other) {
  if (list_.empty()) {
    list_ = std::move(other.list_);
    return;
  }
  list_.insert(list_.end(), std::make_move_iterator(other.list_.begin()),
               std::make_move_iterator(other.list_.end()));
}

void Diagnostics::append(const Diagnostics& other) {
  list_.insert(list_.end(), other.list_.begin(), other.list_.end());
}

std::size_t Diagnostics::errors() const {
  return static_cast<std::size_t>(std::count_if(
      list_.begin(), list_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::size_t Diagnostics::warnings() const {
  return static_cast<std::size_t>(std::count_if(
      list_.begin(), list_.end(), [](const Diagnostic& d) { return d.severity == Severity::warning; }));
}

void Diagnostics::sort() {
  std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    const auto& x = a.location;
    const auto& y = b.location;
    return std::tie(x.file, x.line, x.column) < std::tie(y.file, y.line, y.column);
  });
}

}  // namespace allot
