// Baseline: yaml-cpp's YAML::LoadAll on every file, building Node trees and nothing else.
#include <cstdio>
#include <fstream>

#include <yaml-cpp/yaml.h>

#include "files.hpp"

int main(int argc, char** argv) {
  std::size_t documents = 0;
  for (const auto& f : yaml_files(argc, argv)) {
    std::ifstream in(f, std::ios::binary);
    try {
      documents += YAML::LoadAll(in).size();
    } catch (const YAML::Exception& e) {
      std::fprintf(stderr, "%s: %s\n", f.c_str(), e.what());
    }
  }
  std::printf("%zu documents\n", documents);
}
