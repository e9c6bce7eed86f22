// The tree-walking evaluator: expressions to values, statements to control flow.
#pragma once

#include "eval/context.hpp"
#include "eval/env.hpp"
#include "syntax/ast.hpp"

namespace ael::eval {

enum class Flow { Normal, Break, Continue, Return };

Value eval_expr(ExecContext& ctx, const ast::Expr& expr, const EnvPtr& env);

/// Runs the statements of `block` in `env` (the caller creates the scope). `value`
/// receives the value of the last statement when it is an expression statement (the
/// value of if-expressions and function bodies), none otherwise.
Flow exec_block(ExecContext& ctx, const ast::Block& block, const EnvPtr& env, Value* value);

Flow exec_stmt(ExecContext& ctx, const ast::Stmt& stmt, const EnvPtr& env, Value* value);

/// Binds a pattern (name or list destructuring) in `env`.
void bind_pattern(ExecContext& ctx, const ast::Pattern& pattern, const Value& value,
                  const EnvPtr& env);

/// Items of an iterable value (list, range, string, record, dataset...). Throws a located
/// error when the value is not iterable.
std::vector<Value> iterate(ExecContext& ctx, const Value& value, const Span& span);

}  // namespace ael::eval
