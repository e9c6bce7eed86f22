// Language constructs whose meaning lives outside the core evaluator: model blocks
// (traced into autodiff graphs), `train` expressions and optimizer chains (`a then b`).
// The evaluator calls these; their implementations sit with the layers they belong to.
#pragma once

#include "eval/context.hpp"
#include "eval/env.hpp"
#include "syntax/ast.hpp"

namespace ael::eval {

/// The value a `model Name(...) { ... }` statement binds: a callable model definition.
Value eval_model_decl(ExecContext& ctx, const ast::ModelDecl& decl, const EnvPtr& env);

/// `train M on data { ... }`.
Value eval_train(ExecContext& ctx, const ast::Train& train, const EnvPtr& env);

/// `opt1 then opt2`.
Value eval_then(ExecContext& ctx, const ast::Then& then, const EnvPtr& env);

}  // namespace ael::eval
