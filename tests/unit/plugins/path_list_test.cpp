#include "util/path_list.hpp"

#include <gtest/gtest.h>

namespace ael::util {
namespace {

using List = std::vector<std::string>;

TEST(PathList, SplitsOnColonsAndDropsEmptyEntries) {
  EXPECT_EQ(split_path_list("a:b"), (List{"a", "b"}));
  EXPECT_EQ(split_path_list("::a::b:"), (List{"a", "b"}));
  EXPECT_EQ(split_path_list("/x/y"), (List{"/x/y"}));
  EXPECT_EQ(split_path_list(""), List{});
  EXPECT_EQ(split_path_list(":"), List{});
  EXPECT_EQ(split_path_list(static_cast<const char*>(nullptr)), List{});
}

}  // namespace
}  // namespace ael::util
