// Reading an expression back from AEL syntax: the text to_infix prints ("x0 * sin(x1) + 1",
// "x ^ 2", "-(a + b)", "max(x, 0.5)") gives the same tree. Numbers become constants,
// names become variables, + - * / ^ and calls of the primitives (sin, div, pow, max, ...)
// become operators; `-` applied to a number literal is a negative constant.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ael/expression.hpp"

namespace ael::bindings {

/// Parses `text`. The variables are `variables` when given (a name outside it is an
/// error suggesting the closest), else the names in order of first appearance. Throws
/// ael::Error whose message says where in `text` the problem is ("column 7: ...").
Expression parse_expression_text(const std::string& text,
                                 const std::optional<std::vector<std::string>>& variables = {});

}  // namespace ael::bindings
