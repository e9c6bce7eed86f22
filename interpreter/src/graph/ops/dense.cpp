// dense (y = W x + b), matmul (y = A x) and scale (y = s * x, one factor per row).
//
// Tiny layers (the papers' 2-1-2 and 2-8-1-2-2 AEs) are dominated by call overhead, so
// they run plain loops over the batch; bigger ones go to Eigen's GEMM, with the bias
// written first and the product accumulated onto it (no extra pass).
#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"
#include "graph/ops/dense_small.hpp"
#include "graph/ops/parallel_product.hpp"

namespace ael::graph::ops {
namespace {

// Loops beat GEMM's packing overhead while a weight matrix is this small.
bool use_loops(Index out, Index in) { return out * in <= 32; }

template <class S>
void dense_forward_loops(const S* w, const S* bias, const S* x, S* y, Index out, Index in,
                         Index cols) {
  for (Index j = 0; j < cols; ++j, x += in, y += out) {
    for (Index i = 0; i < out; ++i) y[i] = bias ? bias[i] : S(0);
    for (Index k = 0; k < in; ++k) {
      const S xk = x[k];
      const S* wk = w + k * out;
      for (Index i = 0; i < out; ++i) y[i] += wk[i] * xk;
    }
  }
}

// gW += G X^T, gb += rowsum(G), gX += W^T G, each only when wanted (null pointer: skip).
template <class S>
void dense_backward_loops(const S* w, const S* x, const S* g, S* gw, S* gb, S* gx, Index out,
                          Index in, Index cols) {
  for (Index j = 0; j < cols; ++j, x += in, g += out) {
    if (gb) {
      for (Index i = 0; i < out; ++i) gb[i] += g[i];
    }
    for (Index k = 0; k < in; ++k) {
      const S* wk = w + k * out;
      if (gw) {
        S* gwk = gw + k * out;
        const S xk = x[k];
        for (Index i = 0; i < out; ++i) gwk[i] += g[i] * xk;
      }
      if (gx) {
        S acc = 0;
        for (Index i = 0; i < out; ++i) acc += wk[i] * g[i];
        gx[j * in + k] += acc;
      }
    }
  }
}

template <class S>
class DenseKernel final : public Kernel<S> {
 public:
  explicit DenseKernel(const NodeInfo& n)
      : bias_(n.inputs.size() == 3),
        loops_(use_loops(n.inputs[1].rows, n.inputs[1].cols)),
        small_(small_dense<S>(n.inputs[1].rows, n.inputs[1].cols)) {}

  void forward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0), w = c.input(1);
    MatrixMap<S> y = c.output();
    const S* b = bias_ ? c.input_data(2) : nullptr;
    if (small_.forward) {
      small_.forward(w.data(), b, x.data(), y.data(), x.cols());
      return;
    }
    if (loops_) {
      dense_forward_loops(w.data(), b, x.data(), y.data(), w.rows(), w.cols(), x.cols());
      return;
    }
    if (b) y.colwise() = c.input(2).col(0);
    parallel_product(y, w, x, b != nullptr);
  }

  void backward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0), w = c.input(1), g = c.output_grad();
    S* gx = c.needs_grad(0) ? c.input_grad_data(0) : nullptr;
    S* gw = c.needs_grad(1) ? c.input_grad_data(1) : nullptr;
    S* gb = bias_ && c.needs_grad(2) ? c.input_grad_data(2) : nullptr;
    if (small_.backward) {
      small_.backward(w.data(), x.data(), g.data(), gw, gb, gx, x.cols());
      return;
    }
    if (loops_) {
      dense_backward_loops(w.data(), x.data(), g.data(), gw, gb, gx, w.rows(), w.cols(), x.cols());
      return;
    }
    if (gw) parallel_product(c.input_grad(1), g, x.transpose(), true);
    if (gb) {
      // Column by column: contiguous, vectorised adds (a row-wise sum would stride).
      Eigen::Map<Vector<S>> bias_grad(gb, g.rows());
      for (Index j = 0; j < g.cols(); ++j) bias_grad += g.col(j);
    }
    if (gx) parallel_product(c.input_grad(0), w.transpose(), g, true);
  }

 private:
  bool bias_;
  bool loops_;
  SmallDense<S> small_;
};

Shape dense_shape(const std::vector<Shape>& in) {
  const Shape &x = in[0], &w = in[1];
  require_fixed("dense", w, "the weight");
  if (w.cols != x.rows) {
    shape_fail("dense", "input has " + std::to_string(x.rows) + " features but the layer expects " +
                            std::to_string(w.cols));
  }
  if (in.size() == 3 && in[2] != Shape::fixed(w.rows, 1)) {
    shape_fail("dense", "bias is " + in[2].str() + " but the layer has " + std::to_string(w.rows) +
                            " outputs (it needs " + std::to_string(w.rows) + "x1)");
  }
  return Shape{w.rows, x.cols, x.batched};
}

template <class S>
class MatmulKernel final : public Kernel<S> {
 public:
  explicit MatmulKernel(const NodeInfo& n) : transpose_(n.attrs.flag("transpose_a")) {}

  void forward(KernelContext<S>& c) override {
    ConstMatrixMap<S> a = c.input(0), x = c.input(1);
    if (transpose_) {
      c.output().noalias() = a.transpose() * x;
    } else {
      c.output().noalias() = a * x;
    }
  }

  void backward(KernelContext<S>& c) override {
    ConstMatrixMap<S> a = c.input(0), x = c.input(1), g = c.output_grad();
    if (c.needs_grad(0)) {
      if (transpose_) {
        c.input_grad(0).noalias() += x * g.transpose();
      } else {
        c.input_grad(0).noalias() += g * x.transpose();
      }
    }
    if (c.needs_grad(1)) {
      if (transpose_) {
        c.input_grad(1).noalias() += a * g;
      } else {
        c.input_grad(1).noalias() += a.transpose() * g;
      }
    }
  }

 private:
  bool transpose_;
};

Shape matmul_shape(const std::vector<Shape>& in, const Attrs& attrs) {
  const Shape &a = in[0], &x = in[1];
  require_fixed("matmul", a, "the left operand");
  const bool t = attrs.flag("transpose_a");
  const Index inner = t ? a.rows : a.cols;
  if (inner != x.rows) {
    shape_fail("matmul", "cannot multiply " + a.str() + (t ? " (transposed)" : "") + " by " +
                             x.str() + ": " + std::to_string(inner) +
                             " != " + std::to_string(x.rows));
  }
  return Shape{t ? a.cols : a.rows, x.cols, x.batched};
}

template <class S>
class ScaleKernel final : public Kernel<S> {
 public:
  explicit ScaleKernel(const NodeInfo&) {}

  void forward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0), s = c.input(1);
    c.output().array() = x.array().colwise() * s.col(0).array();
  }

  void backward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0), s = c.input(1), g = c.output_grad();
    if (c.needs_grad(0)) c.input_grad(0).array() += g.array().colwise() * s.col(0).array();
    if (c.needs_grad(1)) {
      MatrixMap<S> gs = c.input_grad(1);
      for (Index j = 0; j < g.cols(); ++j) gs.col(0) += g.col(j).cwiseProduct(x.col(j));
    }
  }
};

Shape scale_shape(const std::vector<Shape>& in) {
  const Shape &x = in[0], &s = in[1];
  if (s != Shape::fixed(x.rows, 1)) {
    shape_fail("scale", "the factors are " + s.str() + " but the input has " +
                            std::to_string(x.rows) + " rows (they need " + std::to_string(x.rows) +
                            "x1)");
  }
  return x;
}

}  // namespace

void register_dense_ops(OpRegistry& r) {
  OpDef dense = make_def(
      "dense", 2, 3, [](const std::vector<Shape>& in, const Attrs&) { return dense_shape(in); },
      "y = W x + b; inputs x (in x N), W (out x in, fixed), optional b (out x 1)");
  set_kernels<DenseKernel>(dense);
  r.add(std::move(dense));

  OpDef matmul =
      make_def("matmul", 2, 2, matmul_shape, "y = A x (or A^T x); A fixed, x fixed or batched");
  matmul.attrs = {attr_int("transpose_a", 0, "1: use the transpose of A")};
  set_kernels<MatmulKernel>(matmul);
  r.add(std::move(matmul));

  OpDef scale = make_def(
      "scale", 2, 2, [](const std::vector<Shape>& in, const Attrs&) { return scale_shape(in); },
      "y = s * x with one factor per row; s is rows x 1 (a learnable per-dimension scale)");
  set_kernels<ScaleKernel>(scale);
  r.add(std::move(scale));
}

}  // namespace ael::graph::ops
