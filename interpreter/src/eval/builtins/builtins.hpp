// Builtin functions and constants, grouped by topic (one file each). Every builtin is a
// NativeFunction with a Signature, so calls to it get the same argument checking, named
// arguments and "did you mean" suggestions as everything else.
#pragma once

#include <string>

#include "ael/ael.hpp"
#include "eval/context.hpp"
#include "eval/env.hpp"

namespace ael::eval {

class BuiltinTable {
 public:
  BuiltinTable(Interpreter::Impl& interp, Env& env) : interp_(interp), env_(env) {}

  void add(const std::string& name, Signature signature, NativeFn fn, std::string doc = {});
  void value(const std::string& name, Value value);
  Interpreter::Impl& interpreter() { return interp_; }
  /// The reference section the following registrations belong to.
  void section(std::string title) { section_ = std::move(title); }

 private:
  Interpreter::Impl& interp_;
  Env& env_;
  std::string section_ = "core";
};

/// The evaluator context of the thread running a native call.
ExecContext& context_of(const Args& args);

void register_all_builtins(BuiltinTable& table);

void register_core_builtins(BuiltinTable& table);
void register_math_builtins(BuiltinTable& table);
void register_collection_builtins(BuiltinTable& table);
void register_string_builtins(BuiltinTable& table);
void register_random_builtins(BuiltinTable& table);
void register_schedule_builtins(BuiltinTable& table);  // train/schedule_builtins.cpp

/// Shorthand for building signatures: sig({"x", {"n", 10}}).
struct ParamSpec {
  ParamSpec(const char* name) : name(name) {}
  ParamSpec(const char* name, Value default_value)
      : name(name), default_value(std::move(default_value)), optional(true) {}
  std::string name;
  Value default_value;
  bool optional = false;
};
Signature sig(std::initializer_list<ParamSpec> params, bool variadic = false);

}  // namespace ael::eval
