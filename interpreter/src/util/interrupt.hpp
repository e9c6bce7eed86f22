// Ctrl-C handling the Lua way: the signal handler only sets a flag; the evaluator and the
// trainer poll it at safe points (loop iterations, calls, training steps) and stop with an
// "interrupted" error, so nothing is left half-written.
#pragma once

namespace ael {

// request_interrupt() is public: declared in ael/ael.hpp.
/// True once after a request (clears the flag).
bool take_interrupt();
/// Clears a pending request (e.g. when the REPL starts reading a new line).
void clear_interrupt();

}  // namespace ael
