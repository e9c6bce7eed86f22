// Callables and argument binding: closures, native functions, and the one binder they
// share (positional, then named, then defaults; unknown names suggest the closest).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ael/ael.hpp"
#include "ael/closest_name.hpp"
#include "ael/options.hpp"
#include "eval/context.hpp"
#include "eval/env.hpp"
#include "syntax/ast.hpp"

namespace ael::eval {

/// One argument of a call as written: optional name, value, and where it was written.
struct CallArg {
  Symbol name = kNoSymbol;
  Value value;
  Span span;
};

/// Arguments bound to a signature. Accessors report errors at the argument's span.
class BoundArgs : public Args {
 public:
  BoundArgs(ExecContext& ctx, std::string function, const Span& call_span)
      : ctx_(ctx), function_(std::move(function)), call_span_(call_span) {}

  std::size_t size() const override { return slots_.size(); }
  const Value& operator[](std::size_t slot) const override;
  bool given(std::size_t slot) const override;
  const std::vector<Value>& rest() const override { return rest_; }
  Interpreter& interpreter() const override;

  ExecContext& context() const { return ctx_; }
  const Span& call_span() const { return call_span_; }
  const Span& span(std::size_t slot) const;
  const std::string& function() const { return function_; }

  /// Binds `args` to `signature`; throws a located error on any mismatch.
  void bind(const Signature& signature, std::vector<CallArg>& args);

 protected:
  void raise_error(std::size_t slot, const std::string& message) const override;

 public:
  std::vector<Value> slots_;
  std::vector<bool> given_;
  std::vector<Span> spans_;
  std::vector<Value> rest_;

 private:
  ExecContext& ctx_;
  std::string function_;
  Span call_span_;
};

/// Every callable the evaluator can run derives from this.
class Invocable : public Callable {
 public:
  virtual Value call(ExecContext& ctx, std::vector<CallArg>& args, const Span& call_span) = 0;
  /// The plugin option schema behind this function (optimizers, loss functions), so that
  /// `ael check` validates option names and literal values before anything runs; null
  /// for functions whose parameters are their whole signature.
  virtual const OptionSchema* option_schema() const { return nullptr; }
  /// The error for `option`, which neither the schema nor the signature has, when the
  /// name closest to it is a parameter outside the schema (an optimizer's own budget
  /// `epochs` for `epoks`, a loss's input), a suggestion the schema's message cannot
  /// make; empty otherwise (the schema's message, listing its options, is then better).
  std::string non_schema_typo(const std::string& option) const;
};

class NativeFunction : public Invocable {
 public:
  NativeFunction(std::string name, Signature signature, NativeFn fn, std::string doc = {})
      : name_(std::move(name)),
        signature_(std::move(signature)),
        fn_(std::move(fn)),
        doc_(std::move(doc)) {}

  const std::string& name() const override { return name_; }
  const Signature& signature() const override { return signature_; }
  const std::string& doc() const { return doc_; }
  Value call(ExecContext& ctx, std::vector<CallArg>& args, const Span& call_span) override;

 private:
  std::string name_;
  Signature signature_;
  NativeFn fn_;
  std::string doc_;
};

class Closure : public Invocable {
 public:
  Closure(const ast::FunctionDecl& decl, EnvPtr env, std::string name);

  const std::string& name() const override { return name_; }
  const Signature& signature() const override { return signature_; }
  Value call(ExecContext& ctx, std::vector<CallArg>& args, const Span& call_span) override;

  const ast::FunctionDecl& decl() const { return decl_; }

 private:
  const ast::FunctionDecl& decl_;
  EnvPtr env_;
  std::string name_;
  Signature signature_;
};

/// Calls any callable value. `call_span` locates errors; the AEL stack grows by one frame.
Value call_value(ExecContext& ctx, const Value& callee, std::vector<CallArg>& args,
                 const Span& call_span);

/// Convenience: positional arguments only (used by builtins such as map/sort keys).
Value call_value(ExecContext& ctx, const Value& callee, std::vector<Value> args,
                 const Span& call_span);

}  // namespace ael::eval
