#pragma once
// The limit checks of `allot validate`: each job alone, and the totals of every user and
// team across all inputs, against the tiers the policy assigns.

#include <vector>

#include "policy/diagnostic.hpp"
#include "policy/job.hpp"
#include "policy/policy.hpp"

namespace allot {

/// Checks `jobs` (in input order) against `policy`, adding one diagnostic per limit that is
/// exceeded (error) or reached past its warn threshold (warning). Diagnostics come in a
/// deterministic order: per job in input order, then user totals, then team totals. The
/// totals of thousands of users are checked on `threads` threads (0: one per core) in
/// slices joined in order, so the diagnostics are the same whatever the count.
void check_limits(const Policy& policy, const std::vector<Job>& jobs, Diagnostics& diags, unsigned threads = 1);

}  // namespace allot
