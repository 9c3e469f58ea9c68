// libFuzzer entry point of the 'policy' target; the body is fuzz_policy in targets.cpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return allot::fuzz::fuzz_policy(data, size);
}
