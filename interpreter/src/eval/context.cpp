#include "eval/context.hpp"

#include "ael/ael.hpp"
#include "eval/interpreter_impl.hpp"

namespace ael::eval {

namespace {
thread_local ExecContext* active_context = nullptr;
}

ExecContext* current_context() { return active_context; }

ContextScope::ContextScope(ExecContext& ctx) : previous_(active_context) { active_context = &ctx; }

ContextScope::~ContextScope() { active_context = previous_; }

Diagnostic ExecContext::diagnostic(const Span& span, std::string message) const {
  Diagnostic d = interp.impl().sources.make(Severity::Error, span, std::move(message));
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
    if (it->native) continue;
    d.stack.push_back(StackFrame{it->function, interp.impl().sources.locate(it->call_site)});
  }
  return d;
}

void ExecContext::fail(const Span& span, std::string message) const {
  throw Error(diagnostic(span, std::move(message)));
}

void ExecContext::locate(Error& error, const Span& span) const {
  Diagnostic& d = error.diagnostic();
  if (!d.location.known() && span.known()) {
    Diagnostic located = diagnostic(span, d.message);
    located.notes = std::move(d.notes);
    d = std::move(located);
  } else if (d.stack.empty()) {
    d.stack = diagnostic(span, "").stack;
  }
}

Rng ExecContext::next_rng() {
  std::uint64_t seed = interp.config().seed;
  for (std::uint64_t key : rng_path_) seed = mix_key(seed, key);
  return Rng(mix_key(seed, rng_counter_++));
}

}  // namespace ael::eval
