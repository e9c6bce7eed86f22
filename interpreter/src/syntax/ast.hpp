// The AST: an owned tree with a Span on every node, built from ANTLR's parse tree by
// ast_builder.cpp. Later layers never see ANTLR types.
//
// Nodes are plain structs with a kind tag; the checker and the evaluator switch on the
// kind (one place per layer decides what a construct means).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ael/value.hpp"
#include "syntax/source.hpp"
#include "syntax/symbol.hpp"

namespace ael::ast {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;

struct Block {
  std::vector<StmtPtr> stmts;
  Span span;
};

/// A binding target: a name, or `[a, [b, c]]` destructuring a list.
struct Pattern {
  Symbol name = kNoSymbol;  ///< set for a name pattern
  std::vector<Pattern> elements;
  bool is_list = false;
  Span span;
};

/// A parameter of a function or model: `name`, `name = default`, `name: annotation`.
/// In a model header, `x: 3` declares an input of width 3.
struct Param {
  Symbol name = kNoSymbol;
  ExprPtr annotation;
  ExprPtr default_value;
  Span span;
};

/// A function body shared by `fn name(...)` statements and `fn (...) => expr` lambdas.
struct FunctionDecl {
  Symbol name = kNoSymbol;  ///< kNoSymbol for lambdas
  std::vector<Param> params;
  std::unique_ptr<Block> body;  ///< block body, or
  ExprPtr expr_body;            ///< `= expr` / `=> expr` body
  Span span;
};

struct ModelDecl {
  Symbol name = kNoSymbol;
  std::vector<Param> params;
  Block body;
  Span span;
};

// ------------------------------------------------------------------ expressions

enum class ExprKind {
  Int,
  Float,
  String,
  Bool,
  None,
  Name,
  List,
  Comprehension,
  Record,
  Call,
  Index,
  Field,
  Unary,
  Binary,
  Logical,
  Range,
  Pipe,
  Then,
  If,
  Lambda,
  Train
};

struct Expr {
  explicit Expr(ExprKind k) : kind(k) {}
  virtual ~Expr() = default;
  ExprKind kind;
  Span span;
};

struct IntLit : Expr {
  IntLit() : Expr(ExprKind::Int) {}
  std::int64_t value = 0;
};

struct FloatLit : Expr {
  FloatLit() : Expr(ExprKind::Float) {}
  double value = 0;
};

struct BoolLit : Expr {
  BoolLit() : Expr(ExprKind::Bool) {}
  bool value = false;
};

struct NoneLit : Expr {
  NoneLit() : Expr(ExprKind::None) {}
};

/// A string literal: literal text interleaved with `${expr}` / `${expr:spec}` parts.
struct StringLit : Expr {
  StringLit() : Expr(ExprKind::String) {}
  struct Part {
    std::string text;  ///< literal text (when expr is null)
    ExprPtr expr;      ///< interpolated expression
    std::string spec;  ///< format spec after ':' (e.g. ".4f"), may be empty
  };
  std::vector<Part> parts;
  /// The plain text when there is no interpolation (fast path).
  bool is_plain() const { return parts.size() <= 1 && (parts.empty() || !parts[0].expr); }
};

struct NameRef : Expr {
  NameRef() : Expr(ExprKind::Name) {}
  Symbol name = kNoSymbol;
};

struct ListLit : Expr {
  ListLit() : Expr(ExprKind::List) {}
  std::vector<ExprPtr> items;
};

/// `[elem for a, b in iterable if cond]`, optionally `parallel [...]`.
struct Comprehension : Expr {
  Comprehension() : Expr(ExprKind::Comprehension) {}
  ExprPtr element;
  std::vector<Pattern> targets;
  ExprPtr iterable;
  ExprPtr condition;
  bool parallel = false;
  /// An outer clause of a nested comprehension: each element is the inner clause's list,
  /// and the result is their concatenation (`[e for a in A for b in B]`).
  bool flatten = false;
};

struct RecordLit : Expr {
  RecordLit() : Expr(ExprKind::Record) {}
  struct Field {
    std::string name;
    ExprPtr value;
    Span span;
  };
  std::vector<Field> fields;
};

struct Arg {
  Symbol name = kNoSymbol;  ///< kNoSymbol for positional
  ExprPtr value;
  Span span;  ///< whole argument, including `name:`
};

struct Call : Expr {
  Call() : Expr(ExprKind::Call) {}
  ExprPtr callee;
  std::vector<Arg> args;
};

struct IndexItem {
  bool is_slice = false;
  ExprPtr value;  ///< index, or slice start
  ExprPtr end;    ///< slice end
  Span span;
};

struct Index : Expr {
  Index() : Expr(ExprKind::Index) {}
  ExprPtr target;
  std::vector<IndexItem> items;
};

struct Field : Expr {
  Field() : Expr(ExprKind::Field) {}
  ExprPtr target;
  Symbol name = kNoSymbol;
  Span name_span;
};

enum class UnaryOp { Neg, Plus, Not };

struct Unary : Expr {
  Unary() : Expr(ExprKind::Unary) {}
  UnaryOp op = UnaryOp::Neg;
  ExprPtr operand;
};

struct Binary : Expr {
  Binary() : Expr(ExprKind::Binary) {}
  BinaryOp op = BinaryOp::Add;
  ExprPtr lhs, rhs;
  Span op_span;
};

struct Logical : Expr {
  Logical() : Expr(ExprKind::Logical) {}
  bool is_and = true;
  ExprPtr lhs, rhs;
};

struct Range : Expr {
  Range() : Expr(ExprKind::Range) {}
  ExprPtr start, stop, step;
  bool inclusive = false;
};

/// `lhs |> f(args)` calls f(lhs, args); `lhs |> f` calls f(lhs).
struct Pipe : Expr {
  Pipe() : Expr(ExprKind::Pipe) {}
  ExprPtr lhs, rhs;
};

/// `a then b`: an optimizer chain (run a, then continue with b).
struct Then : Expr {
  Then() : Expr(ExprKind::Then) {}
  ExprPtr lhs, rhs;
};

struct If : Expr {
  If() : Expr(ExprKind::If) {}
  ExprPtr condition;
  Block then_block;
  std::unique_ptr<Block> else_block;  ///< `else { ... }`
  ExprPtr else_if;                    ///< `else if ...` (an If expression)
};

struct Lambda : Expr {
  Lambda() : Expr(ExprKind::Lambda) {}
  std::shared_ptr<FunctionDecl> decl;
};

/// `train M on data { key = value; group by optimizer; ... }`.
struct Train : Expr {
  Train() : Expr(ExprKind::Train) {}
  struct Item {
    Symbol key = kNoSymbol;  ///< setting name; kNoSymbol for a `group by opt` item
    ExprPtr group;           ///< the group expression of `group by opt`
    ExprPtr value;
    Span span;
    Span key_span;
  };
  ExprPtr model;
  ExprPtr data;
  std::vector<Item> items;
};

// ------------------------------------------------------------------ statements

enum class StmtKind {
  Let,
  Fn,
  Model,
  Import,
  FromImport,
  For,
  While,
  Return,
  Break,
  Continue,
  Assign,
  Expr
};

struct Stmt {
  explicit Stmt(StmtKind k) : kind(k) {}
  virtual ~Stmt() = default;
  StmtKind kind;
  Span span;
};

struct LetStmt : Stmt {
  LetStmt() : Stmt(StmtKind::Let) {}
  Pattern pattern;
  ExprPtr value;
};

struct FnStmt : Stmt {
  FnStmt() : Stmt(StmtKind::Fn) {}
  std::shared_ptr<FunctionDecl> decl;
};

struct ModelStmt : Stmt {
  ModelStmt() : Stmt(StmtKind::Model) {}
  std::shared_ptr<ModelDecl> decl;
};

struct ImportStmt : Stmt {
  ImportStmt() : Stmt(StmtKind::Import) {}
  std::vector<Symbol> path;
  Span path_span;
  Symbol alias = kNoSymbol;
};

struct FromImportStmt : Stmt {
  FromImportStmt() : Stmt(StmtKind::FromImport) {}
  std::vector<Symbol> path;
  Span path_span;
  std::vector<std::pair<Symbol, Span>> names;
};

struct ForStmt : Stmt {
  ForStmt() : Stmt(StmtKind::For) {}
  std::vector<Pattern> targets;
  ExprPtr iterable;
  Block body;
};

struct WhileStmt : Stmt {
  WhileStmt() : Stmt(StmtKind::While) {}
  ExprPtr condition;
  Block body;
};

struct ReturnStmt : Stmt {
  ReturnStmt() : Stmt(StmtKind::Return) {}
  ExprPtr value;  ///< may be null
};

struct BreakStmt : Stmt {
  BreakStmt() : Stmt(StmtKind::Break) {}
};

struct ContinueStmt : Stmt {
  ContinueStmt() : Stmt(StmtKind::Continue) {}
};

enum class AssignOp { Set, Add, Sub, Mul, Div };

struct AssignStmt : Stmt {
  AssignStmt() : Stmt(StmtKind::Assign) {}
  Symbol name = kNoSymbol;
  Span name_span;
  AssignOp op = AssignOp::Set;
  ExprPtr value;
};

struct ExprStmt : Stmt {
  ExprStmt() : Stmt(StmtKind::Expr) {}
  ExprPtr expr;
};

/// A parsed source text. Owned by the interpreter for its whole lifetime, so closures
/// and models may keep raw pointers into it.
struct Program {
  std::uint32_t file = 0;
  Block body;
};

}  // namespace ael::ast
