#include "cli/report.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/json.hpp"
#include "cli/tree.hpp"

namespace allot::cli {
namespace {

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

/// The message with its location-less notes, for formats that have one text field.
std::string full_message(const Diagnostic& d) {
  std::string s = d.message;
  for (const auto& n : d.notes) s += "\n" + n.message;
  return s;
}

}  // namespace

std::string xml_escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': case '\t': out += static_cast<char>(c); break;
      default:
        // XML 1.0 cannot carry most control characters, even escaped.
        if (c < 0x20 || c == 0x7F) out += '?';
        else out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

/// Standard input has no URI; "stdin" keeps the result valid and readable.
std::string sarif_uri(const std::string& file) { return file == "<stdin>" ? "stdin" : file; }

}  // namespace

void render_text(const Report& r, const SourceCache& sources, bool color, const std::function<void(std::string_view)>& out) {
  format_diagnostics(r.diags, sources, color, r.threads, out);
  const auto& s = r.summary;
  out(fmt::format("validated {}, {}: {}{}, {}, {}\n", plural(s.files, "file"), plural(s.documents, "document"),
                     plural(s.jobs, "job"), s.skipped ? fmt::format(" ({} skipped)", s.skipped) : "",
                     plural(s.errors, "error"), plural(s.warnings, "warning")));
}

namespace {

Tree optional_string(const std::string& s) { return s.empty() ? Tree::null() : Tree::str(s); }
Tree optional_number(const std::string& s) { return s.empty() ? Tree::null() : Tree::num(s); }

void location_fields(Tree& t, const Location& l) {
  t.set("file", l.file.empty() ? Tree::null() : Tree::str(l.file.str()));
  t.set("line", l.known() ? Tree::num(l.line) : Tree::null());
  t.set("column", l.known() ? Tree::num(l.column) : Tree::null());
}

}  // namespace

Tree diagnostic_tree(const Diagnostic& d) {
  const Details empty;
  const Details& x = d.details ? *d.details : empty;
  Tree t = Tree::object();
  t.set("severity", Tree::str(std::string(to_string(d.severity))));
  t.set("code", Tree::str(std::string(to_string(d.code))));
  t.set("rule", optional_string(x.rule));
  t.set("tier", optional_string(x.tier));
  t.set("message", Tree::str(d.message));
  location_fields(t, d.location);
  t.set("job", optional_string(x.job));
  if (!x.group.empty()) t.set("group", Tree::str(x.group));
  t.set("user", optional_string(x.user));
  t.set("team", optional_string(x.team));
  t.set("resource", optional_string(x.resource));
  t.set("requested", optional_number(x.requested));
  t.set("limit", optional_number(x.limit));
  Tree& where = t.set("policy_location", Tree::null());
  if (x.policy_location) {
    where = Tree::object();
    location_fields(where, *x.policy_location);
  }
  Tree& contributors = t.set("contributors", Tree::array());
  for (const auto& c : x.contributors) {
    Tree& ct = contributors.push(Tree::object());
    ct.set("job", Tree::str(c.job));
    location_fields(ct, c.location);
    ct.set("amount", Tree::num(c.amount));
  }
  Tree& notes = t.set("notes", Tree::array());
  for (const auto& n : d.notes) notes.push(Tree::str(n.message));
  return t;
}

Tree diagnostics_tree(const Diagnostics& diags) {
  Tree list = Tree::array();
  for (const auto& d : diags.list()) list.push(diagnostic_tree(d));
  return list;
}

std::string render_json(const Report& r) {
  JsonWriter w;
  const auto& s = r.summary;
  w.begin_object().key("summary").begin_object();
  w.key("files").number(static_cast<long long>(s.files)).key("documents").number(static_cast<long long>(s.documents));
  w.key("jobs").number(static_cast<long long>(s.jobs)).key("skipped").number(static_cast<long long>(s.skipped));
  w.key("errors").number(static_cast<long long>(s.errors)).key("warnings").number(static_cast<long long>(s.warnings));
  w.end_object();
  w.key("diagnostics").begin_array();
  for (const auto& d : r.diags.list()) write_json(w, diagnostic_tree(d));  // one at a time: no tree of them all
  w.end_array().end_object();
  return w.finish();
}

namespace {

/// The rules of every code used, sorted, so that ruleIndex is stable; returns the index.
std::map<std::string_view, long long> sarif_rules(JsonWriter& w, const Diagnostics& diags) {
  std::set<std::string_view> ids;
  for (const auto& d : diags.list()) ids.insert(to_string(d.code));
  std::map<std::string_view, long long> index;
  w.key("rules").begin_array();
  for (const auto id : ids) {
    const auto& rule = info(*code_from_string(id));
    index[id] = static_cast<long long>(index.size());
    w.begin_object().key("id").string(id).key("name").string(rule.name);
    w.key("shortDescription").begin_object().key("text").string(rule.summary).end_object();
    w.key("fullDescription").begin_object().key("text").string(rule.summary).end_object();
    const std::string_view help = explanation(rule.code);
    w.key("help").begin_object().key("text").string(help.empty() ? rule.summary : help);
    if (!help.empty()) w.key("markdown").string(help);
    w.end_object();
    w.key("defaultConfiguration").begin_object().key("level").string(to_string(rule.severity)).end_object();
    w.end_object();
  }
  w.end_array();
  return index;
}

/// A SARIF physicalLocation, with a region even for a finding about a whole file.
void sarif_location(JsonWriter& w, const Location& l) {
  w.key("physicalLocation").begin_object();
  w.key("artifactLocation").begin_object().key("uri").string(sarif_uri(l.file));
  if (!l.file.empty() && l.file.str().front() != '/') w.key("uriBaseId").string("%SRCROOT%");
  w.end_object();
  // GitHub wants a region on every result: a finding about a whole file points at its start.
  w.key("region").begin_object().key("startLine").number(l.known() ? l.line : 1);
  w.key("startColumn").number(l.known() ? l.column : 1).end_object();
  w.end_object();
}

/// The structured facts of a limit finding, as SARIF's property bag.
void sarif_properties(JsonWriter& w, const Details& x) {
  w.key("properties").begin_object();
  w.key("rule").string(x.rule).key("tier").string(x.tier).key("resource").string(x.resource);
  w.key("requested").number(x.requested).key("limit").number(x.limit);
  if (!x.job.empty()) w.key("job").string(x.job);
  if (!x.group.empty()) w.key("group").string(x.group);
  if (!x.user.empty()) w.key("user").string(x.user);
  if (!x.team.empty()) w.key("team").string(x.team);
  w.end_object();
}

void sarif_result(JsonWriter& w, const Diagnostic& d, const std::map<std::string_view, long long>& index) {
  w.begin_object();
  w.key("ruleId").string(to_string(d.code)).key("ruleIndex").number(index.at(to_string(d.code)));
  w.key("level").string(to_string(d.severity));
  w.key("message").begin_object().key("text").string(full_message(d)).end_object();
  w.key("locations").begin_array();
  if (!d.location.file.empty()) {  // a finding about the run as a whole has no location
    w.begin_object();
    sarif_location(w, d.location);
    w.end_object();
  }
  w.end_array();
  if (d.details && !d.details->contributors.empty()) {
    w.key("relatedLocations").begin_array();
    long long id = 0;
    for (const auto& c : d.details->contributors) {
      w.begin_object().key("id").number(id++);
      sarif_location(w, c.location);
      w.key("message").begin_object().key("text").string(fmt::format("{}: {}", c.job, c.display)).end_object();
      w.end_object();
    }
    w.end_array();
  }
  if (d.details && !d.details->requested.empty() && !d.details->limit.empty()) sarif_properties(w, *d.details);
  w.end_object();
}

}  // namespace

std::string render_sarif(const Report& r) {
  JsonWriter w;
  w.begin_object();
  w.key("$schema").string("https://json.schemastore.org/sarif-2.1.0.json");
  w.key("version").string("2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.key("name").string("allot").key("version").string(ALLOT_VERSION);
  w.key("informationUri").string("https://github.com/swarm/allot");
  const auto index = sarif_rules(w, r.diags);
  w.end_object().end_object();
  w.key("results").begin_array();
  for (const auto& d : r.diags.list()) sarif_result(w, d, index);
  w.end_array();
  w.end_object().end_array().end_object();
  return w.finish();
}

namespace {

/// The inside of one JUnit test case. JUnit allows one <failure> (or <error>) per test case:
/// the first error names it, the text lists every finding; warnings go to <system-out>.
std::string junit_case_body(const std::vector<const Diagnostic*>& list, std::string_view tag) {
  std::string errors_text, warnings_text;
  const Diagnostic* first = nullptr;
  for (const auto* d : list) {
    const std::string text = fmt::format("{}: {}[{}]: {}\n", d->location.str(), to_string(d->severity), to_string(d->code),
                                         full_message(*d));
    if (d->severity != Severity::error) {
      warnings_text += text;
      continue;
    }
    if (first == nullptr) first = d;
    errors_text += text;
  }
  std::string out;
  if (first != nullptr)
    out += fmt::format("      <{} message=\"{}\" type=\"{}\">{}</{}>\n", tag, xml_escape(first->message), to_string(first->code),
                       xml_escape(errors_text), tag);
  if (!warnings_text.empty()) out += fmt::format("      <system-out>{}</system-out>\n", xml_escape(warnings_text));
  return out;
}

}  // namespace

std::string render_junit(const Report& r) {
  // One test case per job; findings without a job become a test case for their file.
  std::vector<std::vector<const Diagnostic*>> per_job(r.jobs.size());
  std::vector<std::pair<std::string, std::vector<const Diagnostic*>>> per_file;
  for (const auto& d : r.diags.list()) {
    if (d.details && d.details->job_index && *d.details->job_index < r.jobs.size()) {
      per_job[*d.details->job_index].push_back(&d);
      continue;
    }
    auto it = std::find_if(per_file.begin(), per_file.end(), [&](const auto& e) { return e.first == d.location.file; });
    if (it == per_file.end()) it = per_file.emplace(per_file.end(), d.location.file, std::vector<const Diagnostic*>{});
    it->second.push_back(&d);
  }
  std::size_t failures = 0, errors = 0;
  for (const auto& list : per_job)
    failures += std::any_of(list.begin(), list.end(), [](auto* d) { return d->severity == Severity::error; });
  for (const auto& [file, list] : per_file)
    errors += std::any_of(list.begin(), list.end(), [](auto* d) { return d->severity == Severity::error; });
  const std::size_t tests = r.jobs.size() + per_file.size();


  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"allot validate\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", tests,
                     failures, errors);
  out += fmt::format("  <testsuite name=\"allot validate\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n",
                     tests, failures, errors);
  for (std::size_t j = 0; j < r.jobs.size(); ++j) {
    const Job& job = r.jobs[j];
    const std::string name = fmt::format("{} ({}:{})", job.name, job.file, job.at.line);
    const std::string inner = junit_case_body(per_job[j], "failure");
    if (inner.empty()) out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"/>\n", xml_escape(job.file.str()), xml_escape(name));
    else out += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n{}    </testcase>\n", xml_escape(job.file.str()), xml_escape(name), inner);
  }
  for (const auto& [file, list] : per_file)
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n{}    </testcase>\n", xml_escape(file),
                       xml_escape(file.empty() ? "allot" : file), junit_case_body(list, "error"));
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

namespace {
std::string gh_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}
std::string gh_property(std::string_view s) {
  std::string out;
  for (char c : gh_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}
}  // namespace

std::string render_github(const Report& r) {
  std::string out;
  for (const auto& d : r.diags.list()) {
    std::string props;
    if (!d.location.file.empty()) props = "file=" + gh_property(d.location.file.str()) + ",";
    if (d.location.known()) props += fmt::format("line={},col={},", d.location.line, d.location.column);
    props += "title=" + gh_property(fmt::format("allot {}", to_string(d.code)));
    out += fmt::format("::{} {}::{}\n", d.severity == Severity::note ? "notice" : to_string(d.severity), props,
                       gh_data(full_message(d)));
  }
  const auto& s = r.summary;
  out += fmt::format("allot: {} in {}: {}, {}\n", plural(s.jobs, "job"), plural(s.files, "file"),
                     plural(s.errors, "error"), plural(s.warnings, "warning"));
  return out;
}

void render(const std::string& format, const Report& r, const SourceCache& sources, bool color,
            const std::function<void(std::string_view)>& out) {
  if (format == "json") return out(render_json(r));
  if (format == "sarif") return out(render_sarif(r));
  if (format == "junit") return out(render_junit(r));
  if (format == "github") return out(render_github(r));
  render_text(r, sources, color, out);
}

std::string render(const std::string& format, const Report& r, const SourceCache& sources, bool color) {
  std::string text;
  render(format, r, sources, color, [&](std::string_view piece) { text += piece; });
  return text;
}

}  // namespace allot::cli
