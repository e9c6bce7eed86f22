// Helpers shared by the built-in ops: flat array views of a node's buffers, shape-error
// shorthands and OpDef construction.
#pragma once

#include <string>
#include <vector>

#include "ael/op.hpp"

namespace ael::graph::ops {

template <class S>
using ArrayX = Eigen::Array<S, Eigen::Dynamic, 1>;
template <class S>
using FlatMap = Eigen::Map<ArrayX<S>>;
template <class S>
using ConstFlatMap = Eigen::Map<const ArrayX<S>>;

// Whole buffers as 1-D arrays: elementwise work in one vectorised loop.
template <class S>
ConstFlatMap<S> flat_input(const KernelContext<S>& c, int i) {
  return ConstFlatMap<S>(c.input_data(i), c.input_rows(i) * c.input_cols(i));
}
template <class S>
FlatMap<S> flat_input_grad(const KernelContext<S>& c, int i) {
  return FlatMap<S>(c.input_grad_data(i), c.input_rows(i) * c.input_cols(i));
}
template <class S>
FlatMap<S> flat_output(const KernelContext<S>& c) {
  MatrixMap<S> y = c.output();
  return FlatMap<S>(y.data(), y.size());
}
template <class S>
ConstFlatMap<S> flat_output_grad(const KernelContext<S>& c) {
  ConstMatrixMap<S> g = c.output_grad();
  return ConstFlatMap<S>(g.data(), g.size());
}

/// Throws ShapeError("<op>: <message>").
[[noreturn]] void shape_fail(const std::string& op, const std::string& message);

/// The input must not be batched (parameters, constants).
void require_fixed(const std::string& op, const Shape& s, const char* what);
/// Both shapes have the same columns (same multiplier if batched, same count if not).
void require_same_cols(const std::string& op, const Shape& a, const Shape& b, const char* what_a,
                       const char* what_b);

/// An OpDef with name, arity, shape function and doc; kernels and attrs added by the caller.
OpDef make_def(std::string name, int min_arity, int max_arity, ShapeFn shape, std::string doc);

/// Attribute spec shorthands.
AttrSpec attr_int(std::string name, std::int64_t def, std::string doc = {});
AttrSpec attr_real(std::string name, double def, std::string doc = {});
AttrSpec attr_string(std::string name, std::string def, std::string doc = {});
AttrSpec required_int(std::string name, std::string doc = {});

}  // namespace ael::graph::ops

namespace ael::graph::ops {

/// dst += a * b, with a coefficient-wise product for tiny left factors (GEMM's packing
/// costs more than the arithmetic there) and Eigen's GEMM otherwise.
template <class Dst, class A, class B>
void add_product(Dst&& dst, const A& a, const B& b) {
  if (a.rows() * a.cols() <= 64) {
    dst.noalias() += a.lazyProduct(b);
  } else {
    dst.noalias() += a * b;
  }
}

}  // namespace ael::graph::ops
