// The walker under `allot completion`: what it reads out of a CLI11 app, exactly.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "cli/completion.hpp"

using namespace allot::cli::completion;
using Names = std::vector<std::string>;

namespace {

/// A small app with one option of each kind.
struct Fixture {
  CLI::App app{"test", "tool"};
  std::string color_, policy_, format_, tier_, out_;
  std::vector<std::string> paths_, excludes_;
  unsigned jobs_ = 0;
  bool quiet_ = false;
  Fixture() {
    app.add_option("--color", color_, "Colour: auto, always\nmore")->check(CLI::IsMember({"auto", "always", "never"}));
    auto* run = app.add_subcommand("run", "Run it");
    run->add_option("-p,--policy", policy_, "The policy");
    run->add_option("-f,--format", format_, "Format")->check(CLI::IsMember({"text", "json"}));
    run->add_option("--tier", tier_, "A tier");
    run->add_option("-o,--output", out_, "A file");
    run->add_option("--exclude", excludes_, "Globs");
    run->add_option("-j,--jobs", jobs_, "Threads")->check(CLI::Range(0u, 8u));
    run->add_flag("-q,--quiet", quiet_, "Quiet");
    run->add_option("PATH", paths_, "Paths");
  }
};

const Argument& find(const std::vector<Argument>& list, const std::string& name) {
  for (const auto& a : list)
    for (const auto& n : a.names)
      if (n == name) return a;
  BOOST_FAIL("no argument " + name);
  return list.front();
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_walker_reads_commands_options_values_and_positionals, Fixture) {
  const Command root = describe(app);
  BOOST_TEST(root.name == "tool");
  BOOST_TEST(root.help == "test");
  const auto& color = find(root.options, "--color");
  BOOST_TEST(color.names == Names({"--color"}));
  BOOST_TEST(color.help == "Colour: auto, always");  // the first line only
  BOOST_TEST(static_cast<int>(color.value) == static_cast<int>(Value::choice));
  BOOST_TEST(color.choices == Names({"auto", "always", "never"}));
  BOOST_TEST(find(root.options, "--help").names == Names({"-h", "--help"}));

  BOOST_TEST_REQUIRE(root.commands.size() == 1u);
  const Command& run = root.commands[0];
  BOOST_TEST(run.name == "run");
  BOOST_TEST(run.help == "Run it");
  const auto value = [&](const std::string& n) { return static_cast<int>(find(run.options, n).value); };
  BOOST_TEST(value("--policy") == static_cast<int>(Value::policy));
  BOOST_TEST(value("--format") == static_cast<int>(Value::choice));
  BOOST_TEST(find(run.options, "-f").choices == Names({"text", "json"}));
  BOOST_TEST(value("--tier") == static_cast<int>(Value::text));
  BOOST_TEST(value("--output") == static_cast<int>(Value::file));
  BOOST_TEST(value("--jobs") == static_cast<int>(Value::text));  // a number
  BOOST_TEST(value("--quiet") == static_cast<int>(Value::flag));
  BOOST_TEST(find(run.options, "--exclude").repeatable);
  BOOST_TEST(!find(run.options, "--output").repeatable);
  BOOST_TEST_REQUIRE(run.positionals.size() == 1u);
  BOOST_TEST(run.positionals[0].names == Names({"PATH"}));
  BOOST_TEST(static_cast<int>(run.positionals[0].value) == static_cast<int>(Value::file));
  BOOST_TEST(run.positionals[0].repeatable);
}

// The values come from CLI11's description of IsMember ("TEXT:{a,b}"): if a CLI11 release
// describes it otherwise, this fails first.
BOOST_AUTO_TEST_CASE(choices_come_from_the_is_member_check) {
  CLI::App app;
  std::string s;
  auto* o = app.add_option("--x", s)->check(CLI::IsMember({"pack", "strict-pack"}));
  BOOST_TEST(choices_of(*o) == Names({"pack", "strict-pack"}));
  auto* plain = app.add_option("--y", s);
  BOOST_TEST(choices_of(*plain).empty());
  auto* range = app.add_option("--z", s)->check(CLI::Range(0, 3));
  BOOST_TEST(choices_of(*range).empty());
}

BOOST_FIXTURE_TEST_CASE(every_script_names_every_option_and_value, Fixture) {
  const Command root = describe(app);
  for (const auto& script : {bash_script(root), zsh_script(root), fish_script(root)}) {
    for (const char* word : {"run", "policy", "format", "tier", "output", "exclude", "jobs", "quiet", "never", "json"})
      BOOST_TEST(script.find(word) != std::string::npos, word);
  }
  BOOST_TEST(bash_script(root).find("complete -F _tool tool\n") != std::string::npos);
  BOOST_TEST(zsh_script(root).rfind("#compdef tool\n", 0) == 0);
  BOOST_TEST(fish_script(root).find("complete -c tool -n '__fish_seen_subcommand_from run' -s f -l format -x -a 'text json' -d 'Format'\n") != std::string::npos);
}
