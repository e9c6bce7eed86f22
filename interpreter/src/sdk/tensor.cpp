// Shapes as text, and the out-of-line key function of ShapeError (so its type
// information lives in libael and exceptions thrown by plugins are caught by the host).
#include "ael/tensor.hpp"

#include <utility>

namespace ael {

std::string Shape::str() const {
  std::string s = std::to_string(rows) + "x";
  if (!batched) return s + std::to_string(cols);
  if (cols != 1) s += std::to_string(cols);
  return s + "B";
}

namespace graph {

ShapeError::ShapeError(std::string message) : Error(std::move(message)) {}
ShapeError::~ShapeError() = default;

}  // namespace graph
}  // namespace ael
