#include "parse_helpers.hpp"

namespace ael::test {

std::string sexpr(const ast::Expr& e) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::Int:
      return std::to_string(as<ast::IntLit>(e).value);
    case K::Float:
      return std::to_string(as<ast::FloatLit>(e).value);
    case K::Bool:
      return as<ast::BoolLit>(e).value ? "true" : "false";
    case K::None:
      return "none";
    case K::String:
      return "\"str\"";
    case K::Name:
      return symbol_name(as<ast::NameRef>(e).name);
    case K::Unary: {
      const auto& u = as<ast::Unary>(e);
      const char* op = u.op == ast::UnaryOp::Neg    ? "neg"
                       : u.op == ast::UnaryOp::Plus ? "pos"
                                                    : "not";
      return std::string("(") + op + " " + sexpr(*u.operand) + ")";
    }
    case K::Binary: {
      const auto& b = as<ast::Binary>(e);
      return std::string("(") + binary_op_symbol(b.op) + " " + sexpr(*b.lhs) + " " + sexpr(*b.rhs) +
             ")";
    }
    case K::Logical: {
      const auto& l = as<ast::Logical>(e);
      return std::string("(") + (l.is_and ? "and" : "or") + " " + sexpr(*l.lhs) + " " +
             sexpr(*l.rhs) + ")";
    }
    case K::Range: {
      const auto& r = as<ast::Range>(e);
      std::string s = std::string("(") + (r.inclusive ? "..=" : "..") + " " + sexpr(*r.start) +
                      " " + sexpr(*r.stop);
      if (r.step) s += " step " + sexpr(*r.step);
      return s + ")";
    }
    case K::Pipe: {
      const auto& p = as<ast::Pipe>(e);
      return "(|> " + sexpr(*p.lhs) + " " + sexpr(*p.rhs) + ")";
    }
    case K::Call: {
      const auto& c = as<ast::Call>(e);
      std::string s = "(call " + sexpr(*c.callee);
      for (const ast::Arg& a : c.args) {
        s += " ";
        if (a.name != kNoSymbol) s += symbol_name(a.name) + ":";
        s += sexpr(*a.value);
      }
      return s + ")";
    }
    case K::Field: {
      const auto& f = as<ast::Field>(e);
      return "(. " + sexpr(*f.target) + " " + symbol_name(f.name) + ")";
    }
    case K::Index: {
      const auto& i = as<ast::Index>(e);
      std::string s = "(index " + sexpr(*i.target);
      for (const ast::IndexItem& it : i.items) {
        if (it.is_slice) {
          s += " [" + (it.value ? sexpr(*it.value) : std::string()) + ":" +
               (it.end ? sexpr(*it.end) : std::string()) + "]";
        } else {
          s += " " + sexpr(*it.value);
        }
      }
      return s + ")";
    }
    case K::List: {
      std::string s = "[";
      for (const auto& item : as<ast::ListLit>(e).items)
        s += (s.size() > 1 ? " " : "") + sexpr(*item);
      return s + "]";
    }
    case K::Then: {
      const auto& t = as<ast::Then>(e);
      return "(then " + sexpr(*t.lhs) + " " + sexpr(*t.rhs) + ")";
    }
    case K::Comprehension:
      return "<comprehension>";
    case K::Record:
      return "<record>";
    case K::If:
      return "<if>";
    case K::Lambda:
      return "<lambda>";
    case K::Train:
      return "<train>";
  }
  return "?";
}

}  // namespace ael::test
