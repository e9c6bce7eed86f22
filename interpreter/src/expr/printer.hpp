// One infix printer for every target syntax (AEL, LaTeX, C, Lua).
//
// A syntax is data: per opcode a precedence and a list of pieces (literal text or an
// operand with the lowest precedence it may have without parentheses). Exporters are
// thin tables over the same walk, in the spirit of PySR's exporters.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "ael/expression.hpp"

namespace ael::expr {

/// Precedence levels shared by the syntaxes (higher binds tighter).
enum Prec : int { kPrecAdd = 1, kPrecMul = 2, kPrecUnary = 3, kPrecPow = 4, kPrecAtom = 100 };

struct Piece {
  std::string text;  ///< literal text when arg < 0
  int arg = -1;      ///< operand number
  int min_prec = 0;  ///< operands below this precedence get parentheses
};

struct OpFormat {
  int prec = kPrecAtom;
  std::vector<Piece> pieces;
};

struct Syntax {
  std::array<OpFormat, kExprOpCount> ops;
  std::function<std::string(int)> variable;
  /// Text of a constant and its precedence (negative numbers bind like unary minus).
  std::function<std::pair<std::string, int>(double)> constant;
  std::string open = "(";
  std::string close = ")";
};

// Builders for the common shapes.
OpFormat infix_left(int prec, const std::string& symbol);  ///< left-associative a op b
OpFormat prefix(int prec, const std::string& symbol, int operand_min_prec);
OpFormat call1(const std::string& name);  ///< name(a)
OpFormat call2(const std::string& name);  ///< name(a, b)
OpFormat wrap1(int prec, const std::string& before, const std::string& after,
               int operand_min_prec = 0);

std::string print_infix(const Expression& expression, const Syntax& syntax);

/// format_constant with a decimal point or exponent added (C and Lua float literals).
std::string float_literal(double value);

}  // namespace ael::expr
