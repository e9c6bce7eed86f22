// The AEL stdlib modules (stdlib/*.ael) through `import std.x`.
#include "eval_helpers.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

TEST(StdStats, SummaryStatistics) {
  Session s;
  s.run("from std.stats import mean, variance, std, median, quantile, argmin, argmax, summary");
  EXPECT_EQ(s.eval("mean([1, 2, 3, 4])").repr(), "2.5");
  EXPECT_EQ(s.eval("mean(0..=10)").repr(), "5.0");
  EXPECT_EQ(s.eval("variance([1, 2, 3, 4])").repr(), "1.25");
  EXPECT_EQ(s.eval("variance([1, 2, 3, 4], ddof: 1)").repr(), "1.6666666666666667");
  EXPECT_EQ(s.eval("std([2, 4, 4, 4, 5, 5, 7, 9])").repr(), "2.0");
  EXPECT_EQ(s.eval("[median([3, 1, 2]), median([4, 1, 2, 3]), median([7])]").repr(),
            "[2.0, 2.5, 7.0]");
  EXPECT_EQ(s.eval("[quantile([1, 2, 3, 4, 5], 0), quantile([1, 2, 3, 4, 5], 0.25), "
                   "quantile([1, 2, 3, 4, 5], 1)]")
                .repr(),
            "[1, 2.0, 5]");
  EXPECT_EQ(s.eval("[argmin([3, 1, 1, 2]), argmax([3, 9, 9, 0]), argmin([5])]").repr(),
            "[1, 1, 0]");
  EXPECT_EQ(s.eval("summary([1, 2, 3, 4])").repr(),
            "{n: 4, mean: 2.5, std: 1.118033988749895, min: 1, median: 2.5, max: 4}");
}

TEST(StdStats, ErrorsNameTheFunction) {
  Session s;
  s.run("import std.stats as st");
  EXPECT_EQ(s.error_message("st.mean([])"), "mean() needs at least 1 value(s), got 0");
  EXPECT_EQ(s.error_message("st.variance([1], ddof: 1)"),
            "variance() needs at least 2 value(s), got 1");
  EXPECT_EQ(s.error_message("st.median([1, \"a\"])"),
            "quantile() needs numbers, got a string: \"a\"");
  EXPECT_EQ(s.error_message("st.quantile([1], 2)"), "quantile() needs 0 <= q <= 1, got 2");
}

TEST(StdStrings, Padding) {
  Session s;
  s.run("from std.strings import pad, repeat");
  EXPECT_EQ(s.eval("pad(\"ab\", 5) + \"|\"").repr(), "\"ab   |\"");
  EXPECT_EQ(s.eval("pad(42, 5, align: \"right\")").repr(), "\"   42\"");
  EXPECT_EQ(s.eval("pad(\"x\", 6, align: \"center\", fill: \"*\")").repr(), "\"**x***\"");
  EXPECT_EQ(s.eval("pad(\"toolong\", 3)").repr(), "\"toolong\"");
  EXPECT_EQ(s.eval("repeat(\"ab\", 3)").repr(), "\"ababab\"");
  EXPECT_EQ(s.error_message("pad(\"x\", 3, align: \"middle\")"),
            "pad() align must be \"left\", \"right\" or \"center\", got \"middle\"");
  EXPECT_EQ(s.error_message("pad(\"x\", 3, fill: \"ab\")"),
            "pad() needs a one-character fill, got \"ab\"");
}

TEST(StdStrings, TablesFromListsAndRecords) {
  Session s;
  s.run("from std.strings import table");
  EXPECT_EQ(s.eval("table([[\"adam\", 0.0123456, 10], [\"de\", 0.5, 200]], "
                   "headers: [\"optimizer\", \"loss\", \"steps\"])")
                .as_string(),
            "optimizer  loss     steps\n"
            "---------  -------  -----\n"
            "adam       0.01235     10\n"
            "de             0.5    200");
  EXPECT_EQ(s.eval("table([{name: \"a\", v: 1.5}, {name: \"bbb\", v: 22}], digits: 2)").as_string(),
            "name  v  \n"
            "----  ---\n"
            "a     1.5\n"
            "bbb    22");
  EXPECT_EQ(s.eval("table([[1, 2]])").as_string(), "1  2");
  EXPECT_EQ(s.eval("table([])").as_string(), "");
  EXPECT_EQ(s.error_message("table([[1, 2], [3]])"),
            "table() rows must all have 2 cells, got a row with 1");
}

TEST(StdSweep, GridIsTheProductWithTheFirstSettingSlowest) {
  Session s;
  s.run("from std.sweep import grid");
  EXPECT_EQ(s.eval("grid({a: [1, 2], b: [\"x\", \"y\"]})").repr(),
            "[{a: 1, b: \"x\"}, {a: 1, b: \"y\"}, {a: 2, b: \"x\"}, {a: 2, b: \"y\"}]");
  EXPECT_EQ(s.eval("len(grid({a: 0..3, b: [1, 2], c: [true]}))"), Value(std::int64_t{6}));
  EXPECT_NE(s.error_message("grid({a: []})").find("setting 'a' has no values"), std::string::npos);
  EXPECT_NE(s.error_message("grid([1])").find("grid() takes a record of settings"),
            std::string::npos);
}

TEST(StdSweep, SweepRunsTheTrialPerPointIndependentOfThreads) {
  const std::string dir = temp_dir("ael_sweep");
  const std::string script =
      "from std.sweep import grid, sweep\n"
      "model LineAE(x: 2) {\n  code = dense(x, 1)\n  out = dense(code, 2)\n}\n"
      "let pts = points_on_line(slope: 0.5, n: 200, seed: 1)\n"
      "fn trial(p) = train LineAE on pts { loss = mse(out, x); optimizer = adam(lr: p.lr); "
      "epochs = 2; batch = 40; seed = p.seed }.loss\n"
      "let rows = sweep(trial, grid({lr: [1e-3, 1e-2], seed: [1, 2]}), csv: \"" +
      dir + "/sweep.csv\")\n";
  EngineConfig one, two;
  one.threads = 1;
  two.threads = 2;
  Session a(one), b(two);
  a.run(script);
  b.run(script);
  EXPECT_EQ(a.eval("rows"), b.eval("rows"));
  EXPECT_EQ(a.eval("len(rows)"), Value(std::int64_t{4}));
  EXPECT_EQ(a.eval("keys(rows[3])").repr(), "[\"lr\", \"seed\", \"result\"]");
  EXPECT_NE(a.eval("rows[0].result"), a.eval("rows[1].result"));  // the seed took effect
  const std::string csv = read_text(dir + "/sweep.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "lr,seed,result");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
}

TEST(StdSweep, OnErrorSkipKeepsTheOtherPoints) {
  const std::string dir = temp_dir("ael_sweep_skip");
  Session s;
  s.run(
      "from std.sweep import grid, sweep\n"
      "fn trial(p) = if p.a == 2 { error(\"bad point\") } else { {loss: p.a * 10} }\n"
      "let rows = sweep(trial, grid({a: [1, 2, 3]}), on_error: \"skip\", csv: \"" +
      dir + "/skip.csv\")\n");
  EXPECT_EQ(s.eval("rows").repr(),
            "[{a: 1, loss: 10, error: none}, {a: 2, error: \"bad point\"}, "
            "{a: 3, loss: 30, error: none}]");
  EXPECT_EQ(s.take_output(), "sweep: 1 of 3 points failed (their rows have an error)\n");
  EXPECT_EQ(read_text(dir + "/skip.csv"), "a,loss,error\n1,10,\n2,,bad point\n3,30,\n");
  // The default stops at the failing point and names it.
  const Diagnostic d = s.error("sweep(trial, grid({a: [1, 2, 3]}))");
  EXPECT_EQ(d.message, "bad point");
  EXPECT_NE(d.render().find("(p = {a: 2})"), std::string::npos) << d.render();
  EXPECT_NE(s.error("sweep(trial, [{a: 1}], on_error: \"ignore\")").message.find("on_error"),
            std::string::npos);
}

TEST(Records, RecordFromPairsAndNoInterpolatedKeys) {
  EXPECT_EQ(repr_of("record([[\"a\", 1], [\"b c\", [2]]])"), "{a: 1, \"b c\": [2]}");
  EXPECT_EQ(repr_of("let r = {x: 1, y: 2}\nrecord(zip(keys(r), values(r))) == r"), "true");
  EXPECT_NE(error_of("record([[\"a\", 1], [\"a\", 2]])").find("duplicate field 'a'"),
            std::string::npos);
  EXPECT_NE(error_of("record([1])").find("[name, value] pairs"), std::string::npos);
  EXPECT_NE(error_of("let k = 1\n{\"${k}\": 1}").find("not interpolated"), std::string::npos);
}

}  // namespace
}  // namespace ael::test
