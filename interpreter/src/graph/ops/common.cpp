// Helpers shared by the built-in ops.
#include "graph/ops/common.hpp"

#include <utility>

namespace ael::graph::ops {

void shape_fail(const std::string& op, const std::string& message) {
  throw ShapeError(op + ": " + message);
}

void require_fixed(const std::string& op, const Shape& s, const char* what) {
  if (s.batched) shape_fail(op, std::string(what) + " must not be batched, got " + s.str());
}

void require_same_cols(const std::string& op, const Shape& a, const Shape& b, const char* what_a,
                       const char* what_b) {
  if (a.batched != b.batched || a.cols != b.cols) {
    shape_fail(op, std::string(what_a) + " is " + a.str() + " but " + what_b + " is " + b.str() +
                       " (they need the same columns)");
  }
}

OpDef make_def(std::string name, int min_arity, int max_arity, ShapeFn shape, std::string doc) {
  OpDef def;
  def.name = std::move(name);
  def.min_arity = min_arity;
  def.max_arity = max_arity;
  def.shape = std::move(shape);
  def.doc = std::move(doc);
  return def;
}

AttrSpec attr_int(std::string name, std::int64_t def, std::string doc) {
  return {std::move(name), def, false, std::move(doc)};
}
AttrSpec attr_real(std::string name, double def, std::string doc) {
  return {std::move(name), def, false, std::move(doc)};
}
AttrSpec attr_string(std::string name, std::string def, std::string doc) {
  return {std::move(name), std::move(def), false, std::move(doc)};
}
AttrSpec required_int(std::string name, std::string doc) {
  return {std::move(name), std::int64_t{0}, true, std::move(doc)};
}

}  // namespace ael::graph::ops
