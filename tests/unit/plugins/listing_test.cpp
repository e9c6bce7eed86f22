// The text of `ael plugins` and `ael plugins NAME`.
#include <gtest/gtest.h>

#include "ael/diagnostic.hpp"
#include "plugins/listing.hpp"
#include "registry_helpers.hpp"
#include "train/sgd.hpp"

namespace {

using ael::test::contains;
using ael::test::only_dirs;

using namespace ael::plugins;

TEST(Listing, ListsEveryPluginWithFamilyVersionAndDescription) {
  PluginRegistry registry(only_dirs({AEL_TEST_PLUGIN_DIR}));
  ael::train::register_sgd(registry);
  const std::string text = plugin_listing(registry);
  EXPECT_TRUE(contains(text, "NAME     FAMILY                VERSION   DESCRIPTION\n")) << text;
  EXPECT_TRUE(contains(text, "\nadam     gradient optimizer    1.0.0     Adam with AMSGrad"))
      << text;
  EXPECT_TRUE(contains(text, "\nde       population optimizer  1.0.0     differential evolution"))
      << text;
  EXPECT_TRUE(
      contains(text, "\nsgd      gradient optimizer    built-in  stochastic gradient descent"))
      << text;
  for (const char* name : {"adagrad", "rmsprop", "cosyne", "ea"}) {
    EXPECT_TRUE(contains(text, std::string("\n") + name + " ")) << name;
  }
  EXPECT_TRUE(
      contains(text, "searched:\n  " + std::string(AEL_TEST_PLUGIN_DIR) + " (--plugin-path)"))
      << text;
  EXPECT_FALSE(contains(text, "could not load")) << text;
}

TEST(Listing, BrokenFilesAreReportedNotFatal) {
  PluginRegistry registry(only_dirs({AEL_TEST_BROKEN_PLUGIN_DIR}));
  const std::string text = plugin_listing(registry);
  EXPECT_TRUE(contains(text, "\ncrashy ")) << text;
  EXPECT_TRUE(contains(text, "could not load:\n")) << text;
  EXPECT_TRUE(contains(text, "libael_badabi.so: plugin file '")) << text;
  EXPECT_TRUE(contains(text, "libael_notaplugin.so: '")) << text;
}

TEST(Listing, DetailsShowEveryOptionWithTypeDefaultRangeAndDoc) {
  PluginRegistry registry(only_dirs({AEL_TEST_PLUGIN_DIR}));
  std::string text = plugin_details(registry, "de");
  EXPECT_TRUE(contains(text, "de 1.0.0 (population optimizer)\n")) << text;
  EXPECT_TRUE(contains(text, "file: " + std::string(AEL_TEST_PLUGIN_DIR) + "/libael_de.so"))
      << text;
  EXPECT_TRUE(contains(text, "  OPTION      TYPE     DEFAULT     ALLOWED")) << text;
  EXPECT_TRUE(contains(text, "  F           number   0.5         in (0, 2]")) << text;
  EXPECT_TRUE(contains(text, "  population  integer  20          in [3, 10000000]")) << text;
  EXPECT_TRUE(contains(text,
                       "  strategy    choice   'rand1'     one of rand1, rand2, best1, best2, "
                       "current_to_best1, rand_to_best2"))
      << text;
  text = plugin_details(registry, "adam");
  EXPECT_TRUE(contains(text, "learning rate (schedulable)")) << text;
  EXPECT_THROW(plugin_details(registry, "nosuch"), ael::Error);
}

}  // namespace
