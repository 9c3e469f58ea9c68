#include "cli/rules.hpp"

#include <array>

namespace allot::cli {
namespace {

// clang-format off
constexpr std::array kRules = {
  RuleInfo{"E001", "UnreadableInput", "an input file or directory cannot be read", "Check the path and its permissions.", false},
  RuleInfo{"E002", "UnwritableOutput", "an output file cannot be written", "Check that the directory exists and is writable.", false},
  RuleInfo{"E003", "UnknownTier", "the tier named on the command line is not in the policy", "Run 'allot show POLICY' to list the tiers.", false},
  RuleInfo{"V001", "YamlSyntax", "the file is not valid YAML", "Fix the YAML syntax at the position shown; documents after the error cannot be read.", false},
  RuleInfo{"V002", "BinaryFile", "the file is binary, not YAML text", "Exclude it with --exclude, or point allot at the manifests only.", false},
  RuleInfo{"V003", "SafetyLimit", "the input exceeds one of allot's safety limits (size, nesting, values, anchors)", "Split the file, or simplify the document; see allot-manifest(5), LIMITS.", false},
  RuleInfo{"V004", "NoManifests", "no job manifest was found in the inputs", "Point allot at the manifests, or pass --allow-empty when none is fine.", false},
  RuleInfo{"V005", "DirectoryLoop", "a directory symlink leads back into a directory being read", "Remove the loop or exclude it with --exclude.", false},
  RuleInfo{"V010", "UnsupportedKind", "the document is not a workload allot checks (with --strict-kinds), or has an unknown allot apiVersion", "Use apiVersion allot/v1 kind Job, or a Kubernetes Pod, Job, Deployment, StatefulSet or ReplicaSet.", false},
  RuleInfo{"V011", "MissingField", "a required field is missing", "Add the field; allot-manifest(5) lists the schema.", false},
  RuleInfo{"V012", "WrongType", "a field has the wrong YAML type", "Write a mapping, sequence or scalar as the schema says; aliases of collections and merge keys are not followed.", false},
  RuleInfo{"V013", "BadQuantity", "a quantity is negative or not a number", "Write a non-negative number with an optional unit, such as 8, 500m or 256GiB.", false},
  RuleInfo{"V014", "UnknownUnit", "a quantity has a unit no one defines", "Use kB MB GB TB PB EB, KiB..EiB, k M G T P E, Ki..Ei, or m for counts.", false},
  RuleInfo{"V015", "WrongUnit", "a bytes unit on a count, or milli on bytes", "Counts take plain numbers or m/k/M/...; bytes take byte units.", false},
  RuleInfo{"V016", "MissingUnit", "a bytes amount in an allot Job has no unit", "Write 512GB or 512GiB rather than 512.", false},
  RuleInfo{"V017", "Overflow", "a quantity or total is larger than allot can represent exactly", "Check the number; allot holds up to 2^63-1 base units.", false},
  RuleInfo{"V018", "TooPrecise", "a quantity is finer than its resource can hold", "Counts have thousandths (0.001 or 1m); bytes are whole.", false},
  RuleInfo{"V019", "BadValue", "replicas, parallelism, priority or strategy has an invalid value", "Use a whole number (replicas at least 1) or one of the named strategies.", false},
  RuleInfo{"V020", "UnknownResource", "a job asks for a resource the policy does not declare", "Use a resource of the policy, or declare it there.", false},
  RuleInfo{"V030", "NoUserLabel", "a Kubernetes workload has no user label, so per-user limits cannot be checked", "Add the label (--user-label, default allot/user).", true},
  RuleInfo{"V201", "ReplicaOverNodeLimit", "one replica needs more than the per-node limit", "A replica must fit on one node: ask for less per replica and use more replicas.", false},
  RuleInfo{"V202", "JobOverJobLimit", "the job as a whole is over the per-job limit", "Reduce replicas or per-replica requests, or ask for a tier with a higher per-job limit.", false},
  RuleInfo{"V203", "UserOverUserLimit", "a user's jobs together are over the per-user limit", "The notes list every contributing job, largest first: shrink or drop some.", false},
  RuleInfo{"V205", "JobOverClusterLimit", "the job is over the per-cluster limit; a gang lives in one cluster", "Split the job into smaller gangs.", false},
  RuleInfo{"V206", "TeamOverTeamLimit", "a team's jobs together are over the per-team limit", "The notes list every contributing job, largest first.", false},
  RuleInfo{"V301", "ReplicaNearNodeLimit", "one replica reaches the per-node warning threshold", "Soft limit: the job is allowed, but close to the limit.", true},
  RuleInfo{"V302", "JobNearJobLimit", "the job reaches the per-job warning threshold", "Soft limit: the job is allowed, but close to the limit.", true},
  RuleInfo{"V303", "UserNearUserLimit", "a user's total reaches the per-user warning threshold", "Soft limit: allowed, but close to the limit.", true},
  RuleInfo{"V305", "JobNearClusterLimit", "the job reaches the per-cluster warning threshold", "Soft limit: allowed, but close to the limit.", true},
  RuleInfo{"V306", "TeamNearTeamLimit", "a team's total reaches the per-team warning threshold", "Soft limit: allowed, but close to the limit.", true},
};
// clang-format on

constexpr RuleInfo kUnknown{"", "Unknown", "an allot diagnostic", "See allot(1).", false};

}  // namespace

const RuleInfo& rule_info(std::string_view code) {
  for (const auto& r : kRules)
    if (r.code == code) return r;
  return kUnknown;
}

}  // namespace allot::cli
