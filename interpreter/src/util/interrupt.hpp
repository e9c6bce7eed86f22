// Ctrl-C handling the Lua way: the signal handler only sets a flag; the evaluator and the
// trainer poll it at safe points (loop iterations, calls, training steps) and stop with an
// "interrupted" error, so nothing is left half-written.
#pragma once

namespace ael {

// request_interrupt() is public: declared in ael/ael.hpp.
/// True once after a request (clears the flag). Work that polls it and stops must
/// end in an error: the interpreter then marks its Result as interrupted.
bool take_interrupt();
/// True when take_interrupt() has returned true since the last call (clears it): how
/// the interpreter tells an interrupted run (exit code 130) from a failed one.
bool take_honoured_interrupt();
/// True while an honoured request has not been taken: `try(f)` lets an interrupt through
/// instead of catching it as f's failure.
bool interrupt_honoured();
/// Clears a pending request (e.g. when the REPL starts reading a new line).
void clear_interrupt();

}  // namespace ael
