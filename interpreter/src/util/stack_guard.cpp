#include "util/stack_guard.hpp"

#include <pthread.h>

#include <cstdint>
#include <exception>

namespace ael {
namespace {

// The lowest usable address of this thread's stack (stacks grow down on every platform
// AEL targets), looked up once per thread.
std::uintptr_t stack_low_limit() {
  thread_local std::uintptr_t low = [] {
    pthread_attr_t attr;
    std::uintptr_t result = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void* addr = nullptr;
      std::size_t size = 0;
      if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
        result = reinterpret_cast<std::uintptr_t>(addr);
      }
      pthread_attr_destroy(&attr);
    }
    return result;
  }();
  return low;
}

}  // namespace

bool StackGuard::near_limit() {
  const std::uintptr_t low = stack_low_limit();
  if (low == 0) return false;  // unknown: do not guess
  char marker;
  const auto here = reinterpret_cast<std::uintptr_t>(&marker);
  return here < low + kReserve;
}

namespace {
struct ThreadCall {
  void (*fn)(void*);
  void* arg;
  std::exception_ptr error;
};

void* thread_entry(void* p) {
  auto* call = static_cast<ThreadCall*>(p);
  try {
    call->fn(call->arg);
  } catch (...) {
    call->error = std::current_exception();
  }
  return nullptr;
}
}  // namespace

void run_with_large_stack(std::size_t stack_bytes, void (*fn)(void*), void* arg) {
  ThreadCall call{fn, arg, nullptr};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes);
  pthread_t thread;
  if (pthread_create(&thread, &attr, thread_entry, &call) != 0) {
    pthread_attr_destroy(&attr);
    fn(arg);  // could not get a big stack: run here, the guard still protects us
    return;
  }
  pthread_attr_destroy(&attr);
  pthread_join(thread, nullptr);
  if (call.error) std::rethrow_exception(call.error);
}

}  // namespace ael
