// The plugin loader: discovery order, lazy loading, every failure mode (with deliberately
// broken plugins from tests/plugins/), and library lifetime.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "ael/diagnostic.hpp"
#include "ael/loss.hpp"
#include "ael/optimizer.hpp"
#include "build_config.hpp"
#include "plugins/plugin_call.hpp"
#include "plugins/registry.hpp"
#include "registry_helpers.hpp"
#include "test_support.hpp"
#include "train/sgd.hpp"

namespace {

using ael::test::contains;
using ael::test::error_of;
using ael::test::only_dirs;

namespace fs = std::filesystem;
using ael::plugins::PluginRegistry;
using ael::plugins::RegistryConfig;

const std::string kBroken = AEL_TEST_BROKEN_PLUGIN_DIR;
const std::string kReal = AEL_TEST_PLUGIN_DIR;

// True while the library at `path` is mapped into the process.
bool is_loaded(const std::string& path) {
  void* handle = dlopen(path.c_str(), RTLD_NOLOAD | RTLD_LAZY);
  if (!handle) return false;
  dlclose(handle);
  return true;
}

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_)
      setenv(name_, old_->c_str(), 1);
    else
      unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(Loader, SearchPathOrderIsExtraThenEnvironmentThenBuildThenInstall) {
  ScopedEnv env("AEL_PLUGIN_PATH", "/env/one::/env/two");
  RegistryConfig c;
  c.extra_dirs = {"/extra/a", "/extra/b"};
  PluginRegistry registry(c);
  const auto& path = registry.search_path();
  ASSERT_EQ(path.size(), 6u);
  EXPECT_EQ(path[0].path, "/extra/a");
  EXPECT_EQ(path[0].origin, "--plugin-path");
  EXPECT_EQ(path[1].path, "/extra/b");
  EXPECT_EQ(path[2].path, "/env/one");
  EXPECT_EQ(path[2].origin, "AEL_PLUGIN_PATH");
  EXPECT_EQ(path[3].path, "/env/two");
  EXPECT_EQ(path[4].path, AEL_BUILD_PLUGIN_DIR);
  EXPECT_EQ(path[4].origin, "build tree");
  EXPECT_EQ(path[5].path, AEL_INSTALL_PLUGIN_DIR);
  EXPECT_EQ(path[5].origin, "installed");
}

TEST(Loader, FirstFolderThatHasThePluginWins) {
  const std::string dir = ael::test::temp_dir("plugin-order");
  fs::copy_file(kReal + "/libael_adam.so", dir + "/libael_adam.so");
  RegistryConfig c = only_dirs({dir});
  c.use_build_dir = true;  // the build tree also has libael_adam.so, but comes later
  PluginRegistry registry(c);
  const auto adam = registry.load("adam");
  EXPECT_EQ(fs::path(adam->path()).parent_path(), fs::path(dir));
}

TEST(Loader, LoadsLazilyOnceAndListsWhatIsLoaded) {
  PluginRegistry registry(only_dirs({kReal}));
  EXPECT_TRUE(registry.loaded().empty());
  const auto first = registry.load("adam");
  const auto again = registry.find("adam");
  EXPECT_EQ(first.get(), again.get());
  EXPECT_EQ(registry.loaded(), std::vector<std::string>{"adam"});
  EXPECT_EQ(first->manifest().family, ael::PluginFamily::GradientOptimizer);
  EXPECT_EQ(first->manifest().version, "1.0.0");
  EXPECT_EQ(registry.find("nosuchplugin"), nullptr);
}

TEST(Loader, ConcurrentLoadsAreSerialisedAndShareOneHandle) {
  PluginRegistry registry(only_dirs({kReal}));
  std::vector<std::shared_ptr<const ael::plugins::PluginHandle>> handles(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < handles.size(); ++i) {
    threads.emplace_back([&, i] { handles[i] = registry.load(i % 2 ? "de" : "cosyne"); });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 2; i < handles.size(); ++i)
    EXPECT_EQ(handles[i].get(), handles[i % 2].get());
  EXPECT_NE(handles[0].get(), handles[1].get());
}

TEST(Loader, NotFoundListsEveryFolderSearched) {
  PluginRegistry registry(only_dirs({"/nowhere/a", kReal}));
  const std::string message = error_of([&] { registry.load("adamm"); });
  EXPECT_TRUE(contains(message, "plugin 'adamm' not found; did you mean 'adam'?")) << message;
  EXPECT_TRUE(contains(message, "looked for libael_adamm.so and adamm.lua in:")) << message;
  EXPECT_TRUE(contains(message, "/nowhere/a (--plugin-path)")) << message;
  EXPECT_TRUE(contains(message, kReal + " (--plugin-path)")) << message;
}

TEST(Loader, RejectsALibraryThatIsNotAnAelPlugin) {
  PluginRegistry registry(only_dirs({kBroken}));
  const std::string message = error_of([&] { registry.load("notaplugin"); });
  EXPECT_TRUE(contains(message, "libael_notaplugin.so' is not an AEL plugin")) << message;
  EXPECT_TRUE(contains(message, "ael_plugin_abi_version")) << message;
}

TEST(Loader, RejectsAFileThatIsNotASharedLibrary) {
  const std::string dir = ael::test::temp_dir("plugin-garbage");
  ael::test::write_text(dir + "/libael_garbage.so", "this is not an ELF file\n");
  PluginRegistry registry(only_dirs({dir}));
  const std::string message = error_of([&] { registry.load("garbage"); });
  EXPECT_TRUE(contains(message, "cannot load plugin file '" + dir + "/libael_garbage.so'"))
      << message;
  EXPECT_TRUE(contains(message, "dlerror")) << message;  // the dynamic loader's own words
}

TEST(Loader, AbiMismatchSaysBothVersions) {
  PluginRegistry registry(only_dirs({kBroken}));
  const std::string message = error_of([&] { registry.load("badabi"); });
  EXPECT_TRUE(contains(message, "was built for AEL plugin ABI 999")) << message;
  EXPECT_TRUE(
      contains(message, "this AEL uses plugin ABI " + std::to_string(ael::kPluginAbiVersion)))
      << message;
}

TEST(Loader, RejectsABadOptionSchemaAndAMisnamedFile) {
  PluginRegistry registry(only_dirs({kBroken}));
  std::string message = error_of([&] { registry.load("badschema"); });
  EXPECT_TRUE(contains(message, "plugin 'badschema'")) << message;
  EXPECT_TRUE(contains(message, "declares a bad option schema: option 'lr': bad default"))
      << message;
  message = error_of([&] { registry.load("misnamed"); });
  EXPECT_TRUE(contains(message, "declares the plugin 'other', not 'misnamed'")) << message;
}

TEST(Loader, FactoryExceptionsArePassedOnWithThePluginName) {
  PluginRegistry registry(only_dirs({kBroken}));
  const auto plugin = registry.load("throwingfactory");
  using Args = std::vector<ael::OptionArg>;
  std::string message = error_of([&] { plugin->create<ael::GradientOptimizer>(Args{}); });
  EXPECT_EQ(message, "plugin 'throwingfactory' could not be created: refusing to start");
  message = error_of([&] {
    plugin->create<ael::GradientOptimizer>(Args{{"kind", std::string("std_exception")},
                                                {"message", std::string("no memory for you")}});
  });
  EXPECT_EQ(message, "plugin 'throwingfactory' could not be created: no memory for you");
  message = error_of([&] {
    plugin->create<ael::GradientOptimizer>(Args{{"kind", std::string("other")}});
  });
  EXPECT_EQ(
      message,
      "plugin 'throwingfactory' could not be created: an exception that is not a std::exception");
}

TEST(Loader, CreateChecksTheFamilyAndTheOptions) {
  PluginRegistry registry(only_dirs({kReal}));
  const auto adam = registry.load("adam");
  std::string message =
      error_of([&] { adam->create<ael::PopulationOptimizer>(std::vector<ael::OptionArg>{}); });
  EXPECT_EQ(message, "plugin 'adam' is a gradient optimizer, not a population optimizer");
  message = error_of([&] {
    adam->create<ael::GradientOptimizer>(std::vector<ael::OptionArg>{{"lr_", 0.1}});
  });
  EXPECT_EQ(message, "unknown option 'lr_' for adam; did you mean 'lr'?");
  ael::Options unchecked("adam");
  unchecked.set("lr", 0.1);
  message = error_of([&] { adam->create<ael::GradientOptimizer>(unchecked); });
  EXPECT_TRUE(contains(message, "cannot create adam: adam needs option 'beta1'")) << message;
  const auto optimizer =
      adam->create<ael::GradientOptimizer>(std::vector<ael::OptionArg>{{"lr", 0.5}});
  EXPECT_EQ(optimizer->plugin_name(), "adam");
}

TEST(Loader, LoadFileRegistersByManifestNameAndRefusesDuplicates) {
  PluginRegistry registry(only_dirs({kReal}));
  const auto de = registry.load_file(kReal + "/libael_de.so");
  EXPECT_EQ(de->name(), "de");
  EXPECT_EQ(registry.find("de").get(), de.get());
  EXPECT_EQ(registry.load_file(kReal + "/libael_de.so").get(), de.get());  // same file: same handle
  const std::string dir = ael::test::temp_dir("plugin-dup");
  fs::copy_file(kReal + "/libael_de.so", dir + "/libael_de.so");
  const std::string message = error_of([&] { registry.load_file(dir + "/libael_de.so"); });
  EXPECT_TRUE(contains(message, "a plugin named 'de' is already loaded (from " + kReal)) << message;
  EXPECT_TRUE(
      contains(error_of([&] { registry.load_file(dir + "/nothing.so"); }), "does not exist"));
}

TEST(Loader, ObjectsKeepTheirLibraryLoadedUntilTheLastOneDies) {
  const std::string path = kBroken + "/libael_crashy.so";
  ASSERT_FALSE(is_loaded(path));
  std::shared_ptr<ael::PopulationOptimizer> optimizer;
  {
    PluginRegistry registry(only_dirs({kBroken}));
    optimizer =
        registry.load("crashy")->create<ael::PopulationOptimizer>(std::vector<ael::OptionArg>{});
    EXPECT_TRUE(registry.forget("crashy"));
    EXPECT_FALSE(registry.forget("crashy"));
    EXPECT_TRUE(registry.loaded().empty());
  }  // the registry and every handle are gone
  ASSERT_TRUE(is_loaded(path));
  // The object still works: its code is still mapped.
  optimizer->initialize(Eigen::MatrixXd::Zero(3, 4), 7);
  Eigen::MatrixXd candidates;
  optimizer->ask(candidates);
  optimizer->tell(Eigen::VectorXd::LinSpaced(4, 1, 4));
  EXPECT_EQ(optimizer->generation(), 1);
  EXPECT_EQ(optimizer->best_loss(), 1.0);
  optimizer.reset();
  EXPECT_FALSE(is_loaded(path)) << "the library should be unloaded with its last object";
}

TEST(Loader, BuiltinsAreListedAndCreatedLikePlugins) {
  PluginRegistry registry(only_dirs({}));
  ael::train::register_sgd(registry);
  const auto sgd = registry.load("sgd");
  EXPECT_TRUE(sgd->is_builtin());
  EXPECT_FALSE(registry.forget("sgd"));
  const auto optimizer =
      sgd->create<ael::GradientOptimizer>(std::vector<ael::OptionArg>{{"lr", 0.5}});
  EXPECT_EQ(optimizer->plugin_name(), "sgd");
  EXPECT_THROW(ael::train::register_sgd(registry), ael::Error);  // the name is taken
  const std::string message = error_of([&] {
    sgd->create<ael::GradientOptimizer>(std::vector<ael::OptionArg>{{"nesterov", true}});
  });
  EXPECT_EQ(message,
            "plugin 'sgd' could not be created: sgd: nesterov needs momentum > 0 and dampening 0");
}

TEST(Loader, GuardedCallNamesThePluginThatFailedMidRun) {
  PluginRegistry registry(only_dirs({kBroken}));
  const auto optimizer = registry.load("crashystep")
                             ->create<ael::GradientOptimizer>(
                                 std::vector<ael::OptionArg>{{"fail_at", std::int64_t{2}}});
  Eigen::VectorXd p = Eigen::VectorXd::Ones(3), g = Eigen::VectorXd::Ones(3);
  optimizer->reset(3);
  for (int i = 0; i < 2; ++i) {
    ael::plugins::guarded_call(*optimizer, "step", [&] { optimizer->step(p, g); });
  }
  const Eigen::VectorXd before = p;
  const std::string message = error_of(
      [&] { ael::plugins::guarded_call(*optimizer, "step", [&] { optimizer->step(p, g); }); });
  EXPECT_EQ(message, "plugin 'crashystep' failed in step(): step 2 exploded");
  EXPECT_EQ(p, before);  // the caller's parameters are as they were before the failing step
}

}  // namespace

namespace {

TEST(Loader, OtherFamiliesUseTheSameMechanism) {
  ael::plugins::PluginRegistry registry(only_dirs({kBroken}));
  const auto handle = registry.load("lossdemo");
  EXPECT_EQ(handle->manifest().family, ael::PluginFamily::Loss);  // from the factory's type
  const auto loss =
      handle->create<ael::LossPlugin>(std::vector<ael::OptionArg>{{"default_scale", 2.0}});
  const auto functions = loss->functions();
  ASSERT_EQ(functions.size(), 1u);
  EXPECT_EQ(functions[0].name, "demo_l1");
  EXPECT_EQ(functions[0].inputs, (std::vector<std::string>{"x", "y"}));
  const auto v = functions[0].options.validate({}, "demo_l1");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.options.number("scale"), 2.0);
  EXPECT_EQ(
      error_of([&] { handle->create<ael::GradientOptimizer>(std::vector<ael::OptionArg>{}); }),
      "plugin 'lossdemo' is a loss, not a gradient optimizer");
}

}  // namespace
