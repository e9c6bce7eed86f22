// The embedding API (ael/ael.hpp) used directly, as a host would.
#include <map>

#include "eval_helpers.hpp"

namespace ael::test {
namespace {

Signature params(std::initializer_list<std::pair<const char*, std::optional<Value>>> list,
                 bool variadic = false) {
  Signature s;
  for (const auto& [name, def] : list) s.params.push_back(Param{name, def, ""});
  s.variadic = variadic;
  return s;
}

TEST(Embedding, NativeFunctionsBindNamedAndDefaultArguments) {
  Session s;
  s.interp().define(
      "lerp", params({{"a", std::nullopt}, {"b", std::nullopt}, {"t", Value(0.5)}}),
      [](Args& a) -> Value { return a.number(0) + (a.number(1) - a.number(0)) * a.number(2); });
  EXPECT_EQ(s.eval("lerp(0, 10)").repr(), "5.0");
  EXPECT_EQ(s.eval("lerp(0, 10, t: 0.1)").repr(), "1.0");
  EXPECT_EQ(s.eval("lerp(b: 4, a: 2)").repr(), "3.0");
  EXPECT_EQ(s.error_message("lerp(0, 10, tt: 1)"), "lerp() has no parameter 'tt'");
  EXPECT_EQ(s.error_message("lerp(0)"), "lerp() is missing argument 'b'");
}

TEST(Embedding, ArgsAccessorsReportTypeErrorsAtTheArgument) {
  Session s;
  s.interp().define("need_int", params({{"n", std::nullopt}}),
                    [](Args& a) -> Value { return a.integer(0) + 1; });
  s.interp().define("need_text", params({{"s", std::nullopt}}),
                    [](Args& a) -> Value { return std::to_string(a.string(0).size()); });
  s.interp().define("count", params({}, true),
                    [](Args& a) -> Value { return static_cast<std::int64_t>(a.rest().size()); });
  s.interp().define("given", params({{"x", Value()}}), [](Args& a) -> Value { return a.given(0); });
  EXPECT_EQ(s.eval("need_int(41)").repr(), "42");
  const Diagnostic d = s.error("let v = 1\nneed_int(2.5)");
  EXPECT_EQ(d.message, "expected an integer, got 2.5");
  EXPECT_EQ(d.location.line, 2);
  EXPECT_EQ(d.location.column, 10);
  EXPECT_EQ(s.error_message("need_text(3)").find("expected"), 0u);
  EXPECT_EQ(s.eval("count(1, 2, 3)").repr(), "3");
  EXPECT_EQ(s.eval("[given(), given(1)]").repr(), "[false, true]");
}

TEST(Embedding, NativeFunctionsSeeTheInterpreter) {
  Session s;
  s.interp().define("global_count", params({}), [](Args& a) -> Value {
    return static_cast<std::int64_t>(a.interpreter().global_names().size());
  });
  s.run("let a = 1\nlet b = 2");
  EXPECT_EQ(s.eval("global_count()").repr(), "2");
}

TEST(Embedding, GlobalsCanBeReadAndSet) {
  Session s;
  s.interp().set_global("lr", 0.25);
  s.interp().set_global("names", List{Value("a"), Value("b")});
  EXPECT_EQ(s.eval("lr * 4").repr(), "1.0");
  s.run("let doubled = [n + n for n in names]");
  const std::optional<Value> v = s.interp().global("doubled");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->repr(), "[\"aa\", \"bb\"]");
  EXPECT_FALSE(s.interp().global("missing").has_value());
  EXPECT_FALSE(s.interp().global("print").has_value() && s.interp().global("print")->is_none());
}

TEST(Embedding, RunStringReturnsTheLastValue) {
  Session s;
  Result r = s.interp().run_string("let x = 2\nx * 21");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.value.repr(), "42");
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_TRUE(static_cast<bool>(r));
}

TEST(Embedding, CallingScriptFunctionsFromCpp) {
  Session s;
  s.run("fn add(a, b = 10) = a + b\nlet counter = {n: 0}\nfn fail(x) = x / 0");
  Interpreter& in = s.interp();
  Result r = in.call(*in.global("add"), {Value(1), Value(2)});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.value.repr(), "3");
  EXPECT_EQ(in.call(*in.global("add"), {Value(5)}).value.repr(), "15");
  Result bad = in.call(*in.global("fail"), {Value(1)});
  ASSERT_FALSE(bad.ok);
  EXPECT_EQ(bad.diagnostics[0].message, "division by zero");
  Result not_fn = in.call(Value(3), {});
  ASSERT_FALSE(not_fn.ok);
  EXPECT_EQ(not_fn.diagnostics[0].message, "cannot call a value of type int");
  // Native functions are values too.
  EXPECT_EQ(in.call(*in.global("len"), {Value(List{Value(1)})}).value.repr(), "1");
}

TEST(Embedding, ClosuresReturnedToTheHostKeepTheirScope) {
  Session s;
  Value make = s.eval("fn make(k) = fn(x) => x * k\nmake");
  Result made = s.interp().call(make, {Value(3)});
  ASSERT_TRUE(made.ok);
  Result applied = s.interp().call(made.value, {Value(5)});
  EXPECT_EQ(applied.value.repr(), "15");
}

TEST(Embedding, HostControlsFileAccess) {
  // A virtual file system: scripts and imports come from memory.
  std::map<std::string, std::string> files = {
      {"/virtual/main.ael", "import helper\nprint(helper.greet(\"vfs\"))\n"},
      {"/virtual/helper.ael", "fn greet(name) = \"hello ${name}\"\n"}};
  EngineConfig config;
  config.read_file = [&files](const std::string& path) -> std::optional<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
  Session s(config);
  Result missing = s.interp().run_file("/virtual/none.ael");
  ASSERT_FALSE(missing.ok);
  EXPECT_EQ(missing.diagnostics[0].message, "cannot open script '/virtual/none.ael'");
  Result r = s.interp().run_file("/virtual/main.ael");
  ASSERT_TRUE(r.ok) << Session::render(r);
  EXPECT_EQ(s.take_output(), "hello vfs\n");
  // A module the host does not serve is missing, even if it exists on disk.
  Result denied = s.interp().run_string("import std.stats", "t.ael");
  ASSERT_FALSE(denied.ok);
  EXPECT_EQ(denied.diagnostics[0].message, "no module named 'std.stats'");
}

TEST(Embedding, CheckWithoutRunning) {
  Session s;
  Result ok = s.interp().check_string("print(\"side effect\")");
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(s.take_output(), "");
  Result bad = s.interp().check_string("prnt(1)\nlet x = y");
  ASSERT_FALSE(bad.ok);
  ASSERT_EQ(bad.diagnostics.size(), 2u);
  EXPECT_EQ(bad.diagnostics[0].message, "unknown name 'prnt'; did you mean 'print'?");
  EXPECT_EQ(bad.diagnostics[1].message, "unknown name 'y'");
}

TEST(Embedding, ReplHelpers) {
  Session s;
  Interpreter& in = s.interp();
  EXPECT_TRUE(in.is_incomplete("fn f() {"));
  EXPECT_TRUE(in.is_incomplete("[1,\n2"));
  EXPECT_FALSE(in.is_incomplete("1 + 1"));
  EXPECT_FALSE(in.is_incomplete("1 +* 1"));
  EXPECT_EQ(in.eval_repl("let v = 3").value.repr(), "none");
  EXPECT_EQ(in.eval_repl("v + 1").value.repr(), "4");
  EXPECT_EQ(in.type_of("v").value.str(), "int");
  EXPECT_EQ(in.type_of("[v, 1.5]").value.str(), "list[2] (mixed)");
  Result t = in.type_of("nothing_here");
  EXPECT_FALSE(t.ok);
}

TEST(Embedding, WarningsAndOutputGoThroughTheCallbacks) {
  std::string out;
  EngineConfig config;
  config.write = [&out](std::string_view s) { out += s; };
  Interpreter in(config);
  ASSERT_TRUE(in.run_string("print(\"a\", 1)\nwrite(\"b\")").ok);
  EXPECT_EQ(out, "a 1\nb");
  EXPECT_EQ(in.config().seed, 0u);
}

TEST(Embedding, TeardownFreesClosureCycles) {
  // A closure stored in the scope it captures is a reference cycle; the interpreter
  // breaks it at teardown (checked by LeakSanitizer in the sanitizer build).
  for (int i = 0; i < 3; ++i) {
    Interpreter in;
    ASSERT_TRUE(in.run_string("fn rec(n) = if n == 0 { 0 } else { rec(n - 1) }\n"
                              "fn outer() {\n let self_ref = fn() => self_ref\n self_ref\n}\n"
                              "let keep = outer()\nlet fs = [fn() => i for i in 0..10]\nrec(5)")
                    .ok);
  }
}

}  // namespace
}  // namespace ael::test
