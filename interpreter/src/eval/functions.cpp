#include "eval/functions.hpp"

#include <exception>

#include "ael/closest_name.hpp"
#include "eval/evaluator.hpp"
#include "eval/interpreter_impl.hpp"
#include "util/interrupt.hpp"
#include "util/stack_guard.hpp"

namespace ael::eval {

std::string Invocable::non_schema_typo(const std::string& option) const {
  const OptionSchema* schema = option_schema();
  if (!schema || schema->find(option)) return {};
  std::vector<std::string> names;
  for (const Param& p : signature().params) {
    if (p.name == option) return {};
    names.push_back(p.name);
  }
  const std::string suggestion = closest_name(option, names);
  if (suggestion.empty() || schema->find(suggestion)) return {};
  return "unknown option '" + option + "' for " + name() + "; did you mean '" + suggestion + "'?";
}

// ------------------------------------------------------------------ BoundArgs

const Value& BoundArgs::operator[](std::size_t slot) const {
  static const Value none;
  return slot < slots_.size() ? slots_[slot] : none;
}

bool BoundArgs::given(std::size_t slot) const { return slot < given_.size() && given_[slot]; }

Interpreter& BoundArgs::interpreter() const { return ctx_.interp; }

const Span& BoundArgs::span(std::size_t slot) const {
  return slot < spans_.size() && spans_[slot].known() ? spans_[slot] : call_span_;
}

void BoundArgs::raise_error(std::size_t slot, const std::string& message) const {
  // A parameter the caller did not write is located at the call: name the parameter's
  // function so the message is clear. Errors about the call itself need no prefix.
  const bool unwritten_param = slot < spans_.size() && !spans_[slot].known();
  const std::string prefix = unwritten_param ? function_ + ": " : "";
  ctx_.fail(span(slot), prefix + message);
}

void BoundArgs::bind(const Signature& signature, std::vector<CallArg>& args) {
  const std::size_t n = signature.params.size();
  slots_.assign(n, Value());
  given_.assign(n, false);
  spans_.assign(n, Span());
  std::size_t next_positional = 0;
  std::size_t positional_count = 0;
  for (const CallArg& arg : args) positional_count += arg.name == kNoSymbol ? 1 : 0;
  for (CallArg& arg : args) {
    if (arg.name == kNoSymbol) {
      if (next_positional < n) {
        slots_[next_positional] = std::move(arg.value);
        given_[next_positional] = true;
        spans_[next_positional] = arg.span;
        ++next_positional;
      } else if (signature.variadic) {
        rest_.push_back(std::move(arg.value));
      } else {
        ctx_.fail(arg.span, function_ + "() takes " + std::to_string(n) + " argument" +
                                (n == 1 ? "" : "s") + " but " + std::to_string(positional_count) +
                                " were given");
      }
      continue;
    }
    const std::string& name = symbol_name(arg.name);
    std::size_t slot = n;
    for (std::size_t i = 0; i < n; ++i) {
      if (signature.params[i].name == name) slot = i;
    }
    if (slot == n) {
      std::vector<std::string> names;
      for (const Param& p : signature.params) names.push_back(p.name);
      ctx_.fail(arg.span,
                function_ + "() has no parameter '" + name + "'" + did_you_mean(name, names));
    }
    if (given_[slot]) {
      ctx_.fail(arg.span, "argument '" + name + "' of " + function_ + "() given twice");
    }
    slots_[slot] = std::move(arg.value);
    given_[slot] = true;
    spans_[slot] = arg.span;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (given_[i]) continue;
    const Param& p = signature.params[i];
    if (!p.default_value) {
      ctx_.fail(call_span_, function_ + "() is missing argument '" + p.name + "'");
    }
    slots_[i] = *p.default_value;
  }
}

// ------------------------------------------------------------------ NativeFunction

Value NativeFunction::call(ExecContext& ctx, std::vector<CallArg>& args, const Span& call_span) {
  BoundArgs bound(ctx, name_, call_span);
  bound.bind(signature_, args);
  return fn_(bound);
}

// ------------------------------------------------------------------ Closure

namespace {
Signature signature_of(const ast::FunctionDecl& decl) {
  Signature s;
  for (const ast::Param& p : decl.params) {
    Param param;
    param.name = symbol_name(p.name);
    // Defaults are expressions evaluated per call; a none placeholder marks "optional".
    if (p.default_value) param.default_value = Value();
    s.params.push_back(std::move(param));
  }
  return s;
}
}  // namespace

Closure::Closure(const ast::FunctionDecl& decl, EnvPtr env, std::string name)
    : decl_(decl), env_(std::move(env)), name_(std::move(name)), signature_(signature_of(decl)) {}

Value Closure::call(ExecContext& ctx, std::vector<CallArg>& args, const Span& call_span) {
  BoundArgs bound(ctx, name_, call_span);
  bound.bind(signature_, args);
  auto scope = std::make_shared<Env>(env_, ctx.task);
  for (std::size_t i = 0; i < decl_.params.size(); ++i) {
    const ast::Param& p = decl_.params[i];
    if (bound.given(i) || !p.default_value) {
      scope->define(p.name, std::move(bound.slots_[i]));
    } else {
      // Evaluated in the new scope, so a default may use earlier parameters.
      scope->define(p.name, eval_expr(ctx, *p.default_value, scope));
    }
  }
  if (decl_.expr_body) return eval_expr(ctx, *decl_.expr_body, scope);
  Value last;
  const Flow flow = exec_block(ctx, *decl_.body, scope, &last);
  if (flow == Flow::Return) {
    Value result = std::move(ctx.return_value);
    ctx.return_value = Value();
    return result;
  }
  return last;
}

// ------------------------------------------------------------------ calling

namespace {

// Keeps the AEL call stack and depth right on every exit path.
class FrameGuard {
 public:
  FrameGuard(ExecContext& ctx, const std::string& name, const Span& site, bool native) : ctx_(ctx) {
    ctx_.frames.push_back(Frame{name, site, native});
    ++ctx_.depth;
  }
  ~FrameGuard() {
    ctx_.frames.pop_back();
    --ctx_.depth;
  }
  FrameGuard(const FrameGuard&) = delete;
  FrameGuard& operator=(const FrameGuard&) = delete;

 private:
  ExecContext& ctx_;
};

}  // namespace

Value call_value(ExecContext& ctx, const Value& callee, std::vector<CallArg>& args,
                 const Span& call_span) {
  auto fn = callee.object_as<Invocable>();
  if (!fn) ctx.fail(call_span, "cannot call a value of type " + callee.type_name());
  const int limit = ctx.interp.config().max_call_depth;
  if (ctx.depth >= limit) {
    ctx.fail(call_span, "recursion too deep: more than " + std::to_string(limit) +
                            " nested calls (is a base case missing?)");
  }
  if (StackGuard::near_limit()) {
    ctx.fail(call_span, "stack overflow: recursion too deep for the native stack");
  }
  if (take_interrupt()) ctx.fail(call_span, "interrupted");
  FrameGuard frame(ctx, fn->name(), call_span, dynamic_cast<NativeFunction*>(fn.get()) != nullptr);
  try {
    return fn->call(ctx, args, call_span);
  } catch (Error& e) {
    ctx.locate(e, call_span);
    throw;
  } catch (const StackExhausted&) {
    ctx.fail(call_span, "stack overflow: recursion too deep for the native stack");
  } catch (const std::bad_alloc&) {
    ctx.fail(call_span, "out of memory in " + fn->name() + "()");
  } catch (const std::exception& e) {
    // A library below the evaluator threw something other than ael::Error.
    ctx.fail(call_span, fn->name() + "(): " + e.what());
  }
}

Value call_value(ExecContext& ctx, const Value& callee, std::vector<Value> args,
                 const Span& call_span) {
  std::vector<CallArg> call_args;
  call_args.reserve(args.size());
  for (Value& v : args) call_args.push_back(CallArg{kNoSymbol, std::move(v), call_span});
  return call_value(ctx, callee, call_args, call_span);
}

}  // namespace ael::eval
