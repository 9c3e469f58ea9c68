// The slurm target: a script of `sacctmgr -i` commands, safe to apply again.
// (Skeleton: the mapping follows in the next commits.)

#include <fmt/format.h>

#include "export/export.hpp"

namespace allot::exporting {

ExportResult export_slurm(const Policy& policy, const ExportOptions&) {
  ExportResult out;
  out.text = fmt::format("#!/bin/sh\n# allot export slurm: policy {} ({})\n", policy.name, policy.file);
  return out;
}

}  // namespace allot::exporting
