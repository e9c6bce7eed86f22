// Option schemas: what a plugin declares and how a call's arguments are checked.
#include <gtest/gtest.h>

#include "ael/diagnostic.hpp"
#include "ael/options.hpp"

namespace {

using ael::OptionArg;
using ael::OptionProblem;
using ael::OptionSchema;
using ael::OptionSpec;

OptionSchema adam_like() {
  return {
      OptionSpec::number("lr", 1e-3, "learning rate").greater_than(0).can_schedule(),
      OptionSpec::number("beta1", 0.9, "first moment decay").at_least(0).less_than(1),
      OptionSpec::integer("population", 20, "size").at_least(2),
      OptionSpec::boolean("amsgrad", false, "use amsgrad"),
      OptionSpec::choice("strategy", {"rand1", "rand2", "best1", "best2"}, "rand1", "mutation"),
      OptionSpec::string("name", "run", "a label"),
      OptionSpec::numbers("weights", {1.0, 2.0}, "loss weights").at_least(0),
  };
}

TEST(Options, DefaultsFillEveryOptionInSchemaOrder) {
  const auto v = adam_like().validate({}, "adam");
  ASSERT_TRUE(v.ok());
  const ael::Options& o = v.options;
  EXPECT_EQ(o.number("lr"), 1e-3);
  EXPECT_EQ(o.integer("population"), 20);
  EXPECT_FALSE(o.boolean("amsgrad"));
  EXPECT_EQ(o.string("strategy"), "rand1");
  EXPECT_EQ(o.numbers("weights"), (std::vector<double>{1.0, 2.0}));
  EXPECT_FALSE(o.given("lr"));
  ASSERT_EQ(o.entries().size(), 7u);
  EXPECT_EQ(o.entries()[0].name, "lr");
  EXPECT_EQ(
      o.repr(),
      "lr: 0.001, beta1: 0.9, population: 20, amsgrad: false, strategy: 'rand1', name: 'run', "
      "weights: [1, 2]");
}

TEST(Options, GivenValuesAreConvertedAndMarkedGiven) {
  const auto v = adam_like().validate(
      {{"population", 30.0}, {"lr", std::int64_t{1}}, {"strategy", std::string("best1")}}, "de");
  ASSERT_TRUE(v.ok()) << v.problems[0].message;
  EXPECT_EQ(v.options.integer("population"), 30);  // integral float accepted
  EXPECT_EQ(v.options.number("lr"), 1.0);          // integer accepted as number
  EXPECT_TRUE(v.options.given("lr"));
  EXPECT_EQ(v.options.string("strategy"), "best1");
}

TEST(Options, UnknownOptionSuggestsTheClosestName) {
  const auto v = adam_like().validate({{"beta1", 0.5}, {"lr_", 0.1}}, "adam");
  ASSERT_EQ(v.problems.size(), 1u);
  const OptionProblem& p = v.problems[0];
  EXPECT_EQ(p.kind, OptionProblem::Kind::UnknownOption);
  EXPECT_EQ(p.message, "unknown option 'lr_' for adam; did you mean 'lr'?");
  EXPECT_EQ(p.suggestion, "lr");
  EXPECT_EQ(p.argument, 1u);  // the evaluator puts the caret on argument 1
}

TEST(Options, UnknownOptionWithoutCloseNameListsTheOptions) {
  const auto v = adam_like().validate({{"zzzzzzzz", 1.0}}, "adam");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].suggestion, "");
  EXPECT_NE(v.problems[0].message.find("its options are lr, beta1, population"), std::string::npos);
}

TEST(Options, CaseOnlyDifferenceIsSuggested) {
  OptionSchema s{OptionSpec::number("F", 0.5, "scale")};
  const auto v = s.validate({{"f", 0.3}}, "de");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].message, "unknown option 'f' for de; did you mean 'F'?");
}

TEST(Options, WrongTypeNamesWhatWasExpectedAndGiven) {
  const auto v = adam_like().validate(
      {{"population", 20.5}, {"lr", std::string("fast")}, {"amsgrad", std::int64_t{1}}}, "cosyne");
  ASSERT_EQ(v.problems.size(), 3u);
  EXPECT_EQ(v.problems[0].message,
            "option 'population' of cosyne expects an integer, got a float (20.5)");
  EXPECT_EQ(v.problems[1].message, "option 'lr' of cosyne expects a number, got a string ('fast')");
  EXPECT_EQ(v.problems[2].message,
            "option 'amsgrad' of cosyne expects true or false, got an integer (1)");
  for (const auto& p : v.problems) EXPECT_EQ(p.kind, OptionProblem::Kind::WrongType);
  EXPECT_EQ(v.problems[2].argument, 2u);
}

TEST(Options, RangesHonourExclusiveAndInclusiveBounds) {
  OptionSchema s = adam_like();
  EXPECT_TRUE(s.validate({{"beta1", 0.0}}, "adam").ok());
  auto v = s.validate({{"beta1", 1.0}}, "adam");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, OptionProblem::Kind::OutOfRange);
  EXPECT_EQ(v.problems[0].message, "option 'beta1' of adam must be in [0, 1), got 1");
  v = s.validate({{"lr", 0.0}}, "adam");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].message, "option 'lr' of adam must be > 0, got 0");
  v = s.validate({{"population", std::int64_t{1}}}, "cosyne");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].message, "option 'population' of cosyne must be >= 2, got 1");
}

TEST(Options, NonFiniteNumbersAreRejected) {
  const auto v = adam_like().validate({{"lr", std::numeric_limits<double>::quiet_NaN()}}, "adam");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].message, "option 'lr' of adam must be a finite number, got nan");
}

TEST(Options, ChoicesSuggestTheClosestValue) {
  const auto v = adam_like().validate({{"strategy", std::string("bst1")}}, "de");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].kind, OptionProblem::Kind::NotAChoice);
  EXPECT_EQ(
      v.problems[0].message,
      "option 'strategy' of de must be one of rand1, rand2, best1, best2; got 'bst1'; did you "
      "mean 'best1'?");
  EXPECT_EQ(v.problems[0].suggestion, "best1");
}

TEST(Options, ListElementsAreRangeChecked) {
  const auto v = adam_like().validate({{"weights", std::vector<double>{1.0, -2.0}}}, "x");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].message,
            "element 1 (from 0) of option 'weights' of x must be >= 0, got -2");
}

TEST(Options, DuplicatesAndMissingRequiredOptionsAreReported) {
  OptionSchema s{OptionSpec::number("lr", 0.1, "rate"),
                 OptionSpec::integer("k", 0, "count").required()};
  const auto v = s.validate({{"lr", 0.1}, {"lr", 0.2}}, "opt");
  ASSERT_EQ(v.problems.size(), 2u);
  EXPECT_EQ(v.problems[0].kind, OptionProblem::Kind::Duplicate);
  EXPECT_EQ(v.problems[0].argument, 1u);
  EXPECT_EQ(v.problems[1].kind, OptionProblem::Kind::Missing);
  EXPECT_EQ(v.problems[1].message, "opt needs option 'k' (count)");
  EXPECT_FALSE(v.problems[1].argument.has_value());
  EXPECT_THROW(s.defaults("opt"), ael::Error);
}

TEST(Options, ValueThrowsWithEveryProblem) {
  const auto v = adam_like().validate({{"lr_", 1.0}, {"beta1", 2.0}}, "adam");
  try {
    v.value();
    FAIL() << "expected an error";
  } catch (const ael::Error& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "unknown option 'lr_' for adam; did you mean 'lr'?; option 'beta1' of adam must be in "
        "[0, 1), got 2");
  }
}

TEST(Options, AccessorsRejectUndeclaredNamesAndWrongTypes) {
  const ael::Options o = adam_like().defaults("adam");
  EXPECT_THROW(o.number("momentum"), ael::Error);
  EXPECT_THROW(o.boolean("lr"), ael::Error);
}

TEST(Options, CheckAcceptsValidatedOptionsAndRejectsOthers) {
  const OptionSchema s = adam_like();
  EXPECT_TRUE(s.check(s.defaults("adam")).empty());
  ael::Options bad("adam");
  bad.set("lr", -1.0);
  const auto problems = s.check(bad);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].message, "option 'lr' of adam must be > 0, got -1");
}

TEST(Options, SelfCheckFindsSchemaBugs) {
  OptionSchema s{
      OptionSpec::number("lr", -1.0, "bad default").greater_than(0),
      OptionSpec::choice("mode", {}, "a", "no choices"),
      OptionSpec::boolean("flag", true, "").can_schedule(),
      OptionSpec::number("lr", 1.0, "duplicate"),
  };
  const auto problems = s.self_check();
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0], "option 'lr': bad default: option 'lr' of the plugin must be > 0, got -1");
  EXPECT_EQ(problems[1], "option 'mode': a choice option needs choices");
  EXPECT_NE(problems[2].find("bad default"), std::string::npos);  // 'a' is not a choice
  EXPECT_EQ(problems[3], "option 'flag': only number and integer options can be schedulable");
  EXPECT_EQ(problems[4], "option 'lr' is declared twice");
  EXPECT_TRUE(adam_like().self_check().empty());
}

TEST(Options, RangeTextAndReprs) {
  EXPECT_EQ(OptionSpec::number("x", 1, "").in_range(0, 2).range_text(), "in [0, 2]");
  EXPECT_EQ(OptionSpec::number("x", 1, "").greater_than(0).at_most(2).range_text(), "in (0, 2]");
  EXPECT_EQ(OptionSpec::number("x", 1, "").less_than(3).range_text(), "< 3");
  EXPECT_EQ(OptionSpec::number("x", 1, "").range_text(), "");
  EXPECT_EQ(ael::option_value_repr(1e-3), "0.001");
  EXPECT_EQ(ael::option_value_repr(std::string("a")), "'a'");
}

TEST(Options, ClosestNameToleratesTyposOnly) {
  const std::vector<std::string> known{"population", "offspring", "mutation", "gamma"};
  EXPECT_EQ(ael::closest_name("popluation", known), "population");  // transposition
  EXPECT_EQ(ael::closest_name("gama", known), "gamma");
  EXPECT_EQ(ael::closest_name("sigma", known), "");  // too far from everything
}

}  // namespace
