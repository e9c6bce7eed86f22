// Registration of AEL's built-in ops (one function per op family, one file each).
#pragma once

#include "ael/op.hpp"

namespace ael::graph {

void register_builtin_ops(OpRegistry& registry);

namespace ops {
void register_leaf_ops(OpRegistry& r);        // leaf.cpp: input, scalar, param, constant
void register_unary_ops(OpRegistry& r);       // unary.cpp: relu, tanh, sin, pow, ...
void register_binary_ops(OpRegistry& r);      // binary.cpp: add, sub, mul, div
void register_dense_ops(OpRegistry& r);       // dense.cpp: dense, matmul, scale
void register_structure_ops(OpRegistry& r);   // structure.cpp: concat, slice, reshape, ...
void register_reduce_ops(OpRegistry& r);      // reduce.cpp: sum, mean
void register_softmax_ops(OpRegistry& r);     // softmax.cpp: softmax, log_softmax
void register_noise_ops(OpRegistry& r);       // noise.cpp: noise, noise_like
void register_lstm_ops(OpRegistry& r);        // lstm.cpp: lstm
void register_per_sample_ops(OpRegistry& r);  // per_sample.cpp: dense/scale_per_sample
void register_loss_ops(OpRegistry& r);        // losses.cpp: mse, cross_entropy, ...
void register_sparsity_ops(OpRegistry& r);    // top_k.cpp: top_k
}  // namespace ops

}  // namespace ael::graph
