// The parse driver: source text -> AST, with syntax errors as diagnostics.
#pragma once

#include <memory>
#include <vector>

#include "ael/diagnostic.hpp"
#include "syntax/ast.hpp"
#include "syntax/source.hpp"

namespace ael::syntax {

struct ParseOutput {
  std::unique_ptr<ast::Program> program;  ///< parse_program: null when there were errors
  ast::ExprPtr expression;                ///< parse_expression: null when there were errors
  std::vector<Diagnostic> diagnostics;
  /// The input ended inside a construct (open bracket, missing block...): a REPL should
  /// read another line instead of reporting the errors.
  bool incomplete = false;
  bool ok() const { return diagnostics.empty(); }
};

/// Parses a whole source file (statements).
ParseOutput parse_program(const SourceManager& sources, std::uint32_t file);

/// Parses a file that must hold exactly one expression (REPL entries, :type).
ParseOutput parse_expression(const SourceManager& sources, std::uint32_t file);

/// Parses `text`, a fragment of `file` starting at (line, column) — used for `${...}`
/// interpolations, so spans point into the enclosing file.
ParseOutput parse_fragment(const SourceManager& sources, std::uint32_t file,
                           const std::string& text, std::uint32_t line, std::uint32_t column);

/// Maximum syntax errors reported for one file before giving up.
inline constexpr std::size_t kMaxSyntaxErrors = 20;

}  // namespace ael::syntax
