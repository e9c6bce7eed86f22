#include "bindings/dataset_value.hpp"

#include <cmath>

#include "ael/closest_name.hpp"
#include "ael/diagnostic.hpp"

namespace ael::bindings {
namespace {

using data::Dataset;
using data::Index;

std::string names_text(const std::vector<std::string>& names) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(names.size(), 8);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > shown) out += ", ... (" + std::to_string(names.size() - shown) + " more)";
  return out;
}

// Elementwise function of a matrix by name; false when unknown.
bool apply_math(std::string_view fn, Eigen::MatrixXd& m) {
  auto a = m.array();
  if (fn == "sin")
    a = a.sin();
  else if (fn == "cos")
    a = a.cos();
  else if (fn == "tan")
    a = a.tan();
  else if (fn == "exp")
    a = a.exp();
  else if (fn == "log")
    a = a.log();
  else if (fn == "sqrt")
    a = a.sqrt();
  else if (fn == "abs")
    a = a.abs();
  else if (fn == "tanh")
    a = a.tanh();
  else if (fn == "square")
    a = a.square();
  else if (fn == "sigmoid")
    a = 1.0 / (1.0 + (-a).exp());
  else if (fn == "relu")
    a = a.max(0.0);
  else if (fn == "softplus")
    a = (a > 30.0).select(a, a.exp().log1p());
  else if (fn == "sign")
    a = a.sign();
  else
    return false;
  return true;
}

std::vector<std::string> strings_of(const Value& v) {
  std::vector<std::string> out;
  for (const Value& item : v.as_list()) out.push_back(item.as_string());
  return out;
}

// Resolves one index item against a length: int, slice or list of ints.
std::vector<Index> positions(eval::ExecContext& ctx, const eval::IndexArg& arg, Index length) {
  std::vector<Index> out;
  if (arg.is_slice) {
    auto [b, e] = eval::resolve_slice(arg, static_cast<std::size_t>(length));
    for (std::size_t i = b; i < e; ++i) out.push_back(static_cast<Index>(i));
  } else if (arg.value.is_int()) {
    out.push_back(static_cast<Index>(
        eval::resolve_index(ctx, arg.value.as_int(), static_cast<std::size_t>(length), arg.span)));
  } else if (arg.value.is_list()) {
    for (const Value& v : arg.value.as_list()) {
      if (!v.is_int()) ctx.fail(arg.span, "sample indices must be integers");
      out.push_back(static_cast<Index>(
          eval::resolve_index(ctx, v.as_int(), static_cast<std::size_t>(length), arg.span)));
    }
  } else {
    ctx.fail(arg.span, "cannot index samples with a " + arg.value.type_name());
  }
  return out;
}

Dataset select_features(eval::ExecContext& ctx, const Dataset& d, const eval::IndexArg& arg) {
  try {
    if (!arg.is_slice && arg.value.is_string()) return d.select({arg.value.as_string()});
    if (!arg.is_slice && arg.value.is_list() && !arg.value.as_list().empty() &&
        arg.value.as_list()[0].is_string()) {
      return d.select(strings_of(arg.value));
    }
    return d.select(positions(ctx, arg, d.features()));
  } catch (const Error& e) {
    ctx.fail(arg.span, e.diagnostic().message);
  }
}

}  // namespace

std::string DatasetValue::repr() const {
  return "<dataset " + std::to_string(data_.samples()) + " x " + std::to_string(data_.features()) +
         ": " + names_text(data_.names()) + ">";
}

std::optional<Value> DatasetValue::field(std::string_view name) const {
  if (name == "rows" || name == "samples") return Value(static_cast<std::int64_t>(data_.samples()));
  if (name == "cols" || name == "features") {
    return Value(static_cast<std::int64_t>(data_.features()));
  }
  if (name == "names") {
    List names;
    for (const std::string& n : data_.names()) names.push_back(n);
    return Value(std::move(names));
  }
  if (name == "shape") {
    return Value(List{Value(static_cast<std::int64_t>(data_.samples())),
                      Value(static_cast<std::int64_t>(data_.features()))});
  }
  return std::nullopt;
}

std::vector<std::string> DatasetValue::field_names() const {
  return {"rows", "cols", "samples", "features", "names", "shape"};
}

Value DatasetValue::at(std::size_t i) const {
  Record r;
  const auto col = static_cast<Index>(i);
  for (Index f = 0; f < data_.features(); ++f) {
    r.set(data_.names()[static_cast<std::size_t>(f)], data_.matrix()(f, col));
  }
  return Value(std::move(r));
}

Value DatasetValue::index(eval::ExecContext& ctx, const std::vector<eval::IndexArg>& args,
                          const Span& span) const {
  if (args.empty() || args.size() > 2) ctx.fail(span, "a dataset takes one or two indices");
  if (args.size() == 1) {
    const eval::IndexArg& a = args[0];
    const bool by_name =
        !a.is_slice && (a.value.is_string() || (a.value.is_list() && !a.value.as_list().empty() &&
                                                a.value.as_list()[0].is_string()));
    if (by_name) return make_dataset(select_features(ctx, data_, a));
    if (!a.is_slice && a.value.is_int()) {
      return at(eval::resolve_index(ctx, a.value.as_int(), length(), a.span));
    }
    return make_dataset(data_.take(positions(ctx, a, data_.samples())));
  }
  Dataset rows = data_.take(positions(ctx, args[0], data_.samples()));
  return make_dataset(select_features(ctx, rows, args[1]));
}

std::optional<Value> DatasetValue::binary(BinaryOp op, const Value& other,
                                          bool self_on_left) const {
  const bool arithmetic = op == BinaryOp::Add || op == BinaryOp::Sub || op == BinaryOp::Mul ||
                          op == BinaryOp::Div || op == BinaryOp::Pow;
  if (!arithmetic) return std::nullopt;
  const Eigen::MatrixXd& m = data_.matrix();
  Eigen::ArrayXXd result;
  auto combine = [&](const Eigen::ArrayXXd& a, const Eigen::ArrayXXd& b) -> Eigen::ArrayXXd {
    switch (op) {
      case BinaryOp::Add:
        return a + b;
      case BinaryOp::Sub:
        return a - b;
      case BinaryOp::Mul:
        return a * b;
      case BinaryOp::Div:
        return a / b;
      default:  // scalar pow: Eigen's AVX-512 pow trips a GCC 12 false warning
        return a.binaryExpr(b, [](double x, double y) { return std::pow(x, y); });
    }
  };
  if (other.is_number()) {
    const Eigen::ArrayXXd k = Eigen::ArrayXXd::Constant(m.rows(), m.cols(), other.as_number());
    result = self_on_left ? combine(m.array(), k) : combine(k, m.array());
  } else if (const Dataset* o = as_dataset(other)) {
    Eigen::ArrayXXd b = o->matrix().array();
    // A one-feature dataset broadcasts over features; a one-sample dataset over samples.
    if (b.rows() == 1 && m.rows() > 1 && b.cols() == m.cols()) b = b.replicate(m.rows(), 1).eval();
    if (b.cols() == 1 && m.cols() > 1 && b.rows() == m.rows()) b = b.replicate(1, m.cols()).eval();
    if (b.rows() != m.rows() || b.cols() != m.cols()) {
      throw Error("datasets of different shapes: " + std::to_string(m.cols()) + " x " +
                  std::to_string(m.rows()) + " and " + std::to_string(o->samples()) + " x " +
                  std::to_string(o->features()));
    }
    result = self_on_left ? combine(m.array(), b) : combine(b, m.array());
  } else {
    return std::nullopt;
  }
  return make_dataset(Dataset(result.matrix(), data_.names()));
}

std::optional<Value> DatasetValue::negate() const {
  return make_dataset(Dataset(-data_.matrix(), data_.names()));
}

std::optional<Value> DatasetValue::math(std::string_view fn) const {
  if (fn == "sum") return Value(data_.matrix().sum());
  if (fn == "mean") {
    if (data_.matrix().size() == 0) throw Error("mean of an empty dataset");
    return Value(data_.matrix().mean());
  }
  Eigen::MatrixXd m = data_.matrix();
  if (!apply_math(fn, m)) return std::nullopt;
  return make_dataset(Dataset(std::move(m), data_.names()));
}

bool DatasetValue::equals(const Object& other) const {
  auto* o = dynamic_cast<const DatasetValue*>(&other);
  return o && o->data_.names() == data_.names() && o->data_.matrix() == data_.matrix();
}

Value make_dataset(data::Dataset data) {
  return Value(std::make_shared<DatasetValue>(std::move(data)));
}

const data::Dataset* as_dataset(const Value& v) {
  auto d = v.object_as<DatasetValue>();
  return d ? &d->data() : nullptr;
}

}  // namespace ael::bindings
