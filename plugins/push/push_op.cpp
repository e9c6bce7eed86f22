#include "push_op.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace ael_push {
namespace {

using ael::Index;

[[noreturn]] void fail(const std::string& message) {
  throw ael::graph::ShapeError("push: " + message);
}

std::vector<Index> read_dims(const ael::Attrs& attrs, Index rows) {
  const std::vector<double>& given = attrs.numbers("dims");
  if (given.empty()) return {rows};
  std::vector<Index> dims;
  Index product = 1;
  for (double v : given) {
    if (!(v >= 1) || v != std::floor(v)) {
      fail("every entry of dims must be a whole number >= 1, got " + std::to_string(v));
    }
    dims.push_back(static_cast<Index>(v));
    product *= dims.back();
  }
  if (product != rows) {
    fail("dims multiply to " + std::to_string(product) + " but h has " + std::to_string(rows) +
         " features per column");
  }
  return dims;
}

template <class S>
class PushKernel final : public ael::Kernel<S> {
 public:
  explicit PushKernel(const ael::NodeInfo& n) {
    const std::vector<double> w = push_weights(n.attrs, n.inputs[0].rows);
    weights_.resize(static_cast<Index>(w.size()));
    for (std::size_t i = 0; i < w.size(); ++i)
      weights_[static_cast<Index>(i)] = static_cast<S>(w[i]);
  }

  void forward(ael::KernelContext<S>& c) override {
    const ael::ConstMatrixMap<S> h = c.input(0);
    c.output()(0, 0) = (weights_.transpose() * h.cwiseAbs()).sum() / static_cast<S>(h.cols());
  }

  void backward(ael::KernelContext<S>& c) override {
    if (!c.needs_grad(0)) return;
    const ael::ConstMatrixMap<S> h = c.input(0);
    const S k = c.output_grad()(0, 0) / static_cast<S>(h.cols());
    c.input_grad(0).array() += h.array().sign().colwise() * (k * weights_).array();
  }

 private:
  ael::Vector<S> weights_;
};

ael::Shape push_shape(const std::vector<ael::Shape>& in, const ael::Attrs& attrs) {
  push_weights(attrs, in[0].rows);
  return ael::Shape::scalar();
}

}  // namespace

std::vector<double> push_weights(const ael::Attrs& attrs, Index rows) {
  const double alpha = attrs.number("alpha");
  if (!(alpha >= 0) || !std::isfinite(alpha)) {
    fail("alpha must be a finite number >= 0, got " + std::to_string(alpha));
  }
  const std::vector<Index> dims = read_dims(attrs, rows);
  Index total = 0;
  for (Index d : dims) total += d;
  std::vector<double> w(static_cast<std::size_t>(rows), 1.0);
  Index stride = 1, cumulative = 0;
  for (Index d : dims) {
    cumulative += d;
    const double base = 1 + alpha * static_cast<double>(cumulative) / static_cast<double>(total);
    for (Index r = 0; r < rows; ++r) {
      const Index k = (r / stride) % d + 1;  // 1-based position along this axis
      w[static_cast<std::size_t>(r)] *= std::pow(base, static_cast<double>(k));
    }
    stride *= d;
  }
  // Float graphs use the same weights.
  for (double v : w) {
    if (!(v <= std::numeric_limits<float>::max())) {
      fail("the weights (1 + alpha)^k overflow single precision: alpha is too large for " +
           std::to_string(rows) + " features");
    }
  }
  return w;
}

void register_push_op(ael::OpRegistry& registry) {
  ael::OpDef def;
  def.name = "push";
  def.min_arity = def.max_arity = 1;
  def.attrs = {
      {"alpha", 0.0, true, "growth of the positional weight (1 + alpha)^k per code dimension"},
      {"dims", std::vector<double>{}, false,
       "axes of a multi-axis code (first fastest); empty: a vector"},
  };
  def.shape = push_shape;
  def.doc = "SOSAE push loss: sum_k (1 + alpha)^k |h_k| per column, mean over columns";
  ael::set_kernels<PushKernel>(def);
  registry.add(std::move(def));
}

}  // namespace ael_push
