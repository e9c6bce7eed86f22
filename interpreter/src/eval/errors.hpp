// Several diagnostics travelling together (e.g. all syntax errors of an imported module).
#pragma once

#include <exception>
#include <vector>

#include "ael/diagnostic.hpp"

namespace ael::eval {

class ErrorList : public std::exception {
 public:
  explicit ErrorList(std::vector<Diagnostic> diagnostics) : diagnostics(std::move(diagnostics)) {}
  const char* what() const noexcept override { return "AEL errors"; }
  std::vector<Diagnostic> diagnostics;
};

}  // namespace ael::eval
