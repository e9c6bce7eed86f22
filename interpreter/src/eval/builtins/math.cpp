// Math builtins. Each elementwise function works on numbers and on any object that
// implements Object::math (tensors, graph nodes, symbolic expressions), so the same
// `sin(x)` is a number, a traced graph op or a symbolic term depending on x.
#include <cmath>
#include <limits>

#include "eval/builtins/builtins.hpp"
#include "eval/operators.hpp"

namespace ael::eval {
namespace {

using MathFn = double (*)(double);

// Domain checks for scalar math: scripts get an error instead of a silent nan.
const char* domain_problem(const std::string& name, double x) {
  if ((name == "log" || name == "log2" || name == "log10") && x <= 0) {
    return x == 0 ? "log of zero" : "log of a negative number";
  }
  if (name == "sqrt" && x < 0) return "square root of a negative number";
  if ((name == "asin" || name == "acos") && (x < -1 || x > 1)) return "argument outside [-1, 1]";
  return nullptr;
}

void add_unary(BuiltinTable& t, const std::string& name, MathFn fn, const std::string& doc) {
  t.add(
      name, sig({"x"}),
      [name, fn](Args& a) -> Value {
        const Value& x = a[0];
        if (x.is_number()) {
          const double v = x.as_number();
          if (const char* problem = domain_problem(name, v)) {
            a.fail(0, std::string(problem) + " (" + x.repr() + ")");
          }
          return fn(v);
        }
        if (x.is_object()) {
          if (auto r = x.as_object()->math(name)) return *r;
        }
        a.fail(0, name + "() does not accept a " + x.type_name());
      },
      doc);
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double relu(double x) { return x > 0 ? x : 0; }
double square(double x) { return x * x; }
double softplus(double x) { return x > 30 ? x : std::log1p(std::exp(x)); }
double sign(double x) { return (x > 0) - (x < 0); }

// min/max over numbers, or over one list of numbers.
Value extremum(Args& a, bool want_max) {
  const List* items = &a.rest();
  List single;
  if (items->size() == 1 && (*items)[0].is_list()) items = &(*items)[0].as_list();
  if (items->empty()) a.fail(a.size(), std::string(want_max ? "max" : "min") + "() of nothing");
  ExecContext& ctx = context_of(a);
  Value best = (*items)[0];
  for (std::size_t i = 1; i < items->size(); ++i) {
    const Value& v = (*items)[i];
    const bool better =
        want_max ? less_than(ctx, best, v, Span{}) : less_than(ctx, v, best, Span{});
    if (better) best = v;
  }
  return best;
}

}  // namespace

void register_math_builtins(BuiltinTable& t) {
  const double pi = 3.14159265358979323846;
  t.value("pi", pi);
  t.value("tau", 2 * pi);
  t.value("e", 2.71828182845904523536);
  t.value("inf", std::numeric_limits<double>::infinity());
  t.value("nan", std::numeric_limits<double>::quiet_NaN());

  struct Entry {
    const char* name;
    MathFn fn;
    const char* doc;
  };
  const Entry entries[] = {
      {"sin", [](double x) { return std::sin(x); }, "Sine (radians)."},
      {"cos", [](double x) { return std::cos(x); }, "Cosine (radians)."},
      {"tan", [](double x) { return std::tan(x); }, "Tangent (radians)."},
      {"asin", [](double x) { return std::asin(x); }, "Arc sine."},
      {"acos", [](double x) { return std::acos(x); }, "Arc cosine."},
      {"atan", [](double x) { return std::atan(x); }, "Arc tangent."},
      {"sinh", [](double x) { return std::sinh(x); }, "Hyperbolic sine."},
      {"cosh", [](double x) { return std::cosh(x); }, "Hyperbolic cosine."},
      {"tanh", [](double x) { return std::tanh(x); }, "Hyperbolic tangent."},
      {"exp", [](double x) { return std::exp(x); }, "e to the power x."},
      {"log", [](double x) { return std::log(x); }, "Natural logarithm."},
      {"log2", [](double x) { return std::log2(x); }, "Base-2 logarithm."},
      {"log10", [](double x) { return std::log10(x); }, "Base-10 logarithm."},
      {"sqrt", [](double x) { return std::sqrt(x); }, "Square root."},
      {"abs", [](double x) { return std::abs(x); }, "Absolute value."},
      {"sigmoid", sigmoid, "Logistic function 1 / (1 + exp(-x))."},
      {"relu", relu, "max(x, 0)."},
      {"softplus", softplus, "log(1 + exp(x))."},
      {"square", square, "x * x."},
      {"sign", sign, "-1, 0 or 1."},
  };
  for (const Entry& e : entries) add_unary(t, e.name, e.fn, e.doc);

  // Rounding returns ints (they index lists and count epochs).
  auto rounding = [&t](const char* name, double (*fn)(double), const char* doc) {
    t.add(
        name, sig({"x"}),
        [fn](Args& a) -> Value {
          const double r = fn(a.number(0));
          if (!std::isfinite(r) || std::abs(r) >= 9.2e18) return r;
          return static_cast<std::int64_t>(r);
        },
        doc);
  };
  rounding(
      "floor", [](double x) { return std::floor(x); }, "Largest integer <= x.");
  rounding(
      "ceil", [](double x) { return std::ceil(x); }, "Smallest integer >= x.");
  rounding(
      "round", [](double x) { return std::round(x); }, "Nearest integer (halves away from 0).");

  t.add(
      "atan2", sig({"y", "x"}), [](Args& a) { return Value(std::atan2(a.number(0), a.number(1))); },
      "Angle of the point (x, y) in radians.");
  t.add(
      "hypot", sig({"x", "y"}), [](Args& a) { return Value(std::hypot(a.number(0), a.number(1))); },
      "sqrt(x^2 + y^2) without overflow.");
  t.add(
      "pow", sig({"x", "y"}),
      [](Args& a) { return binary_op(context_of(a), BinaryOp::Pow, a[0], a[1], Span{}); },
      "x ^ y.");
  t.add(
      "deg", sig({"degrees"}), [pi](Args& a) { return Value(a.number(0) * pi / 180.0); },
      "Converts degrees to radians: tan(deg(30)).");
  t.add(
      "degrees", sig({"radians"}), [pi](Args& a) { return Value(a.number(0) * 180.0 / pi); },
      "Converts radians to degrees.");
  t.add(
      "clamp", sig({"x", "lo", "hi"}),
      [](Args& a) {
        if (a.number(1) > a.number(2)) a.fail(1, "clamp(): lo is greater than hi");
        return Value(std::min(std::max(a.number(0), a.number(1)), a.number(2)));
      },
      "x limited to [lo, hi].");
  t.add(
      "is_nan", sig({"x"}), [](Args& a) { return Value(std::isnan(a.number(0))); },
      "True when x is not a number.");
  t.add(
      "is_finite", sig({"x"}), [](Args& a) { return Value(std::isfinite(a.number(0))); },
      "True unless x is inf or nan.");
  t.add(
      "min", sig({}, true), [](Args& a) { return extremum(a, false); },
      "Smallest of the arguments, or of one list.");
  t.add(
      "max", sig({}, true), [](Args& a) { return extremum(a, true); },
      "Largest of the arguments, or of one list.");
}

}  // namespace ael::eval
