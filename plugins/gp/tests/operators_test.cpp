// Tree generation, variation, selection and the Pareto archive.
#include <gtest/gtest.h>

#include <map>

#include "pareto.hpp"
#include "primitive_set.hpp"
#include "selection.hpp"
#include "tree_gen.hpp"
#include "variation.hpp"

namespace ael::gp {
namespace {

PrimitiveSet paper_set() { return PrimitiveSet(GpOptions::deap().primitives, 2, false, 1, -1, 1); }

int depth(const Program& p) { return expr_depth(p.data(), p.size()); }

TEST(TreeGenTest, FullTreesHaveEveryLeafAtTheDrawnHeight) {
  const PrimitiveSet set = paper_set();
  Rng rng(1);
  std::map<int, int> heights;
  for (int i = 0; i < 2000; ++i) {
    const Program p = make_tree(set, rng, 2, 4, TreeMethod::Full);
    const std::vector<int> d = expr_node_depths(p.data(), p.size());
    const int h = depth(p);
    ++heights[h];
    for (std::size_t k = 0; k < p.size(); ++k) {
      if (p[k].is_terminal()) {
        ASSERT_EQ(d[k], h);
      }
    }
  }
  EXPECT_EQ(heights.size(), 3u);  // 2, 3, 4 each about a third
  for (const auto& [h, n] : heights) EXPECT_NEAR(n, 667, 120) << h;
}

TEST(TreeGenTest, GrowTreesStayWithinTheHeightRange) {
  const PrimitiveSet set = paper_set();
  EXPECT_NEAR(set.terminal_ratio(), 2.0 / 14.0, 1e-15);  // DEAP: 2 args, 12 primitives
  Rng rng(2);
  int below_max = 0;
  for (int i = 0; i < 2000; ++i) {
    const Program p = make_tree(set, rng, 2, 4, TreeMethod::Grow);
    ASSERT_GE(depth(p), 2);
    ASSERT_LE(depth(p), 4);
    const int h = depth(p);
    below_max += h < 4;
  }
  EXPECT_GT(below_max, 500);
}

TEST(TreeGenTest, WeightsAreDrawFrequencies) {
  const PrimitiveSet set = paper_set();  // exp, log, sqrt weigh 2; the rest 1
  Rng rng(3);
  std::map<ExprOp, int> count;
  const int n = 120000;
  for (int i = 0; i < n; ++i) ++count[set.random_primitive(rng).op];
  EXPECT_NEAR(count[ExprOp::Exp] / double(n), 2.0 / 12, 0.006);
  EXPECT_NEAR(count[ExprOp::Add] / double(n), 1.0 / 12, 0.006);
  EXPECT_NEAR(count[ExprOp::Sqrt] / double(n), 2.0 / 12, 0.006);
  EXPECT_EQ(count.count(ExprOp::Tanh), 0u);
}

TEST(TreeGenTest, ConstantsAppearOnlyWhenEnabled) {
  Rng rng(4);
  const PrimitiveSet with(GpOptions::deap().primitives, 1, true, 1.0, 2.0, 3.0);
  int constants = 0;
  for (int i = 0; i < 1000; ++i) {
    const ExprNode t = with.random_terminal(rng);
    if (t.op == ExprOp::Constant) {
      ++constants;
      ASSERT_GE(t.value, 2.0);
      ASSERT_LT(t.value, 3.0);
    }
  }
  EXPECT_NEAR(constants, 500, 80);
  const PrimitiveSet without = paper_set();
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(without.random_terminal(rng).op, ExprOp::Variable);
}

TEST(VariationTest, CrossoverSwapsNonRootSubtreesAndKeepsProgramsValid) {
  const PrimitiveSet set = paper_set();
  Rng rng(5);
  for (int i = 0; i < 500; ++i) {
    Program a = make_tree(set, rng, 2, 4, TreeMethod::HalfAndHalf);
    Program b = make_tree(set, rng, 2, 4, TreeMethod::HalfAndHalf);
    const std::size_t total = a.size() + b.size();
    const ExprNode root_a = a.back(), root_b = b.back();
    crossover_one_point(a, b, rng);
    EXPECT_EQ(a.size() + b.size(), total);
    EXPECT_EQ(a.back(), root_a);  // roots never move
    EXPECT_EQ(b.back(), root_b);
    Program copy = a;
    expr_update_sizes(copy);
    for (std::size_t k = 0; k < a.size(); ++k) ASSERT_EQ(copy[k].size, a[k].size);
  }
  Program single = {ExprNode::var(0)};
  Program other = make_tree(set, rng, 2, 2, TreeMethod::Full);
  const Program before = other;
  crossover_one_point(single, other, rng);
  EXPECT_EQ(other, before);  // a single-node parent: no crossover (DEAP)
}

TEST(VariationTest, SubtreeMutationGrowsFullSubtreesOfBoundedHeight) {
  const PrimitiveSet set = paper_set();
  Rng rng(6);
  for (int i = 0; i < 500; ++i) {
    Program x = make_tree(set, rng, 2, 2, TreeMethod::Full);
    mutate_subtree(x, set, rng, 0, 2);
    EXPECT_LE(depth(x), 2 + 2);
    Program copy = x;
    expr_update_sizes(copy);
  }
}

TEST(VariationTest, PointMutationKeepsShapeAndHoistShrinks) {
  const PrimitiveSet set = paper_set();
  Rng rng(7);
  int changed = 0;
  for (int i = 0; i < 300; ++i) {
    Program x = make_tree(set, rng, 3, 3, TreeMethod::Full);
    const Program before = x;
    mutate_point(x, set, rng);
    ASSERT_EQ(x.size(), before.size());
    for (std::size_t k = 0; k < x.size(); ++k) {
      ASSERT_EQ(x[k].arity, before[k].arity);
      ASSERT_EQ(x[k].size, before[k].size);
    }
    changed += x != before;
    Program h = before;
    mutate_hoist(h, rng);
    EXPECT_LT(h.size(), before.size());
    Program copy = h;
    expr_update_sizes(copy);
  }
  EXPECT_GT(changed, 150);
}

TEST(VariationTest, LimitsCheckHeightAndSize) {
  const Program p = {ExprNode::var(0), ExprNode::primitive(ExprOp::Sin),
                     ExprNode::primitive(ExprOp::Cos)};
  EXPECT_TRUE((Limits{2, 0}).allows(p));
  EXPECT_FALSE((Limits{1, 0}).allows(p));
  EXPECT_TRUE((Limits{17, 3}).allows(p));
  EXPECT_FALSE((Limits{17, 2}).allows(p));
}

TEST(SelectionTest, TournamentPicksTheBestAspirant) {
  std::vector<Rank> ranks;
  for (int i = 0; i < 100; ++i) ranks.push_back({double(i), 10});
  Rng rng(8);
  const auto all = tournament(ranks, 100000, 100, false, rng);
  double mean = 0;
  for (std::size_t i : all) mean += double(i);
  mean /= double(all.size());
  EXPECT_LT(mean, 1.5);  // best of 100 draws with replacement: mostly index 0
  Rng rng1(9);
  const auto random = tournament(ranks, 100000, 1, false, rng1);
  double mean1 = 0;
  for (std::size_t i : random) mean1 += double(i);
  EXPECT_NEAR(mean1 / double(random.size()), 49.5, 0.5);  // size 1: uniform
}

TEST(SelectionTest, LexicographicParsimonyBreaksTiesBySize) {
  const std::vector<Rank> ranks = {{1.0, 30}, {1.0, 5}};
  Rng rng(10);
  int small = 0;
  for (std::size_t i : tournament(ranks, 2000, 2, true, rng)) small += i == 1;
  EXPECT_GT(small, 1400);  // wins whenever it is drawn (3/4 of tournaments)
  Rng rng2(10);
  int small_plain = 0;
  for (std::size_t i : tournament(ranks, 2000, 2, false, rng2)) small_plain += i == 1;
  EXPECT_NEAR(small_plain, 1000, 100);  // plain: the first aspirant wins ties
}

TEST(ParetoTest, FrontIsAscendingInSizeAndStrictlyImprovingInError) {
  ParetoArchive archive;
  auto prog = [](int n) {
    Program p = {ExprNode::var(0)};
    for (int i = 1; i < n; ++i) p.push_back(ExprNode::primitive(ExprOp::Sin));
    return p;
  };
  archive.offer(prog(5), 1.0);
  archive.offer(prog(3), 2.0);
  archive.offer(prog(7), 1.5);  // dominated by size 5
  archive.offer(prog(9), 0.5);
  archive.offer(prog(3), 1.8);       // better at size 3
  archive.offer(prog(1), INFINITY);  // ignored
  const auto front = archive.front();
  ASSERT_EQ(front.size(), 3u);
  EXPECT_EQ(front[0].size, 3u);
  EXPECT_EQ(front[0].error, 1.8);
  EXPECT_EQ(front[1].size, 5u);
  EXPECT_EQ(front[2].size, 9u);
  EXPECT_EQ(front[2].error, 0.5);
}

}  // namespace
}  // namespace ael::gp
