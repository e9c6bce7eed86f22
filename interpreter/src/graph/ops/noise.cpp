// Noise: resampled on every training forward pass from the node's random stream
// (Rng::stream(run seed, {node, step})), so a pass is repeatable for the same step.
//   noise(x)      y = x + sigma * eps in training, y = x at evaluation
//   noise_like(x) y = sigma * eps in training, 0 at evaluation; x only gives the shape
//                 (the reparameterisation trick: z = mu + exp(0.5 logvar) * noise_like(mu))
// eps is N(0, 1) (kind "normal") or uniform with variance 1, U(-sqrt 3, sqrt 3) (kind
// "uniform"), so sigma is the noise's standard deviation for both kinds.
#include <cmath>

#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

bool parse_kind(const std::string& op, const std::string& kind) {
  if (kind == "normal") return true;
  if (kind == "uniform") return false;
  shape_fail(op, "kind must be \"normal\" or \"uniform\", got \"" + kind + "\"");
}

// Fills y with sigma * eps. The polar method yields normals in pairs; both are used.
template <class S>
void draw(Rng& rng, bool normal, double sigma, S* y, Index n) {
  if (!normal) {
    const double half_width = sigma * std::sqrt(3.0);
    for (Index i = 0; i < n; ++i) y[i] = static_cast<S>(rng.uniform(-half_width, half_width));
    return;
  }
  Index i = 0;
  while (i < n) {
    double u, v, s;
    do {
      u = 2.0 * rng.uniform() - 1.0;
      v = 2.0 * rng.uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = sigma * std::sqrt(-2.0 * std::log(s) / s);
    y[i++] = static_cast<S>(u * f);
    if (i < n) y[i++] = static_cast<S>(v * f);
  }
}

template <class S, bool Additive>
class NoiseKernel final : public Kernel<S> {
 public:
  explicit NoiseKernel(const NodeInfo& n)
      : normal_(parse_kind(n.op, n.attrs.string("kind"))), sigma_(n.attrs.number("sigma")) {}

  void forward(KernelContext<S>& c) override {
    FlatMap<S> y = flat_output(c);
    if (!c.training()) {
      if (Additive) {
        y = flat_input(c, 0);
      } else {
        y.setZero();
      }
      return;
    }
    draw(c.rng(), normal_, sigma_, y.data(), y.size());
    if (Additive) y += flat_input(c, 0);
  }

  void backward(KernelContext<S>& c) override {
    if (Additive && c.needs_grad(0)) flat_input_grad(c, 0) += flat_output_grad(c);
  }

 private:
  bool normal_;
  double sigma_;
};

template <class S>
using Noise = NoiseKernel<S, true>;
template <class S>
using NoiseLike = NoiseKernel<S, false>;

ShapeFn noise_shape(const std::string& op) {
  return [op](const std::vector<Shape>& in, const Attrs& a) {
    parse_kind(op, a.string("kind"));
    if (!(a.number("sigma") >= 0)) shape_fail(op, "sigma must be >= 0");
    return in[0];
  };
}

}  // namespace

void register_noise_ops(OpRegistry& r) {
  const std::vector<AttrSpec> attrs = {
      attr_string("kind", "normal", "\"normal\" or \"uniform\" (both with variance sigma^2)"),
      attr_real("sigma", 1.0, "standard deviation of the noise")};
  OpDef noise = make_def("noise", 1, 1, noise_shape("noise"),
                         "x + sigma * eps while training; x at evaluation");
  noise.attrs = attrs;
  noise.stochastic = true;
  noise.training_only = true;
  set_kernels<Noise>(noise);
  r.add(std::move(noise));

  OpDef like = make_def("noise_like", 1, 1, noise_shape("noise_like"),
                        "sigma * eps shaped like x while training; 0 at evaluation");
  like.attrs = attrs;
  like.stochastic = true;
  like.training_only = true;
  like.differentiable = false;
  set_kernels<NoiseLike>(like);
  r.add(std::move(like));
}

}  // namespace ael::graph::ops
