// Leaf ops: the graph itself provides their values (inputs the host sets, parameter
// views, constants), so they have shape functions but no kernels.
#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

Index positive(const std::string& op, const Attrs& a, const char* name) {
  const auto v = a.integer(name);
  if (v <= 0) shape_fail(op, std::string(name) + " must be positive, got " + std::to_string(v));
  return static_cast<Index>(v);
}

}  // namespace

void register_leaf_ops(OpRegistry& r) {
  OpDef input = make_def(
      "input", 0, 0,
      [](const std::vector<Shape>&, const Attrs& a) {
        return Shape{positive("input", a, "rows"), positive("input", a, "cols"), a.flag("batched")};
      },
      "a tensor the host sets before each forward pass");
  input.attrs = {{"name", std::string(), true, "the input's name"},
                 attr_int("rows", 1),
                 attr_int("cols", 1),
                 attr_int("batched", 1)};
  r.add(std::move(input));

  OpDef scalar = make_def(
      "scalar", 0, 0, [](const std::vector<Shape>&, const Attrs&) { return Shape::scalar(); },
      "a 1x1 value the host sets each step");
  scalar.attrs = {{"name", std::string(), true, "the scalar's name"}};
  r.add(std::move(scalar));

  OpDef param = make_def(
      "param", 0, 0,
      [](const std::vector<Shape>&, const Attrs& a) {
        return Shape::fixed(positive("param", a, "rows"), positive("param", a, "cols"));
      },
      "a view of one block of the flat parameter vector");
  param.attrs = {required_int("block"), attr_int("rows", 1), attr_int("cols", 1)};
  r.add(std::move(param));

  OpDef constant = make_def(
      "constant", 0, 0,
      [](const std::vector<Shape>&, const Attrs& a) {
        const Shape s =
            Shape::fixed(positive("constant", a, "rows"), positive("constant", a, "cols"));
        if (static_cast<Index>(a.numbers("values").size()) != s.size())
          shape_fail("constant", "values do not fill a " + s.str() + " matrix");
        return s;
      },
      "a fixed matrix (values in column-major order)");
  constant.attrs = {attr_int("rows", 1),
                    attr_int("cols", 1),
                    {"values", std::vector<double>{}, true, "column-major values"}};
  r.add(std::move(constant));
}

}  // namespace ael::graph::ops
