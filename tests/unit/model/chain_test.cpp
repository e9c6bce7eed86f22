// Optimizer chains (`a then b`), per-stage budgets, the evaluations budget and on_stage.
#include <gtest/gtest.h>

#include "../eval/eval_helpers.hpp"
#include "line_model.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

// 400 points, batch 40: 10 steps per epoch.
std::string train_with(const std::string& settings) {
  return std::string(kLineModel) +
         "let ae = train LineAE on pts {\n  loss = mse(out, x)\n  batch = 40\n" + settings +
         "\n}\n";
}

TEST(Chain, RunsEachStageWithItsOwnBudget) {
  Session s;
  s.run(train_with(
      "optimizer = de(population: 12, generations: 15) then adam(lr: 0.01, epochs: 3)\nseed = 2"));
  EXPECT_EQ(integer(s, "len(ae.stages)"), 2);
  EXPECT_EQ(s.eval("ae.stages[0].optimizer").as_string().rfind("de(", 0), 0u);
  EXPECT_EQ(integer(s, "ae.stages[0].steps"), 15);
  EXPECT_EQ(integer(s, "ae.stages[1].steps"), 30);
  EXPECT_EQ(s.eval("ae.stages[1].stop").as_string(), "epochs");
  EXPECT_EQ(integer(s, "len([r for r in ae.history if r.stage == 1])"), 15);
  EXPECT_EQ(integer(s, "len([r for r in ae.history if r.stage == 2])"), 3);
  EXPECT_EQ(integer(s, "ae.steps"), 45);
  EXPECT_EQ(integer(s, "ae.evaluations"),
            integer(s, "ae.stages[0].evaluations") + integer(s, "ae.stages[1].evaluations"));
  EXPECT_EQ(integer(s, "ae.stages[1].evaluations"), 30);  // one per gradient step
  // Adam carries on from DE's best: its loss ends below DE's.
  EXPECT_LT(number(s, "ae.loss"), number(s, "ae.stages[0].loss"));
}

TEST(Chain, TheFirstStageIsThePlainRunAndTheNextStartsFromItsResult) {
  Session plain, chained;
  plain.run(train_with("optimizer = adam(lr: 0.01)\nepochs = 4\nseed = 9"));
  // A second stage too small to move the weights: the chain ends where adam did.
  chained.run(train_with(
      "optimizer = adam(lr: 0.01, epochs: 4) then sgd(lr: 1e-30, batches: 1)\nseed = 9"));
  EXPECT_EQ(plain.eval("params(ae)"), chained.eval("params(ae)"));
  EXPECT_EQ(plain.eval("ae.history[3].loss"), chained.eval("ae.history[3].loss"));
}

TEST(Chain, StagesWithoutABudgetUseTheBlocksAndRunsAreReproducible) {
  const std::string script =
      train_with("optimizer = adam(lr: 0.01) then ea() then sgd(lr: 0.001)\nbatches = 7\nseed = 4");
  Session a, b;
  a.run(script);
  b.run(script);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(integer(a, "ae.stages[" + std::to_string(i) + "].steps"), 7) << i;
  EXPECT_EQ(a.eval("params(ae)"), b.eval("params(ae)"));
  EXPECT_EQ(a.eval("[r.loss for r in ae.history]"), b.eval("[r.loss for r in ae.history]"));
  // The gradient stages have no best_loss, the population stage no epoch: NaN there.
  EXPECT_TRUE(std::isnan(number(a, "ae.history[0].best_loss")));
  // Rows: adam's one (partial) epoch, ea's 7 generations, sgd's epoch.
  EXPECT_EQ(integer(a, "len(ae.history)"), 9);
  EXPECT_FALSE(std::isnan(number(a, "ae.history[1].best_loss")));
  EXPECT_EQ(number(a, "ae.history[1].loss"), number(a, "ae.history[1].best_loss"));
  EXPECT_GE(number(a, "ae.history[8].seconds"), number(a, "ae.history[7].seconds"));
}

TEST(Chain, OnStageReturningStopEndsTheChain) {
  Session s;
  s.run(
      train_with("optimizer = adam(lr: 0.01, epochs: 1) then de(generations: 5)\nseed = 1\n"
                 "on_stage = fn(r) => if r.stage == 1 { \"stop\" } else { none }"));
  EXPECT_EQ(integer(s, "len(ae.stages)"), 1);
  EXPECT_EQ(s.eval("ae.stop").as_string(), "callback");
}

TEST(Chain, OnEpochSeesTheStageAndItsStopEndsTheChain) {
  Session s;
  s.run(
      train_with("optimizer = adam(lr: 0.01, epochs: 2) then adam(lr: 0.001, epochs: 2) then "
                 "sgd(lr: 0.01, epochs: 2)\nseed = 1\n"
                 "on_epoch = fn(r) => if r.stage == 2 { \"stop\" } else { false }"));
  EXPECT_EQ(integer(s, "len(ae.stages)"), 2);
  EXPECT_EQ(s.eval("ae.stop").as_string(), "callback");
}

TEST(Chain, TheLogHoldsEveryStageWithAStageColumn) {
  const std::string dir = temp_dir("ael_chain_log");
  Session s;
  s.run(
      train_with("optimizer = adam(lr: 0.01, epochs: 2) then de(population: 8, generations: 3)\n"
                 "seed = 1\nlog = \"" +
                 dir + "/log.csv\""));
  const std::string log = read_text(dir + "/log.csv");
  EXPECT_EQ(log.substr(0, log.find('\n')),
            "stage,step,epoch,seconds,loss,generation,evaluations,best_loss,min_loss,mean_loss,"
            "max_loss");
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1 + 2 + 3);
}

TEST(Chain, ThenTakesOptimizersOnly) {
  Session s;
  Diagnostic d = s.error(train_with("optimizer = adam(lr: 0.01) then 3\nepochs = 1"));
  EXPECT_NE(d.message.find("'then' chains optimizers"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("got int"), std::string::npos) << d.message;
  EXPECT_EQ(d.location.line, 10);  // the `3`
}

TEST(Chain, AStageBudgetIsCheckedLikeTheBlocks) {
  EXPECT_NE(error_of(train_with("optimizer = de(generations: 0) then adam(epochs: 1)"))
                .find("generations must be at least 1"),
            std::string::npos);
  EXPECT_NE(error_of(train_with("optimizer = adam(time_limit: nan)"))
                .find("time_limit must be a finite number above 0"),
            std::string::npos);
  const std::string missing = error_of(train_with("optimizer = adam() then sgd(epochs: 1)"));
  EXPECT_NE(missing.find("stage 1 (adam()) needs a budget"), std::string::npos) << missing;
}

TEST(Chain, AMisspeltStageBudgetSuggestsTheBudgetKey) {
  const std::string script = train_with("optimizer = adam(lr: 0.01, epocs: 2)");
  Session s;
  Diagnostic run = s.error(script);
  EXPECT_EQ(run.message, "unknown option 'epocs' for adam; did you mean 'epochs'?");
  EXPECT_EQ(run.location.line, 10);
  EXPECT_EQ(run.location.column, 28);  // at `epocs`
  // `ael check` says the same before anything runs.
  Result checked = s.interp().check_string(script);
  ASSERT_FALSE(checked.ok);
  ASSERT_FALSE(checked.diagnostics.empty());
  EXPECT_EQ(checked.diagnostics[0].message, run.message);
  EXPECT_EQ(checked.diagnostics[0].location.line, 10);
  // A typo of a plugin option still gets the plugin's own suggestion.
  EXPECT_NE(
      error_of(train_with("optimizer = adam(lrr: 0.01, epochs: 1)")).find("did you mean 'lr'"),
      std::string::npos);
}

TEST(Chain, OneOptimizerWithItsOwnBudget) {
  Session s;
  s.run(train_with("optimizer = adam(lr: 0.01, epochs: 2)\nseed = 1"));
  EXPECT_EQ(integer(s, "ae.steps"), 20);
  EXPECT_EQ(s.eval("ae.optimizer").as_string(), "adam(lr: 0.01, epochs: 2)");
}

TEST(EvaluationBudget, CountsGradientStepsAndPopulationIndividuals) {
  Session g;
  g.run(train_with("optimizer = adam(lr: 0.01)\nevaluations = 7\nseed = 1"));
  EXPECT_EQ(integer(g, "ae.steps"), 7);
  EXPECT_EQ(integer(g, "ae.evaluations"), 7);
  EXPECT_EQ(g.eval("ae.stop").as_string(), "evaluations");

  Session p;
  p.run(train_with("optimizer = de(population: 10)\nevaluations = 100\nseed = 1"));
  EXPECT_EQ(p.eval("ae.stop").as_string(), "evaluations");
  EXPECT_GE(integer(p, "ae.evaluations"), 100);
  EXPECT_LT(integer(p, "ae.evaluations"), 100 + 10);  // stops at the generation that crosses it
}

}  // namespace
}  // namespace ael::test
