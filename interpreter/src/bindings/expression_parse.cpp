#include "bindings/expression_parse.hpp"

#include <algorithm>
#include <cmath>

#include "ael/diagnostic.hpp"
#include "ael/options.hpp"
#include "syntax/ast.hpp"
#include "syntax/parse.hpp"
#include "syntax/source.hpp"
#include "syntax/symbol.hpp"

namespace ael::bindings {
namespace {

std::string where(const SourceLocation& loc) {
  if (!loc.known()) return "";
  if (loc.line > 1)
    return "line " + std::to_string(loc.line) + ", column " + std::to_string(loc.column) + ": ";
  return "column " + std::to_string(loc.column) + ": ";
}

std::string where(const Span& span) {
  SourceLocation loc;
  loc.line = static_cast<int>(span.line);
  loc.column = static_cast<int>(span.column);
  return where(loc);
}

[[noreturn]] void fail_at(const Span& span, const std::string& message) {
  throw Error(where(span) + message);
}

std::vector<std::string> primitive_names() {
  std::vector<std::string> names;
  for (ExprOp op : expr_primitives()) names.emplace_back(expr_op_info(op).name);
  return names;
}

// A typo gets "did you mean"; anything else gets the (short) list of declared variables.
std::string unknown_variable_hint(const std::string& name, const std::vector<std::string>& known) {
  std::string hint = did_you_mean(name, known);
  if (!hint.empty() || known.empty() || known.size() > 12) return hint;
  hint = " (variables: ";
  for (std::size_t i = 0; i < known.size(); ++i) hint += (i ? ", " : "") + known[i];
  return hint + ")";
}

const ast::Expr& only_positional(const ast::Call& call, std::size_t i) {
  if (call.args[i].name != kNoSymbol) {
    fail_at(call.args[i].span, "named arguments are not part of an expression");
  }
  return *call.args[i].value;
}

// Turns the AST into postfix, in two passes: names first (to fix the variables), then
// the nodes.
class Converter {
 public:
  explicit Converter(std::optional<std::vector<std::string>> variables)
      : fixed_(variables.has_value()),
        variables_(variables ? std::move(*variables) : std::vector<std::string>{}) {}

  Expression convert(const ast::Expr& root) {
    collect(root);
    ExpressionBuilder builder(variables_);
    emit(root, builder);
    return builder.build();
  }

 private:
  void collect(const ast::Expr& e) {
    switch (e.kind) {
      case ast::ExprKind::Name: {
        const std::string& name = symbol_name(static_cast<const ast::NameRef&>(e).name);
        if (std::find(variables_.begin(), variables_.end(), name) != variables_.end()) return;
        if (fixed_) {
          fail_at(e.span,
                  "unknown variable '" + name + "'" + unknown_variable_hint(name, variables_));
        }
        variables_.push_back(name);
        return;
      }
      case ast::ExprKind::Unary:
        return collect(*static_cast<const ast::Unary&>(e).operand);
      case ast::ExprKind::Binary: {
        const auto& b = static_cast<const ast::Binary&>(e);
        collect(*b.lhs);
        return collect(*b.rhs);
      }
      case ast::ExprKind::Call: {
        const auto& call = static_cast<const ast::Call&>(e);
        for (std::size_t i = 0; i < call.args.size(); ++i) collect(only_positional(call, i));
        return;
      }
      default:
        return;  // emit() reports what is not allowed
    }
  }

  void emit(const ast::Expr& e, ExpressionBuilder& b) {
    switch (e.kind) {
      case ast::ExprKind::Int:
        b.constant(static_cast<double>(static_cast<const ast::IntLit&>(e).value));
        return;
      case ast::ExprKind::Float:
        constant(e, static_cast<const ast::FloatLit&>(e).value, b);
        return;
      case ast::ExprKind::Name:
        b.variable(symbol_name(static_cast<const ast::NameRef&>(e).name));
        return;
      case ast::ExprKind::Unary:
        return unary(static_cast<const ast::Unary&>(e), b);
      case ast::ExprKind::Binary:
        return binary(static_cast<const ast::Binary&>(e), b);
      case ast::ExprKind::Call:
        return call(static_cast<const ast::Call&>(e), b);
      default:
        fail_at(e.span,
                "an expression holds numbers, variable names, + - * / ^ and calls of the "
                "primitives only");
    }
  }

  static void constant(const ast::Expr& e, double v, ExpressionBuilder& b) {
    if (!std::isfinite(v)) fail_at(e.span, "constants must be finite");
    b.constant(v);
  }

  void unary(const ast::Unary& u, ExpressionBuilder& b) {
    const ast::Expr& x = *u.operand;
    if (u.op == ast::UnaryOp::Plus) return emit(x, b);
    if (u.op != ast::UnaryOp::Neg) fail_at(u.span, "'not' is not part of an expression");
    if (x.kind == ast::ExprKind::Int) {
      b.constant(-static_cast<double>(static_cast<const ast::IntLit&>(x).value));
    } else if (x.kind == ast::ExprKind::Float) {
      constant(x, -static_cast<const ast::FloatLit&>(x).value, b);
    } else {
      emit(x, b);
      b.op(ExprOp::Neg);
    }
  }

  void binary(const ast::Binary& e, ExpressionBuilder& b) {
    ExprOp op = ExprOp::Add;
    switch (e.op) {
      case BinaryOp::Add:
        op = ExprOp::Add;
        break;
      case BinaryOp::Sub:
        op = ExprOp::Sub;
        break;
      case BinaryOp::Mul:
        op = ExprOp::Mul;
        break;
      case BinaryOp::Div:
        op = ExprOp::Div;
        break;
      case BinaryOp::Pow:
        op = ExprOp::Pow;
        break;
      default:
        fail_at(e.op_span, std::string("operator '") + binary_op_symbol(e.op) +
                               "' is not part of an expression (use + - * / ^)");
    }
    emit(*e.lhs, b);
    emit(*e.rhs, b);
    b.op(op);
  }

  void call(const ast::Call& c, ExpressionBuilder& b) {
    if (c.callee->kind != ast::ExprKind::Name) {
      fail_at(c.callee->span, "only primitives can be called in an expression");
    }
    const std::string& name = symbol_name(static_cast<const ast::NameRef&>(*c.callee).name);
    const std::optional<ExprOp> op = expr_op_from_name(name);
    if (!op) {
      fail_at(c.callee->span,
              "unknown primitive '" + name + "'" + did_you_mean(name, primitive_names()));
    }
    const int arity = expr_op_info(*op).arity;
    if (static_cast<int>(c.args.size()) != arity) {
      fail_at(c.span, name + "() takes " + std::to_string(arity) + " argument" +
                          (arity == 1 ? "" : "s") + ", got " + std::to_string(c.args.size()));
    }
    for (std::size_t i = 0; i < c.args.size(); ++i) emit(only_positional(c, i), b);
    b.op(*op);
  }

  bool fixed_;
  std::vector<std::string> variables_;
};

}  // namespace

Expression parse_expression_text(const std::string& text,
                                 const std::optional<std::vector<std::string>>& variables) {
  SourceManager sources;
  const std::uint32_t file = sources.add("<expression>", text);
  syntax::ParseOutput parsed = syntax::parse_expression(sources, file);
  if (!parsed.ok() || !parsed.expression) {
    if (parsed.diagnostics.empty()) throw Error("not an expression: '" + text + "'");
    const Diagnostic& d = parsed.diagnostics.front();
    throw Error(where(d.location) + d.message);
  }
  return Converter(variables).convert(*parsed.expression);
}

}  // namespace ael::bindings
