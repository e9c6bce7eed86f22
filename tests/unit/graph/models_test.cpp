// Whole-model gradient checks of the papers' architectures, in double.
#include <gtest/gtest.h>

#include "graph/init.hpp"
#include "graph/layers.hpp"
#include "graph_test_util.hpp"

namespace ael::graph::testing {
namespace {

GradcheckData random_data(const GraphSpec& spec, Index batch, std::uint64_t seed,
                          const std::map<std::string, Domain>& domains = {}) {
  Rng rng(seed);
  GradcheckData data;
  data.batch = batch;
  for (const auto& in : spec.inputs) {
    const Shape s = spec.shape(in.node);
    auto d = domains.find(in.name);
    const Domain domain = d == domains.end() ? Domain::Any : d->second;
    data.inputs[in.name] = random_matrix(s.rows, s.runtime_cols(batch), domain, rng, 2);
  }
  data.params = initialise(spec.params, seed);
  return data;
}

// Meta-autoencoders paper, points on an arc: 2-8-1-2-2 with a tanh encoder; layer 4 is
// cos/sin of the code through fixed weights of 1; layer 5 scales each unit.
TEST(Models, ArcAutoencoderWithFixedCosSinLayer) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(2));
  const NodeId h = b.add("tanh", {dense_layer(b, x, 8, "enc1")});
  const NodeId code = dense_layer(b, h, 1, "code");
  const NodeId w4 = b.param("fixed.W", 2, 1, InitSpec::constant(1.0), /*trainable=*/false);
  const NodeId a = b.add("dense", {code, w4});
  const NodeId first = b.add("slice", {a}, {{"begin", std::int64_t{0}}, {"end", std::int64_t{1}}});
  const NodeId second = b.add("slice", {a}, {{"begin", std::int64_t{1}}, {"end", std::int64_t{2}}});
  const NodeId trig = b.add("concat", {b.add("cos", {first}), b.add("sin", {second})});
  const NodeId out = b.add("scale", {trig, b.param("radius", 2, 1, InitSpec::uniform(0.5, 2))});
  const NodeId loss = b.add("mse", {out, x});
  const GraphSpec spec = b.finish();
  EXPECT_EQ(spec.params.trainable_size(), 35);  // the paper's 35 trainable parameters
  EXPECT_EQ(spec.params.size, 37);

  const GradcheckData data = random_data(spec, 5, 1);
  const GradcheckReport report = gradcheck(spec, loss, data);
  EXPECT_LT(report.worst_error, 1e-6) << report.summary();

  Graph<double> g(spec);
  g.set_params(data.params);
  g.set_batch(5);
  g.set_input(x, data.inputs.at("x"));
  g.forward(loss);
  g.backward(loss);
  const ParamBlock& fixed = *spec.params.find("fixed.W");
  EXPECT_TRUE(g.grads().segment(fixed.offset, fixed.size()).isZero());
  EXPECT_FALSE(g.grads().isZero());
}

struct LstmAe {
  GraphSpec spec;
  NodeId loss;
};

// backprop-vs-bioinspired paper: encoder LSTM(C->H) from zero state; its final (h, c)
// start a decoder LSTM(1->H) fed ones for L steps; Linear(H->H), LeakyReLU(0.01),
// Linear(H->C) at every step; cross-entropy per step against the one-hot input.
LstmAe lstm_autoencoder(Index L, Index H, Index C) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(L * C));
  const LstmNodes enc = lstm_layer(b, x, C, H, "encoder");
  const NodeId ones = b.constant(Eigen::MatrixXd::Ones(L, 1));
  const LstmNodes dec = lstm_layer(b, ones, 1, H, "decoder", std::make_pair(enc.h, enc.c));
  NodeId y = time_distributed_dense(b, dec.all_h, L, H, "fc1", DenseOptions::torch());
  y = b.add("leaky_relu", {y}, {{"alpha", 0.01}});
  const NodeId logits = time_distributed_dense(b, y, L, C, "fc2", DenseOptions::torch());
  b.endpoint("logits", logits);
  const NodeId loss =
      b.add("cross_entropy", {logits, x}, {{"groups", static_cast<std::int64_t>(L)}});
  b.endpoint("loss", loss);
  return {b.finish(), loss};
}

TEST(Models, LstmAutoencoderHasPyTorchParameterCountsAndOrder) {
  // 4H(C+H+2) + 4H(1+H+2) + (H^2+H) + (HC+C), from the reference code.
  for (Index h = 1; h <= 4; ++h)
    EXPECT_EQ(lstm_autoencoder(h, h, 2).spec.params.size,
              4 * h * (2 + h + 2) + 4 * h * (1 + h + 2) + h * h + h + 2 * h + 2);
  EXPECT_EQ(lstm_autoencoder(3, 3, 2).spec.params.size, 176);
  EXPECT_EQ(lstm_autoencoder(3, 10, 2).spec.params.size, 1212);
  std::vector<std::string> names;
  for (const auto& block : lstm_autoencoder(3, 3, 2).spec.params.blocks)
    names.push_back(block.name);
  const std::vector<std::string> expected = {"encoder.W_ih", "encoder.W_hh", "encoder.b_ih",
                                             "encoder.b_hh", "decoder.W_ih", "decoder.W_hh",
                                             "decoder.b_ih", "decoder.b_hh", "fc1.W",
                                             "fc1.b",        "fc2.W",        "fc2.b"};
  EXPECT_EQ(names, expected);
}

TEST(Models, LstmAutoencoderGradients) {
  const LstmAe ae = lstm_autoencoder(3, 3, 2);
  for (Index batch : {1, 4}) {
    const GradcheckData data = random_data(ae.spec, batch, 2, {{"x", Domain::OneHot}});
    const GradcheckReport report = gradcheck(ae.spec, ae.loss, data);
    EXPECT_EQ(report.checked, 176 + 6 * batch);
    EXPECT_LT(report.worst_error, 1e-6) << report.summary();
  }
}

TEST(Models, VariationalAutoencoderWithSeededNoise) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(3));
  const NodeId h = b.add("relu", {dense_layer(b, x, 5, "enc")});
  const NodeId mu = dense_layer(b, h, 2, "mu");
  const NodeId logvar = dense_layer(b, h, 2, "logvar");
  const NodeId std_dev = b.add("exp", {b.add("affine", {logvar}, {{"scale", 0.5}})});
  const NodeId z = b.add("add", {mu, b.add("mul", {std_dev, b.add("noise_like", {mu})})});
  const NodeId out = dense_layer(b, b.add("tanh", {dense_layer(b, z, 5, "dec")}), 3, "out");
  // KL(q || N(0, I)) = -0.5 * mean over the batch of sum(1 + logvar - mu^2 - exp(logvar))
  const NodeId terms = b.add(
      "sub", {b.add("sub", {b.add("affine", {logvar}, {{"shift", 1.0}}), b.add("square", {mu})}),
              b.add("exp", {logvar})});
  const NodeId kl =
      b.add("affine", {b.add("mean", {b.add("sum", {terms}, {{"axis", "features"}})})},
            {{"scale", -0.5}});
  const NodeId beta = b.scalar_input("beta");
  const NodeId loss = b.add("add", {b.add("mse", {out, x}), b.add("mul", {beta, kl})});
  const GraphSpec spec = b.finish();

  GradcheckData data = random_data(spec, 6, 3);
  data.scalars["beta"] = 0.7;
  GradcheckOptions options;
  options.run = {true, 42, 3};
  const GradcheckReport report = gradcheck(spec, loss, data, options);
  EXPECT_LT(report.worst_error, 1e-6) << report.summary();
}

// Meta-autoencoders paper, execution-driven loss: a meta-AE maps the 7 parameters of
// 2-1-2 AEs to 7 new ones; both parameter columns are executed on probe points through
// dense_per_sample and compared.
TEST(Models, ExecutionDrivenLossThroughPerSampleLayers) {
  const Index probes = 4;
  GraphBuilder b;
  const NodeId p_in = b.input("params", Shape::batch(7));
  const NodeId points = b.input("points", Shape::batch(2, probes));
  NodeId m = b.add("tanh", {dense_layer(b, p_in, 3, "meta.enc")});
  m = dense_layer(b, m, 1, "meta.code");
  m = b.add("tanh", {dense_layer(b, m, 3, "meta.dec")});
  const NodeId p_out = dense_layer(b, m, 7, "meta.out");
  auto execute = [&](NodeId p) {
    const NodeId rep = b.add("repeat_cols", {p}, {{"k", static_cast<std::int64_t>(probes)}});
    const NodeId code = b.add("dense_per_sample", {points, rep},
                              {{"w_offset", std::int64_t{0}},
                               {"b_offset", std::int64_t{2}},
                               {"out", std::int64_t{1}},
                               {"in", std::int64_t{2}}});
    return b.add("dense_per_sample", {code, rep},
                 {{"w_offset", std::int64_t{3}},
                  {"b_offset", std::int64_t{5}},
                  {"out", std::int64_t{2}},
                  {"in", std::int64_t{1}}});
  };
  const NodeId loss = b.add("mse", {execute(p_out), execute(p_in)});
  const GraphSpec spec = b.finish();
  for (Index batch : {1, 3}) {
    const GradcheckReport report = gradcheck(spec, loss, random_data(spec, batch, 4));
    EXPECT_LT(report.worst_error, 1e-6) << report.summary();
  }
}

}  // namespace
}  // namespace ael::graph::testing
