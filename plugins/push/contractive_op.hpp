// contractive(h, W): the squared Frobenius norm of the encoder's Jacobian for a sigmoid
// layer h = sigmoid(W x + b), in closed form (Rifai et al. 2011; the SOSAE paper's extra
// term), averaged over the batch:
//
//   ||J_f(x)||_F^2 = sum_j (h_j (1 - h_j))^2 sum_i W_ji^2,   contractive = 1/n sum_columns
//
// h is d_h x n (the layer's output), W is the layer's d_h x d_in weight (fixed shape). The
// op's gradients are its partials in h and W; the graph adds the path through h = f(W).
//   d/dh_jb = 2 h(1 - h)(1 - 2h) w_j / n,   d/dW_ji = 2 W_ji sum_b (h_jb (1 - h_jb))^2 / n
// with w_j = sum_i W_ji^2. Only the sigmoid closed form exists so far.
#pragma once

#include <ael/op.hpp>

namespace ael_push {

void register_contractive_op(ael::OpRegistry& registry);

}  // namespace ael_push
