// Literals, lists, records, indexing, slicing, fields and string interpolation.
#include "eval_helpers.hpp"

namespace ael::test {
namespace {

TEST(Literals, ScalarValuesAndTheirTypes) {
  EXPECT_EQ(repr_of("42"), "42");
  EXPECT_EQ(repr_of("1_000_000"), "1000000");
  EXPECT_EQ(repr_of("2.5"), "2.5");
  EXPECT_EQ(repr_of("3.0"), "3.0");
  EXPECT_EQ(repr_of("1e3"), "1000.0");
  EXPECT_EQ(repr_of("true"), "true");
  EXPECT_EQ(repr_of("none"), "none");
  EXPECT_EQ(repr_of("\"a\\tb\""), "\"a\\tb\"");
  EXPECT_EQ(repr_of("type(1)"), "\"int\"");
  EXPECT_EQ(repr_of("type(1.0)"), "\"float\"");
  EXPECT_EQ(repr_of("type('s')"), "\"string\"");
  EXPECT_EQ(repr_of("type(none)"), "\"none\"");
  EXPECT_EQ(repr_of("type([])"), "\"list\"");
  EXPECT_EQ(repr_of("type({})"), "\"record\"");
  EXPECT_EQ(repr_of("type(fn() => 1)"), "\"function\"");
}

TEST(Literals, ListsNestAndCompareStructurally) {
  EXPECT_EQ(repr_of("[1, [2, 3], \"x\", none,]"), "[1, [2, 3], \"x\", none]");
  EXPECT_EQ(repr_of("[1, 2] == [1, 2]"), "true");
  EXPECT_EQ(repr_of("[1, 2] == [2, 1]"), "false");
  EXPECT_EQ(repr_of("[1, 2] + [3]"), "[1, 2, 3]");
  EXPECT_EQ(repr_of("len([])"), "0");
}

TEST(Literals, RecordsKeepFieldOrder) {
  EXPECT_EQ(repr_of("{b: 1, a: \"x\", \"two words\": 2}"), "{b: 1, a: \"x\", \"two words\": 2}");
  EXPECT_EQ(repr_of("{a: 1, b: 2} == {a: 1, b: 2}"), "true");
  EXPECT_EQ(repr_of("let r = {lr: 0.1, n: 3}\nr.lr"), "0.1");
  EXPECT_EQ(repr_of("let r = {lr: 0.1, n: 3}\nr[\"n\"]"), "3");
}

TEST(Literals, FieldErrorsSuggestNames) {
  EXPECT_EQ(error_of("let r = {alpha: 1}\nr.alpah"),
            "record has no field 'alpah'; did you mean 'alpha'?");
  EXPECT_EQ(error_of("let r = {alpha: 1}\nr[\"beta\"]"), "record has no field 'beta'");
  EXPECT_EQ(error_of("(3).x"), "an int has no fields");
}

TEST(Indexing, ListsAndStringsWithNegativeIndices) {
  EXPECT_EQ(repr_of("let xs = [10, 20, 30]\nxs[0]"), "10");
  EXPECT_EQ(repr_of("let xs = [10, 20, 30]\nxs[-1]"), "30");
  EXPECT_EQ(repr_of("\"hello\"[1]"), "\"e\"");
  EXPECT_EQ(repr_of("\"hello\"[-1]"), "\"o\"");
  EXPECT_EQ(repr_of("(0..10)[3]"), "3");
}

TEST(Indexing, OutOfRangeIsAnError) {
  const std::string msg = error_of("let xs = [1, 2, 3]\nxs[3]");
  EXPECT_NE(msg.find("index 3 is out of range"), std::string::npos) << msg;
  EXPECT_NE(error_of("[1][-2]").find("out of range"), std::string::npos);
  EXPECT_EQ(error_of("[1][1.0]"), "an index must be an integer, got float");
  EXPECT_EQ(error_of("5[0]"), "cannot index a value of type int");
  EXPECT_EQ(error_of("[1, 2][0, 1]"), "a list takes one index, got 2");
}

TEST(Slicing, HalfOpenWithOptionalBoundsAndClamping) {
  const std::string xs = "let xs = [0, 1, 2, 3, 4]\n";
  EXPECT_EQ(repr_of(xs + "xs[1:3]"), "[1, 2]");
  EXPECT_EQ(repr_of(xs + "xs[:2]"), "[0, 1]");
  EXPECT_EQ(repr_of(xs + "xs[3:]"), "[3, 4]");
  EXPECT_EQ(repr_of(xs + "xs[:]"), "[0, 1, 2, 3, 4]");
  EXPECT_EQ(repr_of(xs + "xs[-2:]"), "[3, 4]");
  EXPECT_EQ(repr_of(xs + "xs[3:1]"), "[]");
  EXPECT_EQ(repr_of(xs + "xs[2:100]"), "[2, 3, 4]");
  EXPECT_EQ(repr_of("\"abcdef\"[1:4]"), "\"bcd\"");
  EXPECT_EQ(repr_of("(0..10 step 2)[1:3]"), "[2, 4]");
  EXPECT_EQ(error_of("[1, 2][0.5:]"), "a slice bound must be an integer, got float");
}

TEST(Strings, InterpolationAndFormatSpecs) {
  EXPECT_EQ(output_of("let n = 3\nprint(\"n=${n} sq=${n * n}\")"), "n=3 sq=9\n");
  EXPECT_EQ(output_of("let x = 3.14159\nprint(\"${x:.3f}|${x:8.2f}|${42:>5}|${7:03d}\")"),
            "3.142|    3.14|   42|007\n");
  EXPECT_EQ(output_of("print(\"${'ab':<4}|${0.25:.0%}|${[1, 2]}|${none}\")"),
            "ab  |25%|[1, 2]|none\n");
  EXPECT_EQ(output_of("print(\"${1e6:e}\")"), "1.000000e+06\n");
  EXPECT_EQ(output_of("print('${2:.2f}')"), "2.00\n");
}

TEST(Strings, BadFormatSpecIsAnError) {
  const std::string msg = error_of("let s = \"x\"\nprint(\"${s:d}\")");
  EXPECT_NE(msg.find("bad format spec 'd' for a string"), std::string::npos) << msg;
}

TEST(Strings, FormatWidthsAndPrecisionsAreBounded) {
  // fmt would pad to any int width: a typo must not cost seconds and gigabytes.
  std::string msg = error_of("print(\"${1:>1000000000}\")");
  EXPECT_NE(msg.find("bad format spec '>1000000000': a width or precision above 10000"),
            std::string::npos)
      << msg;
  msg = error_of("print(\"${1.5:.99999f}\")");
  EXPECT_NE(msg.find("above 10000"), std::string::npos) << msg;
  msg = error_of("print(format(\"{:>99999}\", 1))");
  EXPECT_NE(msg.find("bad format string: a width or precision above 10000"), std::string::npos)
      << msg;
  msg = error_of("print(format(\"{:>{}}\", 1, 5))");
  EXPECT_NE(msg.find("taken from an argument"), std::string::npos) << msg;
  // At the bound, fills, literal braces and precisions stay legal.
  EXPECT_EQ(output_of("print(len(\"${1:>10000}\"))"), "10000\n");
  EXPECT_EQ(output_of("print(format(\"{{}}{:0>5}|{:.3f}\", 7, 0.5))"), "{}00007|0.500\n");
}

TEST(Strings, ConcatenationRepetitionAndComparison) {
  EXPECT_EQ(repr_of("\"ab\" + \"cd\""), "\"abcd\"");
  EXPECT_EQ(repr_of("\"ab\" < \"b\""), "true");
  EXPECT_EQ(repr_of("\"ab\" == \"ab\""), "true");
  EXPECT_EQ(repr_of("len(\"héllo\")"), "6");  // bytes
}

TEST(Immutability, ListsAndRecordsAreValues) {
  // Operations build new values; the original binding is unchanged.
  EXPECT_EQ(output_of("let a = [1, 2]\nlet b = append(a, 3)\nprint(a, b)"), "[1, 2] [1, 2, 3]\n");
  EXPECT_EQ(output_of("let r = {x: 1}\nlet s = merge(r, {y: 2})\nprint(r, s)"),
            "{x: 1} {x: 1, y: 2}\n");
}

}  // namespace
}  // namespace ael::test
