// Out-of-line parts of ael/optimizer.hpp: key functions of the optimizer interfaces,
// checkpoint state accessors, event names and the shared gradient-transform options.
#include "ael/optimizer.hpp"

#include "ael/diagnostic.hpp"

namespace ael {

GradientOptimizer::~GradientOptimizer() = default;
PopulationOptimizer::~PopulationOptimizer() = default;

// ---- OptimizerState ------------------------------------------------------------------------

namespace {
template <class List, class T>
void upsert(List& list, const std::string& name, T value) {
  for (auto& entry : list) {
    if (entry.first == name) {
      entry.second = value;
      return;
    }
  }
  list.emplace_back(name, value);
}

[[noreturn]] void missing(const OptimizerState& state, const std::string& kind,
                          const std::string& name) {
  throw Error("optimizer state" + (state.optimizer.empty() ? "" : " of " + state.optimizer) +
              " has no " + kind + " '" + name + "'");
}
}  // namespace

void OptimizerState::set_integer(const std::string& name, std::int64_t value) {
  upsert(integers, name, value);
}

void OptimizerState::set_number(const std::string& name, double value) {
  upsert(numbers, name, value);
}

void OptimizerState::set_array(const std::string& name,
                               const Eigen::Ref<const Eigen::MatrixXd>& value) {
  Array a;
  a.name = name;
  a.rows = value.rows();
  a.cols = value.cols();
  a.data.resize(static_cast<std::size_t>(value.size()));
  Eigen::Map<Eigen::MatrixXd>(a.data.data(), value.rows(), value.cols()) = value;
  for (auto& existing : arrays) {
    if (existing.name == name) {
      existing = std::move(a);
      return;
    }
  }
  arrays.push_back(std::move(a));
}

std::int64_t OptimizerState::integer(const std::string& name) const {
  for (const auto& e : integers) {
    if (e.first == name) return e.second;
  }
  missing(*this, "integer", name);
}

double OptimizerState::number(const std::string& name) const {
  for (const auto& e : numbers) {
    if (e.first == name) return e.second;
  }
  missing(*this, "number", name);
}

Eigen::MatrixXd OptimizerState::array(const std::string& name) const {
  for (const auto& a : arrays) {
    if (a.name != name) continue;
    if (a.rows < 0 || a.cols < 0 || static_cast<std::size_t>(a.rows * a.cols) != a.data.size()) {
      throw Error("optimizer state array '" + name + "' has " + std::to_string(a.data.size()) +
                  " values for a " + std::to_string(a.rows) + " x " + std::to_string(a.cols) +
                  " shape");
    }
    return Eigen::Map<const Eigen::MatrixXd>(a.data.data(), a.rows, a.cols);
  }
  missing(*this, "array", name);
}

bool OptimizerState::has(const std::string& name) const {
  for (const auto& e : integers) {
    if (e.first == name) return true;
  }
  for (const auto& e : numbers) {
    if (e.first == name) return true;
  }
  for (const auto& a : arrays) {
    if (a.name == name) return true;
  }
  return false;
}

void OptimizerState::expect_optimizer(const std::string& expected) const {
  if (optimizer != expected) {
    throw Error("cannot load optimizer state written by '" + optimizer + "' into " + expected);
  }
}

// ---- events ----------------------------------------------------------------------------------

const char* run_event_name(RunEvent event) {
  switch (event) {
    case RunEvent::Begin:
      return "begin";
    case RunEvent::BeginEpoch:
      return "begin_epoch";
    case RunEvent::EndEpoch:
      return "end_epoch";
    case RunEvent::StepTaken:
      return "step";
    case RunEvent::GenerationEnd:
      return "generation";
    case RunEvent::End:
      return "end";
  }
  return "unknown";
}

const char* stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::None:
      return "none";
    case StopReason::Steps:
      return "steps";
    case StopReason::Epochs:
      return "epochs";
    case StopReason::Generations:
      return "generations";
    case StopReason::Evaluations:
      return "evaluations";
    case StopReason::Time:
      return "time";
    case StopReason::TargetLoss:
      return "target_loss";
    case StopReason::Callback:
      return "callback";
    case StopReason::EarlyStop:
      return "early_stop";
    case StopReason::Interrupted:
      return "interrupted";
  }
  return "unknown";
}

// ---- GradientTransform ---------------------------------------------------------------------

std::vector<OptionSpec> GradientTransform::option_specs() {
  return {
      OptionSpec::number("weight_decay", 0.0, "L2 penalty: adds weight_decay * p to the gradient")
          .at_least(0)
          .can_schedule(),
      OptionSpec::number("clip_norm", 0.0,
                         "rescale the gradient when its global L2 norm exceeds this (0: off)")
          .at_least(0),
      OptionSpec::number("clip_value", 0.0, "clamp every gradient element to [-v, v] (0: off)")
          .at_least(0),
  };
}

GradientTransform GradientTransform::from(const Options& options) {
  GradientTransform t;
  t.weight_decay = options.number("weight_decay");
  t.clip_norm = options.number("clip_norm");
  t.clip_value = options.number("clip_value");
  return t;
}

}  // namespace ael
