// The contractive penalty of any differentiable encoder: the squared Frobenius norm of the
// Jacobian of a node y with respect to an earlier node x, averaged over the batch,
//
//   penalty = 1/B sum_b ||d y_b / d x_b||_F^2,
//
// appended to a graph as ordinary nodes, so it trains (its gradient with respect to the
// parameters is the backward pass of those nodes) and is differentiated like any loss term.
//
// Two routes, chosen from the graph between x and y:
//  - closed form when y = f(dense(x, W, b)) for an elementwise f (or y = dense(x, W, b)):
//    sum_j f'(a_j)^2 ||W_j||^2, O(B d_y d_x) like the textbook CAE formula but for any f;
//  - otherwise forward mode: each sample carries its d_node x d_x tangent matrix (seeded
//    with the identity at x), pushed through every op on the path by that op's rule (dense
//    and matmul multiply it, elementwise ops scale its rows by f', softmax applies
//    diag(s) - s s^T, ...). Exact, and cheap for the small inputs of the cube and meta-AE
//    models; for wide inputs (784 pixels) through several layers it costs d_x times a
//    forward pass, which is why the closed form is tried first.
// Ops without a forward-mode rule (lstm, per-sample layers, batch reductions, losses,
// plugin ops) are reported by name.
#pragma once

#include "graph/builder.hpp"

namespace ael::graph {

/// Appends the penalty's nodes to `b` and returns its 1x1 node. x and y must be batched
/// with one column per sample and y must depend on x. Throws ael::Error naming the op
/// that has no rule, or when y does not depend on x.
NodeId add_jacobian_penalty(GraphBuilder& b, NodeId y, NodeId x);

}  // namespace ael::graph
