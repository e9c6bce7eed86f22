// The example plugin in docs/plugins.md (compiled from the document by tests/plugins.cmake)
// loads, validates its options and steps.
#include <gtest/gtest.h>

#include "ael/optimizer.hpp"
#include "plugins/registry.hpp"

namespace {

TEST(DocExample, SignSgdPluginFromTheDocsWorks) {
  ael::plugins::RegistryConfig c;
  c.extra_dirs = {AEL_TEST_BROKEN_PLUGIN_DIR};
  c.use_environment = c.use_build_dir = c.use_install_dir = false;
  ael::plugins::PluginRegistry registry(c);
  const auto handle = registry.load("signsgd");
  EXPECT_EQ(handle->manifest().family, ael::PluginFamily::GradientOptimizer);
  const auto opt = handle->create<ael::GradientOptimizer>(std::vector<ael::OptionArg>{{"lr", 0.5}});
  Eigen::VectorXd p(2), g(2);
  p << 1.0, 1.0;
  g << 2.0, -3.0;
  opt->reset(2);
  opt->step(p, g);
  EXPECT_EQ(p, Eigen::Vector2d(0.5, 1.5));
  opt->set_option("lr", 0.25);
  Eigen::VectorXf pf = Eigen::VectorXf::Zero(2), gf = Eigen::VectorXf::Ones(2);
  opt->reset(2);
  opt->step(pf, gf);
  EXPECT_EQ(pf, Eigen::Vector2f(-0.25f, -0.25f));
  ael::OptimizerState s = opt->save_state();
  EXPECT_EQ(s.integer("steps"), 1);
}

}  // namespace
