#include "kl_normal_op.hpp"

#include <string>
#include <utility>

namespace ael_kl {
namespace {

using ael::Index;
template <class S>
using Flat = Eigen::Map<const Eigen::Array<S, Eigen::Dynamic, 1>>;
template <class S>
using FlatOut = Eigen::Map<Eigen::Array<S, Eigen::Dynamic, 1>>;

template <class S>
Flat<S> flat(const ael::KernelContext<S>& c, int i) {
  return Flat<S>(c.input_data(i), c.input_rows(i) * c.input_cols(i));
}
template <class S>
FlatOut<S> flat_grad(const ael::KernelContext<S>& c, int i) {
  return FlatOut<S>(c.input_grad_data(i), c.input_rows(i) * c.input_cols(i));
}

template <class S>
class KlNormalKernel final : public ael::Kernel<S> {
 public:
  explicit KlNormalKernel(const ael::NodeInfo& n)
      : per_dim_(n.attrs.string("reduction") == "mean" ? n.inputs[0].rows : 1) {}

  void forward(ael::KernelContext<S>& c) override {
    const Flat<S> mu = flat(c, 0), lv = flat(c, 1);
    const S sum = (lv.exp() + mu.square() - S(1) - lv).sum();
    c.output()(0, 0) = S(0.5) * sum / divisor(c);
  }

  void backward(ael::KernelContext<S>& c) override {
    const S k = c.output_grad()(0, 0) / divisor(c);
    if (c.needs_grad(0)) flat_grad(c, 0) += k * flat(c, 0);
    if (c.needs_grad(1)) flat_grad(c, 1) += (S(0.5) * k) * (flat(c, 1).exp() - S(1));
  }

 private:
  S divisor(const ael::KernelContext<S>& c) const {
    return static_cast<S>(c.input_cols(0) * per_dim_);
  }
  Index per_dim_;  // latent dims averaged over ("mean"), or 1 ("sum")
};

ael::Shape kl_normal_shape(const std::vector<ael::Shape>& in, const ael::Attrs& attrs) {
  const std::string& reduction = attrs.string("reduction");
  if (reduction != "sum" && reduction != "mean") {
    throw ael::graph::ShapeError("kl_normal: reduction must be \"sum\" or \"mean\", got \"" +
                                 reduction + "\"");
  }
  if (in[0] != in[1]) {
    throw ael::graph::ShapeError("kl_normal: mu is " + in[0].str() + " but logvar is " +
                                 in[1].str() + " (they must have the same shape)");
  }
  return ael::Shape::scalar();
}

}  // namespace

void register_kl_normal_op(ael::OpRegistry& registry) {
  ael::OpDef def;
  def.name = "kl_normal";
  def.min_arity = def.max_arity = 2;
  def.shape = kl_normal_shape;
  def.attrs = {{"reduction", std::string("sum"), false,
                "\"sum\" over rows (latent dims) or their \"mean\"; always a mean over the batch"}};
  def.doc = "KL(N(mu, exp(logvar)) || N(0, I)): over rows (sum or mean), mean over columns";
  ael::set_kernels<KlNormalKernel>(def);
  registry.add(std::move(def));
}

}  // namespace ael_kl
