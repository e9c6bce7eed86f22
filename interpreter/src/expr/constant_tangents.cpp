// Forward-mode derivatives of an expression's value with respect to its constants.
//
// Each stack entry carries its value and one tangent per constant. Values use FastPrims,
// so they equal the vectorised evaluator's; derivatives follow the branch the protected
// primitive took (a clamped or replaced result has derivative 0).
#include <cmath>
#include <vector>

#include "ael/diagnostic.hpp"
#include "ael/expression.hpp"
#include "expr/reference_eval.hpp"

namespace ael {
namespace {

using P = expr::FastPrims<double>;

/// Partial derivatives of a unary primitive at a (value = f(a)).
double unary_partial(ExprOp op, double a, double value) {
  switch (op) {
    case ExprOp::Neg:
      return -1.0;
    case ExprOp::Sin:
      return P::cos(a);
    case ExprOp::Cos:
      return -P::sin(a);
    case ExprOp::Tan:
      return 1.0 + value * value;
    case ExprOp::Exp:
      return a < expr::exp_clamp<double>() ? value : 0.0;
    case ExprOp::Log:
      return a > 0.0 && a < expr::largest<double>() ? 1.0 / a : 0.0;
    case ExprOp::Sqrt:
      return a > 0.0 && a < expr::largest<double>() ? 0.5 / value : 0.0;
    case ExprOp::Square:
      return 2.0 * a;
    case ExprOp::Cube:
      return 3.0 * a * a;
    case ExprOp::Tanh:
      return 1.0 - value * value;
    case ExprOp::Abs:
      return a > 0.0 ? 1.0 : (a < 0.0 ? -1.0 : 0.0);
    case ExprOp::Sigmoid:
      return value * (1.0 - value);
    default:
      throw Error("not a unary primitive");
  }
}

/// Partial derivatives of a binary primitive at (a, b).
void binary_partials(ExprOp op, double a, double b, double value, double& da, double& db) {
  switch (op) {
    case ExprOp::Add:
      da = 1.0;
      db = 1.0;
      return;
    case ExprOp::Sub:
      da = 1.0;
      db = -1.0;
      return;
    case ExprOp::Mul:
      da = b;
      db = a;
      return;
    case ExprOp::Div: {
      const double q = a / b;
      const bool ok = std::fabs(q) <= expr::largest<double>();
      da = ok ? 1.0 / b : 0.0;
      db = ok ? -q / b : 0.0;
      return;
    }
    case ExprOp::Pow: {
      const double r = std::pow(a, b);
      const bool ok = std::fabs(r) <= expr::largest<double>();
      da = ok && a != 0.0 ? b * r / a : 0.0;
      db = ok && a > 0.0 ? r * std::log(a) : 0.0;
      return;
    }
    case ExprOp::Max:
      da = a < b ? 0.0 : 1.0;
      db = 1.0 - da;
      return;
    case ExprOp::Min:
      da = b < a ? 0.0 : 1.0;
      db = 1.0 - da;
      return;
    default:
      throw Error("not a binary primitive");
  }
  (void)value;
}

}  // namespace

void evaluate_with_jacobian(const Expression& expression, const ExprData<double>& data,
                            Eigen::VectorXd& values, Eigen::MatrixXd& jacobian) {
  const auto& nodes = expression.nodes();
  const Eigen::Index rows = data.rows();
  const Eigen::Index nc = static_cast<Eigen::Index>(expression.constant_count());
  for (const ExprNode& n : nodes) {
    if (n.op == ExprOp::Variable && n.variable >= data.features()) {
      throw Error("expression reads variable " + std::to_string(n.variable) + " but the data has " +
                  std::to_string(data.features()) + " features");
    }
  }
  values.resize(rows);
  jacobian.setZero(rows, nc);
  std::vector<double> v;  // value stack
  std::vector<double> g;  // tangent stack, nc per entry
  v.reserve(64);
  g.reserve(static_cast<std::size_t>(64 * std::max<Eigen::Index>(nc, 1)));
  const std::size_t w = static_cast<std::size_t>(nc);
  for (Eigen::Index r = 0; r < rows; ++r) {
    v.clear();
    g.clear();
    Eigen::Index next_constant = 0;
    for (const ExprNode& n : nodes) {
      if (n.arity == 0) {
        const bool is_var = n.op == ExprOp::Variable;
        v.push_back(is_var ? data.feature(n.variable)[r] : n.value);
        g.resize(g.size() + w, 0.0);
        if (!is_var) g[g.size() - w + static_cast<std::size_t>(next_constant++)] = 1.0;
      } else if (n.arity == 1) {
        const double a = v.back();
        const double value = expr::apply_unary<P>(n.op, a);
        const double d = unary_partial(n.op, a, value);
        v.back() = value;
        for (std::size_t k = g.size() - w; k < g.size(); ++k) g[k] *= d;
      } else {
        const double b = v.back();
        v.pop_back();
        const double a = v.back();
        const double value = expr::apply_binary<P>(n.op, a, b);
        double da = 0, db = 0;
        binary_partials(n.op, a, b, value, da, db);
        v.back() = value;
        const std::size_t gb = g.size() - w;
        const std::size_t ga = gb - w;
        for (std::size_t k = 0; k < w; ++k) g[ga + k] = da * g[ga + k] + db * g[gb + k];
        g.resize(gb);
      }
    }
    values[r] = v.back();
    for (Eigen::Index k = 0; k < nc; ++k) jacobian(r, k) = g[static_cast<std::size_t>(k)];
  }
}

}  // namespace ael
