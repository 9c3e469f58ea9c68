// allot export slurm: the exact script, the TRES arithmetic, the warnings at their policy
// positions, and the script's re-apply idiom run against a stand-in sacctmgr.

#include <boost/test/unit_test.hpp>

#include <string>

#include "export/export.hpp"
#include "tests/run_allot.hpp"
#include "tests/support.hpp"

using namespace allot;
using namespace allot::exporting;
using test::warning;

namespace {

ExportResult slurm(const Policy& p, Names names = {}, std::string storage_tres = {}) {
  names.normalise();
  ExportOptions options;
  options.names = std::move(names);
  options.storage_tres = std::move(storage_tres);
  return find_target("slurm")->run(p, options);
}

/// The lines of `text` that start with `prefix`, joined.
std::string lines_with(const std::string& text, std::string_view prefix) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + at, end - at);
    if (line.substr(0, prefix.size()) == prefix) out += std::string(line) + "\n";
    at = end + 1;
  }
  return out;
}

const char* const kMemory = R"(policy mem
resource gpu count
resource memory bytes
tier t {
  per user { memory <= 512GB }
  per node { memory <= 1TiB gpu <= 8 }
}
default tier t
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(export_registry)

BOOST_AUTO_TEST_CASE(targets_are_found_by_name) {
  BOOST_REQUIRE(find_target("slurm") != nullptr);
  BOOST_TEST(find_target("slurm")->name == "slurm");
  BOOST_TEST(find_target("Slurm") == nullptr);
  BOOST_TEST(find_target("") == nullptr);
  BOOST_TEST(targets().size() == 4u);  // sorted by name: kubernetes, kueue, slurm, yunikorn
  BOOST_TEST(targets()[2].name == "slurm");
}

BOOST_AUTO_TEST_CASE(names_are_sorted_unique_and_members_counted) {
  Names n;
  n.users = {"bob", "alice", "bob"};
  n.teams = {"ops"};
  n.members = {{"carol", "ml"}, {"alice", ""}, {"carol", "ml"}};
  n.normalise();
  BOOST_TEST((n.users == std::vector<std::string>{"alice", "bob", "carol"}));
  BOOST_TEST((n.teams == std::vector<std::string>{"ml", "ops"}));
  BOOST_TEST(n.members.size() == 2u);
  BOOST_TEST(n.members[0].first == "alice");
  BOOST_TEST(!n.empty());
  BOOST_TEST(Names{}.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(export_slurm)

BOOST_AUTO_TEST_CASE(memory_is_whole_mib_rounded_down_with_a_warning_only_when_si_rounds) {
  const auto p = test::load_policy(kMemory);
  const auto r = slurm(p, Names{{}, {"alice"}, {}, {}});
  BOOST_TEST(lines_with(r.text, "  MaxTRES") ==
             "  MaxTRESPerUser=cpu=-1,mem=488281,gres/gpu=-1 \\\n"
             "  MaxTRESPerJob=cpu=-1,mem=-1,gres/gpu=-1 \\\n"
             "  MaxTRESPerNode=cpu=-1,mem=1048576,gres/gpu=8\n");
  test::expect_diagnostics(
      r.findings, {warning("X002", 5, 14, "memory limit 512GB is not a whole number of MiB: Slurm gets mem=488281 (rounded down)")},
      "p.allot");
}

BOOST_AUTO_TEST_CASE(absent_limits_and_unmapped_tres_are_cleared_with_minus_one) {
  const auto p = test::load_policy("policy q\nresource vcpu count\ntier a { per job { vcpu <= 4 } }\ntier b {}\n"
                                   "default tier a\n");
  const auto r = slurm(p, Names{{"ops"}, {}, {}, {}});
  BOOST_TEST(lines_with(r.text, "  MaxTRES") ==
             "  MaxTRESPerUser=cpu=-1,mem=-1,gres/gpu=-1 \\\n"
             "  MaxTRESPerJob=cpu=4,mem=-1,gres/gpu=-1 \\\n"
             "  MaxTRESPerNode=cpu=-1,mem=-1,gres/gpu=-1\n"
             "  MaxTRESPerUser=cpu=-1,mem=-1,gres/gpu=-1 \\\n"
             "  MaxTRESPerJob=cpu=-1,mem=-1,gres/gpu=-1 \\\n"
             "  MaxTRESPerNode=cpu=-1,mem=-1,gres/gpu=-1\n");
  BOOST_TEST(lines_with(r.text, "\"$sacctmgr\" -i modify") ==
             "\"$sacctmgr\" -i modify qos where name='a' set \\\n"
             "\"$sacctmgr\" -i modify qos where name='b' set \\\n"
             "\"$sacctmgr\" -i modify cluster set GrpTRES=cpu=-1,mem=-1,gres/gpu=-1\n"
             "\"$sacctmgr\" -i modify account where name='ops' set GrpTRES=cpu=-1,mem=-1,gres/gpu=-1\n");
  BOOST_TEST(r.findings.empty(), test::describe(r.findings));
}

BOOST_AUTO_TEST_CASE(fractional_counts_round_down) {
  const auto p = test::load_policy("policy f\nresource gpu count\ntier t { per job { gpu <= 2.5 } }\ndefault tier t\n");
  const auto r = slurm(p, Names{{}, {"u"}, {}, {}});
  BOOST_TEST(lines_with(r.text, "  MaxTRESPerJob") == "  MaxTRESPerJob=cpu=-1,mem=-1,gres/gpu=2 \\\n");
  test::expect_diagnostics(
      r.findings, {warning("X002", 3, 20, "gpu limit 2.5 is not a whole number of units: Slurm gets gres/gpu=2 (rounded down)")},
      "p.allot");
}

BOOST_AUTO_TEST_CASE(storage_has_no_tres_unless_named) {
  const auto p = test::load_policy("policy s\nresource storage bytes\nresource fpga count\n"
                                   "tier t { per user { storage <= 1TiB fpga <= 2 } }\ndefault tier t\n");
  const auto without = slurm(p, Names{{}, {"u"}, {}, {}});
  BOOST_TEST(lines_with(without.text, "  MaxTRESPerUser") == "  MaxTRESPerUser=cpu=-1,mem=-1,gres/gpu=-1 \\\n");
  test::expect_diagnostics(
      without.findings,
      {warning("X001", 2, 10,
               "resource 'storage' has no native Slurm TRES, so its limits are not exported; a site that defines a "
               "license or burst-buffer TRES for storage can name it with --storage-tres"),
       warning("X001", 3, 10,
               "resource 'fpga' has no Slurm TRES (cpu, mem and gres/gpu are taken by no resource of the policy), so "
               "its limits are not exported")},
      "p.allot");
  const auto with = slurm(p, Names{{}, {"u"}, {}, {}}, "license/storage");
  BOOST_TEST(lines_with(with.text, "  MaxTRESPerUser") ==
             "  MaxTRESPerUser=cpu=-1,mem=-1,gres/gpu=-1,license/storage=1048576 \\\n");
  BOOST_TEST(with.findings.size() == 1u);
  BOOST_TEST(with.findings[0].message.find("'fpga'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(soft_limits_warn_once_at_the_limit_that_writes_them) {
  const auto p = test::load_policy("policy w\nresource gpu count\ntier a { per user { gpu <= 16 warn at 75% } }\n"
                                   "tier b extends a {}\ndefault tier a\n");
  const auto r = slurm(p, Names{{}, {"u"}, {}, {}});
  BOOST_TEST(lines_with(r.text, "  MaxTRESPerUser") ==
             "  MaxTRESPerUser=cpu=-1,mem=-1,gres/gpu=16 \\\n  MaxTRESPerUser=cpu=-1,mem=-1,gres/gpu=16 \\\n");
  test::expect_diagnostics(
      r.findings,
      {warning("X003", 3, 21, "Slurm has no soft limits: the warning threshold gpu 12 is not exported, only the maximum 16")},
      "p.allot");
}

BOOST_AUTO_TEST_CASE(cluster_gets_the_loosest_tier_and_tighter_ones_warn) {
  const auto p = test::load_policy("policy c\nresource gpu count\ntier a { per cluster { gpu <= 1000 } }\n"
                                   "tier b { per cluster { gpu <= 100 } }\ndefault tier a\n");
  const auto r = slurm(p, Names{{}, {"u"}, {"East", "west"}, {}});
  BOOST_TEST(lines_with(r.text, "\"$sacctmgr\" -i modify cluster") ==
             "\"$sacctmgr\" -i modify cluster where name='east' set GrpTRES=cpu=-1,mem=-1,gres/gpu=1000\n"
             "\"$sacctmgr\" -i modify cluster where name='west' set GrpTRES=cpu=-1,mem=-1,gres/gpu=1000\n");
  BOOST_TEST(lines_with(r.text, "add user") == "add user 'u' account='root' cluster='east,west'\n");
  BOOST_TEST(test::describe(r.findings) ==
             "0:0+1 warning[X005] Slurm stores cluster 'East' in lowercase, as 'east'\n"
             "4:24+3 warning[X010] Slurm has one gpu limit per cluster, for every tier: tier 'b' allows 100 per cluster, "
             "but the cluster gets 1000, the loosest tier's\n");
  BOOST_TEST(r.findings[1].location.file == "p.allot");
}

BOOST_AUTO_TEST_CASE(users_get_their_tier_in_each_team_they_work_in) {
  const auto p = test::load_policy(
      "policy u\nresource gpu count\ntier std { per user { gpu <= 4 } }\ntier big { per team { gpu <= 64 } }\n"
      "default tier std\nassign tier big to team \"ml-*\"\n");
  Names n;
  n.members = {{"alice", "ml-a"}, {"alice", ""}};
  n.users = {"bob"};
  const auto r = slurm(p, n);
  BOOST_TEST(lines_with(r.text, "add ") ==
             "add qos 'std'\nadd qos 'big'\nadd account 'ml-a' parent=root\n"
             "add user 'alice' account='root'\nadd user 'alice' account='ml-a'\nadd user 'bob' account='root'\n");
  BOOST_TEST(lines_with(r.text, "\"$sacctmgr\" -i modify user") ==
             "\"$sacctmgr\" -i modify user where name='alice' account='root' set qos='std' defaultqos='std'\n"
             "\"$sacctmgr\" -i modify user where name='alice' account='ml-a' set qos='big' defaultqos='big'\n"
             "\"$sacctmgr\" -i modify user where name='bob' account='root' set qos='std' defaultqos='std'\n");
  BOOST_TEST(lines_with(r.text, "\"$sacctmgr\" -i modify account") ==
             "\"$sacctmgr\" -i modify account where name='ml-a' set GrpTRES=cpu=-1,mem=-1,gres/gpu=64\n");
}

BOOST_AUTO_TEST_CASE(names_slurm_cannot_store_are_errors_and_nothing_is_written) {
  const auto p = test::load_policy(kMemory);
  const auto r = slurm(p, Names{{"ml vision"}, {"a,b"}, {}, {}}, "storage");
  BOOST_TEST(r.text.empty());
  BOOST_TEST(test::describe(r.findings) ==
             "0:0+1 error[X006] --storage-tres 'storage' cannot be a Slurm name (a TRES name is TYPE/NAME, such as "
             "license/storage)\n"
             "0:0+1 error[X006] team 'ml vision' cannot be a Slurm name: use letters, digits, '-', '_', '.' and '@'\n"
             "0:0+1 error[X006] user 'a,b' cannot be a Slurm name: use letters, digits, '-', '_', '.' and '@'\n");
}

BOOST_AUTO_TEST_CASE(no_names_is_a_warning) {
  const auto p = test::load_policy(kMemory);
  const auto r = slurm(p);
  BOOST_TEST(r.findings.size() == 2u);
  BOOST_TEST(test::describe(r.findings).substr(0, 51) == "0:0+1 warning[X004] no team or user named (--team, ");
  BOOST_TEST(lines_with(r.text, "add ") == "add qos 't'\n");
}

BOOST_AUTO_TEST_CASE(the_same_inputs_give_the_same_bytes) {
  const auto p = test::load_policy(test::read_text(test::source_path("examples/tiers.allot")), "examples/tiers.allot");
  Names a{{"ops", "ml-x"}, {"bob", "alice"}, {}, {}};
  Names b{{"ml-x", "ops", "ops"}, {"alice", "bob"}, {}, {}};
  BOOST_TEST(slurm(p, a).text == slurm(p, b).text);
}

/// The script against a stand-in sacctmgr that logs its arguments and answers "Nothing new
/// added" with status 1 to an add it has seen, as sacctmgr does: applying twice succeeds.
BOOST_AUTO_TEST_CASE(the_script_applies_twice_and_stops_at_a_real_error) {
  const auto p = test::load_policy(kMemory);
  const auto r = slurm(p, Names{{"ops"}, {"alice"}, {}, {}});
  test::TempDir dir;
  test::write_file(dir.path() / "limits.sh", r.text);
  test::write_file(dir.path() / "sacctmgr",
                   "#!/bin/sh\n"
                   "echo \"$*\" >> \"$(dirname \"$0\")/log\"\n"
                   "case \"$*\" in *fail*) echo ' Invalid TRES'; exit 1 ;; esac\n"
                   "if [ \"$2\" = add ]; then\n"
                   "  if grep -qxF -- \"$*\" \"$(dirname \"$0\")/added\" 2>/dev/null; then echo ' Nothing new added.'; exit 1; fi\n"
                   "  echo \"$*\" >> \"$(dirname \"$0\")/added\"\n"
                   "fi\n");
  const std::string fake = dir / "sacctmgr";
  const auto run = [&](const std::string& script) {
    return test::run_program("/bin/sh", {"-c", "chmod +x '" + fake + "' && SACCTMGR='" + fake + "' sh '" + script + "'"}, dir);
  };
  const auto first = run(dir / "limits.sh");
  BOOST_TEST(first.code == 0, test::describe(first));
  const auto second = run(dir / "limits.sh");
  BOOST_TEST(second.code == 0, test::describe(second));
  BOOST_TEST(second.err.empty(), second.err);
  const std::string log = test::read_text(dir / "log");
  const std::string once =
      "-i add qos t\n"
      "-i modify qos where name=t set MaxTRESPerUser=cpu=-1,mem=488281,gres/gpu=-1 MaxTRESPerJob=cpu=-1,mem=-1,gres/gpu=-1 "
      "MaxTRESPerNode=cpu=-1,mem=1048576,gres/gpu=8\n"
      "-i modify cluster set GrpTRES=cpu=-1,mem=-1,gres/gpu=-1\n"
      "-i add account ops parent=root\n"
      "-i modify account where name=ops set GrpTRES=cpu=-1,mem=-1,gres/gpu=-1\n"
      "-i add user alice account=root\n"
      "-i modify user where name=alice account=root set qos=t defaultqos=t\n";
  BOOST_TEST(log == once + once);

  // Any other failure of an add stops the script with its message.
  std::string broken = r.text;
  broken.replace(broken.find("add qos 't'"), 11, "add qos 'fail'");
  test::write_file(dir.path() / "broken.sh", broken);
  const auto failed = run(dir / "broken.sh");
  BOOST_TEST(failed.code == 1, test::describe(failed));
  BOOST_TEST(failed.err == " Invalid TRES\n");
}

BOOST_AUTO_TEST_SUITE_END()
