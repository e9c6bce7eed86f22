#include "contractive_op.hpp"

#include <string>
#include <utility>

namespace ael_push {
namespace {

using ael::Index;

// Workspace: w_j = sum_i W_ji^2, then s_j = sum_b (h_jb (1 - h_jb))^2 (kept for backward).
template <class S>
class ContractiveKernel final : public ael::Kernel<S> {
 public:
  explicit ContractiveKernel(const ael::NodeInfo& n) : units_(n.inputs[0].rows) {}

  Index workspace_size(Index) const override { return 2 * units_; }

  void forward(ael::KernelContext<S>& c) override {
    const ael::ConstMatrixMap<S> h = c.input(0), W = c.input(1);
    Eigen::Map<ael::Vector<S>> w(c.workspace(), units_), s(c.workspace() + units_, units_);
    w = W.rowwise().squaredNorm();
    s = (h.array() * (S(1) - h.array())).square().rowwise().sum();
    c.output()(0, 0) = w.dot(s) / static_cast<S>(h.cols());
  }

  void backward(ael::KernelContext<S>& c) override {
    const ael::ConstMatrixMap<S> h = c.input(0), W = c.input(1);
    const S k = 2 * c.output_grad()(0, 0) / static_cast<S>(h.cols());
    Eigen::Map<const ael::Vector<S>> w(c.workspace(), units_), s(c.workspace() + units_, units_);
    if (c.needs_grad(0)) {
      const auto a = h.array();
      c.input_grad(0).array() += (a * (S(1) - a) * (S(1) - S(2) * a)).colwise() * (k * w).array();
    }
    if (c.needs_grad(1)) c.input_grad(1).array() += W.array().colwise() * (k * s).array();
  }

 private:
  Index units_;
};

ael::Shape contractive_shape(const std::vector<ael::Shape>& in, const ael::Attrs&) {
  const ael::Shape &h = in[0], &W = in[1];
  const std::string hint =
      " (W must be the d_h x d_in weight of the sigmoid layer h = sigmoid(W x + b))";
  if (W.batched) {
    throw ael::graph::ShapeError("contractive: W is " + W.str() + ", a batched tensor" + hint);
  }
  if (W.rows != h.rows) {
    throw ael::graph::ShapeError("contractive: h has " + std::to_string(h.rows) + " units (" +
                                 h.str() + ") but W has " + std::to_string(W.rows) + " rows (" +
                                 W.str() + ")" + hint);
  }
  return ael::Shape::scalar();
}

}  // namespace

void register_contractive_op(ael::OpRegistry& registry) {
  ael::OpDef def;
  def.name = "contractive";
  def.min_arity = def.max_arity = 2;
  def.shape = contractive_shape;
  def.doc =
      "||J||_F^2 of a sigmoid layer h = sigmoid(W x + b): sum_j (h_j(1-h_j))^2 ||W_j||^2, "
      "mean over columns";
  ael::set_kernels<ContractiveKernel>(def);
  registry.add(std::move(def));
}

}  // namespace ael_push
