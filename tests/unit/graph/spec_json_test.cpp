// GraphSpec JSON round trip: a saved architecture runs without its script.
#include <gtest/gtest.h>

#include "graph/init.hpp"
#include "graph/layers.hpp"
#include "graph/spec_json.hpp"
#include "graph_test_util.hpp"

namespace ael::graph::testing {
namespace {

GraphSpec sample_spec() {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(3));
  const NodeId beta = b.scalar_input("beta");
  NodeId h =
      b.add("leaky_relu", {dense_layer(b, x, 4, "enc", DenseOptions::torch())}, {{"alpha", 0.2}});
  const NodeId code = b.add("noise", {dense_layer(b, h, 2, "code")}, {{"sigma", 0.1}});
  b.endpoint("code", code);
  h = b.add("scale", {code, b.param("s", 2, 1, InitSpec::normal(1, 0.5), false)});
  const NodeId out = b.add(
      "add", {dense_layer(b, h, 3, "dec"), b.constant(Eigen::MatrixXd::Constant(3, 1, 0.25))});
  b.endpoint("out", out);
  const NodeId loss =
      b.add("add", {b.add("mse", {out, x}), b.add("mul", {beta, b.add("l1", {code})})});
  b.endpoint("loss", loss);
  b.label(out, "reconstruction");
  return b.finish();
}

TEST(SpecJson, RoundTripsExactly) {
  const GraphSpec spec = sample_spec();
  const std::string text = spec_to_string(spec, 2);
  const GraphSpec back = spec_from_string(text);
  EXPECT_TRUE(back == spec);
  EXPECT_EQ(spec_to_string(back, 2), text);
  EXPECT_NE(text.find("\"format\": \"ael-graph\""), std::string::npos);
  EXPECT_NE(text.find("\"version\": 1"), std::string::npos);
}

TEST(SpecJson, LoadedModelComputesTheSameValues) {
  const GraphSpec spec = sample_spec();
  const GraphSpec back = spec_from_string(spec_to_string(spec));
  Graph<double> a(spec, 3), b(back, 3);
  const Eigen::MatrixXd x = Eigen::MatrixXd::Random(3, 6);
  for (Graph<double>* g : {&a, &b}) {
    g->set_batch(6);
    g->set_input("x", x);
    g->set_scalar("beta", 0.5);
    g->forward(g->endpoint("loss"), {true, 1, 2});
  }
  EXPECT_EQ(a.value(a.endpoint("loss"))(0, 0), b.value(b.endpoint("loss"))(0, 0));
}

TEST(SpecJson, RejectsBadFiles) {
  auto error_of = [](const std::string& text) {
    try {
      spec_from_string(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("{\"format\": \"other\"}"),
            "not an AEL model architecture (missing \"format\": \"ael-graph\")");
  EXPECT_EQ(error_of("{\"format\": \"ael-graph\", \"version\": 9}"),
            "architecture format version 9 is not supported (this AEL reads version 1)");
  EXPECT_NE(error_of("{").find("not valid JSON"), std::string::npos);

  nlohmann::json j = spec_to_json(sample_spec());
  j["nodes"][5]["op"] = "mmd_from_a_plugin";
  EXPECT_EQ(error_of(j.dump()),
            "the model uses op 'mmd_from_a_plugin', which is not registered (is the plugin that "
            "provides it loaded?)");

  j = spec_to_json(sample_spec());
  j["nodes"][4]["shape"] = {5, 1, true};  // a dense node recorded with the wrong shape
  EXPECT_NE(error_of(j.dump()).find("is recorded as 5xB but its inputs give 4xB"),
            std::string::npos);

  j = spec_to_json(sample_spec());
  j["params"]["blocks"][1]["offset"] = 99;
  EXPECT_EQ(error_of(j.dump()), "parameter block 'enc.b' does not continue the flat vector");

  j = spec_to_json(sample_spec());
  j["nodes"][4]["inputs"] = {0, 7, 3};
  EXPECT_EQ(error_of(j.dump()), "node 4 (dense) uses a node that does not come before it");
}

}  // namespace
}  // namespace ael::graph::testing
