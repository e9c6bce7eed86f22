// push(h): the SOSAE push loss (Modi et al. 2025, eqs. 4-5), averaged over the batch:
//
//   push = 1/n sum_columns sum_k w_k |h_k|
//
// For a vector code (dims = [] or [d]) w_k = (1 + alpha)^k, k = 1..d (eq. 5). For a code
// with several axes, dims = [d_1, ..., d_N] (product = rows, the first axis varying
// fastest down a column), eq. 4 nests the sums, so the weight of element (k_1, ..., k_N)
// is prod_a (1 + alpha_a)^(k_a) with alpha_a = alpha * (d_1 + ... + d_a) / (d_1 + ... + d_N)
// (the paper only says alpha_a is proportional to that ratio; alpha is the constant, so a
// single axis has alpha_1 = alpha). The paper gives no value for alpha: it is required.
// The derivative of |h| at 0 is taken as 0.
#pragma once

#include <ael/op.hpp>
#include <vector>

namespace ael_push {

/// The weights w of the rows of h, in double (attrs alpha and dims, checked against
/// `rows`; throws ShapeError("push: ...")).
std::vector<double> push_weights(const ael::Attrs& attrs, ael::Index rows);

void register_push_op(ael::OpRegistry& registry);

}  // namespace ael_push
