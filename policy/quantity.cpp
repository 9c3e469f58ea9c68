#include "policy/quantity.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include <fmt/format.h>

#include "policy/suggest.hpp"

namespace allot {
namespace {

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

struct Unit {
  std::string_view suffix;
  int decimal_exponent;  ///< multiplier is 10^decimal_exponent * 1024^binary_power
  int binary_power;
  bool bytes_only;       ///< meaningless for counts (B, kB, KiB, Ki, ...)
};

// The suffixes people write: SI byte units, IEC byte units, and Kubernetes' quantity
// suffixes (which mean the same for any resource). `m` (milli) only makes sense for counts.
constexpr std::array kUnits = {
    Unit{"m", -3, 0, false},   Unit{"k", 3, 0, false},    Unit{"M", 6, 0, false},
    Unit{"G", 9, 0, false},    Unit{"T", 12, 0, false},   Unit{"P", 15, 0, false},
    Unit{"E", 18, 0, false},   Unit{"B", 0, 0, true},     Unit{"kB", 3, 0, true},
    Unit{"MB", 6, 0, true},    Unit{"GB", 9, 0, true},    Unit{"TB", 12, 0, true},
    Unit{"PB", 15, 0, true},   Unit{"EB", 18, 0, true},   Unit{"Ki", 0, 1, true},
    Unit{"Mi", 0, 2, true},    Unit{"Gi", 0, 3, true},    Unit{"Ti", 0, 4, true},
    Unit{"Pi", 0, 5, true},    Unit{"Ei", 0, 6, true},    Unit{"KiB", 0, 1, true},
    Unit{"MiB", 0, 2, true},   Unit{"GiB", 0, 3, true},   Unit{"TiB", 0, 4, true},
    Unit{"PiB", 0, 5, true},   Unit{"EiB", 0, 6, true},
};

const Unit* find_unit(std::string_view s) {
  for (const auto& u : kUnits)
    if (u.suffix == s) return &u;
  return nullptr;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

QuantityError fail(QuantityProblem p, std::string msg, std::size_t offset, std::size_t length) {
  return {p, std::move(msg), static_cast<std::uint32_t>(offset),
          static_cast<std::uint32_t>(length == 0 ? 1 : length)};
}

QuantityError too_large(std::string_view text) {
  return fail(QuantityProblem::overflow,
              fmt::format("quantity '{}' is too large (allot holds at most 9.2EB or 9.2P units)",
                          text),
              0, text.size());
}

constexpr u128 kU128Max = ~u128{0};

bool mul_u128(u128& v, u128 f) {
  if (f != 0 && v > kU128Max / f) return false;
  v *= f;
  return true;
}

u128 pow10(int n) {
  u128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

QuantityError too_fine(std::string_view text, ResourceKind kind) {
  if (kind == ResourceKind::count)
    return fail(QuantityProblem::too_precise,
                fmt::format("quantity '{}' is finer than a thousandth (0.001 or 1m)", text), 0, text.size());
  return fail(QuantityProblem::too_precise, fmt::format("quantity '{}' is not a whole number of bytes", text), 0,
              text.size());
}

/// digits * 10^scale * 1024^binary_power, exactly, on decimal digit strings: for numerals
/// 128 bits cannot hold (39 or more significant digits, or a scale below 10^-38) whose
/// value may still be small (1.000...0001 is too precise, not too large) or even whole
/// (2^-55 written out in 55 decimals, times Ei, is 32 bytes).
QuantityResult long_value(std::string digits, int scale, int binary_power, ResourceKind kind,
                          std::string_view text) {
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  for (int b = 0; b < binary_power && !digits.empty(); ++b) {
    unsigned carry = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
      const unsigned d = static_cast<unsigned>(*it - '0') * 1024 + carry;
      *it = static_cast<char>('0' + d % 10);
      carry = d / 10;
    }
    for (; carry != 0; carry /= 10) digits.insert(digits.begin(), static_cast<char>('0' + carry % 10));
  }
  bool whole = true;
  if (scale >= 0) {
    if (!digits.empty() && digits.size() + static_cast<std::size_t>(scale) > 19) return too_large(text);
    digits.append(digits.empty() ? 0 : static_cast<std::size_t>(scale), '0');
  } else {
    const auto k = static_cast<std::size_t>(-static_cast<long>(scale));
    const std::size_t keep = digits.size() > k ? digits.size() - k : 0;
    whole = digits.find_first_not_of('0', keep) == std::string::npos;
    digits.resize(keep);
  }
  // No leading zeros remain, so more than 19 digits is above 2^63-1.
  if (digits.size() > 19 || (digits.size() == 19 && digits > "9223372036854775807")) return too_large(text);
  if (!whole) return too_fine(text, kind);
  Amount value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

std::string_view to_string(ResourceKind k) { return k == ResourceKind::count ? "count" : "bytes"; }

namespace {

/// The number at the start of a quantity: value = mantissa * 10^scale.
struct Numeral {
  std::string_view int_part, frac_part;  ///< trailing fractional zeros dropped
  u128 mantissa = 0;
  bool long_mantissa = false;  ///< more significant digits than 128 bits hold: see long_value
  int scale = 0;
  std::size_t end = 0;         ///< where the unit suffix starts
};

/// Reads `[+]digits[.digits]`. Leading zeros and trailing fractional zeros carry no value,
/// so they cannot cause an overflow.
std::variant<Numeral, QuantityError> read_mantissa(std::string_view text) {
  std::size_t i = 0;
  if (text.empty()) return fail(QuantityProblem::malformed, "empty quantity", 0, 1);
  if (text[0] == '-')
    return fail(QuantityProblem::negative, fmt::format("quantity '{}' is negative", text), 0,
                         text.size());
  if (text[0] == '+') ++i;
  Numeral n;
  const std::size_t int_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  n.int_part = text.substr(int_begin, i - int_begin);
  if (i < text.size() && text[i] == '.') {
    const std::size_t frac_begin = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    n.frac_part = text.substr(frac_begin, i - frac_begin);
  }
  if (n.int_part.empty() && n.frac_part.empty())
    return fail(QuantityProblem::malformed, fmt::format("'{}' is not a quantity", text), 0,
                         text.size());
  while (!n.frac_part.empty() && n.frac_part.back() == '0') n.frac_part.remove_suffix(1);
  for (std::string_view part : {n.int_part, n.frac_part})
    for (char c : part) {
      if (n.long_mantissa) break;
      if (!mul_u128(n.mantissa, 10) || n.mantissa > kU128Max - static_cast<unsigned>(c - '0')) {
        n.long_mantissa = true;
        break;
      }
      n.mantissa += static_cast<unsigned>(c - '0');
    }
  n.scale = -static_cast<int>(n.frac_part.size());
  n.end = i;
  return n;
}

/// An optional exponent after the mantissa: e3, E-2. "1E" alone is the exa suffix, so
/// digits must follow. Exponents are clamped far beyond anything representable.
void read_exponent(std::string_view text, Numeral& n) {
  std::size_t j = n.end + 1;
  if (j >= text.size() || (text[n.end] != 'e' && text[n.end] != 'E')) return;
  bool neg = false;
  if (text[j] == '+' || text[j] == '-') neg = text[j++] == '-';
  if (j >= text.size() || !is_digit(text[j])) return;
  long long e = 0;
  while (j < text.size() && is_digit(text[j])) {
    if (e < 100000) e = e * 10 + (text[j] - '0');
    ++j;
  }
  if (e > 100000) e = 100000;
  n.scale += static_cast<int>(neg ? -e : e);
  n.end = j;
}

/// The unit suffix starting at `at`, checked against the resource kind.
std::variant<const Unit*, QuantityError> read_unit(std::string_view text, std::size_t at, ResourceKind kind,
                                                   const QuantityOptions& options) {
  const std::string_view suffix = text.substr(at);
  const std::size_t pos = at, len = suffix.size();
  if (suffix.empty()) {
    if (kind == ResourceKind::bytes && options.require_bytes_unit)
      return fail(QuantityProblem::missing_unit,
                           fmt::format("bytes quantity '{}' has no unit; write e.g. '{}GB' or '{}GiB'", text, text, text),
                           0, text.size());
    return static_cast<const Unit*>(nullptr);
  }
  const Unit* unit = find_unit(suffix);
  if (unit == nullptr) {
    std::vector<std::string_view> names;
    for (const auto& u : kUnits)
      if (kind == ResourceKind::bytes || !u.bytes_only) names.push_back(u.suffix);
    std::string msg = fmt::format("unknown unit '{}'", suffix);
    if (auto s = did_you_mean(suffix, names)) msg += fmt::format("; did you mean '{}'?", *s);
    return fail(QuantityProblem::unknown_unit, msg, pos, len);
  }
  if (kind == ResourceKind::count && unit->bytes_only)
    return fail(QuantityProblem::wrong_unit,
                         fmt::format("unit '{}' is a bytes unit, but this resource is a count", suffix), pos, len);
  if (kind == ResourceKind::bytes && unit->suffix == "m")
    return fail(QuantityProblem::wrong_unit,
                         "unit 'm' (milli) cannot be used on bytes; did you mean 'M' (mega)?", pos, 1);
  return unit;
}

/// mantissa * 10^scale * 1024^binary_power, exactly, or why it cannot be held.
QuantityResult scaled(const Numeral& n, int scale, int binary_power, ResourceKind kind, std::string_view text) {
  // 128 bits hold every value that fits in an Amount, but not every numeral of one: a long
  // or finely scaled mantissa goes the slow, exact way rather than being called too large.
  const auto exact = [&] {
    return long_value(std::string(n.int_part) + std::string(n.frac_part), scale, binary_power, kind, text);
  };
  if (n.long_mantissa) return exact();
  u128 value = n.mantissa;
  if (value != 0) {
    for (int b = 0; b < binary_power; ++b)
      if (!mul_u128(value, 1024)) return scale < 0 ? exact() : too_large(text);
    if (scale > 0) {
      if (scale > 38) return too_large(text);
      if (!mul_u128(value, pow10(scale))) return too_large(text);
    } else if (scale < 0) {
      if (scale < -38) return exact();
      const u128 div = pow10(-scale);
      if (value % div != 0) return too_fine(text, kind);
      value /= div;
    }
  }
  if (value > static_cast<u128>(kMaxAmount)) return too_large(text);
  return static_cast<Amount>(value);
}

}  // namespace

QuantityResult parse_quantity(std::string_view text, ResourceKind kind, QuantityOptions options) {
  auto numeral = read_mantissa(text);
  if (auto* e = std::get_if<QuantityError>(&numeral)) return std::move(*e);
  Numeral& n = std::get<Numeral>(numeral);
  if (options.allow_exponent) read_exponent(text, n);
  const auto unit = read_unit(text, n.end, kind, options);
  if (const auto* e = std::get_if<QuantityError>(&unit)) return *e;
  const Unit* u = std::get<const Unit*>(unit);
  int scale = n.scale + (u != nullptr ? u->decimal_exponent : 0);
  if (kind == ResourceKind::count) scale += 3;  // base unit is a thousandth
  return scaled(n, scale, u != nullptr ? u->binary_power : 0, kind, text);
}

std::string format_plain(Amount amount, ResourceKind kind) {
  if (kind == ResourceKind::bytes) return fmt::format("{}", amount);
  const bool neg = amount < 0;
  const auto mag = neg ? -static_cast<u128>(amount) : static_cast<u128>(amount);
  const auto whole = static_cast<unsigned long long>(mag / kCountScale);
  auto frac = static_cast<unsigned>(mag % kCountScale);
  std::string out = fmt::format("{}{}", neg ? "-" : "", whole);
  if (frac != 0) {
    std::string digits = fmt::format("{:03}", frac);
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

std::string format_quantity(Amount amount, ResourceKind kind) {
  if (kind == ResourceKind::count || amount == 0) return format_plain(amount, kind);
  // Bytes: the unit that writes the amount as the smallest whole number.
  static constexpr std::array<std::pair<std::string_view, Amount>, 12> units = {{
      {"EB", 1'000'000'000'000'000'000},   {"EiB", Amount{1} << 60},
      {"PB", 1'000'000'000'000'000},       {"PiB", Amount{1} << 50},
      {"TB", 1'000'000'000'000},           {"TiB", Amount{1} << 40},
      {"GB", 1'000'000'000},               {"GiB", Amount{1} << 30},
      {"MB", 1'000'000},                   {"MiB", Amount{1} << 20},
      {"kB", 1'000},                       {"KiB", Amount{1} << 10},
  }};
  std::string_view best;
  Amount best_value = amount;
  for (const auto& [name, size] : units)
    if (amount % size == 0 && amount / size < best_value) {
      best = name;
      best_value = amount / size;
    }
  return fmt::format("{}{}", best_value, best.empty() ? "B" : best);
}

std::string format_approx(Amount amount, ResourceKind kind) {
  std::string exact = format_quantity(amount, kind);
  if (kind == ResourceKind::count || exact.size() <= 7 || amount < 0) return exact;
  static constexpr std::array<std::string_view, 6> names = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  std::size_t k = 0;
  while (k + 1 < names.size() && amount >= (Amount{1} << (10 * (k + 2)))) ++k;
  const u128 unit = u128{1} << (10 * (k + 1));
  const auto hundredths = static_cast<unsigned long long>((static_cast<u128>(amount) * 100 + unit / 2) / unit);
  return fmt::format("{}.{:02}{}", hundredths / 100, hundredths % 100, names[k]);
}

std::optional<Amount> checked_add(Amount a, Amount b) {
  Amount r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<Amount> checked_mul(Amount a, Amount b) {
  Amount r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

Amount percent_threshold(Amount limit, std::int64_t percent_milli) {
  const i128 num = static_cast<i128>(limit) * percent_milli;
  const i128 den = 100000;
  return static_cast<Amount>((num + den - 1) / den);
}

}  // namespace allot
