// Built-in losses. Every loss is a 1x1 node; N is the number of values compared.
//   mse(a, b)             sum((a - b)^2) / N                 (torch.nn.MSELoss)
//   mae(a, b)             sum(|a - b|) / N                   (torch.nn.L1Loss)
//   bce(p, t)             -sum(t log p + (1-t) log(1-p)) / N, each log clamped at -100
//                         like torch.nn.BCELoss (p are probabilities)
//   bce_with_logits(z, t) sum(max(z,0) - z t + log(1 + e^-|z|)) / N (BCEWithLogitsLoss)
//   cross_entropy(z, t)   -sum_blocks sum_c t_c log softmax(z)_c / blocks: z and t are
//                         (G*C) x N with `groups` = G blocks of C classes per column
//                         (t one-hot or any distribution); blocks = G * columns, like
//                         torch.nn.CrossEntropyLoss on (N*G, C) logits
//   l1(x), l2(x)          sum(|x|) / n and sum(x^2) / n with n = x's column count at run
//                         time: for a batched x the mean over the batch of the per-sample
//                         sum over features; for a fixed matrix, the sum over it divided
//                         by its columns (use sum(abs(W)) for a plain sum)
#include <cmath>

#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

template <class S>
S loss_grad(const KernelContext<S>& c) {
  return c.output_grad()(0, 0);
}

template <class S>
class MseKernel final : public Kernel<S> {
 public:
  explicit MseKernel(const NodeInfo&) {}
  void forward(KernelContext<S>& c) override {
    ConstFlatMap<S> a = flat_input(c, 0), b = flat_input(c, 1);
    c.output()(0, 0) = (a - b).square().sum() / static_cast<S>(a.size());
  }
  void backward(KernelContext<S>& c) override {
    ConstFlatMap<S> a = flat_input(c, 0), b = flat_input(c, 1);
    const S k = 2 * loss_grad(c) / static_cast<S>(a.size());
    if (c.needs_grad(0)) flat_input_grad(c, 0) += k * (a - b);
    if (c.needs_grad(1)) flat_input_grad(c, 1) -= k * (a - b);
  }
};

template <class S>
class MaeKernel final : public Kernel<S> {
 public:
  explicit MaeKernel(const NodeInfo&) {}
  void forward(KernelContext<S>& c) override {
    ConstFlatMap<S> a = flat_input(c, 0), b = flat_input(c, 1);
    c.output()(0, 0) = (a - b).abs().sum() / static_cast<S>(a.size());
  }
  void backward(KernelContext<S>& c) override {
    ConstFlatMap<S> a = flat_input(c, 0), b = flat_input(c, 1);
    const S k = loss_grad(c) / static_cast<S>(a.size());
    if (c.needs_grad(0)) flat_input_grad(c, 0) += k * (a - b).sign();
    if (c.needs_grad(1)) flat_input_grad(c, 1) -= k * (a - b).sign();
  }
};

template <class S>
class BceKernel final : public Kernel<S> {
 public:
  explicit BceKernel(const NodeInfo&) {}
  void forward(KernelContext<S>& c) override {
    ConstFlatMap<S> p = flat_input(c, 0), t = flat_input(c, 1);
    const S floor(-100);
    c.output()(0, 0) = -(t * p.log().max(floor) + (S(1) - t) * (S(1) - p).log().max(floor)).sum() /
                       static_cast<S>(p.size());
  }
  void backward(KernelContext<S>& c) override {
    ConstFlatMap<S> p = flat_input(c, 0), t = flat_input(c, 1);
    const S k = loss_grad(c) / static_cast<S>(p.size());
    const S floor(-100);
    // Where a log is clamped its derivative is zero.
    if (c.needs_grad(0)) {
      flat_input_grad(c, 0) +=
          k * ((S(1) - p).log() > floor).select((S(1) - t) / (S(1) - p), S(0)) -
          k * (p.log() > floor).select(t / p, S(0));
    }
    if (c.needs_grad(1))
      flat_input_grad(c, 1) -= k * (p.log().max(floor) - (S(1) - p).log().max(floor));
  }
};

template <class S>
class BceLogitsKernel final : public Kernel<S> {
 public:
  explicit BceLogitsKernel(const NodeInfo&) {}
  void forward(KernelContext<S>& c) override {
    ConstFlatMap<S> z = flat_input(c, 0), t = flat_input(c, 1);
    c.output()(0, 0) =
        (z.max(S(0)) - z * t + (-z.abs()).exp().log1p()).sum() / static_cast<S>(z.size());
  }
  void backward(KernelContext<S>& c) override {
    ConstFlatMap<S> z = flat_input(c, 0), t = flat_input(c, 1);
    const S k = loss_grad(c) / static_cast<S>(z.size());
    if (c.needs_grad(0)) flat_input_grad(c, 0) += k * (z.logistic() - t);
    if (c.needs_grad(1)) flat_input_grad(c, 1) -= k * z;
  }
};

template <class S>
class CrossEntropyKernel final : public Kernel<S> {
 public:
  explicit CrossEntropyKernel(const NodeInfo& n)
      : groups_(n.attrs.integer("groups")), shape_(n.inputs[0]) {}

  // One log-sum-exp per block, kept for backward.
  Index workspace_size(Index batch) const override { return groups_ * shape_.runtime_cols(batch); }

  void forward(KernelContext<S>& c) override {
    const auto [z, t] = views(c);
    S* lse = c.workspace();
    S total = 0;
    for (Index j = 0; j < z.cols(); ++j) {
      const S m = z.col(j).maxCoeff();
      lse[j] = m + std::log((z.col(j).array() - m).exp().sum());
      total -= t.col(j).dot(z.col(j)) - lse[j] * t.col(j).sum();
    }
    c.output()(0, 0) = total / static_cast<S>(z.cols());
  }

  void backward(KernelContext<S>& c) override {
    const auto [z, t] = views(c);
    const S* lse = c.workspace();
    const S k = loss_grad(c) / static_cast<S>(z.cols());
    const Index classes = z.rows();
    for (Index j = 0; j < z.cols(); ++j) {
      if (c.needs_grad(0)) {
        MatrixMap<S> gz(c.input_grad_data(0) + j * classes, classes, 1);
        gz.array() += k * ((z.col(j).array() - lse[j]).exp() * t.col(j).sum() - t.col(j).array());
      }
      if (c.needs_grad(1)) {
        MatrixMap<S> gt(c.input_grad_data(1) + j * classes, classes, 1);
        gt.array() -= k * (z.col(j).array() - lse[j]);
      }
    }
  }

 private:
  // Logits and targets as C x blocks matrices (a block of one column is contiguous).
  std::pair<ConstMatrixMap<S>, ConstMatrixMap<S>> views(const KernelContext<S>& c) const {
    const Index classes = c.input_rows(0) / groups_;
    const Index blocks = groups_ * c.input_cols(0);
    return {ConstMatrixMap<S>(c.input_data(0), classes, blocks),
            ConstMatrixMap<S>(c.input_data(1), classes, blocks)};
  }

  Index groups_;
  Shape shape_;
};

template <class S, bool Squared>
class NormKernel final : public Kernel<S> {
 public:
  explicit NormKernel(const NodeInfo&) {}
  void forward(KernelContext<S>& c) override {
    ConstFlatMap<S> x = flat_input(c, 0);
    const S sum = Squared ? x.square().sum() : x.abs().sum();
    c.output()(0, 0) = sum / static_cast<S>(c.input_cols(0));
  }
  void backward(KernelContext<S>& c) override {
    if (!c.needs_grad(0)) return;
    ConstFlatMap<S> x = flat_input(c, 0);
    const S k = loss_grad(c) / static_cast<S>(c.input_cols(0));
    if (Squared) {
      flat_input_grad(c, 0) += (2 * k) * x;
    } else {
      flat_input_grad(c, 0) += k * x.sign();
    }
  }
};

template <class S>
using L1Kernel = NormKernel<S, false>;
template <class S>
using L2Kernel = NormKernel<S, true>;

ShapeFn pair_shape(const std::string& op) {
  return [op](const std::vector<Shape>& in, const Attrs&) {
    if (in[0] != in[1]) {
      shape_fail(op, "prediction is " + in[0].str() + " but target is " + in[1].str() +
                         " (they must have the same shape)");
    }
    return Shape::scalar();
  };
}

Shape cross_entropy_shape(const std::vector<Shape>& in, const Attrs& a) {
  const Shape s = pair_shape("cross_entropy")(in, a);
  const auto groups = a.integer("groups");
  if (groups <= 0 || in[0].rows % groups != 0) {
    shape_fail("cross_entropy", std::to_string(in[0].rows) + " rows do not split into " +
                                    std::to_string(groups) + " groups of classes");
  }
  return s;
}

template <template <class> class K>
void add_loss(OpRegistry& r, const std::string& name, int arity, std::string doc) {
  ShapeFn shape =
      arity == 2 ? pair_shape(name)
                 : ShapeFn([](const std::vector<Shape>&, const Attrs&) { return Shape::scalar(); });
  OpDef def = make_def(name, arity, arity, std::move(shape), std::move(doc));
  set_kernels<K>(def);
  r.add(std::move(def));
}

}  // namespace

void register_loss_ops(OpRegistry& r) {
  add_loss<MseKernel>(r, "mse", 2, "mean squared error over all values");
  add_loss<MaeKernel>(r, "mae", 2, "mean absolute error over all values");
  add_loss<BceKernel>(r, "bce", 2, "binary cross-entropy on probabilities (logs clamped at -100)");
  add_loss<BceLogitsKernel>(r, "bce_with_logits", 2, "binary cross-entropy on logits");
  add_loss<L1Kernel>(r, "l1", 1, "sum of |x| divided by the number of columns");
  add_loss<L2Kernel>(r, "l2", 1, "sum of x^2 divided by the number of columns");

  OpDef ce = make_def("cross_entropy", 2, 2, cross_entropy_shape,
                      "softmax cross-entropy of logits against target distributions (one-hot), "
                      "mean over samples and groups");
  ce.attrs = {attr_int("groups", 1, "class blocks per column (sequence steps)")};
  set_kernels<CrossEntropyKernel>(ce);
  r.add(std::move(ce));
}

}  // namespace ael::graph::ops
