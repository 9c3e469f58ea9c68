#include "policy/codes.hpp"

#include <array>
#include <cctype>

namespace allot {
namespace {

constexpr std::array kCatalogue = {
#define ALLOT_CODE(id, code, severity, klass, summary) \
  CodeInfo{Code::id, #code, #id, Severity::severity, CodeClass::klass, summary},
#include "policy/codes.def"
#undef ALLOT_CODE
};

constexpr bool in_code_order() {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i)
    if (static_cast<std::size_t>(kCatalogue[i].code) != i) return false;
  return true;
}
static_assert(in_code_order(), "the catalogue is indexed by Code");

}  // namespace

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

const CodeInfo& info(Code c) { return kCatalogue[static_cast<std::size_t>(c)]; }

std::span<const CodeInfo> all_codes() { return kCatalogue; }

std::optional<Code> code_from_string(std::string_view id) {
  auto same = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
    return true;
  };
  for (const auto& entry : kCatalogue)
    if (same(id, entry.id)) return entry.code;
  return std::nullopt;
}

}  // namespace allot
