// Layers whose parameters differ per column: column b of P holds sample b's parameters
// (the meta-autoencoder's decoded AEs, executed on probe points: `apply(model, params,
// inputs)`). The blocks inside a column use the flat-vector layout of ordinary layers, so a
// column of P is a whole model's parameter vector.
//   dense_per_sample(x, P): y[:,b] = W_b x[:,b] + c_b with
//     W_b = reshape(P[w_offset : w_offset + out*in, b], out, in)   (column-major)
//     c_b = P[b_offset : b_offset + out, b]                        (when has_bias)
//   scale_per_sample(x, P): y[:,b] = P[s_offset : s_offset + rows, b] * x[:,b]
//                                    (+ P[b_offset : b_offset + rows, b] when has_bias)
// Gradients flow to both x and P.
#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

template <class S>
class DensePerSampleKernel final : public Kernel<S> {
 public:
  explicit DensePerSampleKernel(const NodeInfo& n)
      : w_offset_(n.attrs.integer("w_offset")),
        b_offset_(n.attrs.integer("b_offset")),
        out_(n.attrs.integer("out")),
        in_(n.attrs.integer("in")),
        bias_(n.attrs.flag("has_bias")) {}

  void forward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0), p = c.input(1);
    MatrixMap<S> y = c.output();
    for (Index j = 0; j < x.cols(); ++j) {
      ConstMatrixMap<S> w(p.col(j).data() + w_offset_, out_, in_);
      y.col(j).noalias() = w.lazyProduct(x.col(j));
      if (bias_) y.col(j) += p.col(j).segment(b_offset_, out_);
    }
  }

  void backward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0), p = c.input(1), g = c.output_grad();
    const bool gx = c.needs_grad(0), gp = c.needs_grad(1);
    for (Index j = 0; j < x.cols(); ++j) {
      ConstMatrixMap<S> w(p.col(j).data() + w_offset_, out_, in_);
      if (gx) c.input_grad(0).col(j).noalias() += w.transpose().lazyProduct(g.col(j));
      if (gp) {
        MatrixMap<S> gpj = c.input_grad(1);
        MatrixMap<S> gw(gpj.col(j).data() + w_offset_, out_, in_);
        gw.noalias() += g.col(j) * x.col(j).transpose();
        if (bias_) gpj.col(j).segment(b_offset_, out_) += g.col(j);
      }
    }
  }

 private:
  Index w_offset_, b_offset_, out_, in_;
  bool bias_;
};

template <class S>
class ScalePerSampleKernel final : public Kernel<S> {
 public:
  explicit ScalePerSampleKernel(const NodeInfo& n)
      : s_offset_(n.attrs.integer("s_offset")),
        b_offset_(n.attrs.integer("b_offset")),
        bias_(n.attrs.flag("has_bias")) {}

  void forward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0), p = c.input(1);
    MatrixMap<S> y = c.output();
    const Index rows = x.rows();
    for (Index j = 0; j < x.cols(); ++j) {
      y.col(j) = p.col(j).segment(s_offset_, rows).cwiseProduct(x.col(j));
      if (bias_) y.col(j) += p.col(j).segment(b_offset_, rows);
    }
  }

  void backward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0), p = c.input(1), g = c.output_grad();
    const Index rows = x.rows();
    for (Index j = 0; j < x.cols(); ++j) {
      if (c.needs_grad(0))
        c.input_grad(0).col(j) += p.col(j).segment(s_offset_, rows).cwiseProduct(g.col(j));
      if (c.needs_grad(1)) {
        MatrixMap<S> gp = c.input_grad(1);
        gp.col(j).segment(s_offset_, rows) += g.col(j).cwiseProduct(x.col(j));
        if (bias_) gp.col(j).segment(b_offset_, rows) += g.col(j);
      }
    }
  }

 private:
  Index s_offset_, b_offset_;
  bool bias_;
};

void check_range(const std::string& op, const Shape& p, std::int64_t offset, Index length,
                 const char* what) {
  if (offset < 0 || offset + length > p.rows) {
    shape_fail(op, std::string(what) + " needs parameter rows [" + std::to_string(offset) + ", " +
                       std::to_string(offset + length) + ") but P has " + std::to_string(p.rows) +
                       " rows");
  }
}

Shape dense_per_sample_shape(const std::vector<Shape>& in, const Attrs& a) {
  const std::string op = "dense_per_sample";
  const Shape &x = in[0], &p = in[1];
  const auto out = a.integer("out"), n_in = a.integer("in");
  if (out <= 0 || n_in <= 0) shape_fail(op, "out and in must be positive");
  if (x.rows != n_in) {
    shape_fail(op, "input has " + std::to_string(x.rows) + " features but the layer expects " +
                       std::to_string(n_in));
  }
  require_same_cols(op, x, p, "the input", "the parameter matrix");
  check_range(op, p, a.integer("w_offset"), out * n_in, "the weight");
  if (a.flag("has_bias")) check_range(op, p, a.integer("b_offset"), out, "the bias");
  return Shape{out, x.cols, x.batched};
}

Shape scale_per_sample_shape(const std::vector<Shape>& in, const Attrs& a) {
  const std::string op = "scale_per_sample";
  const Shape &x = in[0], &p = in[1];
  require_same_cols(op, x, p, "the input", "the parameter matrix");
  check_range(op, p, a.integer("s_offset"), x.rows, "the scale");
  if (a.flag("has_bias")) check_range(op, p, a.integer("b_offset"), x.rows, "the bias");
  return x;
}

}  // namespace

void register_per_sample_ops(OpRegistry& r) {
  OpDef dense = make_def("dense_per_sample", 2, 2, dense_per_sample_shape,
                         "dense with one parameter column per sample: y_b = W_b x_b + c_b");
  dense.attrs = {required_int("w_offset"), attr_int("b_offset", 0), required_int("out"),
                 required_int("in"), attr_int("has_bias", 1)};
  set_kernels<DensePerSampleKernel>(dense);
  r.add(std::move(dense));

  OpDef scale =
      make_def("scale_per_sample", 2, 2, scale_per_sample_shape,
               "per-row scale with one parameter column per sample: y_b = s_b x_b (+ c_b)");
  scale.attrs = {required_int("s_offset"), attr_int("b_offset", 0), attr_int("has_bias", 0)};
  set_kernels<ScalePerSampleKernel>(scale);
  r.add(std::move(scale));
}

}  // namespace ael::graph::ops
