// libFuzzer entry point of the 'manifest' target; the body is fuzz_manifest in targets.cpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return allot::fuzz::fuzz_manifest(data, size);
}
