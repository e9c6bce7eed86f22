// Model, train and optimizer-chain constructs. Until the graph runtime is wired into the
// evaluator they report a clear "not supported" error at the construct's span.
#include "eval/constructs.hpp"

namespace ael::eval {

Value eval_model_decl(ExecContext& ctx, const ast::ModelDecl& decl, const EnvPtr&) {
  ctx.fail(decl.span, "model blocks are not supported by this build yet");
}

Value eval_train(ExecContext& ctx, const ast::Train& train, const EnvPtr&) {
  ctx.fail(train.span, "train is not supported by this build yet");
}

Value eval_then(ExecContext& ctx, const ast::Then& then, const EnvPtr&) {
  ctx.fail(then.span, "optimizer chains ('then') are not supported by this build yet");
}

}  // namespace ael::eval
