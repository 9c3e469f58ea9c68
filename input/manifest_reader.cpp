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
  // Only whether they are there: `place --format kubernetes` patches below them.
  if (s0 == "affinity") return n == 1 || (n == 2 && p[base + 1] == "nodeAffinity") ? Interest::container : Interest::none;
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

/// How a kind's pods are read.
enum class Reading {
  pod, replicas, job, cron_job, daemon_set, stateful_set, volume_claim,
  ray_cluster, ray_job, ray_service, kubeflow, job_set, leader_worker_set, volcano_job
};

/// A kind allot reads: its name, its API group ("" for the core group), how its pods are
/// read, and for Kubeflow the field holding the replica specs.
struct KindShape {
  std::string_view kind;
  std::string_view group;
  Reading reading;
  std::string_view field = {};
  bool builtin = false;  ///< a Kubernetes kind, read under any group no other entry claims
};

constexpr std::array kKinds = {
    KindShape{"Pod", "", Reading::pod, {}, true},
    KindShape{"Deployment", "apps", Reading::replicas, {}, true},
    KindShape{"ReplicaSet", "apps", Reading::replicas, {}, true},
    KindShape{"StatefulSet", "apps", Reading::stateful_set, {}, true},
    KindShape{"DaemonSet", "apps", Reading::daemon_set, {}, true},
    KindShape{"ReplicationController", "", Reading::replicas, {}, true},
    KindShape{"Job", "batch", Reading::job, {}, true},
    KindShape{"CronJob", "batch", Reading::cron_job, {}, true},
    KindShape{"PersistentVolumeClaim", "", Reading::volume_claim, {}, true},
    KindShape{"RayCluster", "ray.io", Reading::ray_cluster},
    KindShape{"RayJob", "ray.io", Reading::ray_job},
    KindShape{"RayService", "ray.io", Reading::ray_service},
    KindShape{"PyTorchJob", "kubeflow.org", Reading::kubeflow, "pytorchReplicaSpecs"},
    KindShape{"TFJob", "kubeflow.org", Reading::kubeflow, "tfReplicaSpecs"},
    KindShape{"MPIJob", "kubeflow.org", Reading::kubeflow, "mpiReplicaSpecs"},
    KindShape{"XGBoostJob", "kubeflow.org", Reading::kubeflow, "xgbReplicaSpecs"},
    KindShape{"PaddleJob", "kubeflow.org", Reading::kubeflow, "paddleReplicaSpecs"},
    KindShape{"JAXJob", "kubeflow.org", Reading::kubeflow, "jaxReplicaSpecs"},
    KindShape{"JobSet", "jobset.x-k8s.io", Reading::job_set},
    KindShape{"LeaderWorkerSet", "leaderworkerset.x-k8s.io", Reading::leader_worker_set},
    KindShape{"Job", "batch.volcano.sh", Reading::volcano_job},
};

/// The API group of an apiVersion: "apps" of "apps/v1", "" of "v1".
std::string_view api_group(std::string_view api) {
  const auto slash = api.find('/');
  return slash == std::string_view::npos ? std::string_view{} : api.substr(0, slash);
}

/// The shape of `kind` at `api`: the entry of its group, else a built-in kind of that name
/// (a Deployment at extensions/v1beta1 is still a Deployment).
const KindShape* kind_shape(std::string_view kind, std::string_view api) {
  const auto group = api_group(api);
  for (const auto& k : kKinds)
    if (k.kind == kind && k.group == group) return &k;
  for (const auto& k : kKinds)
    if (k.kind == kind && k.builtin && std::none_of(kKinds.begin(), kKinds.end(), [&](const KindShape& o) {
          return o.kind == kind && o.group == group;
        }))
      return &k;
  return nullptr;
}

/// Kubernetes kinds that hold configuration, not pods: skipped quietly, and recognised (an
/// input of them alone is not "nothing found"), unless they hold a pod template, as a
/// custom resource of the same name (a Knative Service) may.
constexpr std::array kConfigKinds = {
    "Service",         "ConfigMap",        "Secret",         "ServiceAccount",
    "Namespace",       "Role",             "RoleBinding",    "ClusterRole",
    "ClusterRoleBinding", "Ingress",       "IngressClass",   "NetworkPolicy",
    "PersistentVolume", "StorageClass", "HorizontalPodAutoscaler",
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
    const KindShape* k8s_kind = api_text.empty() ? nullptr : kind_shape(kind_text, api_text);

    if (allot_api && kind_text == "Job") {
      if (api_text != "allot/v1")
        diags_.error(Code::UnsupportedKind, doc_.where(*api), fmt::format("unsupported apiVersion '{}'; this allot reads 'allot/v1'", api_text));
      if (merge_keys()) return {};
      return finish(read_allot_job());
    }
    if (!allot_api && k8s_kind) {
      if (merge_keys()) return {};
      return finish(read_kubernetes(kind_text, api_text));
    }

    if (!options_.strict_kinds) return skip(kind, kind_text, api_text);
    if (kind == nullptr) diags_.error(Code::UnsupportedKind, doc_.location, "document has no 'kind'");
    else diags_.error(Code::UnsupportedKind, doc_.where(*kind),
                      fmt::format("kind '{}' (apiVersion '{}') is not a workload allot can check", kind_text, api_text));
    return {};
  }

 private:
  /// A document allot does not read. One that holds a pod template is warned about, so a
  /// workload never passes in silence; configuration kinds are recognised, quietly.
  Interpretation skip(const yaml::Value* kind, const std::string& kind_text, const std::string& api_text) {
    const auto name = get({"metadata", "name"});
    const std::string named = name != nullptr && name->type == NodeType::scalar ? fmt::format(" '{}'", name->value) : "";
    if (kind != nullptr && kind_text == "TrainJob" && api_group(api_text) == "trainer.kubeflow.org") {
      diags_.warning(Code::UnreadPodTemplate, doc_.where(*kind),
                     fmt::format("TrainJob{} ({}) is not read: its pods come from the training runtime it references, "
                                 "and the format is not stable yet; its resources are not checked", named, api_text));
      return {std::nullopt, true, true};
    }
    if (kind != nullptr) {
      // Requests alone are read as a workload's only in kinds that are not configuration.
      auto holds = holdings();
      if (holds == Holds::requests && listed(kConfigKinds, kind_text)) holds = Holds::nothing;
      if (holds != Holds::nothing) {
        diags_.warning(Code::UnreadPodTemplate, doc_.where(*kind),
                       fmt::format("{}{} holds {} allot does not read; its resources are not checked", kind_text, named,
                                   holds == Holds::pod_template ? "a pod template" : "resource requests"));
        return {std::nullopt, true, true};
      }
    }
    return {std::nullopt, true, kind != nullptr && listed(kConfigKinds, kind_text)};
  }

  enum class Holds { nothing, pod_template, requests };

  /// Whether a `containers` sequence stands anywhere under `spec`, else a `resources` map of
  /// requests or limits (or a `resourcesPerNode`): what the filter's probe keeps.
  Holds holdings() const {
    const std::string spec = std::string("spec") + S;
    auto ends = [](const std::string& path, std::string_view last) {
      return path.size() > last.size() && path.compare(path.size() - last.size(), last.size(), last) == 0 &&
             path[path.size() - last.size() - 1] == S;
    };
    Holds found = Holds::nothing;
    for (const auto& v : doc_.values) {
      if (v.path.compare(0, spec.size(), spec) != 0) continue;
      if (v.type == NodeType::seq && ends(v.path, "containers")) return Holds::pod_template;
      if (v.type == NodeType::map && (ends(v.path, "resourcesPerNode") || ends(v.path, "requests") || ends(v.path, "limits")))
        found = Holds::requests;
    }
    return found;
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
    return job;
  }

  /// A group of one replica asking nothing yet; positions default to the job's.
  Group blank_group(const Job& job, std::string name) const {
    Group g;
    g.name = std::move(name);
    g.replicas_at = job.at;
    g.request.assign(policy_.resources.size(), 0);
    g.request_at.assign(policy_.resources.size(), job.at);
    return g;
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
    node_selector(job.groups.front(), path({"nodeSelector"}));
  }

  void node_selector(Group& group, const std::string& prefix) {
    if (!mapping(doc_.find(prefix), yaml::display_path(prefix))) return;
    for (const auto& v : doc_.values) {
      if (v.path.size() <= prefix.size() || v.path.compare(0, prefix.size(), prefix) != 0 ||
          v.path[prefix.size()] != S)
        continue;
      const std::string key = v.path.substr(prefix.size() + 1);
      if (auto t = text(&v, fmt::format("node selector '{}'", key))) group.node_selector.emplace_back(key, *t);
    }
  }

  Job read_allot_job() {
    Job job = blank_job();
    job.kind = "Job";
    if (!mapping(get({"metadata"}), "metadata")) missing("metadata", doc_.location);
    // A required field written with no value (`user:` or `user: ~`) is as missing as one
    // not written at all (a job without a user would escape its per-user limits), and is
    // reported in the same place: the YAML layer puts an empty value where the next token is.
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

    job.groups.push_back(blank_group(job, ""));
    Group& group = job.groups.front();
    const auto* spec = get({"spec"});
    if (!mapping(spec, "spec")) {
      if (absent(spec)) missing("spec", doc_.location);
      return job;
    }
    if (const auto* r = get({"spec", "replicas"}); r && r->type != NodeType::null) {
      if (auto n = integer(*r, "spec.replicas", 1)) group.replicas = *n;
      group.replicas_at = r->position;
    }
    if (const auto* p = get({"spec", "priority"}); p && p->type != NodeType::null)
      if (auto n = integer(*p, "spec.priority", LLONG_MIN)) job.priority = *n;
    const auto* resources = get({"spec", "resources"});
    if (!mapping(resources, "spec.resources")) {
      if (absent(resources)) missing("spec.resources", doc_.where(*spec));
    } else {
      allot_resources(job, group);
    }
    placement(job, {"spec", "placement"});
    return job;
  }

  void allot_resources(const Job& job, Group& group) {
    const std::string prefix = join({"spec", "resources"});
    std::set<std::size_t> seen;
    std::vector<std::string_view> names;
    for (const auto& r : policy_.resources) names.push_back(r.name);
    for (const auto& v : doc_.values) {
      if (v.path.size() <= prefix.size() || v.path.compare(0, prefix.size(), prefix) != 0) continue;
      const std::string key = v.path.substr(prefix.size() + 1);
      if (key.find(S) != std::string::npos) continue;  // inside a value reported below
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
      if (auto a = quantity(v, policy_.resources[*r], false)) add_request(job, group, *r, *a, v.position);
    }
  }

  /// The policy resource a Kubernetes resource name counts against, if any.
  std::optional<std::size_t> kubernetes_resource(std::string_view name) const {
    std::string_view ours;
    if (name == "nvidia.com/gpu" || name == "amd.com/gpu") ours = "gpu";
    else if (name == "cpu") ours = "vcpu";
    else if (name == "memory") ours = "memory";
    else if (name == "ephemeral-storage") {
      if (auto own = policy_.find_resource(name)) return own;  // a policy that tells them apart
      ours = "storage";
    }
    else return policy_.find_resource(name);  // a policy may name any extended resource directly
    return policy_.find_resource(ours);
  }

  Job read_kubernetes(const std::string& kind, const std::string& api) {
    Job job = blank_job();
    job.kind = kind;
    job.api_version = api;
    job.kubernetes = true;
    if (auto n = text(get({"metadata", "name"}), "metadata.name")) {
      job.name = *n;
      job.at = get({"metadata", "name"})->position;
    } else {
      diags_.error(Code::MissingField, doc_.location, fmt::format("{} has no metadata.name", kind));
    }
    if (auto n = text(get({"metadata", "namespace"}), "metadata.namespace")) job.ns = *n;
    labels(job, job.ns);

    if (!mapping(get({"spec"}), "spec")) {
      missing("spec", doc_.location);
      return job;
    }
    const auto& shape = *kind_shape(kind, api);
    switch (shape.reading) {
      case Reading::pod: pod_group(job, "", 1, job.at, "spec"); break;
      case Reading::replicas: replicated(job, "spec", "replicas"); break;
      case Reading::job: batch_job(job, "", "spec", 1, job.at); break;
      case Reading::cron_job: batch_job(job, "", join({"spec", "jobTemplate", "spec"}), 1, job.at); break;
      case Reading::daemon_set: daemon_set(job); break;
      case Reading::stateful_set:
        if (replicated(job, "spec", "replicas")) claim_templates(job, job.groups.front(), join({"spec", "volumeClaimTemplates"}));
        break;
      case Reading::volume_claim: volume_claim(job); break;
      case Reading::ray_cluster: ray_cluster(job, "spec"); break;
      case Reading::ray_job:
        // A RayJob that submits to an existing cluster (clusterSelector) starts none of its own.
        if (doc_.find(join({"spec", "rayClusterSpec"})) == nullptr && doc_.find(join({"spec", "clusterSelector"})) != nullptr)
          job.groups.push_back(blank_group(job, ""));
        else
          ray_cluster(job, join({"spec", "rayClusterSpec"}));
        if (job.groups.size() == 1 && job.groups[0].name.empty()) job.groups[0].replicas = 0;
        break;
      case Reading::ray_service: ray_cluster(job, join({"spec", "rayClusterConfig"})); break;
      case Reading::kubeflow: kubeflow(job, join({"spec", shape.field})); break;
      case Reading::job_set: job_set(job); break;
      case Reading::leader_worker_set: leader_worker_set(job); break;
      case Reading::volcano_job: volcano_job(job); break;
    }
    if (job.groups.empty()) job.groups.push_back(blank_group(job, ""));  // errors said why
    return job;
  }

  /// A count field (replicas, parallelism, completions) when written, with its position.
  std::optional<std::pair<long long, Position>> count(const std::string& path) {
    const auto* v = doc_.find(path);
    if (v == nullptr || v->type == NodeType::null) return std::nullopt;
    if (auto n = integer(*v, yaml::display_path(path), 0)) return std::pair{*n, v->position};
    return std::nullopt;
  }

  /// The children of the mapping or sequence at `prefix`, as path segments, in document
  /// order (keys or "0", "1", ...); an error when it is there but of another kind.
  std::vector<std::string> children(const std::string& prefix, NodeType type, std::string_view expected) {
    std::vector<std::string> out;
    const auto* v = doc_.find(prefix);
    if (v == nullptr || v->type == NodeType::null) return out;
    if (v->type != type) {
      type_error(*v, yaml::display_path(prefix), expected);
      return out;
    }
    for (const auto& c : doc_.values)
      if (c.path.size() > prefix.size() + 1 && c.path.compare(0, prefix.size(), prefix) == 0 &&
          c.path[prefix.size()] == S && c.path.find(S, prefix.size() + 1) == std::string::npos)
        out.push_back(c.path.substr(prefix.size() + 1));
    return out;
  }

  /// One group of `replicas` pods (written at `at`) of the pod spec at `pod`; false when
  /// the pod spec is missing.
  bool pod_group(Job& job, std::string name, Amount replicas, Position at, const std::string& pod) {
    if (pod != "spec" && !mapping(doc_.find(pod), yaml::display_path(pod))) {
      // Reported at the nearest enclosing field that is there.
      const yaml::Value* p = nullptr;
      for (std::string up = pod; p == nullptr && up.find(S) != std::string::npos;) {
        up.erase(up.rfind(S));
        p = doc_.find(up);
      }
      missing(yaml::display_path(pod), p ? doc_.where(*p) : doc_.location);
      return false;
    }
    Group g = blank_group(job, std::move(name));
    g.replicas = replicas;
    g.replicas_at = at;
    for (auto seg : yaml::split_path(pod)) g.pod_spec.path.emplace_back(seg);
    auto is_map = [&](const std::string& path) {
      const auto* v = doc_.find(path);
      return v != nullptr && v->type == NodeType::map;
    };
    g.pod_spec.affinity = is_map(join({pod, "affinity"}));
    g.pod_spec.node_affinity = g.pod_spec.affinity && is_map(join({pod, "affinity", "nodeAffinity"}));
    containers(job, g, pod);
    node_selector(g, pod + S + "nodeSelector");
    job.groups.push_back(std::move(g));
    return true;
  }

  /// Deployment, ReplicaSet, StatefulSet, ReplicationController: `replicas` (default 1)
  /// pods of `template`.
  bool replicated(Job& job, const std::string& base, const char* field) {
    const auto n = count(base + S + field);
    return pod_group(job, "", n ? n->first : 1, n ? n->second : job.at, join({base, "template", "spec"}));
  }

  /// Pods at once of a batch/v1 Job spec at `base`, times `copies`: min(parallelism,
  /// completions), since Kubernetes never starts more pods than completions remain.
  bool batch_job(Job& job, std::string name, const std::string& base, Amount copies, Position copies_at) {
    auto n = count(base + S + "parallelism");
    if (auto c = count(base + S + "completions"); c && c->first < (n ? n->first : 1)) n = c;
    const Amount pods = n ? n->first : 1;
    const auto total = checked_mul(copies, pods);
    if (!total) {
      diags_.error(Code::Overflow, job.where(n ? n->second : copies_at), fmt::format("{} × {} pods overflow", copies, pods));
      return false;
    }
    return pod_group(job, std::move(name), *total, n && copies == 1 ? n->second : copies_at,
                     join({base, "template", "spec"}));
  }

  /// A DaemonSet: one pod per matching node. The node count comes from `--nodes`; without
  /// it only per-pod limits apply, and a note says so.
  void daemon_set(Job& job) {
    if (!pod_group(job, "", 1, job.at, join({"spec", "template", "spec"}))) return;
    job.per_node = true;
    if (options_.nodes) {
      job.groups.front().replicas = *options_.nodes;
      return;
    }
    job.per_node_only = true;
    if (options_.per_node_note)
      diags_.add({Severity::note, Code::PerNodeTotals,
                fmt::format("DaemonSet '{}' runs one pod on each matching node, how many is not known: its totals are "
                            "checked for one node only (give --nodes N, or place it on an inventory)", job.name),
                job.where(job.at), {}, {}});
  }

  /// A PersistentVolumeClaim: `spec.resources.requests.storage`, held by the user, on no node.
  void volume_claim(Job& job) {
    job.volume = true;
    Group g = blank_group(job, "");
    claim(job, g, "spec", 1);
    job.groups.push_back(std::move(g));
  }

  /// The storage a claim spec at `spec` asks for, times `per_replica`, added to `g`.
  void claim(const Job& job, Group& g, const std::string& spec, Amount per_replica) {
    const auto storage = policy_.find_resource("storage");
    const std::string path = join({spec, "resources", "requests", "storage"});
    const auto* v = doc_.find(path);
    if (!storage || v == nullptr || v->type == NodeType::null) return;
    if (auto a = quantity(*v, policy_.resources[*storage], true)) {
      const auto each = checked_mul(*a, per_replica);
      if (!each) {
        diags_.error(Code::Overflow, job.where(v->position), "storage request overflows");
        return;
      }
      add_request(job, g, *storage, *each, v->position);
    }
  }

  /// StatefulSet (and LWS) `volumeClaimTemplates`: each template's storage, per replica.
  void claim_templates(const Job& job, Group& g, const std::string& prefix) {
    for (const auto& i : children(prefix, NodeType::seq, "a sequence")) claim(job, g, join({prefix, i, "spec"}), 1);
  }

  /// KubeRay's cluster spec at `base`: the head (one pod) and each worker group, whose pods
  /// are replicas × numOfHosts; with autoscaling, replicas is maxReplicas (the most the
  /// autoscaler may start), else `replicas` clamped to [minReplicas, maxReplicas].
  void ray_cluster(Job& job, const std::string& base) {
    if (base != "spec" && !mapping(doc_.find(base), yaml::display_path(base))) {
      missing(yaml::display_path(base), doc_.where(*get({"spec"})));
      return;
    }
    const auto* autoscale = doc_.find(base + S + "enableInTreeAutoscaling");
    const bool autoscaling = autoscale && autoscale->type == NodeType::scalar && autoscale->value == "true";
    pod_group(job, "head", 1, job.at, join({base, "headGroupSpec", "template", "spec"}));
    const std::string workers = join({base, "workerGroupSpecs"});
    for (const auto& i : children(workers, NodeType::seq, "a sequence")) {
      const std::string w = join({workers, i});
      std::string name = fmt::format("workers-{}", i);
      if (auto n = text(doc_.find(w + S + "groupName"), "groupName")) name = *n;
      const auto* suspend = doc_.find(w + S + "suspend");
      if (suspend && suspend->type == NodeType::scalar && suspend->value == "true") continue;
      const auto replicas = count(w + S + "replicas");
      const auto min = count(w + S + "minReplicas");
      const auto max = count(w + S + "maxReplicas");
      std::optional<std::pair<long long, Position>> n = replicas;
      if (autoscaling) {
        if (max) n = max;
        else
          diags_.warning(Code::UnboundedAutoscaling, doc_.where(*doc_.find(w)),
                         fmt::format("worker group '{}' autoscales with no maxReplicas: KubeRay may grow it to "
                                     "2147483647 replicas; allot counts its replicas ({})", name, replicas ? replicas->first : 0));
      } else {
        if (min && (!n || n->first < min->first)) n = min;
        if (max && n && n->first > max->first) n = max;
      }
      const Amount count_of = n ? n->first : 0;  // KubeRay's default
      const auto hosts = count(w + S + "numOfHosts");
      const auto pods = checked_mul(count_of, hosts ? hosts->first : 1);
      if (!pods) {
        diags_.error(Code::Overflow, doc_.where(*doc_.find(w)), fmt::format("worker group '{}': pod count overflows", name));
        continue;
      }
      pod_group(job, name, *pods, n ? n->second : doc_.find(w)->position, join({w, "template", "spec"}));
    }
  }

  /// Kubeflow Training: `spec.<x>ReplicaSpecs` maps each replica type to `replicas`
  /// (default 1) pods of `template`.
  void kubeflow(Job& job, const std::string& specs) {
    const auto types = children(specs, NodeType::map, "a mapping");
    if (types.empty()) missing(yaml::display_path(specs), doc_.where(*get({"spec"})));
    for (const auto& type : types) {
      const std::string base = join({specs, type});
      const auto n = count(base + S + "replicas");
      const auto* at = doc_.find(base);
      pod_group(job, type, n ? n->first : 1, n ? n->second : at->position, join({base, "template", "spec"}));
    }
  }

  /// JobSet: each replicated Job, `replicas` copies (default 1) of a batch/v1 Job.
  void job_set(Job& job) {
    const std::string list = join({"spec", "replicatedJobs"});
    const auto items = children(list, NodeType::seq, "a sequence");
    if (items.empty()) missing(yaml::display_path(list), doc_.where(*get({"spec"})));
    for (const auto& i : items) {
      const std::string base = join({list, i});
      std::string name = fmt::format("job-{}", i);
      if (auto n = text(doc_.find(base + S + "name"), "replicatedJobs name")) name = *n;
      const auto copies = count(base + S + "replicas");
      batch_job(job, name, join({base, "template", "spec"}), copies ? copies->first : 1,
                copies ? copies->second : doc_.find(base)->position);
    }
  }

  /// LeaderWorkerSet: `replicas` groups (default 1) of `size` pods (default 1): a leader
  /// (leaderTemplate, else workerTemplate) and size - 1 workers; claim templates per pod.
  void leader_worker_set(Job& job) {
    const std::string lwt = join({"spec", "leaderWorkerTemplate"});
    if (!mapping(doc_.find(lwt), yaml::display_path(lwt))) {
      missing(yaml::display_path(lwt), doc_.where(*get({"spec"})));
      return;
    }
    const auto groups = count(join({"spec", "replicas"}));
    const auto size = count(lwt + S + "size");
    const Amount g = groups ? groups->first : 1, pods = size ? size->first : 1;
    if (pods < 1) {
      diags_.error(Code::BadValue, doc_.where(*doc_.find(lwt + S + "size")), "leaderWorkerTemplate.size must be at least 1");
      return;
    }
    const auto workers = checked_mul(g, pods - 1);
    if (!workers) {
      diags_.error(Code::Overflow, job.where(size->second), "worker pod count overflows");
      return;
    }
    const std::string leader = doc_.find(lwt + S + "leaderTemplate") ? "leaderTemplate" : "workerTemplate";
    if (pod_group(job, "leader", g, groups ? groups->second : job.at, join({lwt, leader, "spec"})))
      claim_templates(job, job.groups.back(), join({lwt, "volumeClaimTemplates"}));
    if (*workers > 0 && pod_group(job, "worker", *workers, size->second, join({lwt, "workerTemplate", "spec"})))
      claim_templates(job, job.groups.back(), join({lwt, "volumeClaimTemplates"}));
  }

  /// Volcano's batch.volcano.sh Job: each task, `replicas` pods (default 1) of `template`.
  void volcano_job(Job& job) {
    const std::string list = join({"spec", "tasks"});
    const auto items = children(list, NodeType::seq, "a sequence");
    if (items.empty()) missing(yaml::display_path(list), doc_.where(*get({"spec"})));
    for (const auto& i : items) {
      const std::string base = join({list, i});
      std::string name = fmt::format("task-{}", i);
      if (auto n = text(doc_.find(base + S + "name"), "tasks name")) name = *n;
      const auto n = count(base + S + "replicas");
      pod_group(job, name, n ? n->first : 1, n ? n->second : doc_.find(base)->position, join({base, "template", "spec"}));
    }
  }

  /// The user, team, Kueue queue and pinned cluster (`allot/cluster`, as an allot Job's
  /// spec.placement.cluster): from `metadata.labels` first, then from the labels of
  /// any template in the document, in document order.
  void labels(Job& job, const std::string& ns) {
    static const std::string kQueueLabel = "kueue.x-k8s.io/queue-name";
    const std::string top = join({"metadata", "labels"}) + S;
    auto look = [&](const std::string& key, std::string& out, std::string_view what) {
      if (auto v = text(doc_.find(top + key), what)) {
        out = *v;
        return;
      }
      const std::string tail = std::string(1, S) + "metadata" + S + "labels" + S + key;
      for (const auto& v : doc_.values)
        if (v.path.size() > tail.size() && v.path.compare(v.path.size() - tail.size(), tail.size(), tail) == 0)
          if (auto t = text(&v, what)) {
            out = *t;
            return;
          }
    };
    look(options_.user_label, job.user, "the user label");
    look(options_.team_label, job.team, "the team label");
    look(kQueueLabel, job.queue, "the queue label");
    look("allot/cluster", job.cluster, "the cluster label");
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

  /// Adds `a` (written at `at`) to a replica's request; the first amount that asks gives
  /// the position.
  void add_request(const Job& job, Group& g, std::size_t r, Amount a, Position at) {
    auto sum = checked_add(g.request[r], a);
    if (!sum) {
      diags_.error(Code::Overflow, job.where(at),
                   fmt::format("total {} request of the replica overflows", policy_.resources[r].name));
      return;
    }
    if (g.request[r] == 0) g.request_at[r] = at;
    g.request[r] = *sum;
  }

  /// Per replica, as Kubernetes computes a pod's request: the containers and the sidecar
  /// init containers run together; each regular init container runs beside the sidecars
  /// started before it; the pod needs the larger of the two, plus `spec.overhead`. One
  /// pass over the document's values per list, so thousands of containers stay linear.
  void containers(const Job& job, Group& g, const std::string& pod) {
    const Boxes main = boxes(pod + S + "containers", true, pod);
    const Boxes init = boxes(pod + S + "initContainers", false, pod);
    for (const auto* group : {&main, &init})
      for (const auto& [index, box] : *group)
        if (group == &main || box.sidecar)
          for (std::size_t r = 0; r < box.amount.size(); ++r)
            if (box.amount[r] != 0) add_request(job, g, r, box.amount[r], box.at[r]);
    for (std::size_t r = 0; r < policy_.resources.size(); ++r) init_peak(job, g, init, r);
    overhead(job, g, pod + S + "overhead");
  }

  /// Regular init containers run one at a time, each beside the sidecars declared before
  /// it: the largest such stage replaces the running sum of resource `r` when larger. It
  /// points at the init container's own request, or at the sidecars' when it asks for none.
  void init_peak(const Job& job, Group& g, const Boxes& init, std::size_t r) {
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
    if (peak > g.request[r]) g.request[r] = peak, g.request_at[r] = peak_at;
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
  void overhead(const Job& job, Group& g, const std::string& prefix) {
    if (!mapping(doc_.find(prefix), yaml::display_path(prefix))) return;
    for (const auto& v : doc_.values) {
      if (v.path.size() <= prefix.size() || v.path.compare(0, prefix.size(), prefix) != 0 || v.path[prefix.size()] != S)
        continue;
      const auto r = kubernetes_resource(std::string_view(v.path).substr(prefix.size() + 1));
      if (!r || v.type == NodeType::null) continue;
      if (auto a = quantity(v, policy_.resources[*r], true); a && *a != 0) add_request(job, g, *r, *a, v.position);
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

/// `volumeClaimTemplates` from p[base] on: each template's `spec.resources.requests.storage`.
Interest claim_templates_filter(const std::vector<std::string>& p, std::size_t base) {
  const std::size_t n = p.size() - base;
  static constexpr std::array<std::string_view, 4> kPath = {"spec", "resources", "requests", "storage"};
  if (n == 1 || n == 2) return n == 2 && !is_index(p[base + 1]) ? Interest::none : Interest::container;
  if (n - 2 > kPath.size() || p[base + n - 1] != kPath[n - 3]) return Interest::none;
  return n - 2 == kPath.size() ? Interest::leaf : Interest::container;
}

/// A KubeRay cluster spec from p[base] on (`spec`, `rayClusterSpec` or `rayClusterConfig`).
Interest ray_cluster_filter(const std::vector<std::string>& p, std::size_t base) {
  const std::size_t n = p.size() - base;
  if (n == 1) return Interest::container;
  const auto& k = p[base + 1];
  if (k == "enableInTreeAutoscaling") return n == 2 ? Interest::leaf : Interest::none;
  if (k == "headGroupSpec") {
    if (n == 2) return Interest::container;
    return p[base + 2] == "template" ? template_filter(p, base + 2) : Interest::none;
  }
  if (k != "workerGroupSpecs") return Interest::none;
  if (n == 2) return Interest::container;
  if (!is_index(p[base + 2])) return Interest::none;
  if (n == 3) return Interest::container;
  if (one_of(p[base + 3], {"groupName", "replicas", "minReplicas", "maxReplicas", "numOfHosts", "suspend"}))
    return n == 4 ? Interest::leaf : Interest::none;
  return p[base + 3] == "template" ? template_filter(p, base + 3) : Interest::none;
}

/// Lists of named pod groups under `spec` (p[1]): Kubeflow's `*ReplicaSpecs`, JobSet's
/// `replicatedJobs`, Volcano's `tasks`, and LWS's `leaderWorkerTemplate`.
Interest group_lists_filter(const std::vector<std::string>& p) {
  const std::size_t n = p.size();
  const auto& s1 = p[1];
  if (s1.size() > 12 && s1.compare(s1.size() - 12, 12, "ReplicaSpecs") == 0) {
    if (n <= 3) return Interest::container;
    if (p[3] == "replicas") return n == 4 ? Interest::leaf : Interest::none;
    return p[3] == "template" ? template_filter(p, 3) : Interest::none;
  }
  if (s1 == "replicatedJobs" || s1 == "tasks") {
    if (n == 2) return Interest::container;
    if (!is_index(p[2])) return Interest::none;
    if (n == 3) return Interest::container;
    if (one_of(p[3], {"name", "replicas"})) return n == 4 ? Interest::leaf : Interest::none;
    if (p[3] != "template") return Interest::none;
    if (s1 == "tasks") return template_filter(p, 3);
    if (n == 4) return Interest::container;  // a JobTemplateSpec: labels, counts, pod template
    if (p[4] == "metadata") return labels_filter(p, 4);
    if (p[4] != "spec") return Interest::none;
    if (n == 5) return Interest::container;
    if (one_of(p[5], {"parallelism", "completions"})) return n == 6 ? Interest::leaf : Interest::none;
    return p[5] == "template" ? template_filter(p, 5) : Interest::none;
  }
  if (s1 == "leaderWorkerTemplate") {
    if (n == 2) return Interest::container;
    if (p[2] == "size") return n == 3 ? Interest::leaf : Interest::none;
    if (one_of(p[2], {"leaderTemplate", "workerTemplate"})) return template_filter(p, 2);
    if (p[2] == "volumeClaimTemplates") return claim_templates_filter(p, 2);
  }
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
    // Requests outside a pod template (a TrainJob's resourcesPerNode, say): the map is kept.
    if (p[i] == "resourcesPerNode") return i + 1 == n ? Interest::container : Interest::none;
    if (p[i] == "resources") {
      if (i + 1 == n) return Interest::pass;
      return i + 2 == n && one_of(p[i + 1], {"requests", "limits"}) ? Interest::container : Interest::none;
    }
    if (one_of(p[i], {"initContainers", "metadata", "volumes", "affinity", "tolerations", "selector",
                      "securityContext", "env", "volumeClaimTemplates", "nodeSelector", "overhead"}))
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
  if (s1 == "resources") {  // an allot Job's amounts, or a claim's requests.storage
    if (n == 2) return Interest::container;
    if (n == 3) return p[2] == "requests" ? Interest::container : Interest::leaf;
    return n == 4 && p[2] == "requests" && p[3] == "storage" ? Interest::leaf : Interest::none;
  }
  if (s1 == "volumeClaimTemplates") return claim_templates_filter(p, 1);
  if (one_of(s1, {"rayClusterSpec", "rayClusterConfig"})) return ray_cluster_filter(p, 1);
  if (s1 == "clusterSelector") return n == 2 ? Interest::container : Interest::none;
  if (one_of(s1, {"enableInTreeAutoscaling", "headGroupSpec", "workerGroupSpecs"})) return ray_cluster_filter(p, 0);
  if (const auto g = group_lists_filter(p); g != Interest::none) return g;
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
  // The items of a List are documents of their own.
  if (p.size() >= 2 && p[0] == "items" && is_index(p[1]))
    return p.size() == 2 ? Interest::container : manifest_filter(std::vector<std::string>(p.begin() + 2, p.end()));
  if (p.size() == 1 && p[0] == "items") return Interest::container;
  const Interest known = known_filter(p);
  if (known != Interest::none || p.empty() || p[0] != "spec") return known;
  return pod_template_probe(p);
}

Interpretation interpret(const yaml::Document& doc, const Policy& policy, const ManifestOptions& options,
                         Diagnostics& diags) {
  return Reader(doc, policy, options, diags).run();
}

void interpret_each(const yaml::Document& doc, const Policy& policy, const ManifestOptions& options,
                    Diagnostics& diags, const std::function<void(Interpretation&&)>& sink) {
  const auto* kind = doc.find("kind");
  const auto* items = doc.find("items");
  const bool list = kind && kind->type == NodeType::scalar && kind->value == "List" && items && items->type == NodeType::seq;
  if (!list) return sink(interpret(doc, policy, options, diags));
  // Each item's values, in document order, with the item's path prefix taken off.
  std::map<std::size_t, yaml::Document> parts;
  const std::string prefix = std::string("items") + S;
  for (const auto& v : doc.values) {
    if (v.path.compare(0, prefix.size(), prefix) != 0) continue;
    const auto end = v.path.find(S, prefix.size());
    std::size_t index = 0;
    std::from_chars(v.path.data() + prefix.size(), v.path.data() + (end == std::string::npos ? v.path.size() : end), index);
    auto& item = parts[index];
    yaml::Value copy = v;
    copy.path = end == std::string::npos ? std::string() : v.path.substr(end + 1);
    if (copy.path.empty()) item.location = doc.where(v);
    item.index = doc.index;
    item.values.push_back(std::move(copy));
  }
  for (auto& [index, item] : parts) sink(interpret(item, policy, options, diags));
}

}  // namespace allot
