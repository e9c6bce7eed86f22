// The progress line's budget fraction and "NN% ETA" text (train/progress_line.hpp).
#include <gtest/gtest.h>

#include <limits>

#include "train/progress_line.hpp"

namespace ael::train {
namespace {

TEST(ProgressLine, TheFirstBudgetToEndSetsTheFraction) {
  EXPECT_DOUBLE_EQ(budget_fraction(100, 25, std::nullopt, 0, std::nullopt, 3.0), 0.25);
  // 25 of 100 steps, but 6 of 10 seconds: the time limit ends the run first.
  EXPECT_DOUBLE_EQ(budget_fraction(100, 25, std::nullopt, 0, 10.0, 6.0), 0.6);
  EXPECT_DOUBLE_EQ(budget_fraction(std::nullopt, 0, 200, 150, std::nullopt, 1.0), 0.75);
  EXPECT_DOUBLE_EQ(budget_fraction(100, 250, std::nullopt, 0, std::nullopt, 0), 1.0);
  // Only a target loss (or nothing): no known end.
  EXPECT_LT(budget_fraction(std::nullopt, 5, std::nullopt, 5, std::nullopt, 1.0), 0);
  EXPECT_LT(budget_fraction(0, 5, std::nullopt, 5, 0.0, 1.0), 0);
}

TEST(ProgressLine, SuffixShowsThePercentAndTheTimeLeft) {
  EXPECT_EQ(progress_suffix(0.25, 0.25, 10.0), "  25% ETA 30s");
  EXPECT_EQ(progress_suffix(0.5, 0.5, 90.0), "  50% ETA 1m30s");
  EXPECT_EQ(progress_suffix(0.1, 0.1, 800.0), "  10% ETA 2h00m");
  // A resumed run: the rate comes from the part done since this line appeared.
  EXPECT_EQ(progress_suffix(0.75, 0.25, 10.0), "  75% ETA 10s");
  // No rate yet, or finished: no ETA; no known fraction: nothing.
  EXPECT_EQ(progress_suffix(0.3, 0.3, 0.1), "  30%");
  EXPECT_EQ(progress_suffix(1.0, 0.5, 10.0), "  100%");
  EXPECT_EQ(progress_suffix(-1, 0, 10.0), "");
  EXPECT_EQ(progress_suffix(std::numeric_limits<double>::quiet_NaN(), 0, 10.0), "");
}

}  // namespace
}  // namespace ael::train
