// Elementwise unary ops. Each is a small functor with the forward formula f(x) and the
// vector-Jacobian product df(x, y, g) (y = f(x), g = dL/dy); one kernel template runs
// any of them over the whole buffer as a single vectorised loop.
#include <cmath>
#include <type_traits>

#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

template <class X>
using ScalarOf = typename X::Scalar;

struct Identity {
  explicit Identity(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x;
  }
  template <class X, class Y, class G>
  auto df(const X&, const Y&, const G& g) const {
    return g;
  }
};

// relu and leaky_relu are y = x for x > 0 and slope * x otherwise. Eigen 3.4 does not
// vectorise select(), so the kernel runs them as plain loops (see piecewise_linear),
// which the compiler vectorises with masked blends.
struct Relu {
  static constexpr bool kLoops = true;
  explicit Relu(const Attrs&) {}
  template <class S>
  S slope() const {
    return S(0);
  }
};

struct LeakyRelu {
  static constexpr bool kLoops = true;
  double alpha;
  explicit LeakyRelu(const Attrs& a) : alpha(a.number("alpha")) {}
  template <class S>
  S slope() const {
    return static_cast<S>(alpha);
  }
};

struct Tanh {
  explicit Tanh(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.tanh();
  }
  template <class X, class Y, class G>
  auto df(const X&, const Y& y, const G& g) const {
    return g * (ScalarOf<X>(1) - y.square());
  }
};

// The derivative of relu: 1 where x > 0, else 0. Its own derivative is 0 almost
// everywhere, so the op is registered as not differentiable (no gradient flows back).
struct Step {
  explicit Step(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return (x > ScalarOf<X>(0)).template cast<ScalarOf<X>>();
  }
  template <class X, class Y, class G>
  auto df(const X&, const Y&, const G& g) const {
    return ScalarOf<X>(0) * g;
  }
};

struct Sigmoid {
  explicit Sigmoid(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.logistic();
  }
  template <class X, class Y, class G>
  auto df(const X&, const Y& y, const G& g) const {
    return g * y * (ScalarOf<X>(1) - y);
  }
};

// log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large |x|.
struct Softplus {
  explicit Softplus(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.max(ScalarOf<X>(0)) + (-x.abs()).exp().log1p();
  }
  template <class X, class Y, class G>
  auto df(const X& x, const Y&, const G& g) const {
    return g * x.logistic();
  }
};

struct Exp {
  explicit Exp(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.exp();
  }
  template <class X, class Y, class G>
  auto df(const X&, const Y& y, const G& g) const {
    return g * y;
  }
};

struct Log {
  explicit Log(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.log();
  }
  template <class X, class Y, class G>
  auto df(const X& x, const Y&, const G& g) const {
    return g / x;
  }
};

struct Sin {
  explicit Sin(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.sin();
  }
  template <class X, class Y, class G>
  auto df(const X& x, const Y&, const G& g) const {
    return g * x.cos();
  }
};

struct Cos {
  explicit Cos(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.cos();
  }
  template <class X, class Y, class G>
  auto df(const X& x, const Y&, const G& g) const {
    return -g * x.sin();
  }
};

struct Sqrt {
  explicit Sqrt(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.sqrt();
  }
  template <class X, class Y, class G>
  auto df(const X&, const Y& y, const G& g) const {
    return ScalarOf<X>(0.5) * g / y;
  }
};

struct Abs {
  explicit Abs(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.abs();
  }
  template <class X, class Y, class G>
  auto df(const X& x, const Y&, const G& g) const {
    return g * x.sign();
  }
};

struct Square {
  explicit Square(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return x.square();
  }
  template <class X, class Y, class G>
  auto df(const X& x, const Y&, const G& g) const {
    return ScalarOf<X>(2) * g * x;
  }
};

struct Neg {
  explicit Neg(const Attrs&) {}
  template <class X>
  auto f(const X& x) const {
    return -x;
  }
  template <class X, class Y, class G>
  auto df(const X&, const Y&, const G& g) const {
    return -g;
  }
};

struct Pow {
  double p;
  explicit Pow(const Attrs& a) : p(a.number("exponent")) {}
  template <class X>
  auto f(const X& x) const {
    return x.pow(ScalarOf<X>(p));
  }
  template <class X, class Y, class G>
  auto df(const X& x, const Y&, const G& g) const {
    return ScalarOf<X>(p) * g * x.pow(ScalarOf<X>(p - 1));
  }
};

struct Affine {
  double scale, shift;
  explicit Affine(const Attrs& a) : scale(a.number("scale")), shift(a.number("shift")) {}
  template <class X>
  auto f(const X& x) const {
    return ScalarOf<X>(scale) * x + ScalarOf<X>(shift);
  }
  template <class X, class Y, class G>
  auto df(const X&, const Y&, const G& g) const {
    return ScalarOf<X>(scale) * g;
  }
};

template <class F, class = void>
struct HasLoops : std::false_type {};
template <class F>
struct HasLoops<F, std::void_t<decltype(F::kLoops)>> : std::true_type {};

// Forward and gradient of the piecewise-linear ops.
template <class S>
void piecewise_linear(const S* __restrict x, S* __restrict y, Index n, S slope) {
  for (Index i = 0; i < n; ++i) y[i] = x[i] > S(0) ? x[i] : slope * x[i];
}
template <class S>
void piecewise_linear_grad(const S* __restrict x, const S* __restrict g, S* __restrict gx, Index n,
                           S slope) {
  for (Index i = 0; i < n; ++i) gx[i] += x[i] > S(0) ? g[i] : slope * g[i];
}

template <class S, class F>
class UnaryKernel final : public Kernel<S> {
 public:
  explicit UnaryKernel(const NodeInfo& n) : f_(n.attrs) {}
  void forward(KernelContext<S>& c) override {
    ConstFlatMap<S> x = flat_input(c, 0);
    FlatMap<S> y = flat_output(c);
    if constexpr (HasLoops<F>::value) {
      piecewise_linear(x.data(), y.data(), x.size(), f_.template slope<S>());
    } else {
      y = f_.f(x);
    }
  }
  void backward(KernelContext<S>& c) override {
    if (!c.needs_grad(0)) return;
    if constexpr (HasLoops<F>::value) {
      piecewise_linear_grad(c.input_data(0), c.output_grad().data(), c.input_grad_data(0),
                            c.input_rows(0) * c.input_cols(0), f_.template slope<S>());
    } else {
      ConstFlatMap<S> x = flat_input(c, 0);
      FlatMap<S> y = flat_output(c);
      ConstFlatMap<S> g = flat_output_grad(c);
      FlatMap<S> gx = flat_input_grad(c, 0);
      gx += f_.df(x, y, g);
    }
  }

 private:
  F f_;
};

template <class F>
struct Bind {
  template <class S>
  using Kernel = UnaryKernel<S, F>;
};

template <class F>
void add_unary(OpRegistry& r, const std::string& name, std::string doc,
               std::vector<AttrSpec> attrs = {}, bool differentiable = true) {
  OpDef def = make_def(
      name, 1, 1, [](const std::vector<Shape>& in, const Attrs&) { return in[0]; }, std::move(doc));
  def.attrs = std::move(attrs);
  def.differentiable = differentiable;
  set_kernels<Bind<F>::template Kernel>(def);
  r.add(std::move(def));
}

}  // namespace

void register_unary_ops(OpRegistry& r) {
  add_unary<Identity>(r, "identity", "y = x");
  add_unary<Identity>(r, "stop_gradient", "y = x; no gradient flows back", {}, false);
  add_unary<Relu>(r, "relu", "y = max(x, 0)");
  add_unary<LeakyRelu>(r, "leaky_relu", "y = x if x > 0 else alpha x",
                       {attr_real("alpha", 0.01, "slope for x <= 0")});
  add_unary<Tanh>(r, "tanh", "y = tanh(x)");
  add_unary<Sigmoid>(r, "sigmoid", "y = 1 / (1 + exp(-x))");
  add_unary<Step>(r, "step", "y = 1 if x > 0 else 0 (no gradient: relu's derivative)", {}, false);
  add_unary<Softplus>(r, "softplus", "y = log(1 + exp(x))");
  add_unary<Exp>(r, "exp", "y = exp(x)");
  add_unary<Log>(r, "log", "y = log(x)");
  add_unary<Sin>(r, "sin", "y = sin(x)");
  add_unary<Cos>(r, "cos", "y = cos(x)");
  add_unary<Sqrt>(r, "sqrt", "y = sqrt(x)");
  add_unary<Abs>(r, "abs", "y = |x| (gradient sign(x), 0 at 0)");
  add_unary<Square>(r, "square", "y = x^2");
  add_unary<Neg>(r, "neg", "y = -x");
  add_unary<Pow>(r, "pow", "y = x^p for a constant exponent p",
                 {{"exponent", 1.0, true, "the constant exponent p"}});
  add_unary<Affine>(r, "affine", "y = scale * x + shift (constants)",
                    {attr_real("scale", 1.0), attr_real("shift", 0.0)});
}

}  // namespace ael::graph::ops
