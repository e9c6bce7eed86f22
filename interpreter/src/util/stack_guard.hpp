// Stack depth guard: recursive walkers (parser, AST builder, checker, evaluator) call
// `StackGuard::check()` so that deeply nested input or runaway recursion becomes an AEL
// error instead of a segfault.
#pragma once

#include <cstddef>
#include <stdexcept>

namespace ael {

/// Thrown when the current thread's stack is nearly exhausted. Callers turn it into a
/// diagnostic at the span they are working on.
class StackExhausted : public std::runtime_error {
 public:
  StackExhausted() : std::runtime_error("stack exhausted") {}
};

class StackGuard {
 public:
  /// Bytes kept free below the limit: room for the error path itself (formatting a
  /// diagnostic, unwinding, destructors).
  static constexpr std::size_t kReserve = 256 * 1024;

  /// True when less than kReserve bytes of stack are left on this thread.
  static bool near_limit();

  /// Throws StackExhausted when near_limit().
  static void check() {
    if (near_limit()) throw StackExhausted();
  }
};

/// Runs `fn` on a fresh thread with a large stack (for deep but legitimate recursion in
/// scripts) and waits for it. Exceptions thrown by `fn` are rethrown here.
void run_with_large_stack(std::size_t stack_bytes, void (*fn)(void*), void* arg);

}  // namespace ael
