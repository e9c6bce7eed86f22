// The run manifest beside a training log (train/run_manifest.hpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ael/ael.hpp"
#include "test_support.hpp"

namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

std::string script(const std::string& log, const std::string& lr) {
  return "model A(x: 2) { out = x |> dense(1) |> dense(2) }\n"
         "let d = points_on_circle(radius: 1, n: 64, from: 0, to: 1, seed: 1)\n"
         "let m = train A on d { loss = mse(out, x); optimizer = adam(lr: " +
         lr + "); epochs = 2; seed = 5; log = \"" + log + "\" }\n";
}

TEST(RunManifest, IsWrittenBesideTheLogWithSettingsAndResult) {
  const std::string dir = ael::test::temp_dir("manifest");
  ael::EngineConfig config;
  config.threads = 1;
  ael::Interpreter interp(config);
  const std::string log = dir + "/fit.csv";
  ASSERT_TRUE(interp.run_string(script(log, "0.01"), dir + "/fit.ael").ok);
  const nlohmann::json m = read_json(dir + "/fit.manifest.json");
  EXPECT_EQ(m["ael_version"], ael::version());
  EXPECT_EQ(m["script"], dir + "/fit.ael");
  EXPECT_EQ(m["seed"], 5);
  EXPECT_EQ(m["threads"], 1);
  EXPECT_EQ(m["model"], "A");
  EXPECT_EQ(m["parameters"], 7);
  EXPECT_EQ(m["settings"]["optimizer"], "adam(lr: 0.01)");
  EXPECT_EQ(m["result"]["epochs"], 2);
  EXPECT_EQ(m["result"]["stop"], "epochs");
  EXPECT_FALSE(m.contains("error"));
  // Another script text, another hash.
  ASSERT_TRUE(interp.run_string(script(log, "0.02"), dir + "/fit.ael").ok);
  EXPECT_NE(read_json(dir + "/fit.manifest.json")["script_fnv1a64"], m["script_fnv1a64"]);
}

TEST(RunManifest, AFailedRunRecordsItsError) {
  const std::string dir = ael::test::temp_dir("manifest-fail");
  ael::Interpreter interp;
  const std::string log = dir + "/bad.jsonl";
  const ael::Result r = interp.run_string(script(log, "1e30"), "bad.ael");
  ASSERT_FALSE(r.ok);
  const nlohmann::json m = read_json(dir + "/bad.manifest.json");
  ASSERT_TRUE(m.contains("error"));
  EXPECT_NE(m["error"].get<std::string>().find("the loss is infinite"), std::string::npos)
      << m.dump();
  EXPECT_FALSE(m.contains("result"));
}

}  // namespace
