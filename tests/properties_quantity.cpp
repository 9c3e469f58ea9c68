// Seeded property tests of exact quantities (policy/quantity.hpp): printing and parsing
// back, every unit's factor, overflow and precision, and checked arithmetic, each against a
// reference computed here independently: __int128 for amounts, and for long or exponent
// forms a decimal digit string, which is exact at any length.
//
// The seed is fixed and printed; ALLOT_SEED=N overrides it. A failure prints the seed, the
// instance number and the input, so `ALLOT_SEED=N tests/test_properties_quantity` (in the
// build folder) replays it.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "policy/quantity.hpp"
#include "tests/property_support.hpp"
#include "tests/support.hpp"

using namespace allot;
using test::Rng;

namespace {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

constexpr std::uint64_t kDefaultSeed = 0x5eed'0a11'0001ULL;

std::uint64_t seed() {
  static const std::uint64_t s = test::property_seed(kDefaultSeed);
  return s;
}

/// At most this many failures are reported per property; the rest would be noise.
constexpr std::size_t kMaxReported = 5;

// ---------------------------------------------------------------------------------------
// The units, written down from man/allot-policy.5, not taken from quantity.cpp.

struct UnitSpec {
  std::string suffix;
  int decimal;  ///< factor 10^decimal * 1024^binary (decimal -3 for milli)
  int binary;
  bool bytes_only, count_only;
};

const std::vector<UnitSpec>& units() {
  static const std::vector<UnitSpec> u = [] {
    std::vector<UnitSpec> v{{"", 0, 0, false, false}, {"m", -3, 0, false, true}};
    const char* si = "kMGTPE";
    for (int i = 0; i < 6; ++i) v.push_back({std::string(1, si[i]), 3 * (i + 1), 0, false, false});
    v.push_back({"B", 0, 0, true, false});
    for (int i = 0; i < 6; ++i) v.push_back({std::string(1, si[i]) + "B", 3 * (i + 1), 0, true, false});
    v[v.size() - 6].suffix = "kB";
    const char* iec = "KMGTPE";
    for (int i = 0; i < 6; ++i) {
      v.push_back({std::string(1, iec[i]) + "i", 0, i + 1, true, false});
      v.push_back({std::string(1, iec[i]) + "iB", 0, i + 1, true, false});
    }
    return v;
  }();
  return u;
}

const UnitSpec* find_unit(std::string_view suffix) {
  for (const auto& u : units())
    if (u.suffix == suffix) return &u;
  return nullptr;
}

// ---------------------------------------------------------------------------------------
// What parsing should give.

enum class Kind { value, overflow, too_precise, wrong_unit, unknown_unit, missing_unit, malformed, negative };

struct Outcome {
  Kind kind = Kind::value;
  Amount value = 0;
  bool or_too_precise = false;  ///< an overflow that is also inexact may be reported either way
};

std::string describe(const Outcome& o) {
  static const char* names[] = {"value", "overflow", "too_precise", "wrong_unit", "unknown_unit",
                                "missing_unit", "malformed", "negative"};
  std::string s = names[static_cast<int>(o.kind)];
  if (o.kind == Kind::value) s += " " + std::to_string(o.value);
  if (o.or_too_precise) s += " (or too_precise)";
  return s;
}

std::string describe(const QuantityResult& r) {
  if (const auto* v = std::get_if<Amount>(&r)) return "value " + std::to_string(*v);
  const auto& e = std::get<QuantityError>(r);
  return fmt::format("QuantityProblem({}) '{}' at {}+{}", static_cast<int>(e.problem), e.message, e.offset, e.length);
}

Kind kind_of(QuantityProblem p) {
  switch (p) {
    case QuantityProblem::malformed: return Kind::malformed;
    case QuantityProblem::negative: return Kind::negative;
    case QuantityProblem::unknown_unit: return Kind::unknown_unit;
    case QuantityProblem::wrong_unit: return Kind::wrong_unit;
    case QuantityProblem::missing_unit: return Kind::missing_unit;
    case QuantityProblem::too_precise: return Kind::too_precise;
    case QuantityProblem::overflow: return Kind::overflow;
  }
  return Kind::malformed;
}

bool agrees(const Outcome& want, const QuantityResult& got) {
  if (const auto* v = std::get_if<Amount>(&got)) return want.kind == Kind::value && want.value == *v;
  const Kind k = kind_of(std::get<QuantityError>(got).problem);
  return k == want.kind || (want.or_too_precise && k == Kind::too_precise);
}

/// The unit checks, which come before any arithmetic: nullopt when the unit is fine.
std::optional<Kind> unit_problem(const UnitSpec& u, ResourceKind kind, const QuantityOptions& o) {
  if (kind == ResourceKind::count && u.bytes_only) return Kind::wrong_unit;
  if (kind == ResourceKind::bytes && u.count_only) return Kind::wrong_unit;
  if (kind == ResourceKind::bytes && u.suffix.empty() && o.require_bytes_unit) return Kind::missing_unit;
  return std::nullopt;
}

/// The __int128 reference for "I.F<unit>" (F may be empty): the value in base units is
/// (I * 10^|F| + F) * factor / 10^|F|, factor = 10^decimal * 1024^binary, times 1000 for a
/// count. `I` has at most 20 digits and `F` at most 18, so the numerator fits; a product
/// that overflows u128 is above 3.4e38 / 10^18, far above the maximum.
Outcome reference_i128(u128 int_part, u128 frac, int frac_digits, const UnitSpec& u, ResourceKind kind) {
  u128 pow10_frac = 1;
  for (int i = 0; i < frac_digits; ++i) pow10_frac *= 10;
  u128 numer = int_part * pow10_frac + frac;
  int decimal = u.decimal + (kind == ResourceKind::count ? 3 : 0);
  u128 den = pow10_frac;
  bool overflowed = false;
  auto mul = [&](u128 f) { overflowed = overflowed || __builtin_mul_overflow(numer, f, &numer); };
  for (int b = 0; b < u.binary; ++b) mul(1024);
  for (; decimal > 0; --decimal) mul(10);
  for (; decimal < 0; ++decimal) den *= 10;
  Outcome o;
  const u128 max = static_cast<u128>(kMaxAmount);
  if (overflowed) return {Kind::overflow, 0, true};
  const bool exact = numer % den == 0;
  const u128 floor = numer / den;
  if (floor > max || (floor == max && !exact)) return {Kind::overflow, 0, !exact};
  if (!exact) return {Kind::too_precise, 0, false};
  return {Kind::value, static_cast<Amount>(floor), false};
}

/// The digit-string reference: `digits` (leading zeros allowed) times 10^scale times
/// 1024^binary, exactly, however long.
Outcome reference_digits(std::string digits, long scale, int binary) {
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  if (digits.empty()) return {Kind::value, 0, false};
  for (int b = 0; b < binary; ++b) {  // digits *= 1024, from the last digit
    unsigned carry = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
      const unsigned d = static_cast<unsigned>(*it - '0') * 1024 + carry;
      *it = static_cast<char>('0' + d % 10);
      carry = d / 10;
    }
    for (; carry != 0; carry /= 10) digits.insert(digits.begin(), static_cast<char>('0' + carry % 10));
  }
  bool exact = true;
  if (scale >= 0) {
    if (scale > 100) return {Kind::overflow, 0, false};
    digits.append(static_cast<std::size_t>(scale), '0');
  } else {
    const auto k = static_cast<std::size_t>(-scale);
    const std::size_t keep = digits.size() > k ? digits.size() - k : 0;
    exact = digits.find_first_not_of('0', keep) == std::string::npos;
    digits.resize(keep);
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  }
  const std::string max = std::to_string(kMaxAmount);
  const bool above = digits.size() > max.size() || (digits.size() == max.size() && digits > max);
  if (above || (digits == max && !exact)) return {Kind::overflow, 0, !exact};
  if (!exact) return {Kind::too_precise, 0, false};
  return {Kind::value, digits.empty() ? 0 : static_cast<Amount>(std::stoll(digits)), false};
}

/// Everything parse_quantity accepts, read again here: [+] digits [. digits] [e[+-]digits] unit.
Outcome reference_text(std::string_view text, ResourceKind kind, const QuantityOptions& o) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  if (text.empty()) return {Kind::malformed};
  if (text[0] == '-') return {Kind::negative};
  if (text[0] == '+') ++i;
  std::string digits;
  long scale = 0;
  bool any = false;
  for (; i < text.size() && digit(text[i]); ++i) digits += text[i], any = true;
  if (i < text.size() && text[i] == '.')
    for (++i; i < text.size() && digit(text[i]); ++i) digits += text[i], --scale, any = true;
  if (!any) return {Kind::malformed};
  if (o.allow_exponent && i + 1 < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    const bool neg = text[j] == '-';
    if (text[j] == '+' || text[j] == '-') ++j;
    if (j < text.size() && digit(text[j])) {
      long e = 0;
      for (; j < text.size() && digit(text[j]); ++j) e = std::min(e * 10 + (text[j] - '0'), 1000000L);
      scale += neg ? -e : e;
      i = j;
    }
  }
  const UnitSpec* u = find_unit(text.substr(i));
  if (u == nullptr) return {Kind::unknown_unit};
  if (auto p = unit_problem(*u, kind, o)) return {*p};
  return reference_digits(digits, scale + u->decimal + (kind == ResourceKind::count ? 3 : 0), u->binary);
}

const QuantityOptions kManifest{};  // Kubernetes: exponents, bare bytes
const QuantityOptions kPolicy{.require_bytes_unit = true, .allow_exponent = false};

// ---------------------------------------------------------------------------------------
// Generators

/// Amounts people write and the edges: small, log-uniform, multiples of every unit's
/// factor, and the neighbourhood of the maximum.
Amount random_amount(Rng& rng) {
  switch (rng.pick_int(0, 5)) {
    case 0: return rng.pick(0, 2000);
    case 1: return static_cast<Amount>(rng.next() >> rng.pick_int(1, 63));
    case 2: {
      const auto& u = rng.one_of(units());
      if (u.decimal < 0) return rng.pick(0, 5000);
      Amount f = 1;
      for (int d = 0; d < u.decimal; ++d) f *= 10;
      for (int b = 0; b < u.binary; ++b) f *= 1024;
      return f * rng.pick(0, std::min<Amount>(kMaxAmount / f, 5000));
    }
    case 3: return kMaxAmount - rng.pick(0, 3000);
    case 4: return (Amount{1} << rng.pick_int(0, 61)) * (rng.chance(50) ? 1 : 3) / (rng.chance(50) ? 1 : 2);
    default: return rng.pick(0, kMaxAmount);
  }
}

/// A random decimal numeral of at most `max_digits` digits, no leading zeros unless zero.
std::string numeral(Rng& rng, int max_digits) {
  const int n = rng.pick_int(1, max_digits);
  std::string s(1, static_cast<char>('0' + (n == 1 ? rng.pick_int(0, 9) : rng.pick_int(1, 9))));
  for (int k = 1; k < n; ++k) s += static_cast<char>('0' + rng.pick_int(0, 9));
  return s;
}

u128 to_u128(const std::string& digits) {
  u128 v = 0;
  for (char c : digits) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

template <typename Check>
void run_cases(const char* what, std::size_t count, std::uint64_t salt, const Check& check) {
  BOOST_TEST_MESSAGE(fmt::format("properties_quantity/{}: ALLOT_SEED={:#x}, {} cases", what, seed(), count));
  std::size_t failures = 0;
  for (std::size_t i = 0; i < count && failures < kMaxReported; ++i) {
    BOOST_TEST_CHECKPOINT(test::repro(seed(), i) << " (" << what << ")");
    Rng rng = test::instance_rng(seed(), salt, i);
    const std::string problem = check(rng);
    if (problem.empty()) continue;
    ++failures;
    BOOST_ERROR(fmt::format("{} ({}): {}", test::repro(seed(), i), what, problem));
  }
  BOOST_TEST(failures == 0u);
}

const char* kind_name(ResourceKind k) { return k == ResourceKind::count ? "count" : "bytes"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(properties_quantity)

// parse(format(x)) == x, for both kinds, as a manifest and as a policy reads it.
BOOST_AUTO_TEST_CASE(format_then_parse_gives_the_amount_back) {
  run_cases("round trip", 20000, 1, [](Rng& rng) -> std::string {
    const Amount x = random_amount(rng);
    for (ResourceKind kind : {ResourceKind::count, ResourceKind::bytes}) {
      const std::string exact = format_quantity(x, kind);
      const std::string plain = format_plain(x, kind);
      for (const auto* o : {&kManifest, &kPolicy}) {
        const auto r = parse_quantity(exact, kind, *o);
        // The one exception, documented by the grammar: zero bytes prints as "0", and a
        // policy wants a unit even on zero.
        if (x == 0 && kind == ResourceKind::bytes && o == &kPolicy) {
          if (exact != "0" || !std::holds_alternative<QuantityError>(r))
            return fmt::format("zero bytes printed '{}' parsed as {}", exact, describe(r));
          continue;
        }
        if (!agrees({Kind::value, x}, r))
          return fmt::format("{} {} printed '{}' parses as {} ({})", kind_name(kind), x, exact, describe(r),
                             o == &kPolicy ? "policy" : "manifest");
      }
      if (const auto r = parse_quantity(plain, kind, kManifest); !agrees({Kind::value, x}, r))
        return fmt::format("{} {} printed plain '{}' parses as {}", kind_name(kind), x, plain, describe(r));
      // Shortest: the bytes unit chosen leaves no smaller whole number for any other unit.
      if (kind == ResourceKind::bytes && x > 0) {
        const auto digits_end = exact.find_first_not_of("0123456789");
        const Amount shown = std::stoll(exact.substr(0, digits_end));
        for (const auto& u : units()) {
          if (u.decimal < 0 || (u.decimal == 0 && u.binary == 0) || u.suffix.size() < 2) continue;
          i128 f = 1;
          for (int d = 0; d < u.decimal; ++d) f *= 10;
          for (int b = 0; b < u.binary; ++b) f *= 1024;
          if (x % f == 0 && x / f < shown)
            return fmt::format("{} bytes printed '{}', but {}{} is shorter", x, exact,
                               static_cast<long long>(x / f), u.suffix);
        }
      }
    }
    return {};
  });
}

// "N<unit>" is N times the unit's factor, exactly, or an overflow exactly when that is
// above the maximum; a unit of the wrong kind is refused whatever the number.
BOOST_AUTO_TEST_CASE(every_unit_multiplies_exactly_or_overflows) {
  run_cases("units", 30000, 2, [](Rng& rng) -> std::string {
    const UnitSpec& u = rng.one_of(units());
    const ResourceKind kind = rng.chance(50) ? ResourceKind::count : ResourceKind::bytes;
    const QuantityOptions& o = rng.chance(50) ? kManifest : kPolicy;
    // Whole numbers straddling the maximum once multiplied, or fractions (at most 18 digits).
    const std::string whole = rng.chance(70) ? numeral(rng, rng.chance(50) ? 6 : 20) : "0";
    std::string frac;
    if (rng.chance(40)) {
      frac = numeral(rng, 18);
      if (rng.chance(30)) frac = std::string(static_cast<std::size_t>(rng.pick_int(1, 8)), '0') + frac;
      if (frac.size() > 18) frac.resize(18);
      if (rng.chance(20)) frac += "000";  // trailing zeros carry no value
    }
    const std::string text = whole + (frac.empty() ? "" : "." + frac) + u.suffix;
    Outcome want;
    if (auto p = unit_problem(u, kind, o)) {
      want = {*p};
    } else {
      std::string f = frac;
      while (!f.empty() && f.back() == '0') f.pop_back();
      want = reference_i128(to_u128(whole), to_u128(f), static_cast<int>(f.size()), u, kind);
    }
    const auto got = parse_quantity(text, kind, o);
    if (!agrees(want, got))
      return fmt::format("'{}' as {} ({}): expected {}, got {}", text, kind_name(kind),
                         &o == &kPolicy ? "policy" : "manifest", describe(want), describe(got));
    return {};
  });
}

// Long numerals (more digits than an __int128 holds) and exponents: the value is exact,
// overflow is reported only above the maximum, and a fraction that does not come out whole
// is refused as too precise, never rounded.
BOOST_AUTO_TEST_CASE(long_numerals_and_exponents_are_exact) {
  run_cases("long numerals", 10000, 3, [](Rng& rng) -> std::string {
    const UnitSpec& u = rng.one_of(units());
    const ResourceKind kind = rng.chance(50) ? ResourceKind::count : ResourceKind::bytes;
    std::string text;
    const int form = rng.pick_int(0, 3);
    if (form == 0) {  // zeros around a short numeral: 000..0123.4500..0
      text = std::string(static_cast<std::size_t>(rng.pick_int(0, 45)), '0') + numeral(rng, 8) + "." +
             numeral(rng, 4) + std::string(static_cast<std::size_t>(rng.pick_int(0, 45)), '0');
    } else if (form == 1) {  // many significant fractional digits: 1.000...0001
      text = numeral(rng, 3) + "." + std::string(static_cast<std::size_t>(rng.pick_int(10, 50)), '0') +
             std::to_string(rng.pick_int(1, 9));
    } else if (form == 2) {  // an exact fraction of a binary unit: k / 2^n, n up to 60
      const int n = rng.pick_int(1, 60);
      std::string d = "1";  // 5^n, so k * 5^n / 10^n = k / 2^n
      for (int k = 0; k < n; ++k) {
        unsigned carry = 0;
        for (auto it = d.rbegin(); it != d.rend(); ++it) {
          const unsigned v = static_cast<unsigned>(*it - '0') * 5 + carry;
          *it = static_cast<char>('0' + v % 10);
          carry = v / 10;
        }
        if (carry) d.insert(d.begin(), static_cast<char>('0' + carry));
      }
      d = std::string(static_cast<std::size_t>(n) - std::min<std::size_t>(d.size(), n), '0') + d;
      text = "0." + d;
    } else {  // an exponent, as Kubernetes writes it
      text = numeral(rng, rng.chance(50) ? 4 : 25) + (rng.chance(50) ? "e" : "E") +
             (rng.chance(50) ? "-" : "") + std::to_string(rng.pick_int(0, 45));
    }
    text += u.suffix;
    for (const auto* o : {&kManifest, &kPolicy}) {
      const Outcome want = reference_text(text, kind, *o);
      const auto got = parse_quantity(text, kind, *o);
      if (!agrees(want, got))
        return fmt::format("'{}' as {} ({}): expected {}, got {}", text, kind_name(kind),
                           o == &kPolicy ? "policy" : "manifest", describe(want), describe(got));
    }
    return {};
  });
}

// Any text at all: parse_quantity returns, agrees with the reference reading, and points
// an error at bytes inside the text.
BOOST_AUTO_TEST_CASE(any_text_is_read_like_the_reference) {
  static const std::string alphabet = "0123456789000.+-eEkKMGTPEimBib %x";
  run_cases("any text", 20000, 4, [](Rng& rng) -> std::string {
    std::string text;
    const int n = rng.pick_int(0, 14);
    for (int k = 0; k < n; ++k) text += alphabet[rng.index(alphabet.size())];
    for (ResourceKind kind : {ResourceKind::count, ResourceKind::bytes})
      for (const auto* o : {&kManifest, &kPolicy}) {
        const auto got = parse_quantity(text, kind, *o);
        const Outcome want = reference_text(text, kind, *o);
        if (!agrees(want, got))
          return fmt::format("'{}' as {} ({}): expected {}, got {}", text, kind_name(kind),
                             o == &kPolicy ? "policy" : "manifest", describe(want), describe(got));
        if (const auto* e = std::get_if<QuantityError>(&got)) {
          const std::size_t size = std::max<std::size_t>(text.size(), 1);
          if (e->length == 0 || e->offset + e->length > size)
            return fmt::format("'{}': error span {}+{} outside the text", text, e->offset, e->length);
        }
      }
    return {};
  });
}

// checked_add and checked_mul agree with __int128: a result when it fits, nothing when it
// does not, never a wrapped value.
BOOST_AUTO_TEST_CASE(checked_arithmetic_matches_int128) {
  run_cases("checked arithmetic", 40000, 5, [](Rng& rng) -> std::string {
    auto operand = [&]() -> Amount {
      static const std::vector<Amount> edges = {0, 1, -1, 2, -2, kMaxAmount, -kMaxAmount, INT64_MIN,
                                                kMaxAmount / 2, kMaxAmount / 2 + 1, 3037000499, 3037000500,
                                                -3037000500, Amount{1} << 32, -(Amount{1} << 32)};
      switch (rng.pick_int(0, 3)) {
        case 0: return rng.one_of(edges);
        case 1: return rng.pick(-100000, 100000);
        case 2: return static_cast<Amount>(rng.next() >> rng.pick_int(1, 63)) * (rng.chance(50) ? 1 : -1);
        default: return static_cast<Amount>(rng.next());
      }
    };
    const Amount a = operand(), b = operand();
    const i128 sum = static_cast<i128>(a) + b, product = static_cast<i128>(a) * b;
    auto fits = [](i128 v) { return v >= INT64_MIN && v <= INT64_MAX; };
    const auto s = checked_add(a, b), p = checked_mul(a, b);
    if (s.has_value() != fits(sum) || (s && *s != sum))
      return fmt::format("checked_add({}, {}) = {}", a, b, s ? std::to_string(*s) : "overflow");
    if (p.has_value() != fits(product) || (p && *p != product))
      return fmt::format("checked_mul({}, {}) = {}", a, b, p ? std::to_string(*p) : "overflow");
    return {};
  });
}

// percent_threshold is ceil(limit * percent / 100), exactly, and never above the limit.
BOOST_AUTO_TEST_CASE(percent_threshold_rounds_up_exactly) {
  run_cases("percent threshold", 20000, 6, [](Rng& rng) -> std::string {
    const Amount limit = rng.chance(10) ? kMaxAmount - rng.pick(0, 10) : random_amount(rng);
    const std::int64_t pct = rng.chance(20) ? rng.one_of(std::vector<std::int64_t>{1, 100000, 99999, 50000})
                                            : rng.pick(1, 100000);
    const Amount t = percent_threshold(limit, pct);
    const i128 num = static_cast<i128>(limit) * pct;
    const i128 want = (num + 99999) / 100000;
    if (t != want || t > limit || static_cast<i128>(t) * 100000 < num)
      return fmt::format("percent_threshold({}, {}) = {}, expected {}", limit, pct, t, static_cast<long long>(want));
    return {};
  });
}

// What the random runs found, kept as fixed cases: numerals longer than 128 bits hold were
// all called too large, even when their value is about 1 or a whole number of bytes.
BOOST_AUTO_TEST_CASE(regressions) {
  auto problem = [](std::string_view text, ResourceKind kind, const QuantityOptions& o) {
    const auto r = parse_quantity(text, kind, o);
    return std::holds_alternative<QuantityError>(r) ? std::optional(std::get<QuantityError>(r).problem) : std::nullopt;
  };
  BOOST_TEST((problem("1.00000000000000000000000000000000000000001", ResourceKind::count, kPolicy) ==
              QuantityProblem::too_precise));
  BOOST_TEST((problem("93.0000000000000000000000000000009Pi", ResourceKind::bytes, kManifest) ==
              QuantityProblem::too_precise));
  BOOST_TEST((problem("96.0000000000000000000000000000000000001GiB", ResourceKind::count, kManifest) ==
              QuantityProblem::wrong_unit));
  BOOST_TEST((problem("1000000000000000000000000000000000000000000", ResourceKind::count, kManifest) ==
              QuantityProblem::overflow));
  const auto ok = [](std::string_view text, ResourceKind kind) {
    const auto r = parse_quantity(text, kind, kManifest);
    return std::holds_alternative<Amount>(r) ? std::get<Amount>(r) : -1;
  };
  BOOST_TEST(ok("0.0000000000000000277555756156289135105907917022705078125Ei", ResourceKind::bytes) == 32);  // 2^-55 Ei
  BOOST_TEST(ok("100000000000000000000000000000000000000000e-30", ResourceKind::bytes) == 100'000'000'000);
  BOOST_TEST(ok("0.000000000000000000000000000000000000000000000000000000000001000e60", ResourceKind::count) == 1000);
}

BOOST_AUTO_TEST_SUITE_END()
