#include "input/manifest_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "policy/suggest.hpp"

namespace allot {
namespace {

using yaml::Interest;
using yaml::is_index;
using yaml::NodeType;
constexpr char S = yaml::kPathSep;

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

/// Paths under a Kubernetes pod spec (from `base` on): node selector and container resources.
Interest pod_spec_filter(const std::vector<std::string>& p, std::size_t base) {
  const std::size_t n = p.size() - base;
  if (n == 0) return Interest::container;
  const auto& s0 = p[base];
  if (s0 == "nodeSelector" || s0 == "overhead")
    return n == 1 ? Interest::container : n == 2 ? Interest::leaf : Interest::none;
  if (s0 != "containers" && s0 != "initContainers") return Interest::none;
  if (n == 1) return Interest::container;
  if (!is_index(p[base + 1])) return Interest::none;
  if (n == 2) return Interest::container;
  if (one_of(p[base + 2], {"name", "restartPolicy"})) return n == 3 ? Interest::leaf : Interest::none;
  if (p[base + 2] != "resources") return Interest::none;
  if (n == 3) return Interest::container;
  if (!one_of(p[base + 3], {"requests", "limits"})) return Interest::none;
  return n == 4 ? Interest::container : n == 5 ? Interest::leaf : Interest::none;
}

std::string join(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (auto part : parts) {
    if (!s.empty()) s += S;
    s += part;
  }
  return s;
}

/// Diagnostic codes for quantity problems in a manifest.
Code quantity_code(QuantityProblem p) {
  switch (p) {
    case QuantityProblem::unknown_unit: return Code::UnknownUnit;
    case QuantityProblem::wrong_unit: return Code::WrongUnit;
    case QuantityProblem::missing_unit: return Code::MissingUnit;
    case QuantityProblem::overflow: return Code::Overflow;
    case QuantityProblem::too_precise: return Code::TooPrecise;
    case QuantityProblem::malformed:
    case QuantityProblem::negative: return Code::BadQuantity;
  }
  return Code::BadQuantity;
}

constexpr std::array kWorkloadKinds = {"Pod",        "Job",        "CronJob",   "Deployment",
                                       "StatefulSet", "ReplicaSet", "ReplicationController"};

/// Kubernetes kinds that hold configuration, not pods: skipped quietly, and recognised (an
/// input of them alone is not "nothing found"), unless they hold a pod template, as a
/// custom resource of the same name (a Knative Service) may.
constexpr std::array kConfigKinds = {
    "Service",         "ConfigMap",        "Secret",         "ServiceAccount",
    "Namespace",       "Role",             "RoleBinding",    "ClusterRole",
    "ClusterRoleBinding", "Ingress",       "IngressClass",   "NetworkPolicy",
    "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "HorizontalPodAutoscaler",
    "PodDisruptionBudget", "LimitRange",   "ResourceQuota",  "PriorityClass",
    "RuntimeClass",    "Endpoints",        "EndpointSlice",  "CustomResourceDefinition",
    "PodTemplate",     "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    "APIService"};

template <std::size_t N>
bool listed(const std::array<const char*, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

/// Reads one document against the schema of its kind. One instance per document.
class Reader {
 public:
  Reader(const yaml::Document& doc, const Policy& policy, const ManifestOptions& options, Diagnostics& diags)
      : doc_(doc), policy_(policy), options_(options), diags_(diags), errors_before_(diags.errors()) {}

  Interpretation run() {
    const auto* root = doc_.find("");
    if (root == nullptr || root->type == NodeType::null) return {std::nullopt, true};  // empty document
    if (root->type != NodeType::map) {
      if (!options_.strict_kinds) return {std::nullopt, true};
      type_error(*root, "the document", "a mapping with 'kind' and 'apiVersion'");
      return {};
    }
    const auto* kind = doc_.find("kind");
    const auto* api = doc_.find("apiVersion");
    const std::string kind_text = kind && kind->type == NodeType::scalar ? kind->value : "";
    const std::string api_text = api && api->type == NodeType::scalar ? api->value : "";
    const bool allot_api = api_text.rfind("allot/", 0) == 0;
    const bool k8s_kind = listed(kWorkloadKinds, kind_text);

    if (allot_api && kind_text == "Job") {
      if (api_text != "allot/v1")
        diags_.error(Code::UnsupportedKind, doc_.where(*api), fmt::format("unsupported apiVersion '{}'; this allot reads 'allot/v1'", api_text));
      if (merge_keys()) return {};
      return finish(read_allot_job());
    }
    if (!allot_api && k8s_kind && !api_text.empty()) {
      if (merge_keys()) return {};
      return finish(read_kubernetes(kind_text));
    }

    if (!options_.strict_kinds) return skip(kind, kind_text);
    if (kind == nullptr) diags_.error(Code::UnsupportedKind, doc_.location, "document has no 'kind'");
    else diags_.error(Code::UnsupportedKind, doc_.where(*kind),
                      fmt::format("kind '{}' (apiVersion '{}') is not a workload allot can check", kind_text, api_text));
    return {};
  }

 private:
  /// A document allot does not read. One that holds a pod template is warned about, so a
  /// workload never passes in silence; configuration kinds are recognised, quietly.
  Interpretation skip(const yaml::Value* kind, const std::string& kind_text) {
    if (kind != nullptr && holds_pod_template()) {
      const auto name = get({"metadata", "name"});
      const bool named = name != nullptr && name->type == NodeType::scalar;
      diags_.warning(Code::UnreadPodTemplate, doc_.where(*kind),
                     fmt::format("{}{} holds a pod template allot does not read; its resources are not checked",
                                 kind_text, named ? fmt::format(" '{}'", name->value) : ""));
      return {std::nullopt, true, true};
    }
    return {std::nullopt, true, kind != nullptr && listed(kConfigKinds, kind_text)};
  }

  /// Whether a `containers` sequence stands anywhere under `spec` (what the filter's probe keeps).
  bool holds_pod_template() const {
    const std::string spec = std::string("spec") + S;
    return std::any_of(doc_.values.begin(), doc_.values.end(), [&](const yaml::Value& v) {
      return v.type == NodeType::seq && v.path.compare(0, spec.size(), spec) == 0 &&
             v.path.size() >= 10 && v.path.compare(v.path.size() - 10, 10, "containers") == 0 &&
             (v.path.size() == 10 || v.path[v.path.size() - 11] == S);
    });
  }

  /// Merge keys and aliases of collections where allot reads would change what it reads:
  /// report them, never ignore them.
  bool merge_keys() {
    bool any = false;
    for (const auto& v : doc_.values)
      if (v.type == NodeType::merge || v.type == NodeType::alias) {
        type_error(v, yaml::display_path(v.path), "");
        any = true;
      }
    return any;
  }

  Interpretation finish(Job job) {
    if (diags_.errors() != errors_before_) return {};
    return {std::move(job), false};
  }

  const yaml::Value* get(std::initializer_list<std::string_view> parts) const { return doc_.find(join(parts)); }

  void type_error(const yaml::Value& v, std::string_view what, std::string_view expected) {
    std::string found(to_string(v.type));
    if (v.type == NodeType::alias || v.type == NodeType::merge)
      diags_.error(Code::WrongType, doc_.where(v),
                   fmt::format("{} is {}; allot does not follow YAML aliases of mappings or sequences, or merge keys, "
                               "here: write the value out", what, found));
    else
      diags_.error(Code::WrongType, doc_.where(v), fmt::format("{} must be {}, found {}", what, expected, found));
  }

  /// A scalar string at `path`, or nothing (with an error if it is there but not a scalar).
  std::optional<std::string> text(const yaml::Value* v, std::string_view what) {
    if (v == nullptr) return std::nullopt;
    if (v->type == NodeType::null) return std::nullopt;
    if (v->type != NodeType::scalar) {
      type_error(*v, what, "a string");
      return std::nullopt;
    }
    return v->value;
  }

  /// Requires a mapping at `v` (when present). Returns whether it is one.
  bool mapping(const yaml::Value* v, std::string_view what) {
    if (v == nullptr || v->type == NodeType::null) return false;
    if (v->type == NodeType::map) return true;
    type_error(*v, what, "a mapping");
    return false;
  }

  static bool absent(const yaml::Value* v) { return v == nullptr || v->type == NodeType::null; }

  void missing(std::string_view what, const Location& where) {
    diags_.error(Code::MissingField, where, fmt::format("missing required field '{}'", what));
  }

  /// Whole numbers (replicas, priority): digits only, no units, no overflow.
  std::optional<long long> integer(const yaml::Value& v, std::string_view what, long long min) {
    if (v.type != NodeType::scalar) {
      type_error(v, what, "a whole number");
      return std::nullopt;
    }
    long long n = 0;
    const auto* b = v.value.data();
    const auto* e = b + v.value.size();
    auto [ptr, ec] = std::from_chars(b, e, n);
    if (ec == std::errc::result_out_of_range) {
      diags_.error(Code::Overflow, doc_.where_in(v, 0, static_cast<std::uint32_t>(v.value.size())),
                   fmt::format("{} '{}' is too large", what, v.value));
      return std::nullopt;
    }
    if (ec != std::errc() || ptr != e) {
      diags_.error(Code::BadValue, doc_.where_in(v, 0, static_cast<std::uint32_t>(v.value.size())),
                   fmt::format("{} must be a whole number, found '{}'", what, v.value));
      return std::nullopt;
    }
    if (n < min) {
      diags_.error(Code::BadValue, doc_.where_in(v, 0, static_cast<std::uint32_t>(v.value.size())),
                   fmt::format("{} must be at least {}, found {}", what, min, n));
      return std::nullopt;
    }
    return n;
  }

  std::optional<Amount> quantity(const yaml::Value& v, const Resource& r, bool kubernetes) {
    if (v.type != NodeType::scalar) {
      type_error(v, fmt::format("request '{}'", yaml::display_path(v.path.substr(v.path.rfind(S) + 1))),
                 "a quantity");
      return std::nullopt;
    }
    auto q = parse_quantity(v.value, r.kind, {.require_bytes_unit = !kubernetes, .allow_exponent = true});
    if (auto* a = std::get_if<Amount>(&q)) return *a;
    const auto& e = std::get<QuantityError>(q);
    diags_.error(quantity_code(e.problem), doc_.where_in(v, e.offset, e.length),
                 fmt::format("{} request: {}", r.name, e.message));
    return std::nullopt;
  }

  Job blank_job() const {
    Job job;
    job.file = doc_.location.file;
    job.document = doc_.index;
    job.at = {doc_.location.line, doc_.location.column};
    job.request.assign(policy_.resources.size(), 0);
    job.request_at.assign(policy_.resources.size(), job.at);
    return job;
  }

  void placement(Job& job, std::initializer_list<std::string_view> base) {
    std::vector<std::string_view> parts(base);
    auto path = [&](std::initializer_list<std::string_view> more) {
      std::string s;
      for (auto x : parts) s += std::string(x) + S;
      for (auto x : more) s += std::string(x) + S;
      s.pop_back();
      return s;
    };
    if (!mapping(doc_.find(path({})), "spec.placement")) return;
    if (auto s = text(doc_.find(path({"strategy"})), "spec.placement.strategy")) {
      job.strategy = strategy_from_string(*s);
      if (!job.strategy) {
        const auto* v = doc_.find(path({"strategy"}));
        auto hint = did_you_mean(*s, {"pack", "spread", "strict-pack", "strict-spread"});
        diags_.error(Code::BadValue, doc_.where_in(*v, 0, static_cast<std::uint32_t>(s->size())),
                     fmt::format("unknown placement strategy '{}'{}", *s,
                                 hint ? fmt::format("; did you mean '{}'?", *hint)
                                      : "; expected pack, spread, strict-pack or strict-spread"));
      }
    }
    if (auto c = text(doc_.find(path({"cluster"})), "spec.placement.cluster")) job.cluster = *c;
    node_selector(job, path({"nodeSelector"}));
  }

  void node_selector(Job& job, const std::string& prefix) {
    if (!mapping(doc_.find(prefix), yaml::display_path(prefix))) return;
    for (const auto& v : doc_.values) {
      if (v.path.size() <= prefix.size() || v.path.compare(0, prefix.size(), prefix) != 0 ||
          v.path[prefix.size()] != S)
        continue;
      const std::string key = v.path.substr(prefix.size() + 1);
      if (auto t = text(&v, fmt::format("node selector '{}'", key))) job.node_selector.emplace_back(key, *t);
    }
  }

  Job read_allot_job() {
    Job job = blank_job();
    job.kind = "Job";
    if (!mapping(get({"metadata"}), "metadata")) missing("metadata", doc_.location);
    // A required field written with no value (`user:` or `user: ~`) is as missing as one
    // not written at all (a job without a user would escape its per-user limits), and is
    // reported in the same place: yaml-cpp puts an empty value where the next token is.
    const auto* name = get({"metadata", "name"});
    if (auto n = text(name, "metadata.name")) {
      job.name = *n;
      job.at = name->position;
    } else if (absent(name) && get({"metadata"})) {
      missing("metadata.name", doc_.where(*get({"metadata"})));
    }
    const auto* user = get({"metadata", "user"});
    if (auto u = text(user, "metadata.user")) job.user = *u;
    if (job.user.empty() && (absent(user) || user->type == NodeType::scalar) && get({"metadata"}))
      missing("metadata.user", doc_.where(*get({"metadata"})));  // `user: ""` names no one either
    if (auto t = text(get({"metadata", "team"}), "metadata.team")) job.team = *t;

    const auto* spec = get({"spec"});
    if (!mapping(spec, "spec")) {
      if (absent(spec)) missing("spec", doc_.location);
      return job;
    }
    if (const auto* r = get({"spec", "replicas"}); r && r->type != NodeType::null) {
      if (auto n = integer(*r, "spec.replicas", 1)) job.replicas = *n;
      job.replicas_at = r->position;
    } else {
      job.replicas_at = job.at;
    }
    if (const auto* p = get({"spec", "priority"}); p && p->type != NodeType::null)
      if (auto n = integer(*p, "spec.priority", LLONG_MIN)) job.priority = *n;
    const auto* resources = get({"spec", "resources"});
    if (!mapping(resources, "spec.resources")) {
      if (absent(resources)) missing("spec.resources", doc_.where(*spec));
    } else {
      allot_resources(job);
    }
    placement(job, {"spec", "placement"});
    return job;
  }

  void allot_resources(Job& job) {
    const std::string prefix = join({"spec", "resources"});
    std::set<std::size_t> seen;
    std::vector<std::string_view> names;
    for (const auto& r : policy_.resources) names.push_back(r.name);
    for (const auto& v : doc_.values) {
      if (v.path.size() <= prefix.size() || v.path.compare(0, prefix.size(), prefix) != 0) continue;
      const std::string key = v.path.substr(prefix.size() + 1);
      const auto r = policy_.find_resource(key);
      if (r && !seen.insert(*r).second) {
        diags_.error(Code::WrongType, doc_.where(v), fmt::format("'{}' is given twice in spec.resources", key));
        continue;
      }
      if (!r) {
        auto hint = did_you_mean(key, names);
        diags_.error(Code::UndeclaredResource, doc_.where(v),
                     fmt::format("unknown resource '{}' in spec.resources{}", key,
                                 hint ? fmt::format("; did you mean '{}'?", *hint)
                                      : fmt::format("; the policy declares {}", fmt::join(names, ", "))));
        continue;
      }
      if (v.type == NodeType::null) continue;
      if (auto a = quantity(v, policy_.resources[*r], false)) add_request(job, *r, *a, v.position);
    }
  }

  /// The policy resource a Kubernetes resource name counts against, if any.
  std::optional<std::size_t> kubernetes_resource(std::string_view name) const {
    std::string_view ours;
    if (name == "nvidia.com/gpu" || name == "amd.com/gpu") ours = "gpu";
    else if (name == "cpu") ours = "vcpu";
    else if (name == "memory") ours = "memory";
    else if (name == "ephemeral-storage") ours = "storage";
    else return policy_.find_resource(name);  // a policy may name any extended resource directly
    return policy_.find_resource(ours);
  }

  Job read_kubernetes(const std::string& kind) {
    Job job = blank_job();
    job.kind = kind;
    job.kubernetes = true;
    if (auto n = text(get({"metadata", "name"}), "metadata.name")) {
      job.name = *n;
      job.at = get({"metadata", "name"})->position;
    } else {
      diags_.error(Code::MissingField, doc_.location, fmt::format("{} has no metadata.name", kind));
    }
    std::string ns;
    if (auto n = text(get({"metadata", "namespace"}), "metadata.namespace")) ns = *n;
    labels(job, ns);

    if (!mapping(get({"spec"}), "spec")) {
      missing("spec", doc_.location);
      return job;
    }
    pod_count(job, kind);
    const std::string pod = kind == "Pod"       ? std::string("spec")
                            : kind == "CronJob" ? join({"spec", "jobTemplate", "spec", "template", "spec"})
                                                : join({"spec", "template", "spec"});
    if (kind != "Pod" && !mapping(doc_.find(pod), yaml::display_path(pod))) {
      missing(yaml::display_path(pod), doc_.where(*get({"spec"})));
      return job;
    }
    containers(job, pod);
    node_selector(job, pod + S + "nodeSelector");
    return job;
  }

  /// A count field (replicas, parallelism, completions) when written, with its position.
  std::optional<std::pair<long long, Position>> count(const std::string& path) {
    const auto* v = doc_.find(path);
    if (v == nullptr || v->type == NodeType::null) return std::nullopt;
    if (auto n = integer(*v, yaml::display_path(path), 0)) return std::pair{*n, v->position};
    return std::nullopt;
  }

  /// Pods at once: replicas, or for a Job (and a CronJob's one run) min(parallelism,
  /// completions), since Kubernetes never starts more pods than completions remain.
  void pod_count(Job& job, const std::string& kind) {
    if (kind == "Pod") {
      job.replicas_at = job.at;
      return;
    }
    const bool job_like = kind == "Job" || kind == "CronJob";
    const std::string base = kind == "CronJob" ? join({"spec", "jobTemplate", "spec"}) : "spec";
    auto n = count(base + S + (job_like ? "parallelism" : "replicas"));
    if (job_like)
      if (auto c = count(base + S + "completions"); c && c->first < (n ? n->first : 1)) n = c;
    job.replicas_at = n ? n->second : job.at;
    if (n) job.replicas = n->first;
  }

  void labels(Job& job, const std::string& ns) {
    const bool cron = job.kind == "CronJob";
    const std::vector<std::string> bases =
        cron ? std::vector<std::string>{"metadata", join({"spec", "jobTemplate", "metadata"}),
                                        join({"spec", "jobTemplate", "spec", "template", "metadata"})}
             : std::vector<std::string>{"metadata", join({"spec", "template", "metadata"})};
    for (const auto& base : bases) {
      const std::string prefix = base + S + "labels" + S;
      if (job.user.empty())
        if (auto u = text(doc_.find(prefix + options_.user_label), "the user label")) job.user = *u;
      if (job.team.empty())
        if (auto t = text(doc_.find(prefix + options_.team_label), "the team label")) job.team = *t;
    }
    if (job.team.empty()) job.team = ns;
    if (job.user.empty())
      diags_.warning(Code::NoUserLabel, job.where(job.at),
                     fmt::format("{} '{}' has no '{}' label: per-user limits are not checked for it", job.kind,
                                 job.name, options_.user_label));
  }

  /// One container's amount of each policy resource (its request, else its limit) and
  /// where that amount is written.
  struct Box {
    std::vector<Amount> amount;
    std::vector<Position> at;
    std::vector<bool> from_request;
    bool sidecar = false;  ///< an init container with `restartPolicy: Always`
  };
  using Boxes = std::map<std::size_t, Box>;  // by container index, so sums come in order

  /// Adds `a` (written at `at`) to the replica's request; the first amount that asks gives
  /// the position.
  void add_request(Job& job, std::size_t r, Amount a, Position at) {
    auto sum = checked_add(job.request[r], a);
    if (!sum) {
      diags_.error(Code::Overflow, job.where(at),
                   fmt::format("total {} request of the replica overflows", policy_.resources[r].name));
      return;
    }
    if (job.request[r] == 0) job.request_at[r] = at;
    job.request[r] = *sum;
  }

  /// Per replica, as Kubernetes computes a pod's request: the containers and the sidecar
  /// init containers run together; each regular init container runs beside the sidecars
  /// started before it; the pod needs the larger of the two, plus `spec.overhead`. One
  /// pass over the document's values per list, so thousands of containers stay linear.
  void containers(Job& job, const std::string& pod) {
    const Boxes main = boxes(pod + S + "containers", true, pod);
    const Boxes init = boxes(pod + S + "initContainers", false, pod);
    for (const auto* group : {&main, &init})
      for (const auto& [index, box] : *group)
        if (group == &main || box.sidecar)
          for (std::size_t r = 0; r < box.amount.size(); ++r)
            if (box.amount[r] != 0) add_request(job, r, box.amount[r], box.at[r]);
    for (std::size_t r = 0; r < policy_.resources.size(); ++r) init_peak(job, init, r);
    overhead(job, pod + S + "overhead");
  }

  /// Regular init containers run one at a time, each beside the sidecars declared before
  /// it: the largest such stage replaces the running sum of resource `r` when larger. It
  /// points at the init container's own request, or at the sidecars' when it asks for none.
  void init_peak(Job& job, const Boxes& init, std::size_t r) {
    Amount sidecars = 0, peak = 0;
    Position sidecars_at, peak_at;
    for (const auto& [index, box] : init) {
      const Amount own = box.amount[r];
      if (box.sidecar) {  // its own stage is never above the running sum, which holds it
        if (own != 0 && sidecars == 0) sidecars_at = box.at[r];
        sidecars = checked_add(sidecars, own).value_or(kMaxAmount);  // an overflow: reported in the sum
        continue;
      }
      const auto stage = checked_add(own, sidecars);
      if (!stage) {
        diags_.error(Code::Overflow, job.where(box.at[r]),
                     fmt::format("total {} request of the replica overflows", policy_.resources[r].name));
        return;
      }
      if (*stage > peak) peak = *stage, peak_at = own != 0 ? box.at[r] : sidecars_at;
    }
    if (peak > job.request[r]) job.request[r] = peak, job.request_at[r] = peak_at;
  }

  /// The containers of the list at `prefix`, by index (empty when the list is absent).
  Boxes boxes(const std::string& prefix, bool required, const std::string& pod) {
    const std::size_t n = policy_.resources.size();
    Boxes out;
    const auto* list = doc_.find(prefix);
    if (list == nullptr || list->type == NodeType::null) {
      if (required) missing(yaml::display_path(prefix), doc_.where(*doc_.find(pod)));
      return out;
    }
    if (list->type != NodeType::seq) {
      type_error(*list, yaml::display_path(prefix), "a sequence");
      return out;
    }
    for (const auto& v : doc_.values) {
      if (v.path.size() <= prefix.size() || v.path.compare(0, prefix.size(), prefix) != 0 || v.path[prefix.size()] != S)
        continue;
      const auto seg = yaml::split_path(std::string_view(v.path).substr(prefix.size() + 1));
      std::size_t index = 0;
      std::from_chars(seg[0].data(), seg[0].data() + seg[0].size(), index);
      if (seg.size() == 1 || (seg.size() == 2 && seg[1] == "resources") || (seg.size() == 3 && seg[1] == "resources")) {
        if (v.type != NodeType::map && v.type != NodeType::null) type_error(v, yaml::display_path(v.path), "a mapping");
        continue;
      }
      auto& box = out[index];
      if (box.amount.empty()) box = {std::vector<Amount>(n, 0), std::vector<Position>(n), std::vector<bool>(n, false), false};
      if (seg.size() == 2 && seg[1] == "restartPolicy") {
        box.sidecar = v.type == NodeType::scalar && v.value == "Always";
        continue;
      }
      if (seg.size() != 4 || seg[1] != "resources") continue;
      const auto r = kubernetes_resource(seg[3]);
      if (!r || v.type == NodeType::null) continue;
      const bool is_request = seg[2] == "requests";
      if (!is_request && box.from_request[*r]) continue;  // a request wins over the limit
      if (auto a = quantity(v, policy_.resources[*r], true)) {
        box.amount[*r] = *a;
        box.at[*r] = v.position;
        box.from_request[*r] = is_request;
      }
    }
    return out;
  }

  /// `spec.overhead` (a map like requests): what the runtime takes per pod, on top.
  void overhead(Job& job, const std::string& prefix) {
    if (!mapping(doc_.find(prefix), yaml::display_path(prefix))) return;
    for (const auto& v : doc_.values) {
      if (v.path.size() <= prefix.size() || v.path.compare(0, prefix.size(), prefix) != 0 || v.path[prefix.size()] != S)
        continue;
      const auto r = kubernetes_resource(std::string_view(v.path).substr(prefix.size() + 1));
      if (!r || v.type == NodeType::null) continue;
      if (auto a = quantity(v, policy_.resources[*r], true); a && *a != 0) add_request(job, *r, *a, v.position);
    }
  }

  const yaml::Document& doc_;
  const Policy& policy_;
  const ManifestOptions& options_;
  Diagnostics& diags_;
  std::size_t errors_before_;
};

}  // namespace

namespace {

/// Labels under `p[base..]` = "metadata", "labels", KEY.
Interest labels_filter(const std::vector<std::string>& p, std::size_t base) {
  const std::size_t n = p.size() - base;
  if (n == 1) return Interest::container;
  if (p[base + 1] != "labels") return Interest::none;
  return n == 2 ? Interest::container : n == 3 ? Interest::leaf : Interest::none;
}

/// A pod template from `p[base]` = "template" on: its labels and its pod spec.
Interest template_filter(const std::vector<std::string>& p, std::size_t base) {
  const std::size_t n = p.size() - base;
  if (n == 1) return Interest::container;
  if (p[base + 1] == "metadata") return labels_filter(p, base + 1);
  if (p[base + 1] == "spec") return pod_spec_filter(p, base + 2);
  return Interest::none;
}

/// A CronJob's `spec.jobTemplate` (p[1]): the Job's labels, counts and pod template.
Interest job_template_filter(const std::vector<std::string>& p) {
  const std::size_t n = p.size();
  if (n == 2) return Interest::container;
  if (p[2] == "metadata") return labels_filter(p, 2);
  if (p[2] != "spec") return Interest::none;
  if (n == 3) return Interest::container;
  if (one_of(p[3], {"parallelism", "completions"})) return n == 4 ? Interest::leaf : Interest::none;
  if (p[3] == "template") return template_filter(p, 3);
  return Interest::none;
}

/// What the reader keeps of a kind it does not read: only whether a `containers` list
/// stands somewhere under `spec`. Nothing is recorded on the way down, and branches that
/// never hold pods are not entered.
Interest pod_template_probe(const std::vector<std::string>& p) {
  constexpr std::size_t kDeepest = 10;  // JobSet: spec.replicatedJobs.N.template.spec.template.spec.containers
  const std::size_t n = p.size();
  if (n > kDeepest) return Interest::none;
  for (std::size_t i = 1; i < n; ++i) {
    if (p[i] == "containers") return i + 1 == n ? Interest::container : Interest::none;
    if (one_of(p[i], {"initContainers", "metadata", "volumes", "affinity", "tolerations", "selector",
                      "securityContext", "env", "volumeClaimTemplates", "nodeSelector", "overhead", "resources"}))
      return Interest::none;
  }
  return Interest::pass;
}

Interest known_filter(const std::vector<std::string>& p) {
  const std::size_t n = p.size();
  if (n == 0) return Interest::container;
  const auto& s0 = p[0];
  if (s0 == "apiVersion" || s0 == "kind") return n == 1 ? Interest::leaf : Interest::none;
  if (s0 == "metadata") {
    if (n == 1) return Interest::container;
    if (one_of(p[1], {"name", "user", "team", "namespace"})) return n == 2 ? Interest::leaf : Interest::none;
    return labels_filter(p, 0);
  }
  if (s0 != "spec") return Interest::none;
  if (n == 1) return Interest::container;
  const auto& s1 = p[1];
  if (one_of(s1, {"replicas", "parallelism", "completions", "priority"})) return n == 2 ? Interest::leaf : Interest::none;
  if (s1 == "resources") return n == 2 ? Interest::container : n == 3 ? Interest::leaf : Interest::none;
  if (s1 == "placement") {
    if (n == 2) return Interest::container;
    if (one_of(p[2], {"strategy", "cluster"})) return n == 3 ? Interest::leaf : Interest::none;
    if (p[2] == "nodeSelector") return n == 3 ? Interest::container : n == 4 ? Interest::leaf : Interest::none;
    return Interest::none;
  }
  if (s1 == "template") return template_filter(p, 1);
  if (s1 == "jobTemplate") return job_template_filter(p);
  return pod_spec_filter(p, 1);
}

}  // namespace

Interest manifest_filter(const std::vector<std::string>& p) {
  const Interest known = known_filter(p);
  if (known != Interest::none || p.empty() || p[0] != "spec") return known;
  return pod_template_probe(p);
}

Interpretation interpret(const yaml::Document& doc, const Policy& policy, const ManifestOptions& options,
                         Diagnostics& diags) {
  return Reader(doc, policy, options, diags).run();
}

}  // namespace allot
