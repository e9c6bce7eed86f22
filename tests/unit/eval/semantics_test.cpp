// Evaluator semantics: scopes, functions, closures, arithmetic, control flow.
#include "eval_helpers.hpp"

namespace ael::test {
namespace {

TEST(Scopes, LetShadowingAndBlockScopes) {
  EXPECT_EQ(output_of("let x = 1\nlet x = x + 1\nprint(x)"), "2\n");
  EXPECT_EQ(output_of("let x = 1\nif true { let x = 10\n print(x) }\nprint(x)"), "10\n1\n");
  EXPECT_EQ(output_of("let x = 1\nif true { x = 5 }\nprint(x)"), "5\n");
  EXPECT_EQ(output_of("let t = 0\nfor i in 0..3 { let t = i }\nprint(t)"), "0\n");
}

TEST(Scopes, BlockLocalsAreNotVisibleOutside) {
  EXPECT_EQ(error_of("if true { let inner = 1 }\nprint(inner)"), "unknown name 'inner'");
}

TEST(Scopes, CompoundAssignment) {
  EXPECT_EQ(output_of("let a = 10\na += 5\na -= 3\na *= 2\nprint(a)\na /= 4\nprint(a)"),
            "24\n6.0\n");
  EXPECT_EQ(output_of("let s = \"ab\"\ns += \"c\"\nprint(s)"), "abc\n");
}

TEST(Scopes, AssignmentRules) {
  EXPECT_EQ(error_of("count = 1"), "assignment to undeclared name 'count' (declare it with let)");
  EXPECT_EQ(error_of("let count = 0\ncout = 1"),
            "assignment to undeclared name 'cout' (declare it with let); did you mean 'count'?");
  EXPECT_EQ(error_of("len = 3"), "cannot assign to builtin 'len' (shadow it with let)");
  EXPECT_EQ(output_of("let len = 3\nprint(len)"), "3\n");
}

TEST(Functions, PositionalNamedAndDefaultArguments) {
  const std::string f = "fn f(a, b = 10, c = a * 2) = [a, b, c]\n";
  EXPECT_EQ(repr_of(f + "f(1)"), "[1, 10, 2]");
  EXPECT_EQ(repr_of(f + "f(1, 2, 3)"), "[1, 2, 3]");
  EXPECT_EQ(repr_of(f + "f(1, c: 7)"), "[1, 10, 7]");
  EXPECT_EQ(repr_of(f + "f(b: 5, a: 4)"), "[4, 5, 8]");
  EXPECT_EQ(repr_of("fn g() { 1\n 2 }\ng()"), "2");  // value of the last statement
  EXPECT_EQ(repr_of("fn h(x) { if x > 0 { return \"pos\" }\n \"non-pos\" }\n[h(1), h(-1)]"),
            "[\"pos\", \"non-pos\"]");
  EXPECT_EQ(repr_of("fn n() { return }\nn()"), "none");
}

TEST(Functions, ArgumentErrorsAtRunTime) {
  // Calls through a variable are not checked statically; the binder reports them.
  const std::string f = "fn f(alpha, beta = 1) = alpha\nlet g = f\n";
  EXPECT_EQ(error_of(f + "g(1, gamma: 2)"), "f() has no parameter 'gamma'");
  EXPECT_EQ(error_of(f + "g(1, betta: 2)"), "f() has no parameter 'betta'; did you mean 'beta'?");
  EXPECT_EQ(error_of(f + "g()"), "f() is missing argument 'alpha'");
  EXPECT_EQ(error_of(f + "g(1, 2, 3)"), "f() takes 2 arguments but 3 were given");
  EXPECT_EQ(error_of(f + "g(1, alpha: 2)"), "argument 'alpha' of f() given twice");
  EXPECT_EQ(error_of("let x = 3\nx(1)"), "cannot call a value of type int");
}

TEST(Functions, ArgumentErrorsFoundByTheChecker) {
  // Direct calls of known functions are checked before anything runs.
  Session s;
  Result r = s.interp().run_string("print(\"side effect\")\nfn f(a) = a\nf(1, 2)", "t.ael");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diagnostics[0].message, "f() takes 1 argument but 2 were given");
  EXPECT_EQ(s.take_output(), "");
}

TEST(Functions, RecursionAndMutualRecursion) {
  EXPECT_EQ(repr_of("fn fact(n) = if n <= 1 { 1 } else { n * fact(n - 1) }\nfact(20)"),
            "2432902008176640000");
  EXPECT_EQ(repr_of("fn even(n) = if n == 0 { true } else { odd(n - 1) }\n"
                    "fn odd(n) = if n == 0 { false } else { even(n - 1) }\n[even(10), odd(7)]"),
            "[true, true]");
  EXPECT_EQ(repr_of("fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\nfib(15)"), "610");
}

TEST(Closures, CaptureTheirDefiningScope) {
  EXPECT_EQ(output_of("fn counter() {\n let n = 0\n fn() { n += 1\n n }\n}\n"
                      "let c = counter()\nc()\nc()\nprint(c())\nlet d = counter()\nprint(d())"),
            "3\n1\n");
  EXPECT_EQ(repr_of("fn adder(k) = fn(x) => x + k\nlet add5 = adder(5)\nadd5(1)"), "6");
}

TEST(Closures, EachLoopIterationHasItsOwnVariable) {
  EXPECT_EQ(repr_of("let fs = []\nfor i in 0..3 { fs = append(fs, fn() => i) }\n[f() for f in fs]"),
            "[0, 1, 2]");
  EXPECT_EQ(repr_of("let fs = [fn() => i * 10 for i in [1, 2, 3]]\n[f() for f in fs]"),
            "[10, 20, 30]");
}

TEST(Arithmetic, IntegersFloatsAndTrueDivision) {
  EXPECT_EQ(repr_of("7 / 2"), "3.5");
  EXPECT_EQ(repr_of("6 / 3"), "2.0");
  EXPECT_EQ(repr_of("7 % 3"), "1");
  EXPECT_EQ(repr_of("-7 % 3"), "2");
  EXPECT_EQ(repr_of("7 % -3"), "-2");
  EXPECT_EQ(repr_of("7.5 % 2"), "1.5");
  EXPECT_EQ(repr_of("1 + 2.0"), "3.0");
  EXPECT_EQ(repr_of("2 * 3 + 4"), "10");
  EXPECT_EQ(repr_of("2 + 3 * 4"), "14");
  EXPECT_EQ(repr_of("(2 + 3) * 4"), "20");
  EXPECT_EQ(repr_of("10 - 3 - 2"), "5");
}

TEST(Arithmetic, PowerIsRightAssociativeAndBindsTighterThanMinus) {
  EXPECT_EQ(repr_of("2 ^ 3 ^ 2"), "512");
  EXPECT_EQ(repr_of("-2 ^ 2"), "-4");
  EXPECT_EQ(repr_of("(-2) ^ 2"), "4");
  EXPECT_EQ(repr_of("2 ^ -1"), "0.5");
  EXPECT_EQ(repr_of("2.0 ^ 0.5"), "1.4142135623730951");
  EXPECT_EQ(repr_of("2 ^ 62"), "4611686018427387904");
}

TEST(Arithmetic, ErrorsInsteadOfSilentGarbage) {
  EXPECT_EQ(error_of("1 / 0"), "division by zero");
  EXPECT_EQ(error_of("1.5 / 0.0"), "division by zero");
  EXPECT_EQ(error_of("5 % 0"), "modulo by zero");
  EXPECT_EQ(error_of("2 ^ 64"), "integer overflow (use a float, e.g. 2.0 ^ 70)");
  EXPECT_EQ(error_of("9223372036854775807 + 1"), "integer overflow (use a float, e.g. 2.0 ^ 70)");
  EXPECT_EQ(error_of("-9223372036854775807 - 2"), "integer overflow (use a float, e.g. 2.0 ^ 70)");
  EXPECT_EQ(error_of("(-8.0) ^ 0.5"),
            "a negative number to a fractional power is not a real number");
  EXPECT_EQ(error_of("1 + \"a\""),
            "cannot add int and string (convert with str(...) or use \"${...}\" interpolation)");
  EXPECT_EQ(error_of("[1] - [1]"), "unsupported operand types for -: list and list");
  EXPECT_EQ(error_of("-\"a\""), "cannot negate a value of type string");
}

TEST(Comparisons, NumbersStringsAndEquality) {
  EXPECT_EQ(repr_of("[1 < 2, 2 <= 2, 3 > 4, 4 >= 4, 1 == 1.0, 1 != 2]"),
            "[true, true, false, true, true, true]");
  EXPECT_EQ(repr_of("[\"a\" < \"b\", \"b\" == \"b\", none == none, 1 == \"1\"]"),
            "[true, true, true, false]");
  EXPECT_EQ(repr_of("nan == nan"), "false");
  EXPECT_EQ(error_of("1 < \"a\""), "cannot compare int < string");
}

TEST(Logic, OnlyBoolsAndShortCircuit) {
  EXPECT_EQ(repr_of("[true and false, true or false, not true, not false and true]"),
            "[false, true, false, true]");
  // The right operand is not evaluated when the left decides.
  EXPECT_EQ(repr_of("false and (1 / 0 == 1)"), "false");
  EXPECT_EQ(repr_of("true or (1 / 0 == 1)"), "true");
  EXPECT_EQ(error_of("1 and true"), "an operand of 'and' must be a bool, got int");
  EXPECT_EQ(error_of("false or \"x\""), "an operand of 'or' must be a bool, got string");
  EXPECT_EQ(error_of("not 0"), "'not' needs a bool, got int");
  EXPECT_EQ(error_of("if 1 { 2 }"), "an if condition must be a bool, got int");
  EXPECT_EQ(error_of("while [] { }"), "a while condition must be a bool, got list");
  EXPECT_EQ(error_of("[x for x in [1] if x]"),
            "a comprehension's if condition must be a bool, got int");
}

TEST(Pipelines, InsertTheLeftValueAsFirstArgument) {
  EXPECT_EQ(repr_of("fn sub(a, b) = a - b\n10 |> sub(3)"), "7");
  EXPECT_EQ(repr_of("[3, 1, 2] |> sort |> reverse"), "[3, 2, 1]");
  EXPECT_EQ(repr_of("fn scale(x, by = 2) = x * by\n5 |> scale(by: 3)"), "15");
  EXPECT_EQ(repr_of("4 |> fn(x) => x * x"), "16");
}

TEST(Ranges, ExclusiveInclusiveAndStep) {
  EXPECT_EQ(repr_of("list(0..5)"), "[0, 1, 2, 3, 4]");
  EXPECT_EQ(repr_of("list(0..=5)"), "[0, 1, 2, 3, 4, 5]");
  EXPECT_EQ(repr_of("list(0..10 step 3)"), "[0, 3, 6, 9]");
  EXPECT_EQ(repr_of("list(0..=9 step 3)"), "[0, 3, 6, 9]");
  EXPECT_EQ(repr_of("list(5..0 step -2)"), "[5, 3, 1]");
  EXPECT_EQ(repr_of("list(5..=1 step -2)"), "[5, 3, 1]");
  EXPECT_EQ(repr_of("list(3..3)"), "[]");
  EXPECT_EQ(repr_of("list(3..=3)"), "[3]");
  EXPECT_EQ(repr_of("list(5..0)"), "[]");
  EXPECT_EQ(repr_of("len(0..1 step 0.1)"), "10");
  EXPECT_EQ(repr_of("len(0..=1 step 0.25)"), "5");
  EXPECT_EQ(repr_of("(0..=1 step 0.25)[-1]"), "1.0");
  EXPECT_EQ(repr_of("len(0..1000000000)"), "1000000000");  // lazy
  EXPECT_EQ(error_of("0..5 step 0"), "range step cannot be zero");
  EXPECT_EQ(error_of("0..\"a\""), "range end must be a number, got string");
}

TEST(Loops, ForWhileBreakContinue) {
  EXPECT_EQ(
      output_of("for i in 0..10 {\n if i % 2 == 0 { continue }\n if i > 6 { break }\n print(i)\n}"),
      "1\n3\n5\n");
  EXPECT_EQ(output_of("let i = 0\nwhile true {\n i += 1\n if i == 3 { break }\n}\nprint(i)"),
            "3\n");
  EXPECT_EQ(output_of("for [a, b] in [[1, 2], [3, 4]] { print(a + b) }"), "3\n7\n");
  EXPECT_EQ(output_of("for a, b in [[1, 2], [3, 4]] { print(a * b) }"), "2\n12\n");
  EXPECT_EQ(output_of("for c in \"ab\" { print(c) }"), "a\nb\n");
  EXPECT_EQ(output_of("for k, v in {x: 1, y: 2} { print(k, v) }"), "x 1\ny 2\n");
  EXPECT_EQ(output_of("fn first_big(xs) {\n for x in xs { if x > 2 { return x } }\n none\n}\n"
                      "print(first_big([1, 5, 9]), first_big([1]))"),
            "5 none\n");
  EXPECT_EQ(error_of("for x in 5 { }"), "cannot iterate over a value of type int");
  EXPECT_EQ(error_of("for a, b in [[1, 2, 3]] { }"), "cannot unpack [1, 2, 3] into 2 names");
}

TEST(Loops, BreakAndReturnOutsideAreCheckedErrors) {
  EXPECT_EQ(error_of("break"), "break outside a loop");
  EXPECT_EQ(error_of("continue"), "continue outside a loop");
  EXPECT_EQ(error_of("return 1"), "return outside a function");
  EXPECT_EQ(error_of("for i in [1] { fn f() { break } }"), "break outside a loop");
}

TEST(Comprehensions, MapFilterAndDestructure) {
  EXPECT_EQ(repr_of("[x * x for x in 0..5]"), "[0, 1, 4, 9, 16]");
  EXPECT_EQ(repr_of("[x for x in 0..10 if x % 3 == 0]"), "[0, 3, 6, 9]");
  EXPECT_EQ(repr_of("[a * b for a, b in zip([1, 2], [3, 4])]"), "[3, 8]");
}

TEST(IfExpressions, ValuesAndChains) {
  const std::string f = "fn sign(x) = if x > 0 { \"+\" } else if x < 0 { \"-\" } else { \"0\" }\n";
  EXPECT_EQ(repr_of(f + "[sign(3), sign(-1), sign(0)]"), "[\"+\", \"-\", \"0\"]");
  EXPECT_EQ(repr_of("let v = if false { 1 }\nv"), "none");
  EXPECT_EQ(repr_of("let v = if true { let t = 2\n t * 3 } else { 0 }\nv"), "6");
}

TEST(Destructuring, LetPatterns) {
  EXPECT_EQ(output_of("let [a, [b, c]] = [1, [2, 3]]\nprint(a, b, c)"), "1 2 3\n");
  EXPECT_EQ(error_of("let [a, b] = [1]"), "expected a list of 2 values, got 1");
  EXPECT_EQ(error_of("let [a] = 3"), "cannot destructure an int as a list");
}

}  // namespace
}  // namespace ael::test
