#pragma once
// Exact resource quantities: parsing the units people write, and printing them back.
//
// Every amount is an integer in base units: bytes for `bytes` resources, thousandths
// for `count` resources (so `500m` vCPU is 500 and `16` GPUs is 16000). No floating
// point is used anywhere; every operation that could overflow says so.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace allot {

enum class ResourceKind { count, bytes };

[[nodiscard]] std::string_view to_string(ResourceKind k);

/// An exact amount in base units (bytes, or thousandths of a count).
using Amount = std::int64_t;

/// Base units per whole unit of a count resource.
inline constexpr Amount kCountScale = 1000;

/// Why a quantity was refused. Callers map these to their own diagnostic codes.
enum class QuantityProblem {
  malformed,      ///< not a number at all
  negative,       ///< a leading minus sign
  unknown_unit,   ///< a suffix no one defines
  wrong_unit,     ///< a bytes unit on a count, or milli on bytes
  missing_unit,   ///< a bytes amount with no unit where one is required
  too_precise,    ///< finer than the resource can hold (0.0001 GPU, 0.5 bytes)
  overflow,       ///< larger than the largest amount allot can represent
};

struct QuantityError {
  QuantityProblem problem;
  std::string message;       ///< lowercase, no full stop, ready for a diagnostic
  std::uint32_t offset = 0;  ///< where in the text the problem starts (bytes)
  std::uint32_t length = 1;  ///< how many bytes it spans
};

struct QuantityOptions {
  /// Policies must say what a bytes number means; Kubernetes manifests may omit it.
  bool require_bytes_unit = false;
  /// Allow `1e3` style exponents (Kubernetes does; the policy grammar does not).
  bool allow_exponent = true;
};

using QuantityResult = std::variant<Amount, QuantityError>;

/// Parses `16`, `0.5`, `500m`, `512GB`, `1.5TiB`, `64Gi`, `1e3` for a resource of `kind`.
[[nodiscard]] QuantityResult parse_quantity(std::string_view text, ResourceKind kind,
                                            QuantityOptions options = {});

/// The shortest exact way to write `amount` for people: `16`, `0.5`, `512GB`, `1TiB`.
[[nodiscard]] std::string format_quantity(Amount amount, ResourceKind kind);

/// For tables: exact when that is short (`512GB`), else rounded to two decimals in the
/// nearest binary unit (`2.41TiB`).
[[nodiscard]] std::string format_approx(Amount amount, ResourceKind kind);

/// `amount` as a plain decimal in whole units: `16`, `0.5` for counts, bytes for bytes.
[[nodiscard]] std::string format_plain(Amount amount, ResourceKind kind);

/// The largest amount that fits, in base units.
inline constexpr Amount kMaxAmount = INT64_MAX;

[[nodiscard]] std::optional<Amount> checked_add(Amount a, Amount b);
[[nodiscard]] std::optional<Amount> checked_mul(Amount a, Amount b);
/// Adds, saturating at the largest amount.
[[nodiscard]] inline Amount sat_add(Amount a, Amount b) { return checked_add(a, b).value_or(kMaxAmount); }

/// The smallest amount `t` such that using `t` reaches `percent_milli`/1000 percent of
/// `limit`: ceil(limit * percent_milli / 100000). Never overflows for valid inputs.
[[nodiscard]] Amount percent_threshold(Amount limit, std::int64_t percent_milli);

}  // namespace allot
