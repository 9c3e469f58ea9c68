// parse_quantity: counts in thousandths, bytes with their units, and each way a quantity is refused.

#include <boost/test/unit_test.hpp>

#include "policy/quantity.hpp"
#include "tests/support.hpp"

using namespace allot;

namespace {
Amount ok(std::string_view text, ResourceKind kind, QuantityOptions o = {}) {
  auto r = parse_quantity(text, kind, o);
  BOOST_TEST_REQUIRE(std::holds_alternative<Amount>(r), "expected '" << text << "' to parse");
  return std::get<Amount>(r);
}
QuantityError bad(std::string_view text, ResourceKind kind, QuantityOptions o = {}) {
  auto r = parse_quantity(text, kind, o);
  BOOST_TEST_REQUIRE(std::holds_alternative<QuantityError>(r), "expected '" << text << "' to fail");
  return std::get<QuantityError>(r);
}
constexpr auto kCount = ResourceKind::count;
constexpr auto kBytes = ResourceKind::bytes;
}  // namespace

BOOST_AUTO_TEST_SUITE(quantity)

BOOST_AUTO_TEST_CASE(counts_are_thousandths) {
  BOOST_TEST(ok("16", kCount) == 16000);
  BOOST_TEST(ok("0.5", kCount) == 500);
  BOOST_TEST(ok("500m", kCount) == 500);
  BOOST_TEST(ok("1.25", kCount) == 1250);
  BOOST_TEST(ok("0.001", kCount) == 1);
  BOOST_TEST(ok("1k", kCount) == 1000000);
  BOOST_TEST(ok("2.500", kCount) == 2500);
  BOOST_TEST(ok("0", kCount) == 0);
  BOOST_TEST(ok("1e3", kCount) == 1000000);
}

BOOST_AUTO_TEST_CASE(byte_units) {
  BOOST_TEST(ok("512GB", kBytes) == 512'000'000'000);
  BOOST_TEST(ok("1TB", kBytes) == 1'000'000'000'000);
  BOOST_TEST(ok("10PB", kBytes) == 10'000'000'000'000'000);
  BOOST_TEST(ok("1KiB", kBytes) == 1024);
  BOOST_TEST(ok("1Ki", kBytes) == 1024);
  BOOST_TEST(ok("64Gi", kBytes) == 64LL << 30);
  BOOST_TEST(ok("1.5TiB", kBytes) == 3LL << 39);
  BOOST_TEST(ok("1kB", kBytes) == 1000);
  BOOST_TEST(ok("1k", kBytes) == 1000);
  BOOST_TEST(ok("2G", kBytes) == 2'000'000'000);
  BOOST_TEST(ok("7B", kBytes) == 7);
  BOOST_TEST(ok("1073741824", kBytes) == 1073741824);
  BOOST_TEST(ok("7EiB", kBytes) == (Amount{7} << 60));
  BOOST_TEST(bad("8EiB", kBytes).problem == QuantityProblem::overflow);  // 2^63
  BOOST_TEST(ok("9EB", kBytes) == 9'000'000'000'000'000'000);
}

BOOST_AUTO_TEST_CASE(boundaries_and_overflow) {
  BOOST_TEST(ok("9223372036854775807", kBytes) == kMaxAmount);
  BOOST_TEST(bad("9223372036854775808", kBytes).problem == QuantityProblem::overflow);
  BOOST_TEST(bad("10EB", kBytes).problem == QuantityProblem::overflow);
  BOOST_TEST(bad("99999999999999999999GB", kBytes).problem == QuantityProblem::overflow);
  BOOST_TEST(bad("1e400", kCount).problem == QuantityProblem::overflow);
  BOOST_TEST(bad("9223372036854775808", kCount).problem == QuantityProblem::overflow);
  BOOST_TEST(ok("000000000000000000000000000000000000000001", kCount) == 1000);
  BOOST_TEST(ok("1.000000000000000000000000000000000000000000", kCount) == 1000);
}

BOOST_AUTO_TEST_CASE(unit_errors_point_at_the_unit) {
  auto e = bad("16GB", kCount);
  BOOST_TEST(e.problem == QuantityProblem::wrong_unit);
  BOOST_TEST(e.offset == 2u);
  BOOST_TEST(e.length == 2u);
  BOOST_TEST(e.message == "unit 'GB' is a bytes unit, but this resource is a count");
  e = bad("5gb", kBytes);
  BOOST_TEST(e.problem == QuantityProblem::unknown_unit);
  BOOST_TEST(e.message == "unknown unit 'gb'; did you mean 'GB'?");
  BOOST_TEST(e.offset == 1u);
  e = bad("500m", kBytes);
  BOOST_TEST(e.problem == QuantityProblem::wrong_unit);
  e = bad("512", kBytes, {.require_bytes_unit = true, .allow_exponent = false});
  BOOST_TEST(e.problem == QuantityProblem::missing_unit);
  BOOST_TEST(e.message == "bytes quantity '512' has no unit; write e.g. '512GB' or '512GiB'");
}

BOOST_AUTO_TEST_CASE(precision) {
  BOOST_TEST(bad("0.0001", kCount).problem == QuantityProblem::too_precise);
  BOOST_TEST(bad("0.5B", kBytes).problem == QuantityProblem::too_precise);
  BOOST_TEST(bad("1.0000001kB", kBytes).problem == QuantityProblem::too_precise);
  BOOST_TEST(bad("-4", kCount).problem == QuantityProblem::negative);
  BOOST_TEST(bad("", kCount).problem == QuantityProblem::malformed);
  BOOST_TEST(bad("abc", kCount).problem == QuantityProblem::malformed);
  BOOST_TEST(bad("1e3", kCount, {.require_bytes_unit = false, .allow_exponent = false}).problem ==
             QuantityProblem::unknown_unit);
}

BOOST_AUTO_TEST_CASE(printing) {
  BOOST_TEST(format_quantity(512'000'000'000, kBytes) == "512GB");
  BOOST_TEST(format_quantity(Amount{1} << 40, kBytes) == "1TiB");
  BOOST_TEST(format_quantity(1536, kBytes) == "1536B");
  BOOST_TEST(format_quantity(3 << 9, kBytes) == "1536B");
  BOOST_TEST(format_quantity(2048, kBytes) == "2KiB");
  BOOST_TEST(format_quantity(0, kBytes) == "0");
  BOOST_TEST(format_quantity(16000, kCount) == "16");
  BOOST_TEST(format_quantity(500, kCount) == "0.5");
  BOOST_TEST(format_quantity(1250, kCount) == "1.25");
  BOOST_TEST(format_plain(10'000'000'000'000'000, kBytes) == "10000000000000000");
  BOOST_TEST(format_plain(1, kCount) == "0.001");
}

BOOST_AUTO_TEST_CASE(arithmetic) {
  BOOST_TEST(!checked_add(kMaxAmount, 1).has_value());
  BOOST_TEST(checked_add(1, 2).value() == 3);
  BOOST_TEST(!checked_mul(kMaxAmount / 2 + 1, 2).has_value());
  BOOST_TEST(percent_threshold(16000, 75000) == 12000);
  BOOST_TEST(percent_threshold(128000, 90000) == 115200);
  BOOST_TEST(percent_threshold(10, 33333) == 4);  // ceil(3.3333)
  BOOST_TEST(percent_threshold(kMaxAmount, 100000) == kMaxAmount);
}

BOOST_AUTO_TEST_SUITE_END()
