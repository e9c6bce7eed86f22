// Layers built from ops: the parameter blocks and nodes of a dense layer, an LSTM, a
// time-distributed dense. Parameter names and order follow PyTorch's named_parameters()
// (weight then bias; LSTM: weight_ih, weight_hh, bias_ih, bias_hh), so a flat vector
// lines up block by block with a PyTorch model's (each block column-major here).
#pragma once

#include <optional>
#include <string>

#include "graph/builder.hpp"

namespace ael::graph {

struct DenseOptions {
  bool bias = true;
  InitSpec weight = InitSpec::glorot_uniform();
  InitSpec bias_init = InitSpec::zeros();
  bool trainable = true;

  /// nn.Linear's defaults: weight and bias ~ U(-1/sqrt(in), 1/sqrt(in)).
  static DenseOptions torch() { return {true, InitSpec::torch(), InitSpec::torch(), true}; }
};

/// y = W x + b with parameters "<name>.W" (out x in) and "<name>.b" (out x 1).
NodeId dense_layer(GraphBuilder& b, NodeId x, Index out, const std::string& name,
                   const DenseOptions& options = {});

struct LstmNodes {
  NodeId raw;    ///< the lstm node: ((L+1)*H) x N
  NodeId all_h;  ///< h_1..h_L, (L*H) x N
  NodeId h;      ///< h_L, H x N
  NodeId c;      ///< c_L, H x N
};

/// An LSTM layer over `x` ((L*C) x N, C = `features` per step) with parameters
/// "<name>.W_ih" (4H x C), "<name>.W_hh" (4H x H), "<name>.b_ih", "<name>.b_hh" (4H x 1),
/// initialised like nn.LSTM (U(+-1/sqrt(H))). `state` is the initial (h0, c0); zero when
/// absent.
LstmNodes lstm_layer(GraphBuilder& b, NodeId x, Index features, Index hidden,
                     const std::string& name,
                     std::optional<std::pair<NodeId, NodeId>> state = std::nullopt);

/// A dense layer applied to every time step of a sequence ((L*in) x N -> (L*out) x N).
NodeId time_distributed_dense(GraphBuilder& b, NodeId seq, Index steps, Index out,
                              const std::string& name, const DenseOptions& options = {});

}  // namespace ael::graph
