// Plugins written in Lua (plugins/lua): manifest, options, ask/tell against a real
// objective, reproducibility, and every way a Lua file can be wrong or hostile.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "ael/ael.hpp"
#include "ael/diagnostic.hpp"
#include "ael/optimizer.hpp"
#include "plugins/lua/lua_plugin.hpp"
#include "plugins/plugin_handle.hpp"
#include "plugins/registry.hpp"
#include "registry_helpers.hpp"
#include "test_support.hpp"
#include "util/interrupt.hpp"

namespace {

using ael::test::error_of;
using ael::test::only_dirs;

namespace fs = std::filesystem;
using ael::plugins::PluginRegistry;
using ael::plugins::RegistryConfig;

// A (1+1)-ES with a fixed step, the smallest sound population optimizer.
const char* const kEs = R"lua(
return {
  name = "es", family = "population optimizer", version = "0.1.0",
  description = "test (1+1)-ES",
  options = {
    {name = "sigma", type = "number", default = 0.3, above = 0, doc = "step"},
    {name = "mode", type = "choice", choices = {"plain", "loud"}, default = "plain"},
  },
  create = function(options)
    local es = {population = 2}
    function es:initialize(genomes, rng) self.rng, self.parent = rng, genomes[1] end
    function es:ask()
      local child = {}
      for i, x in ipairs(self.parent) do child[i] = x + options.sigma * self.rng:normal() end
      self.asked = {self.parent, child}
      return self.asked
    end
    function es:tell(losses) if losses[2] < losses[1] then self.parent = self.asked[2] end end
    return es
  end,
}
)lua";

std::string write_plugin(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name + ".lua";
  std::ofstream(path) << text;
  return path;
}

// Runs `generations` of ask/tell on the sphere function from (1, ..., 1).
std::pair<double, Eigen::VectorXd> minimise_sphere(ael::PopulationOptimizer& opt, int dim,
                                                   int generations, std::uint64_t seed) {
  Eigen::MatrixXd start = Eigen::MatrixXd::Ones(dim, opt.population_size());
  opt.initialize(start, seed);
  Eigen::MatrixXd candidates;
  for (int g = 0; g < generations; ++g) {
    opt.ask(candidates);
    Eigen::VectorXd losses = candidates.colwise().squaredNorm().transpose();
    opt.tell(losses);
  }
  return {opt.best_loss(), opt.best()};
}

class LuaPlugin : public ::testing::Test {
 protected:
  std::string dir = ael::test::temp_dir("lua-plugins");

  std::shared_ptr<ael::PopulationOptimizer> make(const std::string& text,
                                                 std::vector<ael::OptionArg> args = {}) {
    write_plugin(dir, "es", text);
    auto handle = ael::plugins::lua::open_lua_plugin(dir + "/es.lua", "es");
    return handle->create<ael::PopulationOptimizer>(args);
  }
};

TEST_F(LuaPlugin, ManifestAndOptionsAreReadFromTheFile) {
  write_plugin(dir, "es", kEs);
  PluginRegistry registry(only_dirs({dir}));
  auto handle = registry.load("es");
  EXPECT_EQ(handle->manifest().family, ael::PluginFamily::PopulationOptimizer);
  EXPECT_EQ(handle->manifest().version, "0.1.0");
  EXPECT_EQ(handle->path(), fs::path(dir + "/es.lua").lexically_normal().string());
  EXPECT_FALSE(handle->is_builtin());
  // Validated like any plugin: unknown names get a suggestion, ranges are enforced.
  auto v = handle->validate({{"sigmaa", 0.5}});
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.problems[0].message.find("sigma"), std::string::npos) << v.problems[0].message;
  EXPECT_FALSE(handle->validate({{"sigma", -1.0}}).ok());
  EXPECT_FALSE(handle->validate({{"mode", std::string("quiet")}}).ok());
  EXPECT_TRUE(handle->validate({{"mode", std::string("loud")}}).ok());
  // Listed beside compiled plugins.
  auto found = registry.discover();
  ASSERT_EQ(found.plugins.size(), 1u);
  EXPECT_EQ(found.plugins[0]->name(), "es");
}

TEST_F(LuaPlugin, MinimisesTheSphereAndIsReproducible) {
  auto a = make(kEs);
  EXPECT_EQ(a->population_size(), 2);
  const auto [loss_a, best_a] = minimise_sphere(*a, 5, 400, 7);
  EXPECT_LT(loss_a, 0.05);  // from 5.0
  EXPECT_EQ(a->generation(), 400);
  auto b = make(kEs);
  const auto [loss_b, best_b] = minimise_sphere(*b, 5, 400, 7);
  EXPECT_EQ(loss_a, loss_b);
  EXPECT_EQ(best_a, best_b);
  auto c = make(kEs);
  EXPECT_NE(minimise_sphere(*c, 5, 400, 8).first, loss_a);  // another seed, another run
}

TEST_F(LuaPlugin, OptionsReachCreate) {
  // sigma tiny: after 50 generations the search has barely moved.
  auto slow = make(kEs, {{"sigma", 1e-6}});
  EXPECT_GT(minimise_sphere(*slow, 3, 50, 1).first, 2.99);
}

TEST_F(LuaPlugin, RuntimeErrorsNameTheFileAndLine) {
  std::string text = kEs;
  text.replace(text.find("function es:tell(losses)"), 24,
               "function es:tell(losses) local x = nil; x.y = 1;");
  auto opt = make(text);
  Eigen::MatrixXd start = Eigen::MatrixXd::Ones(2, 2), candidates;
  opt->initialize(start, 1);
  opt->ask(candidates);
  const std::string e = error_of([&] { opt->tell(Eigen::VectorXd::Ones(2)); });
  const auto at = text.find("x.y = 1");
  const std::string line = std::to_string(1 + std::count(text.begin(), text.begin() + at, '\n'));
  EXPECT_NE(e.find("es.lua:" + line + ":"), std::string::npos) << e;
  EXPECT_NE(e.find("attempt to index"), std::string::npos) << e;
}

TEST_F(LuaPlugin, BadFilesAreClearErrors) {
  auto load = [&](const std::string& text) {
    write_plugin(dir, "es", text);
    return error_of([&] { ael::plugins::lua::open_lua_plugin(dir + "/es.lua", "es"); });
  };
  EXPECT_NE(load("return {").find("es.lua:1:"), std::string::npos);
  EXPECT_NE(load("return 42").find("must return its plugin table"), std::string::npos);
  EXPECT_NE(load("error('boom')").find("es.lua:1: boom"), std::string::npos);
  EXPECT_NE(load("return {name = 'other', family = 'population optimizer', create = print}")
                .find("declares the plugin 'other'"),
            std::string::npos);
  EXPECT_NE(load("return {name = 'es', family = 'loss', create = print}")
                .find("cannot be written in Lua yet"),
            std::string::npos);
  EXPECT_NE(
      load("return {name = 'es', family = 'optimiser', create = print}").find("unknown family"),
      std::string::npos);
  EXPECT_NE(load("return {name = 'es', family = 'population optimizer'}")
                .find("'create' must be a function"),
            std::string::npos);
  EXPECT_NE(load("return {name = 'es', family = 'population optimizer', create = print, options = "
                 "{{name = 'k', type = 'integer', default = 1.5}}}")
                .find("must be an integer"),
            std::string::npos);
  EXPECT_NE(load("return {name = 'es', family = 'population optimizer', create = print, options = "
                 "{{name = 'k', type = 'tensor'}}}")
                .find("unknown type 'tensor'"),
            std::string::npos);
  EXPECT_NE(load("return {name = 'es', family = 'population optimizer', create = print, options = "
                 "{{name = 'k', type = 'number', default = -1, min = 0}}}")
                .find("bad option schema"),
            std::string::npos);
}

TEST_F(LuaPlugin, BadAnswersFromAskAreClearErrors) {
  std::string text = kEs;
  text.replace(text.find("return self.asked"), 17, "return {{1}, {2}}");
  auto opt = make(text);
  Eigen::MatrixXd start = Eigen::MatrixXd::Ones(3, 2), candidates;
  opt->initialize(start, 1);
  const std::string e = error_of([&] { opt->ask(candidates); });
  EXPECT_NE(e.find("genome 1 must be a list of 3 numbers"), std::string::npos) << e;
  // tell() with the wrong count is refused before Lua sees it.
  auto good = make(kEs);
  good->initialize(start, 1);
  good->ask(candidates);
  EXPECT_NE(error_of([&] { good->tell(Eigen::VectorXd::Ones(5)); }).find("5 losses for 2 genomes"),
            std::string::npos);
}

TEST_F(LuaPlugin, TheSandboxHasNoFilesProcessesOrUnseededRandomness) {
  auto opened = [&](const std::string& body) {
    return error_of([&] {
      write_plugin(
          dir, "es",
          body + "\nreturn {name = 'es', family = 'population optimizer', create = print}");
      ael::plugins::lua::open_lua_plugin(dir + "/es.lua", "es");
    });
  };
  EXPECT_NE(opened("io.open('/etc/passwd')").find("io"), std::string::npos);
  EXPECT_NE(opened("os.exit(3)").find("exit"), std::string::npos);  // the test goes on
  EXPECT_NE(opened("os.execute('true')").find("execute"), std::string::npos);
  EXPECT_NE(opened("require('socket')").find("require"), std::string::npos);
  EXPECT_NE(opened("math.random()").find("use the rng"), std::string::npos);
  EXPECT_EQ(opened("local t = os.clock() + #string.rep('x', 3) + math.sqrt(4)"), "<no error>");
}

TEST_F(LuaPlugin, MemoryIsCapped) {
  const std::string e = error_of([&] {
    write_plugin(dir, "es",
                 "local t, s = {}, 'x' while true do s = s .. s; t[#t + 1] = s end\n"
                 "return {}");
    ael::plugins::lua::open_lua_plugin(dir + "/es.lua", "es");
  });
  EXPECT_NE(e.find("not enough memory"), std::string::npos) << e;
}

TEST_F(LuaPlugin, ARunawayLoopStopsOnInterrupt) {
  ael::clear_interrupt();
  std::atomic<bool> done{false};
  std::thread stopper([&] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      ael::request_interrupt();
    }
  });
  const std::string e = error_of([&] {
    write_plugin(dir, "es", "while true do end");
    ael::plugins::lua::open_lua_plugin(dir + "/es.lua", "es");
  });
  done = true;
  stopper.join();
  ael::clear_interrupt();
  EXPECT_NE(e.find("interrupted"), std::string::npos) << e;
}

TEST_F(LuaPlugin, CheckpointsAreRefusedNotFaked) {
  auto opt = make(kEs);
  EXPECT_NE(error_of([&] { opt->save_state(); }).find("cannot be saved"), std::string::npos);
}

TEST_F(LuaPlugin, AScriptTrainsAModelWithIt) {
  write_plugin(dir, "es", kEs);
  ael::EngineConfig config;
  config.plugin_path = {dir};
  config.seed = 1;
  std::string out;
  config.write = [&](std::string_view s) { out += s; };
  ael::Interpreter interp(config);
  const ael::Result r = interp.run_string(R"(
model Tiny(x: 2) {
  out = x |> dense(1) |> dense(2)
}
let data = points_on_circle(radius: 1, n: 400, from: 0, to: 1, seed: 1)
let m = train Tiny on data { loss = mse(out, x); optimizer = es(sigma: 0.05); batches = 300; batch = 40; seed = 2 }
let first = m.history[0].mean_loss
assert(m.loss < first, "no progress")
)");
  ASSERT_TRUE(r.ok) << (r.diagnostics.empty() ? "" : r.diagnostics[0].render());
  // A bad option is reported at the script's call, like any plugin's.
  const ael::Result bad = interp.run_string("let o = es(sigmaa: 1)", "bad.ael");
  ASSERT_FALSE(bad.ok);
  EXPECT_NE(bad.diagnostics[0].message.find("sigma"), std::string::npos)
      << bad.diagnostics[0].message;
  EXPECT_EQ(bad.diagnostics[0].location.line, 1);
}

}  // namespace

namespace {

const char* const kSpiral = R"lua(
return {
  name = "spiral", family = "data source", version = "1.0.0",
  description = "points on a noisy spiral",
  options = {
    {name = "n", type = "integer", default = 100, min = 1},
    {name = "noise", type = "number", default = 0.01, min = 0},
    {name = "seed", type = "integer", default = 0},
  },
  create = function(options)
    return {
      generate = function(self, rng)
        local rows = {}
        for i = 1, options.n do
          local t = 3 * i / options.n
          rows[i] = {t * math.cos(t) + rng:normal(0, options.noise),
                     t * math.sin(t) + rng:normal(0, options.noise)}
        end
        return {columns = {"x", "y"}, rows = rows}
      end,
    }
  end,
}
)lua";

const char* const kStopAfter = R"lua(
return {
  name = "stop_after", family = "callback",
  options = {{name = "epochs", type = "integer", default = 3, min = 1}},
  create = function(options)
    return {
      seen = 0,
      on_event = function(self, event)
        self.seen = self.seen + 1
        assert(type(event.loss) == "number", "the event has a loss")
        return event.epoch + 1 >= options.epochs  -- epoch counts from 0
      end,
    }
  end,
}
)lua";

struct Session {
  explicit Session(const std::string& dir) {
    ael::EngineConfig config;
    config.plugin_path = {dir};
    config.write = [](std::string_view) {};
    interp = std::make_unique<ael::Interpreter>(config);
  }
  ael::Result run(const std::string& source) { return interp->run_string(source, "s.ael"); }
  std::unique_ptr<ael::Interpreter> interp;
};

std::string first_message(const ael::Result& r) {
  return r.diagnostics.empty() ? "" : r.diagnostics[0].render();
}

TEST(LuaDataSource, ADataSourceMakesAReproducibleDataset) {
  const std::string dir = ael::test::temp_dir("lua-source");
  write_plugin(dir, "spiral", kSpiral);
  Session s(dir);
  const ael::Result r = s.run(R"(
let d = spiral(n: 50, seed: 3)
assert(d.rows == 50 and d.cols == 2, "shape")
assert(sum(d["x"]) == sum(spiral(n: 50, seed: 3)["x"]), "same seed, same data")
assert(sum(d["x"]) != sum(spiral(n: 50, seed: 4)["x"]), "another seed, other data")
model A(x: 2) { out = x |> dense(1) |> dense(2) }
let m = train A on d {
  loss = mse(out, x); optimizer = adam(lr: 0.01); epochs = 2; seed = 1 }
)");
  EXPECT_TRUE(r.ok) << first_message(r);
  const ael::Result bad = s.run("let d = spiral(n: 0)");
  ASSERT_FALSE(bad.ok);
  EXPECT_NE(first_message(bad).find("s.ael:1:"), std::string::npos) << first_message(bad);
}

TEST(LuaDataSource, RaggedRowsAreAnErrorAtTheCall) {
  const std::string dir = ael::test::temp_dir("lua-source-bad");
  std::string text = kSpiral;
  text.replace(text.find("return {columns"), 15, "rows[2] = {1}; return {columns");
  write_plugin(dir, "spiral", text);
  Session s(dir);
  const ael::Result r = s.run("let a = 1\nlet d = spiral(n: 5)");
  ASSERT_FALSE(r.ok);
  const std::string e = first_message(r);
  EXPECT_NE(e.find("s.ael:2:"), std::string::npos) << e;
  EXPECT_NE(e.find("row 2 must be a list of 2 numbers"), std::string::npos) << e;
}

TEST(LuaCallback, ACallbackSeesEventsAndStopsTheRun) {
  const std::string dir = ael::test::temp_dir("lua-callback");
  write_plugin(dir, "stop_after", kStopAfter);
  Session s(dir);
  const ael::Result r = s.run(R"(
model A(x: 2) { out = x |> dense(1) |> dense(2) }
let d = points_on_circle(radius: 1, n: 64, from: 0, to: 1, seed: 1)
let m = train A on d { loss = mse(out, x); optimizer = adam(lr: 0.01); epochs = 20; seed = 1
                       on_epoch = stop_after(epochs: 4) }
let epochs = len(m.history)
)");
  ASSERT_TRUE(r.ok) << first_message(r);
  EXPECT_EQ(s.interp->global("epochs")->as_int(), 4);
}

TEST(LuaCallback, AnErrorInTheCallbackNamesTheLuaLine) {
  const std::string dir = ael::test::temp_dir("lua-callback-bad");
  std::string text = kStopAfter;
  text.replace(text.find("event.loss"), 10, "event.nope");
  write_plugin(dir, "stop_after", text);
  Session s(dir);
  const ael::Result r = s.run(R"(
model A(x: 2) { out = x |> dense(1) |> dense(2) }
let d = points_on_circle(radius: 1, n: 64, from: 0, to: 1, seed: 1)
let m = train A on d { loss = mse(out, x); optimizer = adam(lr: 0.01); epochs = 3; seed = 1
                       on_epoch = stop_after() }
)");
  ASSERT_FALSE(r.ok);
  const std::string e = first_message(r);
  EXPECT_NE(e.find("stop_after.lua:"), std::string::npos) << e;
  EXPECT_NE(e.find("the event has a loss"), std::string::npos) << e;
}

}  // namespace
