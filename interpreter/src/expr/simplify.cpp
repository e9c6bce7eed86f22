// Algebraic simplification to a fixed point.
//
// The postfix program becomes a small pointer-free tree (an arena of nodes with child
// ids); one bottom-up pass applies local rewrite rules; the result is serialised back and
// the passes repeat until nothing changes. Constant folding uses AEL's own arithmetic
// (FastPrims), so a folded constant is exactly what evaluation would have computed.
#include <cmath>
#include <vector>

#include "ael/expression.hpp"
#include "expr/reference_eval.hpp"

namespace ael {
namespace {

struct TNode {
  ExprOp op;
  double value = 0;
  std::uint16_t variable = 0;
  int a = -1;  // children
  int b = -1;
};

class Simplifier {
 public:
  explicit Simplifier(const std::vector<ExprNode>& postfix) {
    std::vector<int> stack;
    for (const ExprNode& n : postfix) {
      TNode t{n.op, n.value, n.variable};
      if (n.arity == 2) {
        t.b = stack.back();
        stack.pop_back();
      }
      if (n.arity >= 1) {
        t.a = stack.back();
        stack.pop_back();
      }
      stack.push_back(add(t));
    }
    root_ = stack.back();
  }

  /// One bottom-up pass; returns the new root.
  int pass() { return visit(root_); }

  void set_root(int root) { root_ = root; }

  void serialise(int id, std::vector<ExprNode>& out) const {
    const TNode& t = nodes_[static_cast<std::size_t>(id)];
    if (t.a >= 0) serialise(t.a, out);
    if (t.b >= 0) serialise(t.b, out);
    if (t.op == ExprOp::Constant) {
      out.push_back(ExprNode::constant(t.value));
    } else if (t.op == ExprOp::Variable) {
      out.push_back(ExprNode::var(t.variable));
    } else {
      out.push_back(ExprNode::primitive(t.op));
    }
  }

 private:
  int add(const TNode& t) {
    nodes_.push_back(t);
    return static_cast<int>(nodes_.size()) - 1;
  }
  const TNode& at(int id) const { return nodes_[static_cast<std::size_t>(id)]; }

  int constant(double v) { return add(TNode{ExprOp::Constant, v == 0.0 ? 0.0 : v, 0}); }
  int make(ExprOp op, int a, int b = -1) {
    TNode t{op};
    t.a = a;
    t.b = b;
    return add(t);
  }

  bool is_const(int id) const { return at(id).op == ExprOp::Constant; }
  bool is_const(int id, double v) const { return is_const(id) && at(id).value == v; }
  bool is(int id, ExprOp op) const { return at(id).op == op; }

  bool equal(int x, int y) const {
    if (x == y) return true;
    const TNode& p = at(x);
    const TNode& q = at(y);
    if (p.op != q.op) return false;
    if (p.op == ExprOp::Constant) return p.value == q.value;
    if (p.op == ExprOp::Variable) return p.variable == q.variable;
    if ((p.a >= 0) != (q.a >= 0) || (p.b >= 0) != (q.b >= 0)) return false;
    return (p.a < 0 || equal(p.a, q.a)) && (p.b < 0 || equal(p.b, q.b));
  }

  int visit(int id) {
    TNode t = at(id);
    if (t.a < 0) return id;
    const int a = visit(t.a);
    const int b = t.b >= 0 ? visit(t.b) : -1;
    const int folded = fold(t.op, a, b);
    if (folded >= 0) return folded;
    const int r = t.b >= 0 ? rewrite2(t.op, a, b) : rewrite1(t.op, a);
    if (r >= 0) return r;
    return (a == t.a && b == t.b) ? id : make(t.op, a, b);
  }

  /// All operands constant: evaluate with AEL's arithmetic (kept only when finite).
  int fold(ExprOp op, int a, int b) {
    if (!is_const(a) || (b >= 0 && !is_const(b))) return -1;
    using P = expr::FastPrims<double>;
    const double v = b >= 0 ? expr::apply_binary<P>(op, at(a).value, at(b).value)
                            : expr::apply_unary<P>(op, at(a).value);
    return std::isfinite(v) ? constant(v) : -1;
  }

  int rewrite1(ExprOp op, int a) {
    const TNode x = at(a);  // a copy: make() may reallocate the arena
    switch (op) {
      case ExprOp::Neg:
        if (x.op == ExprOp::Neg) return x.a;                          // --x
        if (x.op == ExprOp::Sub) return make(ExprOp::Sub, x.b, x.a);  // -(p-q)
        if (x.op == ExprOp::Mul && is_const(x.a)) {                   // -(c*y)
          return make(ExprOp::Mul, constant(-at(x.a).value), x.b);
        }
        break;
      case ExprOp::Abs:
        if (x.op == ExprOp::Neg) return make(ExprOp::Abs, x.a);
        if (x.op == ExprOp::Abs || x.op == ExprOp::Square || x.op == ExprOp::Sqrt ||
            x.op == ExprOp::Exp) {
          return a;  // already non-negative
        }
        break;
      case ExprOp::Square:
        if (x.op == ExprOp::Neg || x.op == ExprOp::Abs) return make(ExprOp::Square, x.a);
        break;
      case ExprOp::Cube:
        if (x.op == ExprOp::Neg) return make(ExprOp::Neg, make(ExprOp::Cube, x.a));
        break;
      case ExprOp::Cos:
        if (x.op == ExprOp::Neg) return make(ExprOp::Cos, x.a);
        break;
      case ExprOp::Sqrt:
        if (x.op == ExprOp::Square) return make(ExprOp::Abs, x.a);
        break;
      default:
        break;
    }
    return -1;
  }

  int rewrite2(ExprOp op, int a, int b) {
    switch (op) {
      case ExprOp::Add:
        return rewrite_add(a, b);
      case ExprOp::Sub:
        return rewrite_sub(a, b);
      case ExprOp::Mul:
        return rewrite_mul(a, b);
      case ExprOp::Div:
        if (is_const(b, 1)) return a;
        if (is_const(b, -1)) return make(ExprOp::Neg, a);
        if (equal(a, b)) return constant(1);  // protected: 0/0 is 1 too
        break;
      case ExprOp::Pow:
        if (is_const(b, 1)) return a;
        if (is_const(b, 0) || is_const(a, 1)) return constant(1);
        if (is_const(b, 2)) return make(ExprOp::Square, a);
        if (is_const(b, 3)) return make(ExprOp::Cube, a);
        break;
      case ExprOp::Max:
      case ExprOp::Min:
        if (equal(a, b)) return a;
        break;
      default:
        break;
    }
    return -1;
  }

  int rewrite_add(int a, int b) {
    if (is_const(b, 0)) return a;
    if (is_const(a, 0)) return b;
    if (is_const(a)) return make(ExprOp::Add, b, a);  // constants to the right
    if (is_const(b) && at(b).value < 0) return make(ExprOp::Sub, a, constant(-at(b).value));
    if (is_const(b) && is(a, ExprOp::Add) && is_const(at(a).b)) {  // (x + c1) + c2
      return make(ExprOp::Add, at(a).a, constant(at(at(a).b).value + at(b).value));
    }
    if (is_const(b) && is(a, ExprOp::Sub) && is_const(at(a).b)) {  // (x - c1) + c2
      return make(ExprOp::Add, at(a).a, constant(at(b).value - at(at(a).b).value));
    }
    if (equal(a, b)) return make(ExprOp::Mul, constant(2), a);
    if (is(b, ExprOp::Neg)) return make(ExprOp::Sub, a, at(b).a);
    if (is(a, ExprOp::Neg)) return make(ExprOp::Sub, b, at(a).a);
    return -1;
  }

  int rewrite_sub(int a, int b) {
    if (is_const(b, 0)) return a;
    if (is_const(a, 0)) return make(ExprOp::Neg, b);
    if (equal(a, b)) return constant(0);
    if (is_const(b) && at(b).value < 0) return make(ExprOp::Add, a, constant(-at(b).value));
    if (is(b, ExprOp::Neg)) return make(ExprOp::Add, a, at(b).a);
    if (is_const(b) && is(a, ExprOp::Add) && is_const(at(a).b)) {  // (x + c1) - c2
      return make(ExprOp::Add, at(a).a, constant(at(at(a).b).value - at(b).value));
    }
    if (is_const(b) && is(a, ExprOp::Sub) && is_const(at(a).b)) {  // (x - c1) - c2
      return make(ExprOp::Sub, at(a).a, constant(at(at(a).b).value + at(b).value));
    }
    if (is(a, ExprOp::Add) && equal(at(a).b, b)) return at(a).a;  // (x + y) - y
    if (is(a, ExprOp::Add) && equal(at(a).a, b)) return at(a).b;  // (x + y) - x
    return -1;
  }

  int rewrite_mul(int a, int b) {
    if (is_const(a, 0) || is_const(b, 0)) return constant(0);
    if (is_const(a, 1)) return b;
    if (is_const(b, 1)) return a;
    if (is_const(b)) return make(ExprOp::Mul, b, a);  // constants to the left
    if (is_const(a, -1)) return make(ExprOp::Neg, b);
    if (is_const(a) && is(b, ExprOp::Mul) && is_const(at(b).a)) {  // c1 * (c2 * y)
      return make(ExprOp::Mul, constant(at(a).value * at(at(b).a).value), at(b).b);
    }
    if (is_const(a) && is(b, ExprOp::Neg)) {
      return make(ExprOp::Mul, constant(-at(a).value), at(b).a);
    }
    if (equal(a, b)) return make(ExprOp::Square, a);
    if (is(a, ExprOp::Neg) && is(b, ExprOp::Neg)) return make(ExprOp::Mul, at(a).a, at(b).a);
    if (is(a, ExprOp::Square) && equal(at(a).a, b)) return make(ExprOp::Cube, b);
    if (is(b, ExprOp::Square) && equal(at(b).a, a)) return make(ExprOp::Cube, a);
    return -1;
  }

  std::vector<TNode> nodes_;
  int root_ = -1;
};

}  // namespace

Expression simplify(const Expression& expression) {
  std::vector<ExprNode> current = expression.nodes();
  // Every rule shrinks the tree or moves a constant/sign into a canonical place, so this
  // converges quickly; the cap only guards against a rule pair that would cycle.
  for (int round = 0; round < 64; ++round) {
    Simplifier s(current);
    const int root = s.pass();
    std::vector<ExprNode> next;
    next.reserve(current.size());
    s.serialise(root, next);
    if (next == current) break;
    current = std::move(next);
  }
  return Expression(std::move(current), expression.shared_variables());
}

}  // namespace ael
