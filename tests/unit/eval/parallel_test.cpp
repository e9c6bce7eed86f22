// `parallel [...]` comprehensions: same results as the sequential form, and random draws
// that depend on the element index only, never on the number of threads.
#include <cstdlib>

#include "eval_helpers.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

TEST(ParallelComprehension, EqualsTheSequentialResult) {
  Session s;
  s.run("fn work(i) { let t = 0\n for k in 0..50 { t += (i * k) % 7 }\n t }");
  const Value seq = s.eval("[work(i) for i in 0..200 if i % 3 != 0]");
  const Value par = s.eval("parallel [work(i) for i in 0..200 if i % 3 != 0]");
  EXPECT_EQ(seq, par);
  EXPECT_EQ(seq.as_list().size(), 133u);
}

TEST(ParallelComprehension, DestructuringAndClosuresWork) {
  EXPECT_EQ(repr_of("let k = 10\nparallel [a * b + k for a, b in zip([1, 2, 3], [4, 5, 6])]"),
            "[14, 20, 28]");
}

TEST(ParallelComprehension, RandomDrawsDependOnTheIndexOnly) {
  // Running the same comprehension twice gives the same numbers (streams are keyed by
  // the element index), and the draws are not all equal.
  EngineConfig config;
  config.seed = 7;
  Session s(config);
  const Value a = s.eval("parallel [random() for i in 0..64]");
  Session t(config);
  const Value b = t.eval("parallel [random() for i in 0..64]");
  EXPECT_EQ(a, b);
  EXPECT_NE(a.as_list()[0], a.as_list()[1]);
  config.seed = 8;
  Session u(config);
  EXPECT_NE(u.eval("parallel [random() for i in 0..64]"), a);
}

TEST(ParallelComprehension, SameNumbersWithOneAndFourThreads) {
  // The global pool is sized once per process, so compare two processes.
  const std::string dir = temp_dir("parallel-threads");
  const std::string script = dir + "/draws.ael";
  write_text(
      script,
      "let xs = parallel [[random(), random_normal(), random_int(0, 1000)] for i in 0..100]\n"
      "let nested = parallel [parallel [random() for j in 0..4] for i in 0..8]\n"
      "print(xs)\nprint(nested)\n");
  const CommandResult one = run_cli("run --seed 3 --threads 1 '" + script + "'");
  const CommandResult four = run_cli("run --seed 3 --threads 4 '" + script + "'");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(four.exit_code, 0) << four.err;
  EXPECT_EQ(one.out, four.out);
  EXPECT_GT(one.out.size(), 1000u);
}

TEST(ParallelComprehension, TasksCannotAssignToOuterVariables) {
  EXPECT_EQ(error_of("let total = 0\nlet xs = parallel [total += i for i in 0..4]"),
            "unexpected '+='; expected 'for'");
  const std::string msg =
      error_of("let total = 0\nfn bump(i) { total += i\n i }\nparallel [bump(i) for i in 0..4]");
  EXPECT_EQ(msg,
            "cannot assign to 'total' inside a parallel comprehension: its tasks run at the same "
            "time; return values instead");
}

TEST(ParallelComprehension, TheLowestFailingIndexIsReported) {
  Session s;
  Result r = s.interp().run_string(
      "fn check(i) { assert(i < 5, \"too big: ${i}\")\n i }\nparallel [check(i) for i in 0..64]",
      "t.ael");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diagnostics[0].message, "too big: 5");
  // The failure names the element, its value, and how many others failed.
  ASSERT_FALSE(r.diagnostics[0].notes.empty());
  EXPECT_EQ(r.diagnostics[0].notes.back().message,
            "in element 5 of the parallel comprehension (i = 5); 59 of 64 elements failed, the "
            "first is shown");
  EXPECT_EQ(r.diagnostics[0].notes.back().location.line, 3);
}

TEST(ParallelComprehension, TryKeepsTheOtherElementsOfASweep) {
  Session s;
  s.run(
      "fn f(lr) { assert(lr < 0.5, \"diverged at ${lr}\")\n lr * 2 }\n"
      "let r = parallel [try(f, lr) for lr in [0.1, 0.9, 0.2]]\n");
  EXPECT_EQ(s.eval("r[0]").repr(), "{ok: true, value: 0.2}");
  EXPECT_EQ(s.eval("r[1]").repr(), "{ok: false, error: \"diverged at 0.9\", line: 1}");
  EXPECT_EQ(s.eval("[e.value for e in r if e.ok]").repr(), "[0.2, 0.4]");
  // try passes its extra arguments, and a success of a function of none is a value too.
  EXPECT_EQ(s.eval("try(fn() => 7).value").as_int(), 7);
  EXPECT_EQ(s.eval("try(fn(a, b) => a + b, 1, 2).value").as_int(), 3);
}

}  // namespace
}  // namespace ael::test

namespace ael::test {
namespace {

TEST(NestedComprehension, ClausesNestLeftToRightAndTheConditionIsInnermost) {
  Session s;
  EXPECT_EQ(s.eval("[a * b for a in [1, 2] for b in [3, 4]]").repr(), "[3, 4, 6, 8]");
  // The inner iterable sees the outer target.
  EXPECT_EQ(s.eval("[[a, b] for a in 0..3 for b in 0..a if (a + b) % 2 == 1]").repr(),
            "[[1, 0], [2, 1]]");
  EXPECT_EQ(s.eval("[x for row in [[1, 2], [], [3]] for x in row]").repr(), "[1, 2, 3]");
  EXPECT_EQ(s.eval("[a + b + c for a in [100] for b in [10, 20] for c in [1, 2]]").repr(),
            "[111, 112, 121, 122]");
}

TEST(NestedComprehension, ParallelGivesTheSequentialResult) {
  Session s;
  EXPECT_EQ(s.eval("parallel [a * 10 + b for a in 0..20 for b in 0..a]"),
            s.eval("[a * 10 + b for a in 0..20 for b in 0..a]"));
}

TEST(NestedComprehension, ErrorsPointAtTheClause) {
  Session s;
  EXPECT_EQ(error_of("[a for a in [1] for b in 5]"), "cannot iterate over a value of type int");
}

}  // namespace
}  // namespace ael::test
