// softmax and log_softmax over the features of each column. With groups = G, each
// column's rows are G consecutive blocks (a sequence of G steps of C = rows/G classes)
// and each block is normalised on its own. A block of one column is contiguous, so the
// node is viewed as a C x (G * columns) matrix and normalised column by column.
#include <cmath>

#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

template <class S, bool Log>
class SoftmaxKernel final : public Kernel<S> {
 public:
  explicit SoftmaxKernel(const NodeInfo& n) : groups_(n.attrs.integer("groups")) {}

  void forward(KernelContext<S>& c) override {
    const Index classes = c.input_rows(0) / groups_;
    const Index blocks = c.input_rows(0) * c.input_cols(0) / classes;
    ConstMatrixMap<S> x(c.input_data(0), classes, blocks);
    MatrixMap<S> y(c.output().data(), classes, blocks);
    for (Index j = 0; j < blocks; ++j) {
      const S m = x.col(j).maxCoeff();
      if (Log) {
        const S lse = m + std::log((x.col(j).array() - m).exp().sum());
        y.col(j).array() = x.col(j).array() - lse;
      } else {
        y.col(j).array() = (x.col(j).array() - m).exp();
        y.col(j) /= y.col(j).sum();
      }
    }
  }

  void backward(KernelContext<S>& c) override {
    if (!c.needs_grad(0)) return;
    const Index classes = c.input_rows(0) / groups_;
    const Index blocks = c.input_rows(0) * c.input_cols(0) / classes;
    ConstMatrixMap<S> y(c.output().data(), classes, blocks);
    ConstMatrixMap<S> g(c.output_grad().data(), classes, blocks);
    MatrixMap<S> gx(c.input_grad_data(0), classes, blocks);
    for (Index j = 0; j < blocks; ++j) {
      if (Log) {
        // d/dx of log softmax: g - softmax * sum(g)
        gx.col(j).array() += g.col(j).array() - y.col(j).array().exp() * g.col(j).sum();
      } else {
        // d/dx of softmax: y * (g - <g, y>)
        const S dot = g.col(j).dot(y.col(j));
        gx.col(j).array() += y.col(j).array() * (g.col(j).array() - dot);
      }
    }
  }

 private:
  Index groups_;
};

template <class S>
using Softmax = SoftmaxKernel<S, false>;
template <class S>
using LogSoftmax = SoftmaxKernel<S, true>;

ShapeFn softmax_shape(const std::string& op) {
  return [op](const std::vector<Shape>& in, const Attrs& a) {
    const auto groups = a.integer("groups");
    if (groups <= 0 || in[0].rows % groups != 0) {
      shape_fail(op, std::to_string(in[0].rows) + " rows do not split into " +
                         std::to_string(groups) + " equal groups");
    }
    return in[0];
  };
}

}  // namespace

void register_softmax_ops(OpRegistry& r) {
  const AttrSpec groups =
      attr_int("groups", 1, "number of equal row blocks normalised separately (sequence steps)");
  OpDef softmax = make_def("softmax", 1, 1, softmax_shape("softmax"),
                           "exp(x) / sum(exp(x)) over the features of each column (or group)");
  softmax.attrs = {groups};
  set_kernels<Softmax>(softmax);
  r.add(std::move(softmax));

  OpDef log_softmax = make_def("log_softmax", 1, 1, softmax_shape("log_softmax"),
                               "x - log(sum(exp(x))) over the features of each column (or group)");
  log_softmax.attrs = {groups};
  set_kernels<LogSoftmax>(log_softmax);
  r.add(std::move(log_softmax));
}

}  // namespace ael::graph::ops
