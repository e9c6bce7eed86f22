// Builtin math, collection, string and random functions.

#include <filesystem>
#include <set>

#include "eval_helpers.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

TEST(MathBuiltins, ElementaryFunctions) {
  EXPECT_EQ(repr_of("sqrt(16)"), "4.0");
  EXPECT_EQ(repr_of("abs(-3)"), "3.0");  // elementwise math returns floats
  EXPECT_EQ(repr_of("abs(-2.5)"), "2.5");
  EXPECT_EQ(repr_of("exp(0)"), "1.0");
  EXPECT_EQ(repr_of("log(e)"), "1.0");
  EXPECT_EQ(repr_of("floor(2.7)"), "2");
  EXPECT_EQ(repr_of("ceil(2.1)"), "3");
  EXPECT_EQ(repr_of("round(2.5)"), "3");
  EXPECT_EQ(repr_of("[sin(0), cos(0)]"), "[0.0, 1.0]");
  EXPECT_EQ(repr_of("atan2(1, 1) * 4 == pi"), "true");
  EXPECT_EQ(repr_of("hypot(3, 4)"), "5.0");
  EXPECT_EQ(repr_of("pow(2, 10)"), "1024");
  EXPECT_EQ(repr_of("clamp(5, 0, 3)"), "3.0");
  EXPECT_EQ(repr_of("[min(3, 1, 2), max([4, 9, 2]), min(1.5, 2)]"), "[1, 9, 1.5]");
  EXPECT_EQ(repr_of("[is_nan(nan), is_finite(inf), sign(-3.0), relu(-1), sigmoid(0)]"),
            "[true, false, -1.0, 0.0, 0.5]");
  EXPECT_EQ(repr_of("tau == 2 * pi"), "true");
}

TEST(MathBuiltins, DegreesConvertToRadians) {
  // deg(30) is "30 degrees" in radians, for tan(deg(30)) in slope arguments.
  EXPECT_EQ(repr_of("abs(deg(180) - pi) < 1e-15"), "true");
  EXPECT_EQ(repr_of("abs(tan(deg(45)) - 1) < 1e-12"), "true");
  EXPECT_EQ(repr_of("abs(degrees(pi / 2) - 90) < 1e-12"), "true");
}

TEST(MathBuiltins, DomainErrors) {
  EXPECT_EQ(error_of("sqrt(-1)"), "square root of a negative number (-1)");
  EXPECT_EQ(error_of("log(0)"), "log of zero (0)");
  EXPECT_EQ(error_of("log(-2.0)"), "log of a negative number (-2.0)");
  EXPECT_EQ(error_of("asin(2)"), "argument outside [-1, 1] (2)");
  EXPECT_EQ(error_of("sin(\"x\")"), "sin() does not accept a string");
  EXPECT_EQ(error_of("min([])"), "min() of nothing");
}

TEST(CollectionBuiltins, ListFunctions) {
  EXPECT_EQ(repr_of("len([1, 2, 3])"), "3");
  EXPECT_EQ(repr_of("list(range(4))"), "[0, 1, 2, 3]");
  EXPECT_EQ(repr_of("list(range(2, 10, 3))"), "[2, 5, 8]");
  EXPECT_EQ(repr_of("append([1], 2)"), "[1, 2]");
  EXPECT_EQ(repr_of("reverse([1, 2, 3])"), "[3, 2, 1]");
  EXPECT_EQ(repr_of("sort([3, 1, 2])"), "[1, 2, 3]");
  EXPECT_EQ(repr_of("sort([3, 1, 2], reverse: true)"), "[3, 2, 1]");
  EXPECT_EQ(repr_of("sort([\"bb\", \"a\", \"ccc\"], key: len)"), "[\"a\", \"bb\", \"ccc\"]");
  EXPECT_EQ(repr_of("sum([1, 2, 3])"), "6");
  EXPECT_EQ(repr_of("sum([0.5, 0.25], start: 1)"), "1.75");
  EXPECT_EQ(repr_of("mean([1, 2, 3, 4])"), "2.5");
  EXPECT_EQ(repr_of("map(fn(x) => x * 2, [1, 2])"), "[2, 4]");
  EXPECT_EQ(repr_of("filter(fn(x) => x > 1, [1, 2, 3])"), "[2, 3]");
  EXPECT_EQ(repr_of("reduce(fn(a, x) => a * x, [1, 2, 3, 4], 1)"), "24");
  EXPECT_EQ(repr_of("[any([false, true]), all([true, false]), any([]), all([])]"),
            "[true, false, false, true]");
  EXPECT_EQ(repr_of("[contains([1, 2], 2), contains(\"hello\", \"ell\"), contains({a: 1}, \"b\")]"),
            "[true, true, false]");
  EXPECT_EQ(repr_of("[index_of([5, 6, 7], 7), index_of([5], 1)]"), "[2, -1]");
  EXPECT_EQ(repr_of("zip([1, 2, 3], [\"a\", \"b\"])"), "[[1, \"a\"], [2, \"b\"]]");
  EXPECT_EQ(repr_of("enumerate([\"x\", \"y\"])"), "[[0, \"x\"], [1, \"y\"]]");
  EXPECT_EQ(repr_of("flatten([[1], [2, 3], []])"), "[1, 2, 3]");
  EXPECT_EQ(repr_of("[1, 2] * 2"), "[1, 2, 1, 2]");
}

TEST(CollectionBuiltins, RecordFunctions) {
  EXPECT_EQ(repr_of("keys({a: 1, b: 2})"), "[\"a\", \"b\"]");
  EXPECT_EQ(repr_of("values({a: 1, b: 2})"), "[1, 2]");
  EXPECT_EQ(repr_of("[has({a: 1}, \"a\"), has({a: 1}, \"z\")]"), "[true, false]");
  EXPECT_EQ(repr_of("[get({a: 1}, \"a\"), get({a: 1}, \"z\", 0)]"), "[1, 0]");
  EXPECT_EQ(repr_of("merge({a: 1, b: 2}, {b: 3, c: 4})"), "{a: 1, b: 3, c: 4}");
}

TEST(CollectionBuiltins, Errors) {
  EXPECT_EQ(error_of("mean([])"), "mean() of an empty list");
  EXPECT_EQ(error_of("any([1])"), "a condition must be a bool, got int");
  EXPECT_EQ(error_of("len(3)").find("len"), 0u);
}

TEST(StringBuiltins, TextFunctions) {
  EXPECT_EQ(repr_of("split(\"a,b,,c\", \",\")"), "[\"a\", \"b\", \"\", \"c\"]");
  EXPECT_EQ(repr_of("split(\"  a  b \")"), "[\"a\", \"b\"]");
  EXPECT_EQ(repr_of("join([\"a\", \"b\"], \"-\")"), "\"a-b\"");
  EXPECT_EQ(repr_of("[upper(\"aB\"), lower(\"aB\"), strip(\"  x \")]"), "[\"AB\", \"ab\", \"x\"]");
  EXPECT_EQ(repr_of("[starts_with(\"abc\", \"ab\"), ends_with(\"abc\", \"bc\")]"), "[true, true]");
  EXPECT_EQ(repr_of("replace(\"a-b-c\", \"-\", \"+\")"), "\"a+b+c\"");
  EXPECT_EQ(repr_of("format(\"{} = {:.2f}\", \"x\", 1.5)"), "\"x = 1.50\"");
  EXPECT_EQ(repr_of("[str(1.5), repr(\"q\"), int(\"42\"), int(3.9), float(\"2.5\"), float(2)]"),
            "[\"1.5\", \"\\\"q\\\"\", 42, 3, 2.5, 2.0]");
}

TEST(CoreBuiltins, PrintWriteAssertError) {
  EXPECT_EQ(output_of("print(1, \"two\", [3])\nwrite(\"no newline\")"), "1 two [3]\nno newline");
  EXPECT_EQ(error_of("assert(1 == 2)"), "assertion failed");
  EXPECT_EQ(error_of("assert(false, \"custom ${1 + 1}\")"), "custom 2");
  EXPECT_EQ(error_of("assert(1)"), "assert() needs a bool condition, got int");
  EXPECT_EQ(error_of("error(\"stop here\")"), "stop here");
}

TEST(RandomBuiltins, SeededAndReproducible) {
  EngineConfig c;
  c.seed = 11;
  Session a(c), b(c);
  const std::string src =
      "[random(), random_int(1, 6), random_normal(), shuffle([1, 2, 3, 4]), choice([\"x\", "
      "\"y\"])]";
  const Value va = a.eval(src);
  EXPECT_EQ(va, b.eval(src));
  EXPECT_NE(va, a.eval(src));  // the stream moves on
  const Value r = Session(c).eval("[random_int(1, 3) for i in 0..200]");
  for (const Value& v : r.as_list()) {
    EXPECT_GE(v.as_int(), 1);
    EXPECT_LE(v.as_int(), 3);
  }
}

TEST(RandomBuiltins, RandomPointsForARandomSearch) {
  Session s;
  s.run(
      "let space = {lr: {log_uniform: [1e-4, 1e-1]}, hidden: {int: [8, 12]}, act: [\"tanh\", "
      "\"relu\"], w: {uniform: [-1, 1]}, epochs: 5}\n"
      "let ps = random_points(space, 400, seed: 3)\n");
  // Point i depends only on the seed and i: more points keep the first ones.
  EXPECT_EQ(s.eval("random_points(space, 10, seed: 3) == ps[0:10]").repr(), "true");
  EXPECT_EQ(s.eval("random_points(space, 10, seed: 4) == ps[0:10]").repr(), "false");
  const List points = s.eval("ps").as_list();
  std::set<std::int64_t> hidden;
  std::set<std::string> act;
  int small_lr = 0;
  for (const Value& p : points) {
    const Record& r = p.as_record();
    const double lr = r.find("lr")->as_number(), w = r.find("w")->as_number();
    EXPECT_TRUE(lr >= 1e-4 && lr <= 1e-1) << lr;
    EXPECT_TRUE(w >= -1 && w <= 1) << w;
    small_lr += lr < 1e-3 ? 1 : 0;  // log scale: a third of the points in the first decade
    hidden.insert(r.find("hidden")->as_int());
    act.insert(r.find("act")->as_string());
    EXPECT_EQ(r.find("epochs")->as_int(), 5);
  }
  EXPECT_EQ(hidden, (std::set<std::int64_t>{8, 9, 10, 11, 12}));
  EXPECT_EQ(act, (std::set<std::string>{"tanh", "relu"}));
  EXPECT_GT(small_lr, 100);
  EXPECT_LT(small_lr, 170);
  EXPECT_EQ(error_of("random_points({lr: {log_uniform: [0, 1]}}, 2)"),
            "random_points(): 'lr': log_uniform takes [lo, hi], both above 0");
  EXPECT_EQ(error_of("random_points({n: {int: [1.5, 3]}}, 2)"),
            "random_points(): 'n': int takes [lo, hi], both integers");
  EXPECT_EQ(error_of("random_points({a: {uniform: [nan, 1]}}, 2)"),
            "random_points(): 'a': uniform takes [lo, hi], finite with lo <= hi");
  EXPECT_EQ(error_of("random_points({a: [1]}, 1000000000000)"),
            "random_points(): n must be in [0, 10000000], got 1000000000000");
}

TEST(CoreBuiltins, QuickAndSeedConstants) {
  EngineConfig c;
  c.seed = 5;
  c.quick = true;
  Session s(c);
  EXPECT_EQ(s.eval("[quick, seed]").repr(), "[true, 5]");
}

// The script binding of read_csv's options (the reader itself is tested in csv_test).
TEST(DataBuiltins, ReadCsvOptionsFromScripts) {
  const std::string dir = temp_dir("read-csv-options");
  write_text(dir + "/pets.csv", "kind,age,weight\ncat,3,4.5\ndog,NA,20\ncat,1,3\n");
  Session s;
  const std::string path = "\"" + dir + "/pets.csv\"";
  s.run("let r = read_csv(" + path +
        ", columns: \"numeric\", na_values: [\"NA\"], skip_missing: true,"
        " encode: {kind: \"label\"}, info: true)\n"
        "print(r.data.names, r.skipped, r.skipped_rows, r.categories.kind)\n"
        "print(read_csv(" +
        path + ", exclude: [\"kind\", \"age\"]).names)");
  EXPECT_EQ(s.take_output(),
            "[\"kind\", \"age\", \"weight\"] 1 [3] [\"cat\", \"dog\"]\n[\"weight\"]\n");
  EXPECT_EQ(s.error_message("read_csv(" + path + ", columns: \"numerc\")"),
            "columns is a list of names or \"numeric\"");
  EXPECT_EQ(s.error_message("read_csv(" + path + ", encode: {kind: \"onehot\"})"),
            "an encoding is \"one_hot\" or \"label\", got \"onehot\"; did you mean 'one_hot'?");
  write_text(dir + "/raw.csv", "1,2\n3,4\n");
  EXPECT_EQ(s.eval("read_csv(\"" + dir + "/raw.csv\", header: false).names").repr(),
            "[\"c0\", \"c1\"]");
}

// Paths a script names are relative to the current directory (outputs land where the script
// is run, as in Python); script_dir() reaches files shipped beside the script; imports
// stay relative to the importing file.
TEST(DataBuiltins, RelativePathsAreRelativeToTheCurrentDirectory) {
  const std::string dir = temp_dir("relative-paths");
  std::filesystem::create_directories(dir + "/shared/lib");
  write_text(dir + "/shared/lib/helper.ael", "fn twice(v) { return 2 * v }\n");
  write_text(dir + "/shared/in.csv", "a\n1\n");
  write_text(dir + "/shared/s.ael",
             "import lib.helper as helper\n"
             "let d = read_csv(script_dir() + \"/in.csv\")\n"
             "write_csv(\"out.csv\", d)\n"
             "model M(x: 1) { y = x |> dense(1) }\n"
             "let m = train M on d { loss = mse(y, x); optimizer = adam(); epochs = 1; "
             "log = \"runs/log.csv\" }\n"
             "save(m, \"m.safetensors\")\n"
             "let back = load(\"m.safetensors\")\n"
             "let doubled = helper.twice(21)\n"
             "let here = script_dir()\n");
  std::filesystem::create_directories(dir + "/work");
  CurrentDir cwd{dir + "/work"};
  Interpreter interp;
  const Result r = interp.run_file("../shared/s.ael");
  ASSERT_TRUE(r.ok) << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
  for (const char* f : {"out.csv", "runs/log.csv", "m.safetensors"}) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/work/" + f)) << f;
    EXPECT_FALSE(std::filesystem::exists(dir + "/shared/" + std::string(f))) << f;
  }
  EXPECT_EQ(interp.global("doubled")->repr(), "42");
  EXPECT_EQ(interp.global("here")->as_string(),
            std::filesystem::canonical(dir + "/shared").string());
  // A relative input is looked up in the current directory too, not beside the script.
  write_text(dir + "/shared/t.ael", "read_csv(\"in.csv\")\n");
  const Result missing = interp.run_file("../shared/t.ael");
  ASSERT_FALSE(missing.ok);
  EXPECT_NE(missing.diagnostics[0].message.find("in.csv"), std::string::npos);
}

}  // namespace
}  // namespace ael::test
