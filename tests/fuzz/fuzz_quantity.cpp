// libFuzzer entry point of the 'quantity' target; the body is fuzz_quantity in targets.cpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return allot::fuzz::fuzz_quantity(data, size);
}
