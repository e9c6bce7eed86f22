// The symbolic-regressor interface's key function: defined in the host so that RTTI and
// exceptions work across the plugin boundary.
#include "ael/symreg.hpp"

namespace ael {

SymbolicRegressor::~SymbolicRegressor() = default;

}  // namespace ael
