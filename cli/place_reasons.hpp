#pragma once
// Why a job was not placed, for people and for machines: the one place a placement reason or
// hint (place/reasons.hpp) becomes a sentence (text output), or an object of facts (JSON and
// YAML).

#include <string>

#include "cli/tree.hpp"
#include "place/reasons.hpp"
#include "policy/inventory.hpp"
#include "policy/job.hpp"
#include "policy/policy.hpp"

namespace allot::cli {

/// The sentence the text output shows for reason `r` of job `j` (without indentation).
[[nodiscard]] std::string reason_text(const Policy& p, const Inventory& inv, const Job& j, const Reason& r);

/// Likewise for a hint (without "hint: ").
[[nodiscard]] std::string hint_text(const Policy& p, const Inventory& inv, const Job& j, const Hint& h);

/// Reason `r` of job `j` as an object: its kind, its facts, and the sentence as `message`.
[[nodiscard]] Tree reason_tree(const Policy& p, const Inventory& inv, const Job& j, const Reason& r);

/// Likewise for a hint.
[[nodiscard]] Tree hint_tree(const Policy& p, const Inventory& inv, const Job& j, const Hint& h);

}  // namespace allot::cli
