#include "data/closest_name.hpp"

#include <gtest/gtest.h>

namespace ael::data {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
  EXPECT_EQ(edit_distance("total_bedroom", "total_bedrooms"), 1u);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
}

TEST(ClosestName, SuggestsNearNamesOnly) {
  const std::vector<std::string> columns = {"housing_median_age", "total_rooms", "total_bedrooms",
                                            "households"};
  EXPECT_EQ(closest_name("total_bedroom", columns), "total_bedrooms");
  EXPECT_EQ(closest_name("HOUSEHOLDS", columns), "households");
  EXPECT_EQ(closest_name("housing_mediun_age", columns), "housing_median_age");
  EXPECT_EQ(closest_name("latitude", columns), std::nullopt);
  EXPECT_EQ(closest_name("x", {}), std::nullopt);
  EXPECT_EQ(did_you_mean("total_room", columns), "; did you mean 'total_rooms'?");
  EXPECT_EQ(did_you_mean("price", columns), "");
}

}  // namespace
}  // namespace ael::data
