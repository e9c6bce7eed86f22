#include "mmd_ops.hpp"

#include <utility>

#include "mmd_estimator.hpp"
#include "prior.hpp"

namespace ael_mmd {
namespace {

using ael::Index;
using ael::Shape;

template <class S>
class MmdKernel final : public ael::Kernel<S> {
 public:
  explicit MmdKernel(const ael::NodeInfo& n)
      : estimator_(read_config(n.op, n.attrs)), x_(n.inputs[0]), y_(n.inputs[1]) {}

  Index workspace_size(Index batch) const override {
    return MmdEstimator<S>::workspace_size(x_.runtime_cols(batch), y_.runtime_cols(batch));
  }
  void forward(ael::KernelContext<S>& c) override {
    c.output()(0, 0) = estimator_.forward(c.input(0), c.input(1), c.workspace());
  }
  void backward(ael::KernelContext<S>& c) override {
    estimator_.backward(c.output_grad()(0, 0), c.input(0), c.input(1), c.workspace(),
                        c.needs_grad(0) ? c.input_grad_data(0) : nullptr,
                        c.needs_grad(1) ? c.input_grad_data(1) : nullptr);
  }

 private:
  MmdEstimator<S> estimator_;
  Shape x_, y_;
};

// The samples live at the front of the workspace, so backward sees the ones forward drew.
template <class S>
class MmdPriorKernel final : public ael::Kernel<S> {
 public:
  explicit MmdPriorKernel(const ael::NodeInfo& n)
      : estimator_(read_config(n.op, n.attrs)),
        prior_(Prior::read(n.op, n.attrs)),
        x_(n.inputs[0]),
        samples_(n.attrs.integer("samples")) {}

  Index workspace_size(Index batch) const override {
    const Index n = x_.runtime_cols(batch), m = samples(n);
    return x_.rows * m + MmdEstimator<S>::workspace_size(n, m);
  }
  void forward(ael::KernelContext<S>& c) override {
    const ael::ConstMatrixMap<S> x = c.input(0);
    const Index m = samples(x.cols());
    prior_.draw(c.rng(), c.workspace(), x.rows() * m);
    c.output()(0, 0) = estimator_.forward(x, targets(c, m), c.workspace() + x.rows() * m);
  }
  void backward(ael::KernelContext<S>& c) override {
    if (!c.needs_grad(0)) return;
    const ael::ConstMatrixMap<S> x = c.input(0);
    const Index m = samples(x.cols());
    estimator_.backward(c.output_grad()(0, 0), x, targets(c, m), c.workspace() + x.rows() * m,
                        c.input_grad_data(0), nullptr);
  }

 private:
  Index samples(Index n) const { return samples_ > 0 ? samples_ : n; }
  ael::ConstMatrixMap<S> targets(const ael::KernelContext<S>& c, Index m) const {
    return ael::ConstMatrixMap<S>(c.workspace(), x_.rows, m);
  }

  MmdEstimator<S> estimator_;
  Prior prior_;
  Shape x_;
  Index samples_;
};

Shape mmd_shape(const std::vector<Shape>& in, const ael::Attrs& attrs) {
  read_config("mmd", attrs);
  if (in[0].rows != in[1].rows) {
    shape_fail("mmd", "x has " + std::to_string(in[0].rows) + " features (" + in[0].str() +
                          ") but y has " + std::to_string(in[1].rows) + " (" + in[1].str() +
                          "); both sets of samples need the same dimension");
  }
  return Shape::scalar();
}

Shape mmd_prior_shape(const std::vector<Shape>& in, const ael::Attrs& attrs) {
  const std::string op = "mmd_prior";
  read_config(op, attrs);
  const Prior prior = Prior::read(op, attrs);
  const auto dim = attrs.integer("dim");
  if (dim != 0 && dim != in[0].rows) {
    shape_fail(op, "the prior " + std::string(prior.normal ? "normal(" : "uniform(") +
                       std::to_string(dim) + ") has " + std::to_string(dim) +
                       " dimensions but x has " + std::to_string(in[0].rows) + " features (" +
                       in[0].str() + ")");
  }
  if (attrs.integer("samples") < 0) shape_fail(op, "samples must be >= 0 (0: one per column of x)");
  return Shape::scalar();
}

}  // namespace

void register_mmd_ops(ael::OpRegistry& registry) {
  ael::OpDef mmd;
  mmd.name = "mmd";
  mmd.min_arity = mmd.max_arity = 2;
  mmd.attrs = config_attrs();
  mmd.shape = mmd_shape;
  mmd.doc = "squared maximum mean discrepancy between the columns of x and of y (d x n, d x m)";
  ael::set_kernels<MmdKernel>(mmd);
  registry.add(std::move(mmd));

  ael::OpDef prior;
  prior.name = "mmd_prior";
  prior.min_arity = prior.max_arity = 1;
  prior.attrs = config_attrs();
  prior.attrs.push_back({"prior", std::string("normal"), false,
                         "\"normal\" (standard normal) or \"uniform\" (the box [lo, hi]^d)"});
  prior.attrs.push_back({"lo", -1.0, false, "lower corner of the uniform box"});
  prior.attrs.push_back({"hi", 1.0, false, "upper corner of the uniform box"});
  prior.attrs.push_back(
      {"dim", std::int64_t{0}, false, "dimension the script asked for (0: x's; checked)"});
  prior.attrs.push_back(
      {"samples", std::int64_t{0}, false, "prior samples per step (0: as many as x has columns)"});
  prior.shape = mmd_prior_shape;
  prior.stochastic = true;
  prior.doc =
      "squared MMD between the columns of x and fresh samples of a prior, redrawn every "
      "step from the run's seed";
  ael::set_kernels<MmdPriorKernel>(prior);
  registry.add(std::move(prior));
}

}  // namespace ael_mmd
