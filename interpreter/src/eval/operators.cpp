#include "eval/operators.hpp"

#include <cmath>
#include <limits>

namespace ael::eval {
namespace {

[[noreturn]] void unsupported(ExecContext& ctx, BinaryOp op, const Value& a, const Value& b,
                              const Span& span) {
  ctx.fail(span, std::string("unsupported operand types for ") + binary_op_symbol(op) + ": " +
                     a.type_name() + " and " + b.type_name());
}

[[noreturn]] void overflow(ExecContext& ctx, const Span& span) {
  ctx.fail(span, "integer overflow (use a float, e.g. 2.0 ^ 70)");
}

Value int_pow(ExecContext& ctx, std::int64_t base, std::int64_t exp, const Span& span) {
  if (exp < 0) return std::pow(static_cast<double>(base), static_cast<double>(exp));
  std::int64_t result = 1;
  while (exp > 0) {
    if ((exp & 1) && __builtin_mul_overflow(result, base, &result)) overflow(ctx, span);
    exp >>= 1;
    if (exp > 0 && __builtin_mul_overflow(base, base, &base)) overflow(ctx, span);
  }
  return result;
}

Value int_arith(ExecContext& ctx, BinaryOp op, std::int64_t a, std::int64_t b, const Span& span) {
  std::int64_t r = 0;
  switch (op) {
    case BinaryOp::Add:
      if (__builtin_add_overflow(a, b, &r)) overflow(ctx, span);
      return r;
    case BinaryOp::Sub:
      if (__builtin_sub_overflow(a, b, &r)) overflow(ctx, span);
      return r;
    case BinaryOp::Mul:
      if (__builtin_mul_overflow(a, b, &r)) overflow(ctx, span);
      return r;
    case BinaryOp::Div:
      if (b == 0) ctx.fail(span, "division by zero");
      return static_cast<double>(a) / static_cast<double>(b);
    case BinaryOp::Mod: {
      if (b == 0) ctx.fail(span, "modulo by zero");
      if (b == -1) return std::int64_t{0};
      std::int64_t m = a % b;
      if (m != 0 && ((m < 0) != (b < 0))) m += b;  // floor modulo, like Python
      return m;
    }
    case BinaryOp::Pow:
      return int_pow(ctx, a, b, span);
    default:
      return Value();
  }
}

Value float_arith(ExecContext& ctx, BinaryOp op, double a, double b, const Span& span) {
  switch (op) {
    case BinaryOp::Add:
      return a + b;
    case BinaryOp::Sub:
      return a - b;
    case BinaryOp::Mul:
      return a * b;
    case BinaryOp::Div:
      if (b == 0.0) ctx.fail(span, "division by zero");
      return a / b;
    case BinaryOp::Mod: {
      if (b == 0.0) ctx.fail(span, "modulo by zero");
      double m = std::fmod(a, b);
      if (m != 0.0 && ((m < 0) != (b < 0))) m += b;
      return m;
    }
    case BinaryOp::Pow: {
      const double r = std::pow(a, b);
      if (std::isnan(r) && !std::isnan(a) && !std::isnan(b)) {
        ctx.fail(span, "a negative number to a fractional power is not a real number");
      }
      return r;
    }
    default:
      return Value();
  }
}

bool is_comparison(BinaryOp op) {
  return op == BinaryOp::Eq || op == BinaryOp::Ne || op == BinaryOp::Lt || op == BinaryOp::Le ||
         op == BinaryOp::Gt || op == BinaryOp::Ge;
}

Value compare(ExecContext& ctx, BinaryOp op, const Value& a, const Value& b, const Span& span) {
  if (op == BinaryOp::Eq) return a == b;
  if (op == BinaryOp::Ne) return a != b;
  int c = 0;
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) {
      c = a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
    } else {
      const double x = a.as_number(), y = b.as_number();
      if (std::isnan(x) || std::isnan(y)) return false;
      c = x < y ? -1 : (x > y ? 1 : 0);
    }
  } else if (a.is_string() && b.is_string()) {
    c = a.as_string().compare(b.as_string());
  } else {
    ctx.fail(span, std::string("cannot compare ") + a.type_name() + " " + binary_op_symbol(op) +
                       " " + b.type_name());
  }
  switch (op) {
    case BinaryOp::Lt:
      return c < 0;
    case BinaryOp::Le:
      return c <= 0;
    case BinaryOp::Gt:
      return c > 0;
    case BinaryOp::Ge:
      return c >= 0;
    default:
      return false;
  }
}

Value repeat_list(ExecContext& ctx, const List& items, std::int64_t times, const Span& span) {
  if (times < 0) ctx.fail(span, "cannot repeat a list a negative number of times");
  if (times > 0 && items.size() > (std::size_t{1} << 28) / static_cast<std::size_t>(times)) {
    ctx.fail(span, "list would be too large");
  }
  List out;
  out.reserve(items.size() * static_cast<std::size_t>(times));
  for (std::int64_t i = 0; i < times; ++i) out.insert(out.end(), items.begin(), items.end());
  return out;
}

Value repeat_string(ExecContext& ctx, const std::string& s, std::int64_t times, const Span& span) {
  if (times < 0) ctx.fail(span, "cannot repeat a string a negative number of times");
  if (times > 0 && s.size() > (std::size_t{1} << 30) / static_cast<std::size_t>(times)) {
    ctx.fail(span, "string would be too large");
  }
  std::string out;
  for (std::int64_t i = 0; i < times; ++i) out += s;
  return out;
}

}  // namespace

namespace {

// Objects first: tensors, graph nodes and expressions define their own arithmetic. Their
// errors (a shape mismatch while tracing a model) are located at the operator.
std::optional<Value> object_binary(ExecContext& ctx, BinaryOp op, const Value& a, const Value& b,
                                   const Span& span) {
  try {
    if (a.is_object()) {
      if (auto r = a.as_object()->binary(op, b, true)) return r;
    }
    if (b.is_object()) {
      if (auto r = b.as_object()->binary(op, a, false)) return r;
    }
  } catch (Error& e) {
    ctx.locate(e, span);
    throw;
  }
  return std::nullopt;
}

}  // namespace

Value binary_op(ExecContext& ctx, BinaryOp op, const Value& a, const Value& b, const Span& span) {
  if (a.is_object() || b.is_object()) {
    if (auto r = object_binary(ctx, op, a, b, span)) return *r;
  }
  if (is_comparison(op)) return compare(ctx, op, a, b, span);
  if (a.is_number() && b.is_number()) {
    if (op == BinaryOp::MatMul) unsupported(ctx, op, a, b, span);
    if (a.is_int() && b.is_int()) return int_arith(ctx, op, a.as_int(), b.as_int(), span);
    return float_arith(ctx, op, a.as_number(), b.as_number(), span);
  }
  if (op == BinaryOp::Add) {
    if (a.is_string() && b.is_string()) return a.as_string() + b.as_string();
    if (a.is_list() && b.is_list()) {
      List out = a.as_list();
      out.insert(out.end(), b.as_list().begin(), b.as_list().end());
      return out;
    }
    if (a.is_string() || b.is_string()) {
      ctx.fail(span, "cannot add " + a.type_name() + " and " + b.type_name() +
                         " (convert with str(...) or use \"${...}\" interpolation)");
    }
  }
  if (op == BinaryOp::Mul) {
    if (a.is_list() && b.is_int()) return repeat_list(ctx, a.as_list(), b.as_int(), span);
    if (a.is_int() && b.is_list()) return repeat_list(ctx, b.as_list(), a.as_int(), span);
    if (a.is_string() && b.is_int()) return repeat_string(ctx, a.as_string(), b.as_int(), span);
    if (a.is_int() && b.is_string()) return repeat_string(ctx, b.as_string(), a.as_int(), span);
  }
  unsupported(ctx, op, a, b, span);
}

Value negate(ExecContext& ctx, const Value& v, const Span& span) {
  if (v.is_int()) {
    if (v.as_int() == std::numeric_limits<std::int64_t>::min()) {
      ctx.fail(span, "integer overflow");
    }
    return -v.as_int();
  }
  if (v.is_float()) return -v.as_number();
  if (v.is_object()) {
    if (auto r = v.as_object()->negate()) return *r;
  }
  ctx.fail(span, "cannot negate a value of type " + v.type_name());
}

bool less_than(ExecContext& ctx, const Value& a, const Value& b, const Span& span) {
  return compare(ctx, BinaryOp::Lt, a, b, span).as_bool();
}

}  // namespace ael::eval
