// Ctrl-C handling the Lua way: the signal handler only sets a flag; the evaluator and the
// trainer poll it at safe points (loop iterations, calls, training steps) and stop with an
// "interrupted" error, so nothing is left half-written.
#pragma once

// request_interrupt(), take_interrupt() and clear_interrupt() are public (REPLs and hosts
// use them): ael/ael.hpp. Work that polls take_interrupt() and stops must end in an
// error: the interpreter then marks its Result as interrupted.
#include "ael/ael.hpp"

namespace ael {

/// True when take_interrupt() has returned true since the last call (clears it): how
/// the interpreter tells an interrupted run (exit code 130) from a failed one.
bool take_honoured_interrupt();
/// True while an honoured request has not been taken: `try(f)` lets an interrupt through
/// instead of catching it as f's failure.
bool interrupt_honoured();

}  // namespace ael
