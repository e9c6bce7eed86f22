#include "train/schedule.hpp"

#include <algorithm>
#include <cmath>

#include "ael/diagnostic.hpp"

namespace ael::train {

double Schedule::raw(double t) const {
  const Config& c = config_;
  const double u = std::max(0.0, t - c.delay);
  const double frac = c.length > 0 ? std::min(1.0, u / c.length) : 1.0;
  switch (c.kind) {
    case Kind::Constant:
      return c.from;
    // beta_t = from + (to - from) * min(1, t / T): the cube paper's annealing.
    case Kind::Linear:
      return c.from + (c.to - c.from) * frac;
    case Kind::Cosine:
      return c.to + (c.from - c.to) * 0.5 * (1 + std::cos(M_PI * frac));
    case Kind::Cyclical: {
      // Cyclical annealing (Fu et al. 2019): rise over `ramp` of each cycle, then hold.
      const double phase = c.length > 0 ? std::fmod(u, c.length) / c.length : 1.0;
      const double rise = c.ramp > 0 ? std::min(1.0, phase / c.ramp) : 1.0;
      return c.from + (c.to - c.from) * rise;
    }
    case Kind::Exponential:
      return c.from * std::pow(c.factor, c.length > 0 ? std::floor(u / c.length) : 0.0);
    case Kind::Piecewise: {
      for (std::size_t i = 0; i < c.boundaries.size(); ++i) {
        if (t < c.boundaries[i]) return c.values[i];
      }
      return c.values.back();
    }
  }
  return c.from;
}

double Schedule::value(std::int64_t step, std::int64_t epoch) const {
  const double t = static_cast<double>(config_.unit == Unit::Step ? step : epoch);
  return config_.scale * raw(t) + config_.offset;
}

namespace {
const char* kind_name(Schedule::Kind k) {
  switch (k) {
    case Schedule::Kind::Constant:
      return "constant";
    case Schedule::Kind::Linear:
      return "anneal";
    case Schedule::Kind::Cosine:
      return "cosine";
    case Schedule::Kind::Cyclical:
      return "cyclical";
    case Schedule::Kind::Exponential:
      return "exponential";
    case Schedule::Kind::Piecewise:
      return "piecewise";
  }
  return "?";
}
}  // namespace

std::string Schedule::repr() const {
  const Config& c = config_;
  std::string s = std::string("<schedule ") + kind_name(c.kind) + " " + Value(c.from).repr();
  if (c.kind != Kind::Constant && c.kind != Kind::Piecewise) s += " -> " + Value(c.to).repr();
  s += std::string(" over ") + Value(c.length).repr() +
       (c.unit == Unit::Step ? " steps" : " epochs");
  if (c.scale != 1 || c.offset != 0) {
    s += ", scaled " + Value(c.scale).repr() + " shifted " + Value(c.offset).repr();
  }
  return s + ">";
}

std::optional<Value> Schedule::field(std::string_view name) const {
  if (name == "unit") return Value(config_.unit == Unit::Step ? "steps" : "epochs");
  if (name == "kind") return Value(kind_name(config_.kind));
  if (name == "length") return Value(config_.length);
  return std::nullopt;
}

std::vector<std::string> Schedule::field_names() const { return {"unit", "kind", "length"}; }

std::optional<Value> Schedule::binary(BinaryOp op, const Value& other, bool self_on_left) const {
  if (!other.is_number()) return std::nullopt;
  const double k = other.as_number();
  Config c = config_;
  switch (op) {
    case BinaryOp::Mul:
      c.scale *= k;
      c.offset *= k;
      break;
    case BinaryOp::Add:
      c.offset += k;
      break;
    case BinaryOp::Sub:
      if (self_on_left) {
        c.offset -= k;
      } else {
        c.scale = -c.scale;
        c.offset = k - c.offset;
      }
      break;
    case BinaryOp::Div:
      if (!self_on_left) return std::nullopt;  // k / schedule is not affine
      if (k == 0) throw Error("division of a schedule by zero");
      c.scale /= k;
      c.offset /= k;
      break;
    default:
      return std::nullopt;
  }
  return Value(std::make_shared<Schedule>(std::move(c)));
}

std::optional<Value> Schedule::negate() const {
  Config c = config_;
  c.scale = -c.scale;
  c.offset = -c.offset;
  return Value(std::make_shared<Schedule>(std::move(c)));
}

double value_at(const Value& v, std::int64_t step, std::int64_t epoch) {
  if (auto s = v.object_as<Schedule>()) return s->value(step, epoch);
  return v.as_number();
}

}  // namespace ael::train
