#include "data/sequences.hpp"

#include <gtest/gtest.h>

#include "error_text.hpp"

namespace ael::data {
namespace {

TEST(OneHotSequences, BlocksAreOneHotAndMatchTheClasses) {
  const Index n = 20000, length = 3;
  const int classes = 2;
  const SequenceData s = one_hot_sequences(n, length, classes, 1337);
  ASSERT_EQ(s.inputs.features(), length * classes);
  ASSERT_EQ(s.inputs.samples(), n);
  ASSERT_EQ(s.classes.rows(), length);
  ASSERT_EQ(s.classes.cols(), n);
  EXPECT_EQ(s.inputs.names(),
            (std::vector<std::string>{"t0_c0", "t0_c1", "t1_c0", "t1_c1", "t2_c0", "t2_c1"}));
  for (Index j = 0; j < n; ++j) {
    for (Index t = 0; t < length; ++t) {
      const auto block = s.inputs.matrix().block(t * classes, j, classes, 1);
      ASSERT_EQ(block.sum(), 1.0);
      ASSERT_EQ(block(s.classes(t, j), 0), 1.0);
    }
  }
  // Uniform classes: each step is class 1 half of the time (sd 0.0035).
  for (Index t = 0; t < length; ++t) {
    EXPECT_NEAR(s.classes.row(t).cast<double>().mean(), 0.5, 0.02);
  }
}

TEST(OneHotSequences, AllClassesAppearAndRunsAreReproducible) {
  const SequenceData s = one_hot_sequences(6000, 2, 5, 8);
  for (int c = 0; c < 5; ++c) {
    EXPECT_NEAR((s.classes.array() == c).cast<double>().mean(), 0.2, 0.02) << c;
  }
  EXPECT_EQ(s.classes, one_hot_sequences(6000, 2, 5, 8).classes);
  EXPECT_NE(s.classes, one_hot_sequences(6000, 2, 5, 9).classes);
  EXPECT_EQ(test::error_text([] { one_hot_sequences(5, 0, 2, 1); }),
            "one_hot_sequences: length must be >= 1, got 0");
  EXPECT_EQ(test::error_text([] { one_hot_sequences(5, 2, 0, 1); }),
            "one_hot_sequences: classes must be >= 1, got 0");
}

}  // namespace
}  // namespace ael::data
