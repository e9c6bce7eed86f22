#include "graph/jacobian_penalty.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ael/diagnostic.hpp"

namespace ael::graph {
namespace {

constexpr const char* kSupported =
    "dense, matmul, scale, add, sub, mul, div, concat, slice, sum/mean over features, "
    "softmax, log_softmax, top_k, noise and the elementwise functions";

[[noreturn]] void fail(const std::string& message) { throw Error("jacobian_penalty: " + message); }

// y = factor * x for the linear elementwise ops (noise adds something independent of x).
std::optional<double> linear_factor(const Node& n) {
  if (n.op == "identity" || n.op == "noise") return 1.0;
  if (n.op == "neg") return -1.0;
  if (n.op == "affine") return n.attrs.number("scale");
  if (n.op == "pow" && n.attrs.number("exponent") == 1.0) return 1.0;
  return std::nullopt;
}

// f'(a) as nodes, for y = f(a) elementwise (nullopt: not an elementwise op with a rule).
// Built from graph ops so that the penalty's own gradient (which needs f'') comes out of
// ordinary backpropagation.
using DerivativeRule = NodeId (*)(GraphBuilder& b, const Node& n, NodeId a, NodeId y);

NodeId affine(GraphBuilder& b, NodeId v, double scale, double shift) {
  return b.add("affine", {v}, {{"scale", scale}, {"shift", shift}});
}

// The one list of ops with a diagonal Jacobian: the closed form and forward mode both
// read it.
const std::map<std::string, DerivativeRule>& derivative_rules() {
  static const std::map<std::string, DerivativeRule> rules = {
      {"relu", [](GraphBuilder& b, const Node&, NodeId a, NodeId) { return b.add("step", {a}); }},
      {"leaky_relu",
       [](GraphBuilder& b, const Node& n, NodeId a, NodeId) {
         const double alpha = n.attrs.number("alpha");
         return affine(b, b.add("step", {a}), 1 - alpha, alpha);
       }},
      {"tanh", [](GraphBuilder& b, const Node&, NodeId,
                  NodeId y) { return affine(b, b.add("square", {y}), -1, 1); }},
      {"sigmoid",
       [](GraphBuilder& b, const Node&, NodeId, NodeId y) {
         return b.add("mul", {y, affine(b, y, -1, 1)});
       }},
      {"softplus",
       [](GraphBuilder& b, const Node&, NodeId a, NodeId) { return b.add("sigmoid", {a}); }},
      {"exp", [](GraphBuilder&, const Node&, NodeId, NodeId y) { return y; }},
      {"log",
       [](GraphBuilder& b, const Node&, NodeId a, NodeId) {
         return b.add("pow", {a}, {{"exponent", -1.0}});
       }},
      {"sin", [](GraphBuilder& b, const Node&, NodeId a, NodeId) { return b.add("cos", {a}); }},
      {"cos", [](GraphBuilder& b, const Node&, NodeId a,
                 NodeId) { return b.add("neg", {b.add("sin", {a})}); }},
      {"sqrt",
       [](GraphBuilder& b, const Node&, NodeId, NodeId y) {
         return affine(b, b.add("pow", {y}, {{"exponent", -1.0}}), 0.5, 0);
       }},
      {"abs", [](GraphBuilder& b, const Node&, NodeId a,
                 NodeId) { return affine(b, b.add("step", {a}), 2, -1); }},
      {"square", [](GraphBuilder& b, const Node&, NodeId a, NodeId) { return affine(b, a, 2, 0); }},
      {"pow",
       [](GraphBuilder& b, const Node& n, NodeId a, NodeId) {
         const double p = n.attrs.number("exponent");
         return affine(b, b.add("pow", {a}, {{"exponent", p - 1}}), p, 0);
       }},
      // top_k keeps some entries unchanged and zeroes the rest: f' = 1 where y != 0.
      {"top_k", [](GraphBuilder& b, const Node&, NodeId,
                   NodeId y) { return b.add("step", {b.add("square", {y})}); }},
  };
  return rules;
}

bool has_diagonal_rule(const std::string& op) { return derivative_rules().count(op) > 0; }

std::optional<NodeId> derivative(GraphBuilder& b, const Node& n, NodeId a, NodeId y) {
  const auto& rules = derivative_rules();
  const auto it = rules.find(n.op);
  if (it == rules.end()) return std::nullopt;
  return it->second(b, n, a, y);
}

// Which nodes lie on a differentiable path from x to y.
std::vector<bool> nodes_on_path(const GraphSpec& spec, const OpRegistry& registry, NodeId y,
                                NodeId x) {
  const auto count = static_cast<std::size_t>(y) + 1;
  std::vector<bool> from_x(count, false), to_y(count, false);
  from_x[static_cast<std::size_t>(x)] = true;
  for (std::size_t i = static_cast<std::size_t>(x) + 1; i < count; ++i) {
    const Node& n = spec.nodes[i];
    const auto def = registry.find(n.op);
    if (def && !def->differentiable) continue;
    for (NodeId in : n.inputs) from_x[i] = from_x[i] || from_x[static_cast<std::size_t>(in)];
  }
  to_y[static_cast<std::size_t>(y)] = true;
  for (std::size_t i = count; i-- > 0;) {
    if (!to_y[i]) continue;
    for (NodeId in : spec.nodes[i].inputs) to_y[static_cast<std::size_t>(in)] = true;
  }
  std::vector<bool> on(count);
  for (std::size_t i = 0; i < count; ++i) on[i] = from_x[i] && to_y[i];
  return on;
}

// Forward-mode propagation: tangent(i) is a batched (rows_i x n) node, each sample's
// Jacobian d node_i / d x, or -1 where node i does not depend on x.
class Tangents {
 public:
  Tangents(GraphBuilder& b, NodeId x) : b_(b), n_(b.shape(x).rows), t_(b.size(), -1) {
    t_[static_cast<std::size_t>(x)] = b.add("identity_per_sample", {x});
  }

  NodeId of(NodeId i) const { return t_[static_cast<std::size_t>(i)]; }

  void propagate(NodeId i) {
    // A copy: adding nodes may move the spec's node vector.
    const Node n = b_.spec().nodes[static_cast<std::size_t>(i)];
    t_[static_cast<std::size_t>(i)] = fit(rule(i, n), i);
  }

 private:
  NodeId input(const Node& n, std::size_t slot) const { return n.inputs.at(slot); }
  NodeId tangent(const Node& n, std::size_t slot) const { return of(n.inputs.at(slot)); }

  // A per-sample column value broadcast over the n tangent columns.
  NodeId spread(NodeId v) {
    return b_.shape(v).batched ? b_.add("repeat_cols", {v}, {{"k", std::int64_t{n_}}}) : v;
  }
  NodeId zeros_like(NodeId v) {
    return b_.add("affine", {spread(v)}, {{"scale", 0.0}, {"shift", 0.0}});
  }
  // A tangent of a broadcast operand (1 row against many) expanded to node i's rows.
  NodeId fit(NodeId tangent, NodeId i) {
    if (b_.shape(tangent).rows == b_.shape(i).rows) return tangent;
    return b_.add("add", {zeros_like(i), tangent});
  }
  void require_independent(const Node& n, std::size_t slot, const char* what) const {
    if (tangent(n, slot) >= 0) {
      fail("the " + std::string(what) + " of a " + n.op +
           " op depends on x; only the data path may (weights computed from x are not "
           "supported)");
    }
  }

  NodeId rule(NodeId i, const Node& n) {
    if (auto f = linear_factor(n)) {
      const NodeId t = tangent(n, 0);
      return *f == 1.0 ? t : b_.add("affine", {t}, {{"scale", *f}, {"shift", 0.0}});
    }
    if (auto d = derivative(b_, n, input(n, 0), i)) {
      return b_.add("mul", {spread(*d), tangent(n, 0)});
    }
    if (n.op == "add" || n.op == "sub") return sum_rule(n);
    if (n.op == "mul") return product_rule(n);
    if (n.op == "div") return quotient_rule(i, n);
    if (n.op == "dense") {
      require_independent(n, 1, "weight");
      if (n.inputs.size() > 2) require_independent(n, 2, "bias");
      return b_.add("dense", {tangent(n, 0), input(n, 1)});
    }
    if (n.op == "matmul") {
      require_independent(n, 0, "left operand");
      return b_.add("matmul", {input(n, 0), tangent(n, 1)}, n.attrs);
    }
    if (n.op == "scale") {
      require_independent(n, 1, "factor");
      return b_.add("scale", {tangent(n, 0), input(n, 1)});
    }
    if (n.op == "concat") return concat_rule(n);
    if (n.op == "slice") return b_.add("slice", {tangent(n, 0)}, n.attrs);
    if ((n.op == "sum" || n.op == "mean") && n.attrs.string("axis") == "features") {
      return b_.add(n.op, {tangent(n, 0)}, n.attrs);
    }
    if ((n.op == "softmax" || n.op == "log_softmax") && n.attrs.integer("groups") == 1) {
      return softmax_rule(i, n);
    }
    fail("no forward-mode rule for op '" + n.op + "'" +
         (n.op == "sum" || n.op == "mean" ? " over axis '" + n.attrs.string("axis") + "'" : "") +
         " on the path from x to y (supported: " + kSupported + ")");
  }

  NodeId sum_rule(const Node& n) {
    const NodeId ta = tangent(n, 0), tb = tangent(n, 1);
    if (tb < 0) return ta;
    if (ta < 0) return n.op == "add" ? tb : b_.add("neg", {tb});
    return b_.add(n.op, {ta, tb});
  }

  NodeId product_rule(const Node& n) {
    const NodeId ta = tangent(n, 0), tb = tangent(n, 1);
    const NodeId pa = ta < 0 ? -1 : b_.add("mul", {ta, spread(input(n, 1))});
    const NodeId pb = tb < 0 ? -1 : b_.add("mul", {spread(input(n, 0)), tb});
    if (pa < 0) return pb;
    if (pb < 0) return pa;
    return b_.add("add", {pa, pb});
  }

  // d(a/b) = da / b - db * (a/b) / b.
  NodeId quotient_rule(NodeId i, const Node& n) {
    const NodeId ta = tangent(n, 0), tb = tangent(n, 1);
    const NodeId pa = ta < 0 ? -1 : b_.add("div", {ta, spread(input(n, 1))});
    if (tb < 0) return pa;
    const NodeId ratio = b_.add("div", {i, input(n, 1)});
    const NodeId pb = b_.add("mul", {spread(ratio), tb});
    return pa < 0 ? b_.add("neg", {pb}) : b_.add("sub", {pa, pb});
  }

  NodeId concat_rule(const Node& n) {
    std::vector<NodeId> parts;
    for (std::size_t s = 0; s < n.inputs.size(); ++s) {
      const NodeId t = tangent(n, s);
      parts.push_back(t >= 0 ? t : zeros_like(input(n, s)));
    }
    return b_.add("concat", parts);
  }

  // softmax: J = diag(s) - s s^T, so T' = s * T - s (s^T T); log_softmax: T' = T - 1 (s^T T).
  NodeId softmax_rule(NodeId i, const Node& n) {
    const NodeId t = tangent(n, 0);
    const bool log = n.op == "log_softmax";
    const NodeId s = spread(log ? b_.add("exp", {i}) : i);
    const NodeId st = b_.add("mul", {s, t});
    const NodeId mix = b_.add("sum", {st}, {{"axis", std::string("features")}});
    if (log) return b_.add("sub", {t, mix});
    return b_.add("sub", {st, b_.add("mul", {s, mix})});
  }

  GraphBuilder& b_;
  Index n_;
  std::vector<NodeId> t_;
};

// sum_j D_j^2 ||W_j||^2 (mean over the batch) when y = f_k(...f_1(dense(x, W, b))) for
// elementwise (diagonal-Jacobian) f_i, D = prod_i f_i'; nullopt when y has another form.
std::optional<NodeId> closed_form(GraphBuilder& b, NodeId y, NodeId x,
                                  const std::vector<bool>& on_path) {
  auto node = [&](NodeId id) { return b.spec().nodes[static_cast<std::size_t>(id)]; };  // copy
  std::vector<NodeId> chain;  // the elementwise nodes, from y down
  NodeId at = y;
  for (Node n = node(at); n.op != "dense"; n = node(at)) {
    if (n.inputs.size() != 1 || !(linear_factor(n) || has_diagonal_rule(n.op))) return std::nullopt;
    chain.push_back(at);
    at = n.inputs[0];
    if (at <= x) return std::nullopt;
  }
  const Node d = node(at);
  if (d.inputs[0] != x) return std::nullopt;
  for (std::size_t slot = 1; slot < d.inputs.size(); ++slot) {  // weights computed from x
    const NodeId w = d.inputs[slot];
    if (w > x && on_path[static_cast<std::size_t>(w)]) return std::nullopt;
  }

  double factor = 1;  // the linear ops' constant
  NodeId D = -1;      // the product of the other derivatives (-1: none)
  for (NodeId id : chain) {
    const Node n = node(id);
    if (auto f = linear_factor(n)) {
      factor *= *f;
    } else {
      const NodeId fprime = *derivative(b, n, n.inputs[0], id);
      D = D < 0 ? fprime : b.add("mul", {D, fprime});
    }
  }
  const NodeId w2 = b.add("square", {d.inputs[1]});
  auto scaled = [&](NodeId v, double scale) {
    return b.add("affine", {v}, {{"scale", scale}, {"shift", 0.0}});
  };
  // ||W||_F^2, the same for every sample.
  if (D < 0) return scaled(b.add("sum", {w2}), factor * factor);
  const NodeId row_norms = b.add("sum", {w2}, {{"axis", std::string("batch")}});
  const NodeId per_unit = b.add("mul", {b.add("square", {D}), row_norms});
  const double rows = static_cast<double>(b.shape(y).rows);
  return scaled(b.add("mean", {per_unit}), factor * factor * rows);
}

void check_endpoints(const GraphBuilder& b, NodeId y, NodeId x) {
  for (const auto& [id, what] : {std::pair{x, "x"}, std::pair{y, "y"}}) {
    const Shape& s = b.shape(id);
    if (!s.batched || s.cols != 1) {
      fail(std::string(what) + " must be a batched node with one column per sample, got " +
           s.str());
    }
  }
  if (y <= x) fail("y must be computed from x (it comes before x in the graph)");
}

}  // namespace

NodeId add_jacobian_penalty(GraphBuilder& b, NodeId y, NodeId x) {
  check_endpoints(b, y, x);
  const std::vector<bool> on = nodes_on_path(b.spec(), b.registry(), y, x);
  if (!on[static_cast<std::size_t>(y)]) fail("y does not depend on x (through differentiable ops)");
  if (auto penalty = closed_form(b, y, x, on)) return *penalty;

  Tangents tangents(b, x);
  for (NodeId i = x + 1; i <= y; ++i) {
    if (on[static_cast<std::size_t>(i)]) tangents.propagate(i);
  }
  const NodeId t = tangents.of(y);
  const double size = static_cast<double>(b.shape(y).rows * b.shape(x).rows);
  // mean over all entries of the B tangent matrices, times their size: 1/B sum ||J_b||^2.
  return b.add("affine", {b.add("mean", {b.add("square", {t})})},
               {{"scale", size}, {"shift", 0.0}});
}

}  // namespace ael::graph
