// libFuzzer entry point of the 'inventory' target; the body is fuzz_inventory in targets.cpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return allot::fuzz::fuzz_inventory(data, size);
}
