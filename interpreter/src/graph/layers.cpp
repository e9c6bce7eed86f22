// Layers built from ops.
#include "graph/layers.hpp"

namespace ael::graph {
namespace {

// torch's bias bound uses the weight's fan-in, which the bias block cannot infer.
InitSpec with_fan_in(InitSpec init, Index fan_in) {
  if (init.kind == "torch" && init.fan_in == 0) init.fan_in = fan_in;
  return init;
}

}  // namespace

NodeId dense_layer(GraphBuilder& b, NodeId x, Index out, const std::string& name,
                   const DenseOptions& options) {
  const Index in = b.shape(x).rows;
  const NodeId w =
      b.param(name + ".W", out, in, with_fan_in(options.weight, in), options.trainable);
  if (!options.bias) return b.add("dense", {x, w});
  const NodeId bias =
      b.param(name + ".b", out, 1, with_fan_in(options.bias_init, in), options.trainable);
  return b.add("dense", {x, w, bias});
}

LstmNodes lstm_layer(GraphBuilder& b, NodeId x, Index features, Index hidden,
                     const std::string& name, std::optional<std::pair<NodeId, NodeId>> state) {
  const Index H = hidden, C = features;
  const InitSpec init = InitSpec::torch(H);
  std::vector<NodeId> inputs = {
      x, b.param(name + ".W_ih", 4 * H, C, init), b.param(name + ".W_hh", 4 * H, H, init),
      b.param(name + ".b_ih", 4 * H, 1, init), b.param(name + ".b_hh", 4 * H, 1, init)};
  if (state) {
    inputs.push_back(state->first);
    inputs.push_back(state->second);
  }
  LstmNodes out;
  out.raw = b.add("lstm", inputs);
  const auto rows = static_cast<std::int64_t>(b.shape(out.raw).rows);
  const auto h = static_cast<std::int64_t>(H);
  out.all_h = b.add("slice", {out.raw}, {{"begin", std::int64_t{0}}, {"end", rows - h}});
  out.h = b.add("slice", {out.raw}, {{"begin", rows - 2 * h}, {"end", rows - h}});
  out.c = b.add("slice", {out.raw}, {{"begin", rows - h}, {"end", rows}});
  return out;
}

NodeId time_distributed_dense(GraphBuilder& b, NodeId seq, Index steps, Index out,
                              const std::string& name, const DenseOptions& options) {
  const Shape s = b.shape(seq);
  if (steps <= 0 || s.rows % steps != 0) {
    throw ShapeError("time_distributed_dense: " + std::to_string(s.rows) +
                     " rows do not split into " + std::to_string(steps) + " steps");
  }
  const NodeId per_step =
      b.add("reshape", {seq}, {{"rows", static_cast<std::int64_t>(s.rows / steps)}});
  const NodeId y = dense_layer(b, per_step, out, name, options);
  return b.add("reshape", {y}, {{"rows", static_cast<std::int64_t>(steps * out)}});
}

}  // namespace ael::graph
