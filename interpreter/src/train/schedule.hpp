// Schedules: values that change with the training step or epoch. They are ordinary
// script values, usable wherever a number is accepted by training: loss weights
// (`beta * kl(mu, logvar)` with `let beta = anneal(from: 0, to: 1, epochs: 50)`) and
// optimizer options (`adam(lr: cosine(from: 1e-3, to: 1e-5, epochs: 200))`).
//
// Time is counted in steps (optimizer updates, or generations for population optimizers)
// or in epochs, both starting at 0. A schedule says which unit it uses.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ael/value.hpp"

namespace ael::train {

class Schedule : public Object {
 public:
  enum class Unit { Step, Epoch };
  enum class Kind { Constant, Linear, Cosine, Cyclical, Exponential, Piecewise };

  struct Config {
    Kind kind = Kind::Constant;
    Unit unit = Unit::Epoch;
    double from = 0, to = 0;  ///< start and end values
    double length = 1;        ///< steps/epochs to go from `from` to `to` (or one cycle)
    double delay = 0;         ///< time spent at `from` before changing
    double ramp = 0.5;        ///< cyclical: fraction of a cycle spent increasing
    double factor = 1;        ///< exponential: multiplier every `length`
    std::vector<double> boundaries, values;  ///< piecewise: values[i] until boundaries[i]
    double scale = 1, offset = 0;            ///< arithmetic on schedules: scale * s + offset
  };

  explicit Schedule(Config config) : config_(std::move(config)) {}

  /// The value at a given step and epoch.
  double value(std::int64_t step, std::int64_t epoch) const;
  Unit unit() const { return config_.unit; }
  const Config& config() const { return config_; }

  std::string type_name() const override { return "schedule"; }
  std::string repr() const override;
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;
  /// `2 * s`, `s + 1`, `s / 10`: schedules scale and shift. Other operands (graph nodes)
  /// handle schedules themselves.
  std::optional<Value> binary(BinaryOp op, const Value& other, bool self_on_left) const override;
  std::optional<Value> negate() const override;

 private:
  double raw(double t) const;
  Config config_;
};

/// The number a value stands for at (step, epoch): plain numbers are constant.
double value_at(const Value& v, std::int64_t step, std::int64_t epoch);

}  // namespace ael::train
