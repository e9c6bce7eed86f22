// Lexical environments: one per block/function call, chained to the enclosing one.
#pragma once

#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ael/value.hpp"
#include "syntax/symbol.hpp"

namespace ael::eval {

class Env;
using EnvPtr = std::shared_ptr<Env>;

class Env {
 public:
  /// `task` identifies the parallel task that created the scope (0: the main program);
  /// a task may only assign to variables of its own scopes.
  Env(EnvPtr parent, int task) : parent_(std::move(parent)), task_(task) {}

  /// The variable's value, searching enclosing scopes; nullptr when unbound.
  const Value* lookup(Symbol name) const;
  /// The scope that binds `name`, or nullptr.
  Env* owner_of(Symbol name);
  /// Binds (or rebinds, shadowing) a name in this scope.
  void define(Symbol name, Value value);
  /// This scope's own binding, or nullptr.
  Value* local(Symbol name);
  const Value* local(Symbol name) const;

  /// Every name visible from here (for "did you mean" suggestions).
  void visible_names(std::vector<Symbol>& out) const;
  /// This scope's own bindings in definition order.
  const std::vector<std::pair<Symbol, Value>>& bindings() const { return vars_; }

  const EnvPtr& parent() const { return parent_; }
  int task() const { return task_; }

  /// Drops every binding (breaks closure <-> scope reference cycles at teardown).
  void clear();

  /// Set once a closure captured this scope (see Interpreter::Impl::track_capture).
  bool captured = false;

 private:
  static constexpr std::size_t kIndexThreshold = 12;

  EnvPtr parent_;
  int task_;
  std::vector<std::pair<Symbol, Value>> vars_;
  std::unordered_map<Symbol, std::size_t> index_;  // built once a scope grows large
};

}  // namespace ael::eval
