// `ael repl` with piped stdin: entries are read without prompts.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ael::test {
namespace {

CommandResult repl(const std::string& input) { return run_cli("repl", input); }

TEST(ReplPiped, EnvironmentPersistsAndValuesArePrinted) {
  const CommandResult r =
      repl("let x = 2\nx * 3\n\"text\"\nfn f(a) = a + x\nf(10)\nnone\nprint(\"p\")\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "6\n\"text\"\n12\np\n");
  EXPECT_EQ(r.err, "");
}

TEST(ReplPiped, MultiLineEntriesWhileBracketsAreOpen) {
  const CommandResult r = repl(
      "fn g(a) {\n  let b = a * 2\n  b + 1\n}\ng(4)\n[1,\n 2,\n 3]\nlet r = {\n  a: 1\n}\nr.a\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "9\n[1, 2, 3]\n1\n");
}

TEST(ReplPiped, AnErrorNeverEndsTheSession) {
  const CommandResult r = repl("1 / 0\nlet = 3\nnope\n2 + 2\n");
  EXPECT_EQ(r.out, "4\n");
  EXPECT_NE(r.err.find("<stdin>:1:1: error: division by zero"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown name 'nope'"), std::string::npos) << r.err;
  EXPECT_EQ(r.exit_code, 1);  // piped sessions report that something failed
}

// Piped input is numbered like a file, so an error names the line it is on.
TEST(ReplPiped, DiagnosticsNameTheInputLine) {
  const CommandResult r = repl("let a = 1\nlet b = [1,\n  2]\nb + nope\n");
  EXPECT_NE(r.err.find("<stdin>:4:5: error: unknown name 'nope'"), std::string::npos) << r.err;
}

// `)(` cannot become valid by reading more: it is reported, and the next line is read
// as a new entry instead of continuing a broken one.
TEST(ReplPiped, AnEntryThatCannotBeCompletedIsReportedAtOnce) {
  const CommandResult r = repl(")(\n40 + 2\n");
  EXPECT_EQ(r.out, "42\n");
  EXPECT_NE(r.err.find("<stdin>:1:1"), std::string::npos) << r.err;
  EXPECT_EQ(r.exit_code, 1);
}

TEST(ReplPiped, HelpTypeGlobalsAndUnknownCommands) {
  const CommandResult r =
      repl(":help\nlet n = 3\n:type n\n:type [1, 2]\n:type 1.5 * 2\n:globals\n:bogus\n");
  EXPECT_NE(r.out.find(":type EXPR"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("int\nlist[2] of int\nfloat\nn\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "unknown command ':bogus' (:help lists them)\n");
}

// :explain, :graph and :gradcheck inspect a compiled model; they are not kept for :save.
TEST(ReplPiped, ExplainGraphAndGradcheckAModel) {
  const std::string dot = temp_dir("repl-graph") + "/m.dot";
  const CommandResult r = run_cli(
      "repl",
      "model AE(x: 3) { out = x |> dense(2) |> tanh |> dense(3) }\n"
      "let d = gaussian_mixture(n: 20, dim: 3, seed: 1)\n"
      "let m = train AE on d { loss = mse(out, x); optimizer = adam(); epochs = 1; seed = 1; "
      "progress = false }\n"
      ":explain m\n:graph m > " +
          dot + "\n:gradcheck m, d\n:gradcheck init(AE), d\n:graph\n:explain AE\n");
  EXPECT_NE(r.out.find("%4 = tanh(%3) : 2xB"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wrote " + dot), std::string::npos) << r.out;
  const std::string text = read_text(dot);
  EXPECT_EQ(text.rfind("digraph model {", 0), 0u) << text;
  EXPECT_NE(text.find("n3 -> n4;"), std::string::npos) << text;
  EXPECT_NE(r.out.find("worst relative error"), std::string::npos) << r.out;
  // A model without a loss (init) cannot be checked: the error says what it has.
  EXPECT_NE(r.err.find("no endpoint 'loss' (it has: x, out)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: :graph MODEL [> FILE]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(":explain needs a compiled model (trained, init()ed or loaded), got model"),
            std::string::npos)
      << r.err;
}

TEST(ReplPiped, TypeOfAnUnknownNameIsAnError) {
  const CommandResult r = repl(":type missing\n:type\n");
  EXPECT_NE(r.err.find("unknown name 'missing'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: :type EXPRESSION"), std::string::npos) << r.err;
}

TEST(ReplPiped, LoadRunsAFileInTheSession) {
  const std::string dir = temp_dir("repl-load");
  write_text(dir + "/lib.ael", "let loaded = 40\nfn plus2(x) = x + 2\nprint(\"loading\")\n");
  const CommandResult r =
      repl(":load " + dir + "/lib.ael\nplus2(loaded)\n:load " + dir + "/missing.ael\n1\n");
  EXPECT_EQ(r.out, "loading\n42\n1\n");
  EXPECT_NE(r.err.find("cannot open script"), std::string::npos) << r.err;
}

TEST(ReplPiped, QuitStopsReading) {
  const CommandResult r = repl("1\n:quit\nprint(\"not reached\")\n");
  EXPECT_EQ(r.out, "1\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(repl("1\n:q\n2\n").out, "1\n");
}

TEST(ReplPiped, InputEndingInsideAnEntryIsReported) {
  const CommandResult r = repl("1\n[1, 2\n");
  EXPECT_EQ(r.out, "1\n");
  EXPECT_NE(r.err.find("unexpected end of input"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ael::test
