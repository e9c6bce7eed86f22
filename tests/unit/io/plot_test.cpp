// plot(): PNG files through gnuplot, and every way a plot call can be wrong.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "ael/ael.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;

bool is_png(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  return in && std::string(magic + 1, 3) == "PNG";
}

struct PlotSession {
  std::string dir = ael::test::temp_dir("plot");
  ael::test::CurrentDir cwd{dir};  // the figures' relative paths land here
  ael::Interpreter interp;
  ael::Result run(const std::string& source) { return interp.run_string(source, dir + "/p.ael"); }
  std::string error(const std::string& source) {
    const ael::Result r = run(source);
    return r.ok ? "" : r.diagnostics[0].message;
  }
};

const char* const kTrain =
    "model A(x: 2) { out = x |> dense(1) |> dense(2) }\n"
    "let d = points_on_circle(radius: 1, n: 64, from: 0, to: 1, seed: 1)\n"
    "let m = train A on d { loss = mse(out, x); optimizer = adam(lr: 0.01); epochs = 5; seed = 1 "
    "}\n";

TEST(Plot, WritesPngsOfAModelADatasetAndAList) {
  PlotSession s;
  ASSERT_TRUE(s.run(std::string(kTrain) +
                    "let a = plot(m, \"loss.png\", log_y: true, title: \"it's a curve\")\n"
                    "let b = plot(d, \"points.png\", kind: \"scatter\")\n"
                    "let c = plot([3, 2, 1], \"list.png\")\n"
                    "let e = plot(m.history, \"picked.png\", x: \"step\", y: [\"loss\"])\n")
                  .ok);
  for (const char* f : {"loss.png", "points.png", "list.png", "picked.png"}) {
    EXPECT_TRUE(is_png(s.dir + "/" + f)) << f;
  }
  EXPECT_EQ(s.interp.global("a")->as_string(), "loss.png");
  // Nothing of the temporaries is left beside the figures.
  for (const auto& entry : fs::directory_iterator(s.dir)) {
    EXPECT_EQ(entry.path().string().find(".ael-plot-"), std::string::npos) << entry.path();
  }
}

TEST(Plot, ARecordDrawsOneSeriesPerEntry) {
  PlotSession s;
  ASSERT_TRUE(s.run(std::string(kTrain) +
                    "let p = train A on d { loss = mse(out, x); optimizer = de(population: 8); "
                    "batches = 20; batch = 16; seed = 1 }\n"
                    "let f = plot({adam: m, de: p, list: [1, 2]}, \"cmp.png\", x: \"seconds\")\n")
                  .ok);
  EXPECT_TRUE(is_png(s.dir + "/cmp.png"));
  EXPECT_NE(s.error("plot({adam: m, bad: 3}, \"y.png\")").find("'bad' is a int"),
            std::string::npos);
  EXPECT_NE(s.error("plot({adam: m}, \"y.png\", y: \"nope\")").find("'adam': no feature 'nope'"),
            std::string::npos);
  EXPECT_NE(s.error("plot({}, \"y.png\")").find("empty"), std::string::npos);
}

TEST(Plot, BadCallsAreLocatedErrors) {
  PlotSession s;
  ASSERT_TRUE(s.run(kTrain).ok);
  EXPECT_NE(s.error("plot(d, \"x.png\", kind: \"bars\")").find("kind is \"line\" or \"scatter\""),
            std::string::npos);
  EXPECT_NE(s.error("plot(d, \"x.png\", y: \"z\")").find("no feature 'z'"), std::string::npos);
  EXPECT_NE(s.error("plot([], \"x.png\")").find("empty"), std::string::npos);
  EXPECT_NE(s.error("plot(42, \"x.png\")").find("takes a dataset"), std::string::npos);
  EXPECT_NE(s.error("plot(d, \"x.png\", width: 100000000)").find("width and height"),
            std::string::npos);
  // Like save(), a missing folder is created; a folder in the file's place is an error.
  EXPECT_EQ(s.error("plot(d, \"new/folder/x.png\")"), "");
  EXPECT_TRUE(is_png(s.dir + "/new/folder/x.png"));
  fs::create_directory(s.dir + "/adir");
  EXPECT_NE(s.error("plot(d, \"adir\")").find("cannot write"), std::string::npos);
  EXPECT_FALSE(fs::exists(s.dir + "/x.png"));
}

TEST(Plot, WithoutGnuplotTheErrorSaysHowToGetIt) {
  PlotSession s;
  ASSERT_TRUE(s.run(kTrain).ok);
  const char* old = std::getenv("PATH");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  setenv("PATH", s.dir.c_str(), 1);  // a folder without gnuplot
  const std::string e = s.error("plot(d, \"x.png\")");
  if (saved) setenv("PATH", saved->c_str(), 1);
  EXPECT_NE(e.find("apt-get install gnuplot-nox"), std::string::npos) << e;
}

}  // namespace
