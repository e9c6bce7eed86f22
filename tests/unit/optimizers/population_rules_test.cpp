// The defining rules of CoSyNE, DE and the EA, checked one generation at a time on
// populations whose every gene is a distinct, recognisable value.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "ael/diagnostic.hpp"
#include "optimizer_fixture.hpp"

namespace {

using namespace ael;
using namespace ael::test;

// Gene i of member j is 1000 * i + j: every value says where it came from.
Eigen::MatrixXd labelled(Eigen::Index genes, Eigen::Index members) {
  Eigen::MatrixXd m(genes, members);
  for (Eigen::Index j = 0; j < members; ++j) {
    for (Eigen::Index i = 0; i < genes; ++i)
      m(i, j) = 1000.0 * static_cast<double>(i) + static_cast<double>(j);
  }
  return m;
}

// Losses that rank member j at position j (member 0 best).
Eigen::VectorXd ranked(Eigen::Index members) {
  return Eigen::VectorXd::LinSpaced(members, 1.0, static_cast<double>(members));
}

// ---- CoSyNE -------------------------------------------------------------------------------

TEST(CosyneRule, ChildrenComeFromTheTopQuarterAndReplaceTheWorst) {
  // 12 networks, top quarter = members 0..2, 4 children replace members 8..11; no mutation.
  const Eigen::Index genes = 6, members = 12;
  const auto cosyne = population_optimizer(
      "cosyne",
      {{"population", std::int64_t{12}}, {"offspring", std::int64_t{4}}, {"mutation", 0.0}});
  cosyne->initialize(labelled(genes, members), 3);
  Eigen::MatrixXd before;
  cosyne->ask(before);
  cosyne->tell(ranked(members));
  Eigen::MatrixXd after;
  cosyne->ask(after);
  for (Eigen::Index i = 0; i < genes; ++i) {
    std::map<Eigen::Index, int> count;  // member label -> occurrences in subpopulation i
    for (Eigen::Index j = 0; j < members; ++j) {
      const double v = after(i, j);
      const Eigen::Index label =
          static_cast<Eigen::Index>(std::lround(v - 1000.0 * static_cast<double>(i)));
      ASSERT_GE(label, 0);
      ASSERT_LT(label, members) << "subpopulation " << i << " holds a foreign value " << v;
      ++count[label];
    }
    for (Eigen::Index label = 8; label < 12; ++label)
      EXPECT_EQ(count[label], 0) << "the worst are replaced";
    for (Eigen::Index label = 3; label < 8; ++label)
      EXPECT_EQ(count[label], 1) << "survivors stay once";
    int from_top = 0;
    for (Eigen::Index label = 0; label < 3; ++label) {
      EXPECT_GE(count[label], 1);
      from_top += count[label];
    }
    EXPECT_EQ(from_top, 3 + 4);  // the top quarter itself plus one gene per child
  }
}

TEST(CosyneRule, ShufflePermutesEverySubpopulation) {
  const auto cosyne = population_optimizer(
      "cosyne",
      {{"population", std::int64_t{20}}, {"offspring", std::int64_t{2}}, {"mutation", 0.0}});
  cosyne->initialize(labelled(8, 20), 4);
  cosyne->tell(ranked(20));
  Eigen::MatrixXd after;
  cosyne->ask(after);
  // Each network is now assembled from different original networks.
  int mixed = 0;
  for (Eigen::Index j = 0; j < 20; ++j) {
    std::set<long> sources;
    for (Eigen::Index i = 0; i < 8; ++i)
      sources.insert(std::lround(after(i, j) - 1000.0 * static_cast<double>(i)));
    if (sources.size() > 1) ++mixed;
  }
  EXPECT_GE(mixed, 18);
}

TEST(CosyneRule, MarkedPermutationNeverMovesTheBestNetwork) {
  // Goodness 1 gives marking probability 1 - 1^(1/D) = 0: the best network stays whole.
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto cosyne = population_optimizer("cosyne", {{"population", std::int64_t{10}},
                                                        {"offspring", std::int64_t{4}},
                                                        {"mutation", 0.0},
                                                        {"permutation", std::string("marked")}});
    const Eigen::MatrixXd initial = labelled(5, 10);
    cosyne->initialize(initial, seed);
    cosyne->tell(ranked(10));
    Eigen::MatrixXd after;
    cosyne->ask(after);
    EXPECT_EQ(after.col(0), initial.col(0)) << "seed " << seed;
    // Children (in the worst slots) are always marked, so the worst slots do not simply
    // hold the children in place; and members other than the best may move.
  }
}

TEST(CosyneRule, MutationAddsCauchyNoiseToChildrenOnly) {
  const auto cosyne = population_optimizer("cosyne", {{"population", std::int64_t{8}},
                                                      {"offspring", std::int64_t{2}},
                                                      {"mutation", 1.0},
                                                      {"gamma", 0.001},
                                                      {"permutation", std::string("marked")}});
  cosyne->initialize(labelled(4, 8), 5);
  cosyne->tell(ranked(8));
  Eigen::MatrixXd after;
  cosyne->ask(after);
  int perturbed = 0;
  for (Eigen::Index j = 0; j < 8; ++j) {
    for (Eigen::Index i = 0; i < 4; ++i) {
      const double v = after(i, j);
      if (v != std::round(v)) ++perturbed;
    }
  }
  EXPECT_EQ(perturbed, 2 * 4);  // every gene of both children, nothing else
}

// ---- DE -----------------------------------------------------------------------------------

TEST(DeRule, Best1WithFullCrossoverIsBestPlusAScaledDifference) {
  const Eigen::Index d = 3, np = 6;
  const auto de = population_optimizer(
      "de", {{"population", np}, {"strategy", std::string("best1")}, {"CR", 1.0}, {"F", 0.5}});
  const Eigen::MatrixXd x = labelled(d, np);
  de->initialize(x, 8);
  Eigen::MatrixXd c;
  de->ask(c);
  de->tell(ranked(np));  // member 0 is best
  de->ask(c);
  for (Eigen::Index i = 0; i < np; ++i) {
    // trial_i = x_0 + F (x_r1 - x_r2): the difference of labels is constant across genes.
    const Eigen::VectorXd diff = (c.col(i) - x.col(0)) / 0.5;
    const long delta = std::lround(diff[0]);
    for (Eigen::Index g = 0; g < d; ++g) EXPECT_NEAR(diff[g], static_cast<double>(delta), 1e-9);
    EXPECT_NE(delta, 0);
    EXPECT_LE(std::labs(delta), np - 1);
  }
}

TEST(DeRule, Rand1NeverUsesTheTargetItself) {
  // With CR = 1 and F tiny, trial_i ~ x_r1 with r1 != i.
  const Eigen::Index np = 8;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    const auto de = population_optimizer("de", {{"population", np}, {"CR", 1.0}, {"F", 1e-9}});
    de->initialize(labelled(2, np), seed);
    Eigen::MatrixXd c;
    de->ask(c);
    de->tell(ranked(np));
    de->ask(c);
    for (Eigen::Index i = 0; i < np; ++i) EXPECT_NE(std::lround(c(0, i)), i) << "seed " << seed;
  }
}

TEST(DeRule, ExponentialCrossoverCopiesOneCyclicRun) {
  const Eigen::Index d = 9, np = 6;
  const auto de = population_optimizer(
      "de",
      {{"population", np}, {"crossover", std::string("exponential")}, {"CR", 0.5}, {"F", 0.5}});
  const Eigen::MatrixXd x = uniform_population(d, np, -1, 1, 12);  // no coincidences between genes
  de->initialize(x, 12);
  Eigen::MatrixXd c;
  de->ask(c);
  de->tell(ranked(np));
  de->ask(c);
  for (Eigen::Index i = 0; i < np; ++i) {
    // Genes taken from the mutant differ from the target; they form one cyclic run.
    std::vector<bool> changed(static_cast<std::size_t>(d));
    int runs_started = 0, count = 0;
    for (Eigen::Index g = 0; g < d; ++g) changed[static_cast<std::size_t>(g)] = c(g, i) != x(g, i);
    for (Eigen::Index g = 0; g < d; ++g) {
      const bool here = changed[static_cast<std::size_t>(g)];
      const bool prev = changed[static_cast<std::size_t>((g + d - 1) % d)];
      if (here) ++count;
      if (here && !prev) ++runs_started;
    }
    EXPECT_GE(count, 1);
    EXPECT_LE(runs_started, 1) << "trial " << i;
  }
}

TEST(DeRule, TrialsReplaceTargetsOnlyWhenNoWorse) {
  const Eigen::Index np = 6;
  const auto de = population_optimizer("de", {{"population", np}});
  const Eigen::MatrixXd x = labelled(3, np);
  de->initialize(x, 2);
  Eigen::MatrixXd c;
  de->ask(c);
  de->tell(Eigen::VectorXd::Constant(np, 10.0));
  Eigen::MatrixXd trials;
  de->ask(trials);
  Eigen::VectorXd trial_losses(np);
  trial_losses << 5, 20, 10, 11, 9, 10;  // better, worse, equal, worse, better, equal
  de->tell(trial_losses);
  const OptimizerState s = de->save_state();
  const Eigen::MatrixXd pop = s.array("population");
  const Eigen::MatrixXd fit = s.array("fitness");
  const bool replaced[] = {true, false, true, false, true, true};
  for (Eigen::Index i = 0; i < np; ++i) {
    const Eigen::VectorXd expected =
        replaced[i] ? Eigen::VectorXd(trials.col(i)) : Eigen::VectorXd(x.col(i));
    EXPECT_EQ(pop.col(i), expected) << "member " << i;
    EXPECT_EQ(fit(i, 0), replaced[i] ? trial_losses[i] : 10.0);
  }
  EXPECT_EQ(de->best_loss(), 5.0);
  EXPECT_EQ(de->best(), trials.col(0));
}

TEST(DeRule, ReevaluateAsksForTargetsAndTrialsTogether) {
  const auto de =
      population_optimizer("de", {{"population", std::int64_t{5}}, {"reevaluate", true}});
  de->initialize(labelled(2, 5), 1);
  Eigen::MatrixXd c;
  de->ask(c);
  EXPECT_EQ(c.cols(), 5);  // generation 0: the initial population
  de->tell(ranked(5));
  de->ask(c);
  ASSERT_EQ(c.cols(), 10);
  EXPECT_EQ(c.leftCols(5), labelled(2, 5));
  EXPECT_THROW(de->tell(ranked(5)), Error);
}

// ---- EA -----------------------------------------------------------------------------------

TEST(EaRule, TruncationElitismAndCopiesWithoutCrossover) {
  const auto ea = population_optimizer("ea", {{"lambda", std::int64_t{10}},
                                              {"mu", std::int64_t{3}},
                                              {"crossover", std::string("none")},
                                              {"mutation", 0.0},
                                              {"elitism", std::int64_t{2}}});
  const Eigen::MatrixXd x = labelled(4, 10);
  ea->initialize(x, 6);
  Eigen::VectorXd losses(10);  // member 9 best, then 8, 7...
  for (Eigen::Index j = 0; j < 10; ++j) losses[j] = static_cast<double>(10 - j);
  ea->tell(losses);
  Eigen::MatrixXd next;
  ea->ask(next);
  EXPECT_EQ(next.col(0), x.col(9));  // elites first, best first
  EXPECT_EQ(next.col(1), x.col(8));
  for (Eigen::Index k = 2; k < 10; ++k) {
    const long source = std::lround(next(0, k));
    EXPECT_TRUE(source == 9 || source == 8 || source == 7)
        << "child " << k << " copies member " << source;
    EXPECT_EQ(next.col(k), x.col(source));
  }
}

TEST(EaRule, FitnessProportionalSelectionFavoursLowLoss) {
  // mu = 1 parent, no variation: every child is a copy of the one selected parent. Over
  // many seeds the best member (loss 1) must be chosen far more often than the middle one
  // (loss 5), and the worst (loss 9, weight L_max - L = 0) never.
  std::map<long, int> chosen;
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    const auto ea = population_optimizer("ea", {{"lambda", std::int64_t{9}},
                                                {"mu", std::int64_t{1}},
                                                {"selection", std::string("fitness")},
                                                {"crossover", std::string("none")},
                                                {"mutation", 0.0},
                                                {"elitism", std::int64_t{0}}});
    ea->initialize(labelled(2, 9), seed);
    ea->tell(ranked(9));
    Eigen::MatrixXd next;
    ea->ask(next);
    ++chosen[std::lround(next(0, 0))];
  }
  EXPECT_EQ(chosen[8], 0);
  EXPECT_GT(chosen[0], chosen[4]);
  EXPECT_GT(chosen[4], chosen[7]);
  // Weights 9 - L: shares 8/36, 4/36 and 1/36 of 400 draws (about 89, 44 and 11).
  EXPECT_NEAR(chosen[0], 400.0 * 8 / 36, 30);
  EXPECT_NEAR(chosen[4], 400.0 * 4 / 36, 22);
}

TEST(EaRule, RankSelectionWeightsAreLinearInRank) {
  std::map<long, int> chosen;
  for (std::uint64_t seed = 0; seed < 600; ++seed) {
    const auto ea = population_optimizer("ea", {{"lambda", std::int64_t{3}},
                                                {"mu", std::int64_t{1}},
                                                {"selection", std::string("rank")},
                                                {"crossover", std::string("none")},
                                                {"mutation", 0.0},
                                                {"elitism", std::int64_t{0}}});
    ea->initialize(labelled(1, 3), seed);
    ea->tell(Eigen::Vector3d(100.0, 0.5, 7.0));  // ranks: member 1, member 2, member 0
    Eigen::MatrixXd next;
    ea->ask(next);
    ++chosen[std::lround(next(0, 0))];
  }
  // Weights 3 : 2 : 1 -> 300, 200, 100 of 600.
  EXPECT_NEAR(chosen[1], 300, 45);
  EXPECT_NEAR(chosen[2], 200, 40);
  EXPECT_NEAR(chosen[0], 100, 30);
}

TEST(EaRule, MutationProbabilityIsPerChild) {
  // Canonical: a child is mutated with probability p (the paper's code used 1 - p).
  int mutated = 0, children = 0;
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    const auto ea = population_optimizer("ea", {{"lambda", std::int64_t{20}},
                                                {"mu", std::int64_t{5}},
                                                {"crossover", std::string("none")},
                                                {"mutation", 0.2},
                                                {"elitism", std::int64_t{0}}});
    ea->initialize(labelled(3, 20), seed);
    ea->tell(ranked(20));
    Eigen::MatrixXd next;
    ea->ask(next);
    for (Eigen::Index k = 0; k < 20; ++k, ++children) {
      if (next(0, k) != std::round(next(0, k))) ++mutated;
    }
  }
  EXPECT_NEAR(static_cast<double>(mutated) / children, 0.2, 0.04);
}

TEST(EaRule, ArithmeticCrossoverAveragesAllRhoParents) {
  // Two parents a, b and rho = 3: every child is (k a + (3 - k) b) / 3 for some k.
  const auto ea = population_optimizer("ea", {{"lambda", std::int64_t{12}},
                                              {"mu", std::int64_t{2}},
                                              {"rho", std::int64_t{3}},
                                              {"crossover", std::string("arithmetic")},
                                              {"mutation", 0.0},
                                              {"elitism", std::int64_t{0}}});
  const Eigen::MatrixXd x = labelled(3, 12);
  ea->initialize(x, 9);
  ea->tell(ranked(12));  // parents: members 0 and 1
  Eigen::MatrixXd next;
  ea->ask(next);
  for (Eigen::Index c = 0; c < 12; ++c) {
    bool matched = false;
    for (int k = 0; k <= 3; ++k) {
      const Eigen::VectorXd expected = (k * x.col(0) + (3 - k) * x.col(1)) / 3.0;
      if (max_abs(next.col(c) - expected) < 1e-9) matched = true;
    }
    EXPECT_TRUE(matched) << "child " << c;
  }
}

TEST(EaRule, PlusStrategyKeepsGoodParents) {
  // (1 + lambda) with a perfect parent and no variation: the parent survives as long as no
  // child is better.
  const auto ea = population_optimizer("ea", {{"lambda", std::int64_t{4}},
                                              {"mu", std::int64_t{1}},
                                              {"strategy", std::string("plus")},
                                              {"crossover", std::string("none")},
                                              {"mutation", 1.0},
                                              {"sigma", 1.0},
                                              {"elitism", std::int64_t{0}}});
  Eigen::MatrixXd initial = labelled(2, 4);
  ea->initialize(initial, 1);
  Eigen::VectorXd losses(4);
  losses << 0.0, 1, 2, 3;  // member 0 is perfect
  ea->tell(losses);
  Eigen::MatrixXd next;
  ea->ask(next);
  ea->tell(Eigen::VectorXd::Constant(4, 5.0));  // every child worse
  const OptimizerState s = ea->save_state();
  EXPECT_EQ(Eigen::MatrixXd(s.array("parents")).col(0), initial.col(0));
  EXPECT_EQ(s.array("parent_fitness")(0, 0), 0.0);
}

}  // namespace
