// Baseline: yaml-cpp's YAML::LoadAll on every file, building Node trees and nothing else.
// With --events first: yaml-cpp's event API (what allot used before libyaml) with a handler that does
// nothing, to compare the two yaml-cpp paths on the same files.
#include <cstdio>
#include <cstring>
#include <fstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "files.hpp"

namespace {

struct NullHandler final : YAML::EventHandler {
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

std::size_t events(std::istream& in) {
  YAML::Parser parser(in);
  NullHandler handler;
  std::size_t n = 0;
  while (parser.HandleNextDocument(handler)) ++n;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const bool use_events = argc > 1 && std::strcmp(argv[1], "--events") == 0;
  if (use_events) {
    argv[1] = argv[0];
    --argc;
    ++argv;
  }
  std::size_t documents = 0;
  for (const auto& f : yaml_files(argc, argv)) {
    std::ifstream in(f, std::ios::binary);
    try {
      documents += use_events ? events(in) : YAML::LoadAll(in).size();
    } catch (const YAML::Exception& e) {
      std::fprintf(stderr, "%s: %s\n", f.c_str(), e.what());
    }
  }
  std::printf("%zu documents\n", documents);
}
