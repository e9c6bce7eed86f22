// `ael` exit codes: 0 success, 1 script error, 2 usage error.
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.hpp"

namespace ael::test {
namespace {

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("cli-test");
    unsetenv("AEL_QUICK");  // the child inherits our environment
  }
  std::string script(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    write_text(path, text);
    return "'" + path + "'";
  }
  std::string dir_;
};

TEST_F(Cli, RunSuccessIsZero) {
  const CommandResult r = run_cli("run " + script("ok.ael", "print(\"hello\", 1 + 2)\n"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello 3\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(Cli, ScriptErrorsAreOne) {
  const CommandResult runtime =
      run_cli("run " + script("rt.ael", "print(\"before\")\nlet x = 1 / 0\n"));
  EXPECT_EQ(runtime.exit_code, 1);
  EXPECT_EQ(runtime.out, "before\n");
  EXPECT_NE(runtime.err.find("rt.ael:2:9: error: division by zero"), std::string::npos)
      << runtime.err;

  const CommandResult syntax = run_cli("run " + script("syn.ael", "let = 1\n"));
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(syntax.err.find("error: unexpected '='"), std::string::npos) << syntax.err;

  const CommandResult checked = run_cli("run " + script("chk.ael", "print(\"no\")\nprint(nope)\n"));
  EXPECT_EQ(checked.exit_code, 1);
  EXPECT_EQ(checked.out, "");  // the checker stops it before anything runs
}

TEST_F(Cli, ADashOrDevStdinReadsTheScriptFromStandardInput) {
  const CommandResult dash = run_cli("run -", "let x = 20\nprint(x * 2 + 2)\n");
  EXPECT_EQ(dash.exit_code, 0) << dash.err;
  EXPECT_EQ(dash.out, "42\n");

  const CommandResult dev = run_cli("run /dev/stdin", "print(\"piped\")\n");
  EXPECT_EQ(dev.exit_code, 0) << dev.err;
  EXPECT_EQ(dev.out, "piped\n");

  const CommandResult error = run_cli("run -", "print(1)\nprint(nope)\n");
  EXPECT_EQ(error.exit_code, 1);
  EXPECT_EQ(error.out, "");  // checked whole before it runs, as a file is
  EXPECT_NE(error.err.find("<stdin>:2:7: error: unknown name 'nope'"), std::string::npos)
      << error.err;

  const CommandResult checked = run_cli("check -", "print(nope)\n");
  EXPECT_EQ(checked.exit_code, 1);
  EXPECT_NE(checked.err.find("<stdin>:1:7"), std::string::npos) << checked.err;
}

TEST_F(Cli, UsageErrorsAreTwo) {
  const CommandResult unknown = run_cli("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out << unknown.err;

  const CommandResult missing = run_cli("run '" + dir_ + "/does-not-exist.ael'");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "ael: cannot open script '" + dir_ + "/does-not-exist.ael'\n");

  const CommandResult directory = run_cli("run '" + dir_ + "'");
  EXPECT_EQ(directory.exit_code, 2);

  const CommandResult bad_option = run_cli("run --bogus " + script("ok2.ael", "1\n"));
  EXPECT_EQ(bad_option.exit_code, 2);
  EXPECT_NE(bad_option.err.find("--bogus"), std::string::npos) << bad_option.err;

  const CommandResult no_file = run_cli("run");
  EXPECT_EQ(no_file.exit_code, 2);

  const CommandResult bad_value = run_cli("run --threads -3 " + script("ok3.ael", "1\n"));
  EXPECT_EQ(bad_value.exit_code, 2);
  const CommandResult bad_seed = run_cli("run --seed abc " + script("ok4.ael", "1\n"));
  EXPECT_EQ(bad_seed.exit_code, 2);
}

TEST_F(Cli, VersionAndHelpAreZero) {
  const CommandResult version = run_cli("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("ael ", 0), 0u) << version.out;
  const CommandResult help = run_cli("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("run"), std::string::npos);
  EXPECT_NE(help.out.find("repl"), std::string::npos);
}

TEST_F(Cli, CheckDoesNotRun) {
  const CommandResult ok = run_cli("check " + script("c.ael", "print(\"side effect\")\n"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "");
  const CommandResult bad =
      run_cli("check " + script("c2.ael", "fn f(a) = a\nf(1, 2)\nprint(zz)\n"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("f() takes 1 argument but 2 were given"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("unknown name 'zz'"), std::string::npos) << bad.err;
}

TEST_F(Cli, SeedAndQuickReachScripts) {
  const std::string s = script("cfg.ael", "print(seed, quick)\n");
  EXPECT_EQ(run_cli("run " + s).out, "0 false\n");
  EXPECT_EQ(run_cli("run --seed 42 --quick " + s).out, "42 true\n");
  EXPECT_EQ(run_cli("run " + s + " --seed 7").out, "7 false\n");
  const std::string draws = script("draws.ael", "print(random())\n");
  EXPECT_EQ(run_cli("run --seed 1 " + draws).out, run_cli("run --seed 1 " + draws).out);
  EXPECT_NE(run_cli("run --seed 1 " + draws).out, run_cli("run --seed 2 " + draws).out);
}

TEST_F(Cli, ErrorsAreNotColouredWhenStderrIsAFile) {
  const CommandResult r = run_cli("run " + script("plain.ael", "1 / 0\n"));
  EXPECT_EQ(r.err.find('\033'), std::string::npos);
}

}  // namespace
}  // namespace ael::test

namespace ael::test {
namespace {

TEST(CliRegression, InvalidUtf8IsAScriptErrorNotAnAbort) {
  const CommandResult r =
      run_cli("run '" + source_path("tests/fuzz/regressions/invalid_utf8_identifier.ael") + "'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("source is not valid UTF-8 (byte 0xFD)"), std::string::npos) << r.err;
}

TEST_F(Cli, ScriptArgumentsAfterTheDoubleDash) {
  const std::string s = script("args.ael",
                               "let args = arguments({lr: 1e-3, epochs: 20, name: \"base\"})\n"
                               "print(args.lr, args.epochs + 1, args.name)\n");
  const CommandResult given = run_cli("run " + s + " -- lr=3e-4 epochs=5 name=wide");
  EXPECT_EQ(given.exit_code, 0) << given.err;
  EXPECT_EQ(given.out, "0.0003 6 wide\n");
  EXPECT_EQ(run_cli("run " + s).out, "0.001 21 base\n");

  const CommandResult unknown = run_cli("run " + s + " -- lrr=1");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("args.ael:1:22: error: unknown script argument 'lrr'; did you mean "
                             "'lr'?"),
            std::string::npos)
      << unknown.err;
  const CommandResult malformed = run_cli("run " + s + " -- lr");
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("script arguments are name=value"), std::string::npos)
      << malformed.err;
  const CommandResult unread =
      run_cli("run " + script("none.ael", "print(\"ran\")\n") + " -- lr=1");
  EXPECT_EQ(unread.exit_code, 1);
  EXPECT_EQ(unread.out, "");  // refused before it ran
  EXPECT_NE(unread.err.find("the script takes no arguments"), std::string::npos) << unread.err;
}

}  // namespace
}  // namespace ael::test
