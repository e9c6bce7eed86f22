// sum and mean over all values (-> 1x1), over the batch (-> rows x 1: every column of the
// node, so for a batched node all cols * B columns) or over features (-> 1 x cols).
#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

enum class Axis { All, Batch, Features };

Axis parse_axis(const std::string& op, const std::string& axis) {
  if (axis == "all") return Axis::All;
  if (axis == "batch") return Axis::Batch;
  if (axis == "features") return Axis::Features;
  shape_fail(op, "axis must be \"all\", \"batch\" or \"features\", got \"" + axis + "\"");
}

template <class S, bool Mean>
class ReduceKernel final : public Kernel<S> {
 public:
  explicit ReduceKernel(const NodeInfo& n) : axis_(parse_axis(n.op, n.attrs.string("axis"))) {}

  void forward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0);
    MatrixMap<S> y = c.output();
    switch (axis_) {
      case Axis::All:
        y(0, 0) = x.sum() * factor(x.size());
        break;
      case Axis::Batch:
        y.col(0) = x.rowwise().sum() * factor(x.cols());
        break;
      case Axis::Features:
        y.row(0) = x.colwise().sum() * factor(x.rows());
        break;
    }
  }

  void backward(KernelContext<S>& c) override {
    if (!c.needs_grad(0)) return;
    ConstMatrixMap<S> g = c.output_grad();
    MatrixMap<S> gx = c.input_grad(0);
    switch (axis_) {
      case Axis::All:
        gx.array() += g(0, 0) * factor(gx.size());
        break;
      // Column loops: a broadcast of a scaled vector would be evaluated into a temporary.
      case Axis::Batch: {
        const S f = factor(gx.cols());
        for (Index j = 0; j < gx.cols(); ++j) gx.col(j) += f * g.col(0);
        break;
      }
      case Axis::Features: {
        const S f = factor(gx.rows());
        for (Index j = 0; j < gx.cols(); ++j) gx.col(j).array() += f * g(0, j);
        break;
      }
    }
  }

 private:
  static S factor(Index n) { return Mean ? S(1) / static_cast<S>(n) : S(1); }
  Axis axis_;
};

template <class S>
using SumKernel = ReduceKernel<S, false>;
template <class S>
using MeanKernel = ReduceKernel<S, true>;

ShapeFn reduce_shape(const std::string& op) {
  return [op](const std::vector<Shape>& in, const Attrs& a) {
    const Shape& x = in[0];
    switch (parse_axis(op, a.string("axis"))) {
      case Axis::All:
        return Shape::scalar();
      case Axis::Batch:
        return Shape::fixed(x.rows, 1);
      case Axis::Features:
        return Shape{1, x.cols, x.batched};
    }
    return Shape::scalar();
  };
}

}  // namespace

void register_reduce_ops(OpRegistry& r) {
  const AttrSpec axis = attr_string("axis", "all",
                                    "\"all\" (1x1), \"batch\" (rows x 1) or "
                                    "\"features\" (1 x columns)");
  OpDef sum = make_def("sum", 1, 1, reduce_shape("sum"), "sum over an axis");
  sum.attrs = {axis};
  set_kernels<SumKernel>(sum);
  r.add(std::move(sum));

  OpDef mean = make_def("mean", 1, 1, reduce_shape("mean"), "mean over an axis");
  mean.attrs = {axis};
  set_kernels<MeanKernel>(mean);
  r.add(std::move(mean));
}

}  // namespace ael::graph::ops
