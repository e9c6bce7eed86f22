// Parse tree (ANTLR contexts) -> AST. Only syntax/ sees ANTLR types.
#pragma once

#include <vector>

#include "AelParser.h"
#include "ael/diagnostic.hpp"
#include "syntax/ast.hpp"
#include "syntax/source.hpp"

namespace ael::syntax {

class AstBuilder {
 public:
  using P = grammar::AelParser;

  /// `line_offset`/`column_offset` shift positions for fragments (interpolations).
  AstBuilder(const SourceManager& sources, std::uint32_t file, std::uint32_t line_offset,
             std::uint32_t column_offset, std::vector<Diagnostic>& diagnostics);

  std::unique_ptr<ast::Program> program(P::ProgramContext* ctx);
  ast::ExprPtr repl_expression(P::ReplExprContext* ctx);

 private:
  // Thrown to abandon building after a fatal problem already reported.
  struct Abort {};

  Span span(antlr4::ParserRuleContext* ctx) const;
  Span span(antlr4::Token* token) const;
  void error(const Span& span, std::string message);

  ast::Block block(P::BlockContext* ctx);
  void statements(const std::vector<P::StmtContext*>& stmts, ast::Block& out);
  ast::StmtPtr stmt(P::StmtContext* ctx);
  ast::StmtPtr let_stmt(P::LetStmtContext* ctx);
  ast::StmtPtr assign_stmt(P::AssignStmtContext* ctx);
  ast::StmtPtr import_stmt(P::ImportStmtContext* ctx);
  ast::StmtPtr from_import_stmt(P::FromImportStmtContext* ctx);
  ast::StmtPtr for_stmt(P::ForStmtContext* ctx);
  ast::Pattern pattern(P::PatternContext* ctx);
  std::vector<ast::Param> params(P::ParamListContext* ctx);
  ast::Param param(P::ParamContext* ctx);
  std::shared_ptr<ast::FunctionDecl> function(P::NameContext* name, P::ParamListContext* params,
                                              P::FnBodyContext* body, const Span& span);
  std::vector<Symbol> dotted(P::DottedNameContext* ctx);
  Symbol name(P::NameContext* ctx);

  ast::ExprPtr expr(P::ExprContext* ctx);
  ast::ExprPtr binary(P::ExprContext* ctx, BinaryOp op, P::ExprContext* lhs, P::ExprContext* rhs,
                      antlr4::Token* op_token);
  ast::ExprPtr primary(P::PrimaryContext* ctx);
  ast::ExprPtr int_literal(antlr4::tree::TerminalNode* node);
  ast::ExprPtr float_literal(antlr4::tree::TerminalNode* node);
  ast::ExprPtr string_literal(antlr4::tree::TerminalNode* node);
  ast::ExprPtr comprehension(antlr4::ParserRuleContext* ctx, const std::vector<P::ExprContext*>& e,
                             const std::vector<P::CompForContext*>& clauses, bool parallel);
  ast::ExprPtr record(P::RecordLitContext* ctx);
  ast::ExprPtr if_expr(antlr4::ParserRuleContext* ctx, P::ExprContext* cond,
                       const std::vector<P::BlockContext*>& blocks, P::IfTailContext* tail);
  ast::ExprPtr call(P::CallExprContext* ctx);
  ast::ExprPtr index(P::IndexExprContext* ctx);
  ast::ExprPtr train(P::TrainExprContext* ctx);

  const SourceManager& sources_;
  std::uint32_t file_;
  std::uint32_t line_offset_;
  std::uint32_t column_offset_;
  std::vector<Diagnostic>& diagnostics_;
};

/// Decodes the escapes of a string literal body (without quotes) into UTF-8. Returns
/// false and sets `error` (with the 0-based byte offset in `offset`) on a bad escape.
bool decode_escapes(const std::string& body, std::string& out, std::string& error,
                    std::size_t& offset);

}  // namespace ael::syntax
