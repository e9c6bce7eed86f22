// Ctrl-C (request_interrupt) stops training within a step or a generation: the log and
// the checkpoint are written, the run fails as `interrupted`, and the session goes on.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "../eval/eval_helpers.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

const char* kModel = R"(
model LineAE(x: 2) {
  code = dense(x, 1)
  out = dense(code, 2)
}
let pts = points_on_line(slope: 0.5, n: 400, seed: 1)
)";

// Runs an effectively endless training and interrupts it once its log exists.
Result interrupted_training(Interpreter& interp, const std::string& dir,
                            const std::string& optimizer) {
  const std::string log = dir + "/log.csv";
  std::filesystem::remove(log);
  const std::string script = std::string(kModel) +
                             "let ae = train LineAE on pts {\n  loss = mse(out, x)\n"
                             "  optimizer = " +
                             optimizer + "\n  epochs = 100000000\n  log = \"" + log +
                             "\"\n  checkpoint = \"" + dir + "/ckpt.safetensors\"\n}\n";
  std::thread ctrl_c([&] {
    for (int i = 0; i < 2000 && !std::filesystem::exists(log); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    request_interrupt();
  });
  Result r = interp.run_string(script, "endless.ael");
  ctrl_c.join();
  return r;
}

TEST(Interrupt, StopsGradientTrainingAfterWritingTheCheckpointAndLog) {
  const std::string dir = temp_dir("ael_interrupt_gradient");
  Session s;
  const auto start = std::chrono::steady_clock::now();
  const Result r = interrupted_training(s.interp(), dir, "adam(lr: 0.01)");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.interrupted);
  ASSERT_FALSE(r.diagnostics.empty());
  const std::string message = r.diagnostics[0].message;
  EXPECT_NE(message.find("interrupted at step"), std::string::npos) << message;
  EXPECT_NE(message.find("checkpoint written to"), std::string::npos) << message;
  EXPECT_EQ(r.diagnostics[0].location.line, 7) << message;  // the train statement
  EXPECT_TRUE(std::filesystem::exists(dir + "/ckpt.safetensors"));
  // The checkpoint says why it stopped; the session is intact and the request consumed.
  EXPECT_EQ(s.eval("load(\"" + dir + "/ckpt.safetensors\").stop").as_string(), "interrupted");
  EXPECT_EQ(s.eval("1 + 1"), Value(2));
}

TEST(Interrupt, StopsPopulationTraining) {
  const std::string dir = temp_dir("ael_interrupt_population");
  Session s;
  const Result r = interrupted_training(s.interp(), dir, "de(population: 20)");
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.interrupted);
  EXPECT_NE(Session::render(r).find("interrupted at step"), std::string::npos)
      << Session::render(r);
  EXPECT_TRUE(std::filesystem::exists(dir + "/ckpt.safetensors"));
  EXPECT_EQ(s.eval("2 * 3"), Value(6));
}

TEST(Interrupt, AnOrdinaryErrorIsNotAnInterrupt) {
  Session s;
  Interpreter& interp = s.interp();
  const Result r = interp.run_string("let x = 1 / 0\n", "t.ael");
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.interrupted);
}

}  // namespace
}  // namespace ael::test
