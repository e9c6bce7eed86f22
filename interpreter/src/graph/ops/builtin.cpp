// AEL's built-in ops, registered into the process-wide registry on first use.
#include "graph/ops/builtin.hpp"

namespace ael::graph {

void register_builtin_ops(OpRegistry& r) {
  ops::register_leaf_ops(r);
  ops::register_unary_ops(r);
  ops::register_binary_ops(r);
  ops::register_dense_ops(r);
  ops::register_structure_ops(r);
  ops::register_reduce_ops(r);
  ops::register_softmax_ops(r);
  ops::register_noise_ops(r);
  ops::register_lstm_ops(r);
  ops::register_per_sample_ops(r);
  ops::register_loss_ops(r);
  ops::register_sparsity_ops(r);
}

}  // namespace ael::graph
