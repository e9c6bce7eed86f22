// Ops that move values around: concat (stack rows), slice (a row range), reshape (the
// per-sample block read with another row count: how sequences switch between "one column
// per sample" and "one column per time step") and repeat_cols.
#include <cstring>

#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

template <class S>
class ConcatKernel final : public Kernel<S> {
 public:
  explicit ConcatKernel(const NodeInfo&) {}
  void forward(KernelContext<S>& c) override {
    MatrixMap<S> y = c.output();
    Index row = 0;
    for (int i = 0; i < c.arity(); ++i) {
      ConstMatrixMap<S> x = c.input(i);
      y.middleRows(row, x.rows()) = x;
      row += x.rows();
    }
  }
  void backward(KernelContext<S>& c) override {
    ConstMatrixMap<S> g = c.output_grad();
    Index row = 0;
    for (int i = 0; i < c.arity(); ++i) {
      const Index rows = c.input_rows(i);
      if (c.needs_grad(i)) c.input_grad(i) += g.middleRows(row, rows);
      row += rows;
    }
  }
};

Shape concat_shape(const std::vector<Shape>& in) {
  Shape out = in[0];
  for (std::size_t i = 1; i < in.size(); ++i) {
    require_same_cols("concat", in[0], in[i], "the first input", "another");
    out.rows += in[i].rows;
  }
  return out;
}

template <class S>
class SliceKernel final : public Kernel<S> {
 public:
  explicit SliceKernel(const NodeInfo& n) : begin_(n.attrs.integer("begin")) {}
  void forward(KernelContext<S>& c) override {
    MatrixMap<S> y = c.output();
    y = c.input(0).middleRows(begin_, y.rows());
  }
  void backward(KernelContext<S>& c) override {
    if (!c.needs_grad(0)) return;
    ConstMatrixMap<S> g = c.output_grad();
    c.input_grad(0).middleRows(begin_, g.rows()) += g;
  }

 private:
  Index begin_;
};

Shape slice_shape(const std::vector<Shape>& in, const Attrs& a) {
  const auto begin = a.integer("begin"), end = a.integer("end");
  if (begin < 0 || end <= begin || end > in[0].rows) {
    shape_fail("slice", "rows [" + std::to_string(begin) + ", " + std::to_string(end) +
                            ") are not a non-empty range inside " + in[0].str());
  }
  return Shape{static_cast<Index>(end - begin), in[0].cols, in[0].batched};
}

// Same memory, other row count: a straight copy (kept as its own buffer so every node
// owns its value; the copy is cheap next to the ops around it).
template <class S>
class ReshapeKernel final : public Kernel<S> {
 public:
  explicit ReshapeKernel(const NodeInfo&) {}
  void forward(KernelContext<S>& c) override { flat_output(c) = flat_input(c, 0); }
  void backward(KernelContext<S>& c) override {
    if (c.needs_grad(0)) flat_input_grad(c, 0) += flat_output_grad(c);
  }
};

Shape reshape_shape(const std::vector<Shape>& in, const Attrs& a) {
  const Shape& x = in[0];
  const auto rows = a.integer("rows");
  if (rows <= 0 || x.size() % rows != 0) {
    shape_fail("reshape", "cannot read " + x.str() + " with " + std::to_string(rows) + " rows (" +
                              std::to_string(x.size()) +
                              (x.batched ? " values per sample" : " values") +
                              " are not a multiple of it)");
  }
  return Shape{static_cast<Index>(rows), x.size() / rows, x.batched};
}

template <class S>
class RepeatColsKernel final : public Kernel<S> {
 public:
  explicit RepeatColsKernel(const NodeInfo& n) : k_(n.attrs.integer("k")) {}
  void forward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0);
    MatrixMap<S> y = c.output();
    for (Index j = 0; j < x.cols(); ++j) y.middleCols(j * k_, k_).colwise() = x.col(j);
  }
  void backward(KernelContext<S>& c) override {
    if (!c.needs_grad(0)) return;
    ConstMatrixMap<S> g = c.output_grad();
    MatrixMap<S> gx = c.input_grad(0);
    for (Index j = 0; j < gx.cols(); ++j) gx.col(j) += g.middleCols(j * k_, k_).rowwise().sum();
  }

 private:
  Index k_;
};

Shape repeat_shape(const std::vector<Shape>& in, const Attrs& a) {
  const auto k = a.integer("k");
  if (k <= 0) shape_fail("repeat_cols", "k must be positive, got " + std::to_string(k));
  return Shape{in[0].rows, in[0].cols * k, in[0].batched};
}

// Each sample's column x_b (n values) becomes the n x n identity: the seed of the
// forward-mode tangents graph/jacobian_penalty.cpp propagates (the tangent of x with respect to
// itself). Only x's batch size is read.
template <class S>
class IdentityPerSampleKernel final : public Kernel<S> {
 public:
  explicit IdentityPerSampleKernel(const NodeInfo&) {}
  void forward(KernelContext<S>& c) override {
    MatrixMap<S> y = c.output();
    const Index n = y.rows();
    for (Index j = 0; j < y.cols(); j += n) y.middleCols(j, n).setIdentity();
  }
  void backward(KernelContext<S>&) override {}
};

Shape identity_per_sample_shape(const std::vector<Shape>& in, const Attrs&) {
  const Shape& x = in[0];
  if (!x.batched || x.cols != 1) {
    shape_fail("identity_per_sample",
               "needs a batched input with one column per sample, got " + x.str());
  }
  return Shape{x.rows, x.rows, true};
}

}  // namespace

void register_structure_ops(OpRegistry& r) {
  OpDef concat = make_def(
      "concat", 1, -1, [](const std::vector<Shape>& in, const Attrs&) { return concat_shape(in); },
      "stacks the inputs' rows (all inputs have the same columns)");
  set_kernels<ConcatKernel>(concat);
  r.add(std::move(concat));

  OpDef slice = make_def("slice", 1, 1, slice_shape, "rows [begin, end) of the input");
  slice.attrs = {required_int("begin"), required_int("end")};
  set_kernels<SliceKernel>(slice);
  r.add(std::move(slice));

  OpDef reshape =
      make_def("reshape", 1, 1, reshape_shape,
               "reads each sample's values (column-major) with another row count: (L*H)xB with "
               "rows: H gives Hx(L)B, one column per time step; and back");
  reshape.attrs = {required_int("rows")};
  set_kernels<ReshapeKernel>(reshape);
  r.add(std::move(reshape));

  OpDef repeat = make_def("repeat_cols", 1, 1, repeat_shape,
                          "each column repeated k times in a row (backward sums the copies)");
  repeat.attrs = {required_int("k")};
  set_kernels<RepeatColsKernel>(repeat);
  r.add(std::move(repeat));

  OpDef eye = make_def("identity_per_sample", 1, 1, identity_per_sample_shape,
                       "an n x n identity per sample of the n x B input (values unused)");
  eye.differentiable = false;
  set_kernels<IdentityPerSampleKernel>(eye);
  r.add(std::move(eye));
}

}  // namespace ael::graph::ops
