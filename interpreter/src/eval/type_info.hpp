// Human descriptions of a value's type, for the REPL's :type and for error messages.
#pragma once

#include <string>

#include "ael/value.hpp"

namespace ael::eval {

/// e.g. "int", "list[3] of float", "{lr: float, epochs: int}", "fn(x, y = ...)".
std::string describe_type(const Value& value);

}  // namespace ael::eval
