#include "ael/closest_name.hpp"

#include <gtest/gtest.h>

namespace ael {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
  EXPECT_EQ(edit_distance("total_bedroom", "total_bedrooms"), 1u);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
  EXPECT_EQ(edit_distance("tahn", "tanh"), 1u);  // one swap, not two substitutions
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);     // optimal string alignment, not Damerau
}

TEST(TypoTolerance, GrowsWithLengthAndCapsAtThree) {
  EXPECT_EQ(typo_tolerance(0), 0u);
  EXPECT_EQ(typo_tolerance(2), 0u);
  EXPECT_EQ(typo_tolerance(3), 1u);
  EXPECT_EQ(typo_tolerance(5), 1u);
  EXPECT_EQ(typo_tolerance(6), 2u);
  EXPECT_EQ(typo_tolerance(8), 2u);
  EXPECT_EQ(typo_tolerance(9), 3u);
  EXPECT_EQ(typo_tolerance(1000), 3u);
}

TEST(ClosestName, SuggestsNearNamesOnly) {
  const std::vector<std::string> columns = {"housing_median_age", "total_rooms", "total_bedrooms",
                                            "households"};
  EXPECT_EQ(closest_name("total_bedroom", columns), "total_bedrooms");
  EXPECT_EQ(closest_name("HOUSEHOLDS", columns), "households");
  EXPECT_EQ(closest_name("housing_mediun_age", columns), "housing_median_age");
  EXPECT_EQ(closest_name("latitude", columns), "");
  EXPECT_EQ(closest_name("x", {}), "");
  EXPECT_EQ(did_you_mean("total_room", columns), "; did you mean 'total_rooms'?");
  EXPECT_EQ(did_you_mean("price", columns), "");
}

TEST(ClosestName, BreaksTiesBySharedPrefixThenLengthThenOrder) {
  EXPECT_EQ(closest_name("tahn", {"tan", "tanh"}), "tanh");        // swap beats deletion by prefix
  EXPECT_EQ(closest_name("los", {"cos", "loss"}), "loss");         // shared prefix wins
  EXPECT_EQ(closest_name("abcd", {"abce", "abcf"}), "abce");       // first of equals
  EXPECT_EQ(closest_name("epoch", {"epochs", "epoc"}), "epochs");  // first of equal gaps
}

TEST(ClosestName, ShortNamesOnlyMatchCaseDifferences) {
  EXPECT_EQ(closest_name("lr", {"l1", "LR"}), "LR");
  EXPECT_EQ(closest_name("lr", {"l1"}), "");
}

TEST(ClosestName, OtherFrameworksNamesSuggestAels) {
  const std::vector<std::string> adam = {"lr", "beta1", "beta2", "eps"};
  EXPECT_EQ(closest_name("lrate", adam), "lr");
  EXPECT_EQ(closest_name("Learning_Rate", adam), "lr");
  EXPECT_EQ(closest_name("batch_size", {"batch", "epochs", "seed"}), "batch");
  EXPECT_EQ(closest_name("num_epochs", {"batch", "epochs", "seed"}), "epochs");
  EXPECT_EQ(closest_name("pop_size", {"population", "F", "CR"}), "population");
  // Only when AEL's name is a candidate: no 'lr' here, so no suggestion.
  EXPECT_EQ(closest_name("learning_rate", {"batch", "epochs"}), "");
}

TEST(ClosestName, SkipsTheNameItselfAndEmptyCandidates) {
  EXPECT_EQ(closest_name("relu", {"relu", "", "reLU"}), "reLU");
  EXPECT_EQ(closest_name("relu", {"relu"}), "");
}

}  // namespace
}  // namespace ael
