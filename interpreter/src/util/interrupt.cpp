#include "util/interrupt.hpp"

#include "ael/ael.hpp"

#include <atomic>

namespace ael {
namespace {
std::atomic<bool> pending{false};
std::atomic<bool> honoured{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");
}  // namespace

void request_interrupt() { pending.store(true, std::memory_order_relaxed); }
bool take_interrupt() {
  // A plain load first: this runs on every loop iteration and call.
  const bool taken =
      pending.load(std::memory_order_relaxed) && pending.exchange(false, std::memory_order_relaxed);
  if (taken) honoured.store(true, std::memory_order_relaxed);
  return taken;
}
bool interrupt_honoured() { return honoured.load(std::memory_order_relaxed); }
bool take_honoured_interrupt() { return honoured.exchange(false, std::memory_order_relaxed); }
void clear_interrupt() { pending.store(false, std::memory_order_relaxed); }

}  // namespace ael
