#pragma once
// `allot place --report FILE`: a plan as one self-contained HTML page (inline CSS and SVG, no
// script, nothing fetched): each cluster's nodes as a grid coloured by use of the primary
// resource (a tooltip per node), per-resource bars against capacity and limit, stranded
// capacity outlined, and the unplaced jobs with their reasons.

#include <string>
#include <string_view>

#include "cli/output.hpp"
#include "cli/plan_formats.hpp"

namespace allot::cli {

/// `text` with &, <, >, " and ' escaped, fit for HTML text and quoted attributes alike.
[[nodiscard]] std::string html_escape(std::string_view text);

/// The report of `in`, passed to `out` a node or a finding at a time (a fleet's page is never
/// held whole). Same plan, same bytes.
void render_html_report(const PlanView& in, const Sink& out);

}  // namespace allot::cli
