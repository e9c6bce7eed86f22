// Arithmetic, comparison and unary operators on values.
#pragma once

#include "eval/context.hpp"
#include "syntax/ast.hpp"

namespace ael::eval {

/// `lhs op rhs`. Numbers follow AEL's rules (int op int stays int where exact, `/` is
/// true division, integer overflow and division by zero are errors); strings and lists
/// concatenate and repeat; objects (tensors, graph nodes, expressions) handle their own.
Value binary_op(ExecContext& ctx, BinaryOp op, const Value& lhs, const Value& rhs,
                const Span& span);

Value negate(ExecContext& ctx, const Value& operand, const Span& span);

/// Ordering for numbers and strings (sorting, min/max); other kinds are an error.
bool less_than(ExecContext& ctx, const Value& a, const Value& b, const Span& span);

}  // namespace ael::eval
