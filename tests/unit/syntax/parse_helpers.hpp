// Small helpers for the syntax tests: parse text, reach into the AST.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "syntax/ast.hpp"
#include "syntax/parse.hpp"
#include "syntax/source.hpp"
#include "syntax/symbol.hpp"

namespace ael::test {

struct Parsed {
  std::unique_ptr<SourceManager> sources = std::make_unique<SourceManager>();
  syntax::ParseOutput out;

  const ast::Program& program() const { return *out.program; }
  std::size_t count() const { return out.program ? out.program->body.stmts.size() : 0; }
  const ast::Stmt& stmt(std::size_t i) const { return *out.program->body.stmts.at(i); }
  std::string first_error() const {
    return out.diagnostics.empty() ? std::string() : out.diagnostics[0].message;
  }
};

inline Parsed parse(const std::string& text, const std::string& name = "t.ael") {
  Parsed p;
  const std::uint32_t id = p.sources->add(name, text);
  p.out = syntax::parse_program(*p.sources, id);
  return p;
}

inline Parsed parse_expr(const std::string& text) {
  Parsed p;
  const std::uint32_t id = p.sources->add("<repl>", text);
  p.out = syntax::parse_expression(*p.sources, id);
  return p;
}

/// The expression of statement i, which must be an expression statement.
inline const ast::Expr& expr_of(const Parsed& p, std::size_t i) {
  const ast::Stmt& s = p.stmt(i);
  EXPECT_EQ(s.kind, ast::StmtKind::Expr);
  return *static_cast<const ast::ExprStmt&>(s).expr;
}

/// The initialiser of `let name = expr` statement i.
inline const ast::Expr& let_value(const Parsed& p, std::size_t i) {
  const ast::Stmt& s = p.stmt(i);
  EXPECT_EQ(s.kind, ast::StmtKind::Let);
  return *static_cast<const ast::LetStmt&>(s).value;
}

template <class T>
const T& as(const ast::Expr& e) {
  return static_cast<const T&>(e);
}

/// A compact prefix rendering of an expression tree, for precedence tests:
/// `1 + 2 * 3` -> "(+ 1 (* 2 3))".
std::string sexpr(const ast::Expr& e);

}  // namespace ael::test
