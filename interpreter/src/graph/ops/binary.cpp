// Elementwise add, sub, mul, div with broadcasting.
//
// Broadcasting rules (per dimension): equal sizes; or one side has 1 row; for columns, a
// batched side broadcasts against a fixed side with 1 column, and two fixed sides need
// equal columns or one of them 1. So: equal shapes, a 1x1 scalar with anything, a rows x 1
// column with rows x B, a 1 x B row with rows x B.
#include <type_traits>

#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

// How one operand maps onto the output: the whole buffer, one value, one column repeated
// over the output's columns, or one row repeated over its rows.
enum class Mode { Full, Scalar, Col, Row };

Shape broadcast_shape(const std::string& op, const Shape& a, const Shape& b) {
  auto fail = [&] {
    shape_fail(op, "shapes " + a.str() + " and " + b.str() + " do not broadcast");
  };
  Shape out;
  if (a.rows == b.rows || b.rows == 1) {
    out.rows = a.rows;
  } else if (a.rows == 1) {
    out.rows = b.rows;
  } else {
    fail();
  }
  if (a.batched && b.batched) {
    if (a.cols != b.cols) fail();
    out.cols = a.cols;
    out.batched = true;
  } else if (a.batched || b.batched) {
    const Shape& fixed = a.batched ? b : a;
    if (fixed.cols != 1) fail();
    out.cols = a.batched ? a.cols : b.cols;
    out.batched = true;
  } else {
    if (a.cols != b.cols && a.cols != 1 && b.cols != 1) fail();
    out.cols = a.cols == 1 ? b.cols : a.cols;
  }
  return out;
}

Mode mode_of(const Shape& operand, const Shape& out) {
  if (operand == out) return Mode::Full;
  if (operand.is_scalar()) return Mode::Scalar;
  if (operand.rows == out.rows) return Mode::Col;
  return Mode::Row;
}

struct Add {
  template <class A, class B>
  static auto f(const A& a, const B& b) {
    return a + b;
  }
  template <class G, class A, class B>
  static auto da(const G& g, const A&, const B&) {
    return g;
  }
  template <class G, class A, class B>
  static auto db(const G& g, const A&, const B&) {
    return g;
  }
};
struct Sub {
  template <class A, class B>
  static auto f(const A& a, const B& b) {
    return a - b;
  }
  template <class G, class A, class B>
  static auto da(const G& g, const A&, const B&) {
    return g;
  }
  template <class G, class A, class B>
  static auto db(const G& g, const A&, const B&) {
    return -g;
  }
};
struct Mul {
  template <class A, class B>
  static auto f(const A& a, const B& b) {
    return a * b;
  }
  template <class G, class A, class B>
  static auto da(const G& g, const A&, const B& b) {
    return g * b;
  }
  template <class G, class A, class B>
  static auto db(const G& g, const A& a, const B&) {
    return g * a;
  }
};
struct Div {
  template <class A, class B>
  static auto f(const A& a, const B& b) {
    return a / b;
  }
  template <class G, class A, class B>
  static auto da(const G& g, const A&, const B& b) {
    return g / b;
  }
  template <class G, class A, class B>
  static auto db(const G& g, const A& a, const B& b) {
    return -(g * a) / (b * b);
  }
};

template <class S>
struct Operand {
  const S* data;
  Index rows;  // run-time rows of the operand's own buffer
  Mode mode;
};

// Calls fn with the operand's values for output column j (n rows): an array segment, or
// a scalar when the operand is one value there.
template <class S, class Fn>
void visit_col(const Operand<S>& o, Index j, Index n, Fn&& fn) {
  switch (o.mode) {
    case Mode::Full:
      fn(ConstFlatMap<S>(o.data + j * n, n));
      break;
    case Mode::Col:
      fn(ConstFlatMap<S>(o.data, n));
      break;
    case Mode::Scalar:
      fn(o.data[0]);
      break;
    case Mode::Row:
      fn(o.data[j]);
      break;
  }
}

// Same over the whole output (only for Full and Scalar operands).
template <class S, class Fn>
void visit_flat(const Operand<S>& o, Index size, Fn&& fn) {
  if (o.mode == Mode::Full) {
    fn(ConstFlatMap<S>(o.data, size));
  } else {
    fn(o.data[0]);
  }
}

template <class Dst, class E>
void assign(Dst&& dst, const E& e) {
  if constexpr (std::is_arithmetic_v<E>) {
    dst.setConstant(e);
  } else {
    dst = e;
  }
}

// Adds an output-shaped gradient contribution to the operand's gradient, summing over
// the dimensions the operand was broadcast along.
template <class S, class E>
void accumulate(S* grad, Mode mode, Index j, Index n, const E& e) {
  switch (mode) {
    case Mode::Full:
      FlatMap<S>(grad + j * n, n) += e;
      break;
    case Mode::Col:
      FlatMap<S>(grad, n) += e;
      break;
    case Mode::Scalar:
      grad[0] += e.sum();
      break;
    case Mode::Row:
      grad[j] += e.sum();
      break;
  }
}

template <class S, class Op>
class BinaryKernel final : public Kernel<S> {
 public:
  explicit BinaryKernel(const NodeInfo& n)
      : ma_(mode_of(n.inputs[0], n.output)), mb_(mode_of(n.inputs[1], n.output)) {}

  void forward(KernelContext<S>& c) override {
    MatrixMap<S> y = c.output();
    const Operand<S> a{c.input_data(0), c.input_rows(0), ma_};
    const Operand<S> b{c.input_data(1), c.input_rows(1), mb_};
    if (flat()) {
      FlatMap<S> out(y.data(), y.size());
      visit_flat(a, y.size(), [&](const auto& av) {
        visit_flat(b, y.size(), [&](const auto& bv) { assign(out, Op::f(av, bv)); });
      });
      return;
    }
    const Index n = y.rows();
    for (Index j = 0; j < y.cols(); ++j) {
      FlatMap<S> out(y.data() + j * n, n);
      visit_col(a, j, n, [&](const auto& av) {
        visit_col(b, j, n, [&](const auto& bv) { assign(out, Op::f(av, bv)); });
      });
    }
  }

  void backward(KernelContext<S>& c) override {
    const bool ga = c.needs_grad(0), gb = c.needs_grad(1);
    ConstMatrixMap<S> g = c.output_grad();
    const Operand<S> a{c.input_data(0), c.input_rows(0), ma_};
    const Operand<S> b{c.input_data(1), c.input_rows(1), mb_};
    const Index n = g.rows();
    // Flat case: one pass over the whole buffer; otherwise column by column.
    const bool whole = flat();
    const Index cols = whole ? 1 : g.cols();
    const Index len = whole ? g.size() : n;
    for (Index j = 0; j < cols; ++j) {
      ConstFlatMap<S> gj(g.data() + j * len, len);
      auto visit = [&](const Operand<S>& o, auto&& fn) {
        if (whole) {
          visit_flat(o, len, fn);
        } else {
          visit_col(o, j, n, fn);
        }
      };
      visit(a, [&](const auto& av) {
        visit(b, [&](const auto& bv) {
          if (ga) accumulate(c.input_grad_data(0), ma_, j, len, Op::da(gj, av, bv));
          if (gb) accumulate(c.input_grad_data(1), mb_, j, len, Op::db(gj, av, bv));
        });
      });
    }
  }

 private:
  bool flat() const {
    return (ma_ == Mode::Full || ma_ == Mode::Scalar) && (mb_ == Mode::Full || mb_ == Mode::Scalar);
  }
  Mode ma_, mb_;
};

template <class Op>
struct Bind {
  template <class S>
  using Kernel = BinaryKernel<S, Op>;
};

template <class Op>
void add_binary(OpRegistry& r, const std::string& name, std::string doc) {
  OpDef def = make_def(
      name, 2, 2,
      [name](const std::vector<Shape>& in, const Attrs&) {
        return broadcast_shape(name, in[0], in[1]);
      },
      std::move(doc));
  set_kernels<Bind<Op>::template Kernel>(def);
  r.add(std::move(def));
}

}  // namespace

void register_binary_ops(OpRegistry& r) {
  add_binary<Add>(r, "add", "a + b, broadcasting");
  add_binary<Sub>(r, "sub", "a - b, broadcasting");
  add_binary<Mul>(r, "mul", "a * b elementwise, broadcasting");
  add_binary<Div>(r, "div", "a / b elementwise, broadcasting");
}

}  // namespace ael::graph::ops
