#include "eval/sequence.hpp"

#include <algorithm>

namespace ael::eval {

Sequence::~Sequence() = default;
Indexable::~Indexable() = default;

std::size_t resolve_index(ExecContext& ctx, std::int64_t index, std::size_t length,
                          const Span& span) {
  const auto n = static_cast<std::int64_t>(length);
  const std::int64_t i = index < 0 ? index + n : index;
  if (i < 0 || i >= n) {
    ctx.fail(span, "index " + std::to_string(index) + " is out of range for length " +
                       std::to_string(length));
  }
  return static_cast<std::size_t>(i);
}

std::pair<std::size_t, std::size_t> resolve_slice(const IndexArg& arg, std::size_t length) {
  const auto n = static_cast<std::int64_t>(length);
  auto clamp = [n](std::int64_t v) { return std::clamp(v < 0 ? v + n : v, std::int64_t{0}, n); };
  const std::int64_t b = arg.begin ? clamp(*arg.begin) : 0;
  const std::int64_t e = arg.end ? clamp(*arg.end) : n;
  return {static_cast<std::size_t>(b), static_cast<std::size_t>(std::max(b, e))};
}

std::string RangeValue::repr() const {
  auto show = [this](double v) {
    return integral_ ? Value(static_cast<std::int64_t>(v)).repr() : Value(v).repr();
  };
  std::string s = show(start_) + ".." + show(start_ + step_ * static_cast<double>(count_));
  if (step_ != 1.0) s += " step " + show(step_);
  return s;
}

std::optional<Value> RangeValue::field(std::string_view name) const {
  auto num = [this](double v) {
    return integral_ ? Value(static_cast<std::int64_t>(v)) : Value(v);
  };
  if (name == "start") return num(start_);
  if (name == "step") return num(step_);
  if (name == "stop") return num(start_ + step_ * static_cast<double>(count_));
  if (name == "length") return Value(count_);
  return std::nullopt;
}

std::vector<std::string> RangeValue::field_names() const {
  return {"start", "stop", "step", "length"};
}

bool RangeValue::equals(const Object& other) const {
  auto* r = dynamic_cast<const RangeValue*>(&other);
  return r && r->start_ == start_ && r->step_ == step_ && r->count_ == count_ &&
         r->integral_ == integral_;
}

Value RangeValue::at(std::size_t i) const {
  const double v = start_ + step_ * static_cast<double>(i);
  if (integral_) return static_cast<std::int64_t>(v);
  return v;
}

}  // namespace ael::eval
