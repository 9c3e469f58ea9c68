// Baseline: libyaml's event parser over every file, pulling events and nothing else.
#include <cstdio>

#include <yaml.h>

#include "files.hpp"

int main(int argc, char** argv) {
  std::size_t documents = 0;
  for (const auto& f : yaml_files(argc, argv)) {
    std::FILE* in = std::fopen(f.c_str(), "rb");
    if (in == nullptr) continue;
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, in);
    for (bool done = false; !done;) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        std::fprintf(stderr, "%s: parse error\n", f.c_str());
        break;
      }
      if (event.type == YAML_DOCUMENT_START_EVENT) ++documents;
      done = event.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    std::fclose(in);
  }
  std::printf("%zu documents\n", documents);
}
