#include "input/test_file.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "input/files.hpp"
#include "input/yaml_reader.hpp"
#include "policy/suggest.hpp"

namespace allot::input {
namespace fs = std::filesystem;
using yaml::NodeType;

const char* to_string(Expect e) {
  switch (e) {
    case Expect::pass: return "pass";
    case Expect::fail: return "fail";
    case Expect::warn: return "warn";
  }
  return "pass";
}

namespace {

const std::vector<std::string_view> kTopKeys = {"apiVersion", "kind", "policy", "inventory", "cases"};
const std::vector<std::string_view> kCaseKeys = {"name", "manifests", "manifest", "expect", "codes", "place"};

/// Turns the kept values of one document into a TestFile, reporting every problem.
class Reader {
 public:
  Reader(const yaml::Document& doc, Diagnostics& diags)
      : doc_(doc), diags_(diags), dir_(fs::path(doc.location.file.str()).parent_path()) {}

  TestFile read() {
    TestFile t;
    t.file = doc_.location.file.str();
    const auto* root = doc_.find("");
    if (root == nullptr || root->type != NodeType::map) {
      diags_.error(Code::BadTestFile, doc_.location, "a test file is a mapping with apiVersion, kind, policy and cases");
      return t;
    }
    for (const auto& v : doc_.values) {
      const auto segs = yaml::split_path(v.path);
      if (segs.empty()) continue;  // the root
      if (segs.size() == 1) top(v, segs[0], t);
      else if (segs[0] != "cases" || !yaml::is_index(segs[1])) continue;  // inside a value reported above
      else if (segs.size() == 2) item(v);
      else if (segs.size() == 3) case_key(v, segs[2], cases_.back());
      else if (segs.size() == 4) list_item(v, segs[2], cases_.back());
    }
    require("apiVersion", doc_.location);
    require("kind", doc_.location);
    require("policy", doc_.location);
    require("cases", doc_.location);
    return t;
  }

 private:
  void bad(const yaml::Value& v, std::string message) {
    diags_.error(Code::BadTestFile, doc_.where(v), std::move(message));
  }

  void require(std::string_view key, const Location& where) {
    if (doc_.find(key) == nullptr) diags_.error(Code::MissingField, where, fmt::format("the test file has no '{}'", key));
  }

  void unknown(const yaml::Value& v, std::string_view key, const std::vector<std::string_view>& known,
               std::string_view where) {
    const auto hint = did_you_mean(key, known);
    bad(v, fmt::format("unknown key '{}' in {}{}", key, where,
                       hint ? fmt::format("; did you mean '{}'?", *hint)
                            : fmt::format("; expected one of {}", fmt::join(known, ", "))));
  }

  bool scalar(const yaml::Value& v, std::string_view what) {
    if (v.type == NodeType::scalar) return true;
    bad(v, fmt::format("'{}' must be a string, found {}", what, yaml::to_string(v.type)));
    return false;
  }

  /// A path relative to the test file's folder, which must exist.
  std::optional<std::string> file(const yaml::Value& v, std::string_view what) {
    if (!scalar(v, what)) return std::nullopt;
    const std::string resolved = (dir_ / v.value).lexically_normal().string();
    std::error_code ec;
    if (!fs::is_regular_file(resolved, ec)) {
      diags_.error(Code::UnreadableInput, doc_.where(v, static_cast<std::uint32_t>(v.value.size())),
                   fmt::format("{} '{}' does not exist (looked for '{}')", what, v.value, resolved));
      return std::nullopt;
    }
    return resolved;
  }

  void top(const yaml::Value& v, std::string_view key, TestFile& t) {
    if (key == "apiVersion") {
      if (scalar(v, key) && v.value != "allot/v1") bad(v, fmt::format("apiVersion must be 'allot/v1', found '{}'", v.value));
    } else if (key == "kind") {
      if (scalar(v, key) && v.value != "Test") bad(v, fmt::format("kind must be 'Test', found '{}'", v.value));
    } else if (key == "policy") {
      if (auto f = file(v, "policy")) t.policy = *f;
    } else if (key == "inventory") {
      t.inventory = file(v, "inventory");
    } else if (key == "cases") {
      if (v.type != NodeType::seq) bad(v, fmt::format("'cases' must be a sequence, found {}", yaml::to_string(v.type)));
    } else {
      unknown(v, key, kTopKeys, "the test file");
    }
  }

  void item(const yaml::Value& v) {
    cases_.emplace_back();
    cases_.back().location = doc_.where(v);
    if (v.type != NodeType::map) bad(v, fmt::format("a case must be a mapping, found {}", yaml::to_string(v.type)));
  }

  void case_key(const yaml::Value& v, std::string_view key, TestCase& c) {
    if (key == "name") {
      if (scalar(v, key)) {
        c.name = v.value;
        c.location = doc_.where(v);
      }
    } else if (key == "manifests") {
      if (v.type != NodeType::seq) bad(v, fmt::format("'manifests' must be a sequence of paths, found {}", yaml::to_string(v.type)));
    } else if (key == "manifest") {
      if (scalar(v, key)) c.inline_manifest = v.value;
    } else if (key == "expect") {
      if (!scalar(v, key)) return;
      if (v.value == "pass") c.expect = Expect::pass;
      else if (v.value == "fail") c.expect = Expect::fail;
      else if (v.value == "warn") c.expect = Expect::warn;
      else {
        const auto hint = did_you_mean(v.value, {"pass", "fail", "warn"});
        bad(v, fmt::format("expect must be pass, fail or warn, found '{}'{}", v.value,
                           hint ? fmt::format("; did you mean '{}'?", *hint) : ""));
      }
    } else if (key == "codes") {
      if (v.type != NodeType::seq) bad(v, fmt::format("'codes' must be a sequence of codes, found {}", yaml::to_string(v.type)));
    } else if (key == "place") {
      if (scalar(v, key) && v.value != "true" && v.value != "false")
        bad(v, fmt::format("'place' must be true or false, found '{}'", v.value));
      c.place = v.value == "true";
    } else {
      unknown(v, key, kCaseKeys, "a case");
    }
  }

  void list_item(const yaml::Value& v, std::string_view key, TestCase& c) {
    if (key == "manifests") {
      if (auto f = file(v, "manifest")) c.manifests.push_back(*f);
    } else if (key == "codes" && scalar(v, "codes")) {
      if (auto code = code_from_string(v.value)) return c.codes.push_back(*code);
      std::vector<std::string_view> ids;
      for (const auto& i : all_codes()) ids.push_back(i.id);
      const auto hint = did_you_mean(v.value, ids);
      bad(v, fmt::format("unknown code '{}'{}", v.value, hint ? fmt::format("; did you mean '{}'?", *hint) : ""));
    }
  }

 public:
  std::vector<TestCase> cases_;

 private:
  const yaml::Document& doc_;
  Diagnostics& diags_;
  fs::path dir_;
};

}  // namespace

std::vector<std::string> find_test_files(const std::vector<std::string>& paths, Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      out.push_back(p);
      continue;
    }
    if (!fs::is_directory(p, ec)) {
      diags.error(Code::UnreadableInput, Location{p, 0, 0, 1}, fmt::format("cannot read '{}': no such file or directory", p));
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->path().filename() == kTestFileName && it->is_regular_file(ec)) found.push_back(it->path().string());
    std::sort(found.begin(), found.end());
    if (found.empty())
      diags.error(Code::UnreadableInput, Location{p, 0, 0, 1}, fmt::format("no {} under '{}'", kTestFileName, p));
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::optional<TestFile> read_test_file(const std::string& path, Diagnostics& diags) {
  Diagnostics local;
  const auto text = read_file(path, local, kMaxManifestBytes);
  std::vector<yaml::Document> docs;
  if (text) {
    (void)yaml::read_documents(
        std::string_view(*text), path, [](const std::vector<std::string>&) { return yaml::Interest::container; }, yaml::Limits{},
        [&](yaml::Document&& d) { docs.push_back(std::move(d)); }, local);
  }
  std::optional<TestFile> out;
  if (!local.has_errors()) {
    if (docs.size() != 1) {
      local.error(Code::BadTestFile, Location{path, 0, 0, 1},
                  fmt::format("a test file holds one YAML document, found {}", docs.size()));
    } else {
      Reader reader(docs.front(), local);
      TestFile t = reader.read();
      t.cases = std::move(reader.cases_);
      for (std::size_t i = 0; i < t.cases.size(); ++i) {
        auto& c = t.cases[i];
        if (c.name.empty()) c.name = fmt::format("case {}", i + 1);
        const std::string item = std::string("cases") + yaml::kPathSep + std::to_string(i) + yaml::kPathSep;
        const auto& doc = docs.front();
        // A 'manifests' of the wrong type or naming missing files was reported already.
        if (doc.find(item + "manifests") == nullptr && doc.find(item + "manifest") == nullptr)
          local.error(Code::MissingField, c.location, fmt::format("case '{}' has neither 'manifests' nor 'manifest'", c.name));
      }
      if (!local.has_errors()) out = std::move(t);
    }
  }
  diags.append(std::move(local));
  return out;
}

}  // namespace allot::input
