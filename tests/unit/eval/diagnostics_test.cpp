// Diagnostics as data: locations, source lines, notes and the AEL call stack.
#include "eval_helpers.hpp"

namespace ael::test {
namespace {

TEST(Diagnostics, RuntimeErrorInNestedCallsCarriesTheStack) {
  Session s;
  const Diagnostic d = s.error(
      "fn inner(x) = x / 0\n"
      "fn middle(x) = inner(x) + 1\n"
      "fn outer(x) = middle(x) * 2\n"
      "outer(1)\n");
  EXPECT_EQ(d.message, "division by zero");
  EXPECT_EQ(d.location.file, "test.ael");
  EXPECT_EQ(d.location.line, 1);
  EXPECT_EQ(d.location.column, 15);
  EXPECT_EQ(d.location.end_column, 20);
  EXPECT_EQ(d.source_line, "fn inner(x) = x / 0");
  ASSERT_EQ(d.stack.size(), 3u);
  EXPECT_EQ(d.stack[0].function, "inner");
  EXPECT_EQ(d.stack[0].location.line, 2);
  EXPECT_EQ(d.stack[0].location.column, 16);
  EXPECT_EQ(d.stack[1].function, "middle");
  EXPECT_EQ(d.stack[1].location.line, 3);
  EXPECT_EQ(d.stack[2].function, "outer");
  EXPECT_EQ(d.stack[2].location.line, 4);
  EXPECT_EQ(d.render(),
            "test.ael:1:15: error: division by zero\n"
            " 1 | fn inner(x) = x / 0\n"
            "   |               ^~~~~\n"
            "  in inner, called at test.ael:2:16\n"
            "  in middle, called at test.ael:3:15\n"
            "  in outer, called at test.ael:4:1\n");
}

TEST(Diagnostics, ALongSourceLineIsShownAsAWindowAroundTheColumn) {
  // A generated script's one long line: the message shows 160 characters around the
  // error, with the caret still under it, not the whole line.
  Session s;
  std::string line = "let y = 1";
  for (int i = 0; i < 5000; ++i) line += " + 1";
  line += " + zzz + 2";
  const Diagnostic d = s.error(line + "\n");
  const std::string text = d.render(false);
  EXPECT_LT(text.size(), 600u) << text;
  std::vector<std::string> lines;
  for (std::size_t at = 0, nl; (nl = text.find('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back(text.substr(at, nl - at));
  ASSERT_GE(lines.size(), 3u) << text;
  EXPECT_EQ(lines[1].rfind(" 1 | ...", 0), 0u) << lines[1];
  EXPECT_LE(lines[1].size(), 8u + 160u) << lines[1];
  EXPECT_EQ(lines[1].substr(lines[1].size() - 10), " + zzz + 2") << "the window reaches the end";
  const std::size_t caret = lines[2].find('^');
  ASSERT_NE(caret, std::string::npos) << text;
  EXPECT_EQ(lines[1].substr(caret, 3), "zzz") << text;
}

TEST(Builtins, OneNameOneFunction) {
  // concat, describe and shuffle were each registered twice, the later hiding the earlier:
  // registration now refuses a second definition, and each dispatches on its input.
  EXPECT_EQ(repr_of("let a = two_moons(n: 4, seed: 1)\nlet b = two_moons(n: 6, seed: 2)\n"
                    "concat(a, b).samples"),
            "10");
  EXPECT_EQ(repr_of("describe([1, 2])"), "\"list[2] of int\"");
  EXPECT_EQ(repr_of("len(shuffle([1, 2, 3], seed: 1))"), "3");
}

TEST(Builtins, DescribeShowsWhatAnObjectHolds) {
  // A plugin value: its family and call, every option with the value the run will use.
  const std::string ea = Session().eval("describe(ea(sigma: 0.3))").as_string();
  EXPECT_EQ(ea.substr(0, ea.find('\n')), "population optimizer ea(sigma: 0.3)");
  EXPECT_NE(ea.find("\n  sigma       0.3\n"), std::string::npos) << ea;
  EXPECT_NE(ea.find("\n  strategy    \"comma\"  (default)\n"), std::string::npos) << ea;
  const std::string adam =
      Session().eval("describe(adam(lr: cosine(0.01, 0, 10), epochs: 3))").as_string();
  EXPECT_NE(adam.find("adam(lr: <schedule cosine 0.01 -> 0.0 over 10.0 epochs>, epochs: 3)"),
            std::string::npos)
      << adam;
  EXPECT_NE(adam.find("\n  beta1         0.9  (default)"), std::string::npos) << adam;
  // Other objects: their summary and the fields a script can read.
  EXPECT_EQ(repr_of("describe(expr(\"x + 1\"))").substr(0, 28), "\"expression x + 1 (fields: s");
  EXPECT_EQ(repr_of("describe(two_moons(n: 4, seed: 1))"),
            "\"<dataset 4 x 2: x, y> (fields: rows, cols, samples, features, names, shape)\"");
}

TEST(Diagnostics, BuiltinFramesAreHidden) {
  Session s;
  const Diagnostic d = s.error("fn bad(x) = x / 0\nmap(bad, [1])");
  ASSERT_EQ(d.stack.size(), 1u);
  EXPECT_EQ(d.stack[0].function, "bad");
}

TEST(Diagnostics, CheckerReportsEveryProblemBeforeRunning) {
  Session s;
  Result r = s.interp().run_string(
      "print(\"never\")\nlet total = 0\nprint(totl)\nfn f(a) = a\nf(b: 1)\nundeclared = 2\n",
      "multi.ael");
  ASSERT_FALSE(r.ok);
  ASSERT_EQ(r.diagnostics.size(), 3u) << Session::render(r);
  EXPECT_EQ(r.diagnostics[0].message, "unknown name 'totl'; did you mean 'total'?");
  EXPECT_EQ(r.diagnostics[1].message, "f() has no parameter 'b'");
  EXPECT_EQ(r.diagnostics[2].message,
            "assignment to undeclared name 'undeclared' (declare it with let)");
  EXPECT_EQ(s.take_output(), "");
}

TEST(Diagnostics, SuggestionsSkipVeryShortNames) {
  EXPECT_EQ(error_of("let xy = 1\nprint(xz)"), "unknown name 'xz'");
  EXPECT_EQ(error_of("let learning_rate = 1\nprint(learnin_rate)"),
            "unknown name 'learnin_rate'; did you mean 'learning_rate'?");
  EXPECT_EQ(error_of("prnt(1)"), "unknown name 'prnt'; did you mean 'print'?");
}

TEST(Diagnostics, UnknownTrainSettingIsCheckedStatically) {
  EXPECT_EQ(error_of("let d = 1\nlet m = 2\ntrain m on d { epoch = 3 }"),
            "unknown train setting 'epoch'; did you mean 'epochs'?");
  // Other frameworks' names, too far for an edit distance, still get an answer.
  EXPECT_EQ(error_of("let d = 1\nlet m = 2\ntrain m on d { batch_size = 3 }"),
            "unknown train setting 'batch_size'; did you mean 'batch'?");
  EXPECT_EQ(error_of("let d = 1\nlet m = 2\ntrain m on d { learning_rate = 3 }"),
            "unknown train setting 'learning_rate'; the learning rate is an option of the "
            "optimizer: optimizer = adam(lr: 1e-3)");
  EXPECT_EQ(error_of("let d = 1\nlet m = 2\ntrain m on d { patience = 3 }"),
            "unknown train setting 'patience'; did you mean 'early_stop'?");
}

TEST(Diagnostics, ErrorsFromNativeFunctionsAreLocatedAtTheCall) {
  Session s;
  s.interp().define("explode", {}, [](Args&) -> Value { throw Error("boom"); });
  s.interp().define("crash", {}, [](Args&) -> Value { throw std::runtime_error("low level"); });
  Diagnostic d = s.error("let a = 1\n  explode()");
  EXPECT_EQ(d.message, "boom");
  EXPECT_EQ(d.location.line, 2);
  EXPECT_EQ(d.location.column, 3);
  EXPECT_EQ(s.error_message("crash()"), "crash(): low level");
}

TEST(Diagnostics, ColorRenderingAddsAnsiCodes) {
  Session s;
  const Diagnostic d = s.error("1 / 0");
  EXPECT_EQ(d.render(false).find('\033'), std::string::npos);
  EXPECT_NE(d.render(true).find("\033[1;31m"), std::string::npos);
}

}  // namespace
}  // namespace ael::test
