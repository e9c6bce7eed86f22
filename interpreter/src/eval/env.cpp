#include "eval/env.hpp"

namespace ael::eval {

Value* Env::local(Symbol name) {
  if (!index_.empty()) {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &vars_[it->second].second;
  }
  for (auto& [n, v] : vars_) {
    if (n == name) return &v;
  }
  return nullptr;
}

const Value* Env::local(Symbol name) const { return const_cast<Env*>(this)->local(name); }

const Value* Env::lookup(Symbol name) const {
  for (const Env* e = this; e; e = e->parent_.get()) {
    if (const Value* v = e->local(name)) return v;
  }
  return nullptr;
}

Env* Env::owner_of(Symbol name) {
  for (Env* e = this; e; e = e->parent_.get()) {
    if (e->local(name)) return e;
  }
  return nullptr;
}

void Env::define(Symbol name, Value value) {
  if (Value* existing = local(name)) {
    *existing = std::move(value);
    return;
  }
  vars_.emplace_back(name, std::move(value));
  if (!index_.empty()) {
    index_.emplace(name, vars_.size() - 1);
  } else if (vars_.size() > kIndexThreshold) {
    for (std::size_t i = 0; i < vars_.size(); ++i) index_.emplace(vars_[i].first, i);
  }
}

void Env::visible_names(std::vector<Symbol>& out) const {
  for (const Env* e = this; e; e = e->parent_.get()) {
    for (const auto& [n, v] : e->vars_) out.push_back(n);
  }
}

void Env::clear() {
  // Move out first: destroying values may run destructors that touch other scopes.
  std::vector<std::pair<Symbol, Value>> old;
  old.swap(vars_);
  index_.clear();
  parent_.reset();
}

}  // namespace ael::eval
