// Models and training end to end through the public interpreter API: `model` blocks,
// `train`, model values and files, and the errors on the way.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../eval/eval_helpers.hpp"
#include "line_model.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

std::string line_train(const std::string& settings) {
  return std::string(kLineModel) + "let ae = train LineAE on pts {\n  loss = mse(out, x)\n" +
         settings + "\n}\n";
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(Train, SgdReducesTheLossOfALinearAutoencoder) {
  Session s;
  s.run(line_train("optimizer = sgd(lr: 0.001)\nepochs = 40\nbatch = 50\nseed = 1"));
  const double first = number(s, "ae.history[0].loss");
  const double last = number(s, "ae.loss");
  EXPECT_LT(last, first / 100) << "first epoch " << first << ", last " << last;
  EXPECT_EQ(s.eval("ae.steps").as_int(), 40 * 8);
  EXPECT_EQ(s.eval("ae.stop").as_string(), "epochs");
  EXPECT_LT(number(s, "mse(apply(ae, pts), pts)"), 0.05);  // the data variance is ~20
}

TEST(Train, SameSeedSameParameters) {
  const std::string script =
      line_train("optimizer = adam(lr: 0.01)\nepochs = 5\nbatch = 32\nseed = 9");
  Session a, b, c;
  a.run(script);
  b.run(script);
  c.run(line_train("optimizer = adam(lr: 0.01)\nepochs = 5\nbatch = 32\nseed = 10"));
  EXPECT_EQ(a.eval("params(ae)"), b.eval("params(ae)"));
  EXPECT_NE(a.eval("params(ae)"), c.eval("params(ae)"));
}

TEST(Train, PopulationOptimizersMinimiseTheLoss) {
  for (const char* opt : {"de(population: 20)", "cosyne(population: 20)", "ea()"}) {
    Session s;
    s.run(line_train(std::string("optimizer = ") + opt + "\nbatches = 150\nbatch = 40\nseed = 2"));
    const double first = number(s, "ae.history[0].best_loss");
    const double last = number(s, "ae.loss");
    EXPECT_LT(last, first * 0.5) << opt;
    Session again;
    again.run(
        line_train(std::string("optimizer = ") + opt + "\nbatches = 150\nbatch = 40\nseed = 2"));
    EXPECT_EQ(s.eval("params(ae)"), again.eval("params(ae)")) << opt;
  }
}

TEST(Train, DctEncodingTrainsThroughFewerGenes) {
  Session s;
  s.run(line_train(
      "optimizer = de(population: 20)\nencoding = dct(4)\nbatches = 100\nbatch = 40\nseed = 2"));
  EXPECT_LT(number(s, "ae.loss"), number(s, "ae.history[0].best_loss"));
}

TEST(Train, ShapeMismatchIsReportedAtTheModelLineBeforeTraining) {
  Session s;
  Diagnostic d = s.error(R"(model Bad(x: 2) {
  h = dense(x, 3)
  out = h + x
}
let d = points_on_line(slope: 1, n: 10, seed: 1)
let m = train Bad on d { loss = mse(out, x); epochs = 1 }
)");
  EXPECT_EQ(d.location.line, 3u);
  EXPECT_NE(d.message.find("do not broadcast"), std::string::npos) << d.message;
}

TEST(Train, NanInALossTermNamesTheTermAndTheStep) {
  Session s;
  Diagnostic d = s.error(line_train("loss2 = 1"));  // unknown setting first
  EXPECT_NE(d.message.find("unknown train setting 'loss2'"), std::string::npos) << d.message;
  const std::string nan_script = std::string(kLineModel) +
                                 "let ae = train LineAE on pts {\n"
                                 "  loss = mse(out, x) + mean(log(-square(out) - 1))\n"
                                 "  epochs = 2\n}\n";
  d = s.error(nan_script);
  EXPECT_NE(d.message.find("loss term 'loss_mean' is NaN at step 0"), std::string::npos)
      << d.message;
}

TEST(Train, PluginOptionsAreValidatedAtTheirSpan) {
  Session s;
  Diagnostic d = s.error(line_train("optimizer = adam(lrr: 0.1)\nepochs = 1"));
  EXPECT_NE(d.message.find("lrr"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("'lr'"), std::string::npos) << d.message;
  EXPECT_EQ(d.location.line, 9u);
  d = s.error(line_train("optimizer = adam(lr: -1)\nepochs = 1"));
  EXPECT_NE(d.message.find("lr"), std::string::npos) << d.message;
}

TEST(Train, DataThatDoesNotFitTheInputsIsAnError) {
  Session s;
  Diagnostic d = s.error(std::string(kLineModel) +
                         "let three = correlated_gaussian(dim: 3, n: 10, seed: 1)\n"
                         "let m = train LineAE on three { loss = mse(out, x); epochs = 1 }\n");
  EXPECT_NE(d.message.find("take 2 features, the dataset has 3"), std::string::npos) << d.message;
}

TEST(Train, LogCheckpointAndModelFileRoundTrip) {
  const std::string dir = temp_dir("ael_train_files");
  Session s;
  s.run(line_train("optimizer = adam(lr: 0.01)\nepochs = 3\nbatch = 100\nseed = 1\nlog = \"" + dir +
                   "/log.csv\"\ncheckpoint = \"" + dir + "/ckpt.safetensors\""));
  const std::string log = read_text(dir + "/log.csv");
  EXPECT_EQ(log.substr(0, log.find('\n')), "step,epoch,seconds,loss");
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 4);
  EXPECT_TRUE(std::filesystem::exists(dir + "/ckpt.safetensors"));

  s.run("save(ae, \"" + dir + "/m.safetensors\")\nlet back = load(\"" + dir + "/m.safetensors\")");
  EXPECT_EQ(s.eval("params(back)"), s.eval("params(ae)"));
  EXPECT_EQ(s.eval("apply(back, pts) == apply(ae, pts)"), Value(true));
  EXPECT_EQ(s.eval("back.loss"), s.eval("ae.loss"));
  // The checkpoint is a model file too, and a new run can start from its parameters.
  s.run(line_train("epochs = 1\ninit_from = \"" + dir + "/ckpt.safetensors\""));

  // A truncated file is a clear error, not a crash.
  const std::string bytes = read_text(dir + "/m.safetensors");
  write_text(dir + "/cut.safetensors", bytes.substr(0, bytes.size() / 2));
  Diagnostic d = s.error("load(\"" + dir + "/cut.safetensors\")");
  EXPECT_NE(d.message.find("cut.safetensors"), std::string::npos) << d.message;
}

// A run stopped at `stop_when` (an on_epoch condition) and resumed from its checkpoint
// must end with the parameters, loss and step count of the run that never stopped.
void expect_resume_matches(const std::string& settings, const std::string& stop_when,
                           const std::string& dir, bool chain = false,
                           const std::string& callback = "on_epoch") {
  const std::string ckpt = dir + "/ckpt.safetensors";
  Session s;
  s.run(std::string(kLineModel) + "let full = train LineAE on pts { loss = mse(out, x)\n" +
        settings + " }\n" + "let part = train LineAE on pts { loss = mse(out, x)\n" + settings +
        "\ncheckpoint = \"" + ckpt + "\"\n" + callback + " = fn(r) { " + stop_when + " } }\n" +
        "let rest = train LineAE on pts { loss = mse(out, x)\n" + settings + "\nresume = \"" +
        ckpt + "\" }\n" + "let fresh = train LineAE on pts { loss = mse(out, x)\n" + settings +
        "\ninit_from = \"" + ckpt + "\" }\n");
  EXPECT_EQ(s.eval("part.stop"), Value(std::string("callback")));
  EXPECT_LT(number(s, "part.evaluations"), number(s, "full.evaluations"));
  EXPECT_EQ(s.eval("params(rest)"), s.eval("params(full)"));
  EXPECT_EQ(s.eval("rest.loss"), s.eval("full.loss"));
  EXPECT_EQ(s.eval("rest.stop"), s.eval("full.stop"));
  // A resumed chain counts from the stage it resumed (the stages before are not rerun).
  if (!chain) {
    EXPECT_EQ(s.eval("rest.evaluations"), s.eval("full.evaluations"));
  }
  // The control: the same parameters with the optimizer's state restarted end elsewhere.
  EXPECT_NE(s.eval("params(fresh)"), s.eval("params(full)"));
}

TEST(Train, ResumedAdamRunMatchesTheRunThatNeverStopped) {
  const std::string dir = temp_dir("ael_resume_adam");
  expect_resume_matches("optimizer = adam(lr: 0.02)\nepochs = 6\nbatch = 64\nseed = 3",
                        "r.epoch >= 2", dir);
  // Stopped in the middle of an epoch: on_step stops it, and the stop writes a log row.
  expect_resume_matches(
      "optimizer = adam(lr: 0.02)\nepochs = 4\nbatch = 64\nseed = 3\nlog_every = 2", "r.step == 10",
      dir, false, "on_step");
}

TEST(Train, ResumedDeRunMatchesTheRunThatNeverStopped) {
  const std::string dir = temp_dir("ael_resume_de");
  expect_resume_matches("optimizer = de(population: 8)\ngenerations = 30\nbatch = 100\nseed = 5",
                        "r.generation >= 11", dir);
  // With validation: the resumed run rebuilds early stopping's count from the history, so
  // it stops where the run that never stopped does.
  expect_resume_matches(
      "optimizer = de(population: 8)\ngenerations = 200\nbatch = 100\nseed = 5\n"
      "validation = pts\nearly_stop = 4",
      "r.generation >= 3", dir);
}

TEST(Train, ResumedChainRunMatchesTheRunThatNeverStopped) {
  const std::string dir = temp_dir("ael_resume_chain");
  // Stopped in the second stage: the resumed run skips the first.
  expect_resume_matches(
      "optimizer = de(population: 6, generations: 5) then adam(lr: 0.02, epochs: 4)\nbatch = 100\n"
      "seed = 2",
      "r.stage == 2 and r.epoch >= 1", dir, true);
}

TEST(Train, OnEpochAtEpochEndsOnStepAfterEveryStep) {
  Session s;
  // 400 samples in batches of 64: 7 steps an epoch; log_every adds rows at steps 3, 6, 9...
  s.run("let epochs_seen = []\nlet steps_seen = []\nlet last_loss = 0\n");
  s.run(
      line_train("optimizer = adam(lr: 0.01)\nepochs = 3\nbatch = 64\nseed = 1\nlog_every = 3\n"
                 "on_epoch = fn(r) { epochs_seen = epochs_seen + [r.epoch] }\n"
                 "on_step = fn(r) { steps_seen = steps_seen + [r.step]\n"
                 "  last_loss = r.loss }"));
  EXPECT_EQ(s.eval("epochs_seen").repr(), "[0, 1, 2]");
  EXPECT_EQ(s.eval("len(steps_seen)").as_int(), 21);
  EXPECT_EQ(s.eval("steps_seen[0]").as_int(), 1);
  EXPECT_GT(number(s, "last_loss"), 0.0);
  // A step callback stops the run at once, mid-epoch.
  s.run(
      line_train("optimizer = adam(lr: 0.01)\nepochs = 3\nbatch = 64\nseed = 1\n"
                 "on_step = fn(r) => r.step == 5"));
  EXPECT_EQ(s.eval("ae.stop").as_string(), "callback");
  EXPECT_EQ(s.eval("ae.steps").as_int(), 5);
  const Diagnostic d = s.error(
      line_train("optimizer = de(population: 6)\ngenerations = 2\non_step = fn(r) => false"));
  EXPECT_NE(d.message.find("use on_generation"), std::string::npos) << d.message;
  // on_generation: after every generation of a population stage (and only those).
  s.run("let gens = []\n");
  s.run(
      line_train("optimizer = de(population: 6, generations: 4) then adam(lr: 0.01, epochs: 1)\n"
                 "seed = 1\non_generation = fn(r) { gens = gens + [[r.stage, r.generation]] }"));
  EXPECT_EQ(s.eval("gens").repr(), "[[1, 0], [1, 1], [1, 2], [1, 3]]");
  s.run(
      line_train("optimizer = de(population: 6)\ngenerations = 9\nseed = 1\n"
                 "on_generation = fn(r) => if r.generation == 2 { \"stop\" } else { false }"));
  EXPECT_EQ(s.eval("ae.stop").as_string(), "callback");
  EXPECT_EQ(s.eval("ae.steps").as_int(), 3);
  const Diagnostic g =
      s.error(line_train("optimizer = adam(lr: 0.01)\nepochs = 1\non_generation = fn(r) => false"));
  EXPECT_NE(g.message.find("use on_step or on_epoch"), std::string::npos) << g.message;
}

TEST(Train, GradcheckOfATrainedModel) {
  Session s;
  s.run(line_train("optimizer = adam(lr: 0.01)\nepochs = 1\nseed = 1"));
  EXPECT_LT(number(s, "gradcheck(ae, pts).worst_error"), 1e-6);
  // Every entry: 2 + 1 + 2 + 2 parameters and 2 x 2 inputs; one entry: one per tensor.
  EXPECT_EQ(s.eval("gradcheck(ae, pts, entries: 100).checked").as_int(), 11);
  EXPECT_EQ(s.eval("gradcheck(ae, pts, entries: 1).checked").as_int(), 5);
  EXPECT_NE(s.error("gradcheck(ae, pts, samples: 0)").message.find("at least 1"),
            std::string::npos);
  EXPECT_NE(s.error("gradcheck(ae, pts, endpoint: \"out\")").message.find("not one number"),
            std::string::npos);
}

TEST(Train, ValidationLossIsItsOwnExpression) {
  Session s;
  s.run("let val = points_on_line(slope: 0.5, n: 100, seed: 2)\n");
  // The column holds the expression's value, not the training loss: 7 + 0 * mse is 7.
  s.run(
      line_train("optimizer = adam(lr: 0.01)\nepochs = 3\nseed = 1\nvalidation = val\n"
                 "validation_loss = 7 + 0 * mse(out, x)"));
  EXPECT_EQ(s.eval("column(ae.history, \"validation_loss\")").repr(), "[7.0, 7.0, 7.0]");
  EXPECT_EQ(number(s, "ae.validation_loss"), 7.0);
  // Scored without a penalty the training loss carries, it is lower than that loss.
  s.run(std::string(kLineModel) +
        "let val = points_on_line(slope: 0.5, n: 100, seed: 2)\n"
        "let pen = train LineAE on pts { loss = mse(out, x) + mean(0 * code + 100)\n"
        "  validation_loss = mse(out, x)\n optimizer = adam(lr: 0.01)\n epochs = 3\n seed = 1\n"
        "  validation = val }\n");
  EXPECT_LT(number(s, "pen.validation_loss") + 50, number(s, "pen.loss"));
  EXPECT_NEAR(number(s, "pen.validation_loss"), number(s, "mse(apply(pen, val), val)"), 1e-4);
  EXPECT_NE(s.error(line_train("epochs = 1\nvalidation_loss = mse(out, x)"))
                .message.find("validation_loss is computed on validation data"),
            std::string::npos);
  EXPECT_NE(s.error(line_train("epochs = 1\nvalidation = val\nvalidation_loss = out"))
                .message.find("validation_loss must be one number per batch"),
            std::string::npos);
}

TEST(Train, PopulationTrainingValidatesEveryGeneration) {
  Session s;
  s.run("let val = points_on_line(slope: 0.5, n: 100, seed: 2)\n");
  s.run(
      line_train("optimizer = de(population: 8)\ngenerations = 60\nseed = 3\n"
                 "validation = val\nearly_stop = 2\nkeep_best = true"));
  const std::int64_t generations = s.eval("ae.steps").as_int();
  EXPECT_EQ(s.eval("ae.stop").as_string(), "early_stop");
  EXPECT_GE(generations, 3);  // a best, then two generations without a better one
  EXPECT_LT(generations, 60);
  EXPECT_EQ(s.eval("len(column(ae.history, \"validation_loss\"))").as_int(), generations);
  // keep_best: the result is the network of the best validation score, and that score is
  // the column's minimum.
  EXPECT_EQ(number(s, "ae.validation_loss"),
            number(s, "min(column(ae.history, \"validation_loss\"))"));
  // Without a stop the run uses its whole budget.
  s.run(
      line_train("optimizer = de(population: 8)\ngenerations = 5\nseed = 3\n"
                 "validation = val"));
  EXPECT_EQ(s.eval("ae.stop").as_string(), "generations");
  EXPECT_EQ(s.eval("len(column(ae.history, \"validation_loss\"))").as_int(), 5);
  // Without keep_best, validation_loss is the returned network's score, not the best seen.
  EXPECT_NEAR(number(s, "ae.validation_loss"), number(s, "mse(apply(ae, val), val)"), 1e-5);
  // An epoch budget: one generation per batch, 400 samples in batches of 100.
  s.run(line_train("optimizer = de(population: 8)\nepochs = 3\nbatch = 100\nseed = 3"));
  EXPECT_EQ(s.eval("[ae.stop, ae.steps, ae.epochs]").repr(), "[\"epochs\", 12, 3]");
  s.run(line_train("optimizer = de(population: 8)\nepochs = 3\ngenerations = 5\nbatch = 100"));
  EXPECT_EQ(s.eval("[ae.stop, ae.steps, ae.epochs]").repr(), "[\"generations\", 5, 1]");
}

TEST(Train, ResumeRefusesAStateThatCannotContinueThisRun) {
  const std::string dir = temp_dir("ael_resume_bad");
  const std::string ckpt = dir + "/ckpt.safetensors";
  Session s;
  s.run(line_train("optimizer = adam(lr: 0.01)\nepochs = 2\nbatch = 50\nseed = 1\ncheckpoint = \"" +
                   ckpt + "\""));
  const auto resume_error = [&](const std::string& settings) {
    return s.error(line_train(settings + "\nresume = \"" + ckpt + "\"")).message;
  };
  std::string m = resume_error("optimizer = sgd(lr: 0.01)\nepochs = 3\nbatch = 50");
  EXPECT_NE(m.find("holds the state of 'adam'"), std::string::npos) << m;
  EXPECT_NE(m.find("init_from"), std::string::npos) << m;
  m = resume_error("optimizer = adam(lr: 0.01)\nepochs = 3\nbatch = 20");
  EXPECT_NE(m.find("in batches of 50, this run has 400 in batches of 20"), std::string::npos) << m;
  m = resume_error("optimizer = de(population: 6)\nepochs = 3\nbatch = 50");
  EXPECT_NE(m.find("state of a gradient optimizer ('adam')"), std::string::npos) << m;
  m = resume_error(
      "optimizer = cosyne(population: 20, generations: 2) then adam(lr: 0.01, epochs: 3)\nbatch = "
      "50");
  EXPECT_NE(m.find("state of a gradient optimizer"), std::string::npos) << m;
  Diagnostic d =
      s.error(line_train("epochs = 1\nresume = \"" + ckpt + "\"\ninit_from = \"" + ckpt + "\""));
  EXPECT_NE(d.message.find("resume or init_from, not both"), std::string::npos) << d.message;
  // A model file saved by save() has no run state: it resumes from its parameters.
  s.run("save(ae, \"" + dir + "/plain.safetensors\")");
  s.run(line_train("optimizer = adam(lr: 0.01)\nepochs = 1\nbatch = 50\nresume = \"" + dir +
                   "/plain.safetensors\""));
}

TEST(Train, FixedWeightsDoNotMove) {
  Session s;
  s.run(R"(model Frozen(x: 2) {
  code = dense(x, 1, trainable: false, init: 0.5)
  out = dense(code, 2)
}
let pts = points_on_line(slope: 0.5, n: 200, seed: 1)
let m0 = init(Frozen, seed: 4)
let m = train Frozen on pts { loss = mse(out, x); optimizer = adam(lr: 0.05); epochs = 3; seed = 4 }
)");
  // Block dense1.W is the first: 2 weights, then the bias (zeros, also fixed).
  EXPECT_EQ(s.eval("params(m)[0:3]"), s.eval("params(m0)[0:3]"));
  EXPECT_NE(s.eval("params(m)[3:]"), s.eval("params(m0)[3:]"));
}

TEST(Train, SchedulesDriveLossWeightsAndLearningRates) {
  Session s;
  s.run(std::string(kLineModel) + R"(
let beta = anneal(from: 0, to: 1, epochs: 4)
let ae = train LineAE on pts {
  loss = mse(out, x) + beta * l2(code)
  optimizer = adam(lr: cosine(from: 0.01, to: 0.001, epochs: 4))
  epochs = 4
  seed = 1
}
)");
  // The l2 term is logged separately, weighted by nothing (its raw value).
  EXPECT_GT(number(s, "ae.history[3].loss_l2"), 0);
  EXPECT_NE(s.eval("ae.history.names").repr().find("loss_mse"), std::string::npos);
}

TEST(Train, MetricsAreLoggedButNotMinimised) {
  Session s;
  s.run(
      line_train("optimizer = adam(lr: 0.01)\nepochs = 3\nseed = 1\n"
                 "metrics = {code_size: mean(square(code)), half: 0.5 * mse(out, x)}"));
  EXPECT_EQ(s.eval("ae.history.names").repr(),
            R"(["step", "epoch", "seconds", "loss", "code_size", "half"])");
  // The metric is computed on the same batches as the loss: half of it, epoch by epoch.
  EXPECT_NEAR(s.eval("ae.history[2].half").as_number(),
              0.5 * s.eval("ae.history[2].loss").as_number(),
              1e-6 * s.eval("ae.history[2].loss").as_number());
  Diagnostic d = s.error(line_train("epochs = 1\nmetrics = {out: mean(out)}"));
  EXPECT_NE(d.message.find("has the name of a model endpoint"), std::string::npos) << d.message;
}

TEST(Train, EarlyStopAndCallbacks) {
  Session s;
  s.run(
      line_train("optimizer = sgd(lr: 0.001)\nepochs = 50\nseed = 1\n"
                 "on_epoch = fn(r) => r.epoch >= 2"));
  EXPECT_EQ(s.eval("ae.epochs").as_int(), 3);
  EXPECT_EQ(s.eval("ae.stop").as_string(), "callback");
}

TEST(Train, EarlyStopReportsItsOwnReason) {
  Session s;
  // Steps below float resolution: the validation loss never improves, so patience 2
  // stops after epoch 3.
  s.run(
      line_train("optimizer = sgd(lr: 1e-300)\nepochs = 50\nseed = 1\n"
                 "validation = pts\nearly_stop = 2"));
  EXPECT_EQ(s.eval("ae.epochs").as_int(), 3);
  EXPECT_EQ(s.eval("ae.stop").as_string(), "early_stop");
}

TEST(Train, NumericSettingsMustBeFinite) {
  for (const char* bad : {"time_limit = nan", "time_limit = inf", "time_limit = -1",
                          "time_limit = 0", "target_loss = nan", "target_loss = -inf"}) {
    Session s;
    const Diagnostic d = s.error(line_train(std::string("optimizer = sgd(lr: 0.001)\n") + bad));
    EXPECT_NE(d.message.find("must be a finite number"), std::string::npos)
        << bad << ": " << d.message;
    EXPECT_EQ(d.location.line, 10) << bad;  // the setting's own line
  }
}

TEST(Train, SizesBeyondTheMachinesMemoryAreRefusedBeforeAllocating) {
  // Linux overcommits: these would otherwise be killed while touching pages, or abort
  // with std::bad_alloc. Sizes are far beyond any machine, so the test does not depend
  // on this one's memory.
  Session s;
  Diagnostic d = s.error(std::string(kLineModel) +
                         "model Wide(x: 2) { out = x |> dense(100000000000) |> dense(2) }\n"
                         "let w = train Wide on pts { loss = mse(out, x); epochs = 1 }\n");
  EXPECT_NE(d.message.find("parameter 'dense1.W' (100000000000 x 2) makes a model of"),
            std::string::npos)
      << d.message;
  EXPECT_NE(d.message.find("this machine has"), std::string::npos) << d.message;
  EXPECT_EQ(d.location.line, 7u);
  d = s.error(std::string(kLineModel) +
              "model Big(x: 2) { out = x |> dense(1000) |> dense(2) }\n"
              "let b = train Big on pts { loss = mse(out, x); epochs = 1\n"
              "  optimizer = cosyne(population: 10000000) }\n");
  EXPECT_NE(d.message.find("a population of 10000000 networks of 5002 parameters needs about"),
            std::string::npos)
      << d.message;
  EXPECT_EQ(d.location.line, 8u);
  // Above the schema's bound, the option itself is the error.
  d = s.error(line_train("optimizer = de(population: 1000000000)\nepochs = 1"));
  EXPECT_NE(d.message.find("option 'population' of de must be in [3, 10000000]"), std::string::npos)
      << d.message;
}

TEST(Train, PluginOptionsAreCheckedBeforeAnythingRuns) {
  // `ael check` (and `ael run`, which checks first) rejects option typos and bad literal
  // values of plugin calls: a typo in a later train must not cost the training before it.
  Session s;
  Result r = s.interp().check_string(
      "print(\"never\")\n"
      "let a = adam(beta: 1)\n"
      "let b = de(strategy: \"bset1\", population: 2)\n"
      "let c = ea(sigma: \"x\")\n"
      "let lr = 0.1\n"
      "let d = sgd(lr: lr, momentum: 0.9)\n"
      "let e = adam(lr: -1)\n"
      "print(adma(lr: 1))\n",
      "opts.ael");
  ASSERT_FALSE(r.ok);
  std::vector<std::string> messages;
  for (const Diagnostic& d : r.diagnostics)
    messages.push_back(std::to_string(d.location.line) + ": " + d.message);
  ASSERT_EQ(messages.size(), 6u) << Session::render(r);
  EXPECT_EQ(messages[0], "2: unknown option 'beta' for adam; did you mean 'beta1'?");
  EXPECT_EQ(messages[1].rfind("3: option 'strategy' of de must be one of", 0), 0u) << messages[1];
  EXPECT_NE(messages[1].find("did you mean 'best1'?"), std::string::npos) << messages[1];
  EXPECT_EQ(messages[2], "3: option 'population' of de must be in [3, 10000000], got 2");
  EXPECT_EQ(messages[3], "4: option 'sigma' of ea expects a number, got a string ('x')");
  EXPECT_EQ(messages[4], "7: option 'lr' of adam must be > 0, got -1");
  EXPECT_EQ(messages[5], "8: unknown name 'adma'; did you mean 'adam'?");
  EXPECT_EQ(s.take_output(), "");
  // Computed values and valid literals pass the check.
  EXPECT_TRUE(s.interp().check_string("let lr = 0.1\nlet o = sgd(lr: lr * 2)\n", "ok.ael").ok);
}

TEST(Train, JsonlLogsWriteNullForValuesThatAreNotNumbers) {
  const std::string dir = temp_dir("ael_train_jsonl");
  Session s;
  // log_every 2 with 8 batches an epoch: rows between epoch ends have no validation loss.
  s.run(
      line_train("optimizer = adam(lr: 0.01)\nepochs = 2\nbatch = 50\nseed = 1\n"
                 "log_every = 2\nvalidation = pts\nlog = \"" +
                 dir + "/log.jsonl\""));
  const std::string log = read_text(dir + "/log.jsonl");
  EXPECT_EQ(log.find("nan"), std::string::npos) << log;
  EXPECT_NE(log.find("\"validation_loss\": null"), std::string::npos) << log;
  const std::size_t numbers =
      std::count(log.begin(), log.end(), '\n') - count_of(log, "\"validation_loss\": null");
  EXPECT_EQ(numbers, 2u) << log;  // one validation per epoch end
}

TEST(Model, PerSampleParametersMatchSharedParameters) {
  Session s;
  s.run(std::string(kLineModel) + R"(
let m = init(LineAE, seed: 3)
let few = take(pts, 5)
let rows = from_rows([params(m) for i in 0..5])
let shared = apply(m, few)
let each = apply(m, few, params: rows)
)");
  EXPECT_EQ(s.eval("shared == each"), Value(true));
}

TEST(Model, DecodeRunsTheModelFromAnInternalEndpoint) {
  Session s;
  s.run(std::string(kLineModel) + R"(
let m = init(LineAE, seed: 3)
let codes = encode(m, pts)
let again = decode(m, codes, from: "code")
let gen = sample(m, n: 7, from: "code", seed: 1)
)");
  EXPECT_EQ(s.eval("again == apply(m, pts)"), Value(true));
  EXPECT_EQ(s.eval("gen.rows").as_int(), 7);
  EXPECT_EQ(s.eval("sample(m, n: 7, from: \"code\", seed: 1) == gen"), Value(true));
  Diagnostic d = s.error(
      "model Skip(x: 2) {\n  code = dense(x, 1)\n  out = dense(code, 2) + x\n}\n"
      "let k = init(Skip)\ndecode(k, encode(k, pts), from: \"code\")");
  EXPECT_NE(d.message.find("does not depend on the codes alone"), std::string::npos) << d.message;
}

TEST(Model, TruncateKeepsTheFirstCodeFeatures) {
  Session s;
  s.run(R"(model AE(x: 6) {
  code = x |> dense(5) |> sigmoid
  out = code |> dense(6)
}
let d = correlated_gaussian(dim: 6, n: 200, seed: 1)
let m = train AE on d { loss = mse(out, x) + push(code, alpha: 0.5); optimizer = adam(lr: 1e-2); epochs = 3; seed = 1 }
let same = truncate(m, 5)
let small = truncate(m, 3)
let codes = encode(m, d)
let small_codes = encode(small, d)
)");
  // Full width: the same function without the training loss.
  EXPECT_EQ(s.eval("apply(same, d) == apply(m, d)"), Value(true));
  EXPECT_EQ(s.eval("same.endpoints").repr(), R"(["x", "code", "out"])");
  // k = 3: 3x6 + 3 encoder, 6x3 + 6 decoder parameters; the kept codes are unchanged.
  EXPECT_EQ(s.eval("small.size").as_int(), 3 * 6 + 3 + 6 * 3 + 6);
  EXPECT_EQ(s.eval("small_codes == codes[:, 0:3]"), Value(true));
  EXPECT_GE(s.eval("active_length(m, d, tol: 0)").as_int(), 5);
  EXPECT_EQ(s.eval("active_length(m, d, tol: 2)").as_int(), 0);  // sigmoid codes are < 1
  Diagnostic d = s.error("truncate(m, 9)");
  EXPECT_NE(d.message.find("k must be in [1, 5]"), std::string::npos) << d.message;
}

TEST(Model, HyperparametersBindByCall) {
  Session s;
  s.run(R"(model AE(x: 3, latent = 2) {
  code = dense(x, latent)
  out = dense(code, 3)
}
let small = init(AE, seed: 1)
let big = init(AE(latent: 5), seed: 1)
)");
  EXPECT_EQ(s.eval("small.size").as_int(), 3 * 2 + 2 + 2 * 3 + 3);
  EXPECT_EQ(s.eval("big.size").as_int(), 3 * 5 + 5 + 5 * 3 + 3);
  Diagnostic d = s.error("model N(x: 2, k) { out = dense(x, k) }\ninit(N)");
  EXPECT_NE(d.message.find("needs a value for hyperparameter 'k'"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace ael::test
