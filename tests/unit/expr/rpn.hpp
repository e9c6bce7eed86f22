// Builds an expression from a small postfix script ("x y mul 2 add") for readable tests.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "ael/expression.hpp"

namespace ael::test {

inline Expression rpn(const std::string& script, std::vector<std::string> vars = {"x", "y", "z"}) {
  ExpressionBuilder b(vars);
  std::size_t pos = 0;
  while (pos < script.size()) {
    std::size_t end = script.find(' ', pos);
    if (end == std::string::npos) end = script.size();
    const std::string tok = script.substr(pos, end - pos);
    pos = end + 1;
    if (tok.empty()) continue;
    if (std::find(vars.begin(), vars.end(), tok) != vars.end()) {
      b.variable(tok);
    } else if (std::isdigit(static_cast<unsigned char>(tok[0])) || tok[0] == '-' || tok[0] == '.') {
      b.constant(std::stod(tok));
    } else {
      b.op(tok);
    }
  }
  return b.build();
}

}  // namespace ael::test
