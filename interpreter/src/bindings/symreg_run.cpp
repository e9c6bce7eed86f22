#include "bindings/symreg_run.hpp"

#include <fmt/format.h>

#include "ael/diagnostic.hpp"
#include "bindings/expression_value.hpp"

namespace ael::bindings {
namespace {

// A plugin's expressions share a variable-name list whose shared_ptr control block (and
// its virtual deleter) was made by plugin code; such a value must not outlive the
// library. Today the dynamic linker happens to bind that deleter to libael's identical
// instantiation; re-homing the results onto a list made here, before the regressor
// object (which may hold the last reference to its library) is released, makes that
// safe by construction rather than by symbol interposition.
class Rehome {
 public:
  Expression operator()(const Expression& e) {
    if (!names_ || *names_ != e.variables()) {
      names_ = std::make_shared<const std::vector<std::string>>(e.variables());
    }
    return Expression(e.nodes(), names_);
  }

 private:
  std::shared_ptr<const std::vector<std::string>> names_;
};

SymregResult rehomed(const SymregResult& in) {
  SymregResult out = in;
  Rehome rehome;
  for (SymregTargetResult& t : out.targets) {
    t.best = rehome(t.best);
    for (SymregParetoPoint& p : t.pareto_front) p.expression = rehome(p.expression);
  }
  return out;
}

Value generation_record(const SymregGeneration& g) {
  return Value(Record{{"generation", g.generation},
                      {"best_error", g.best_error},
                      {"best_ever_error", g.best_ever_error},
                      {"best_size", g.best_size},
                      {"mean_error", g.mean_error},
                      {"median_error", g.median_error},
                      {"mean_size", g.mean_size},
                      {"max_depth", g.max_depth},
                      {"evaluations", g.evaluations},
                      {"node_rows", static_cast<std::int64_t>(g.node_rows)},
                      {"seconds", g.seconds}});
}

Value pareto_list(const std::vector<SymregParetoPoint>& front) {
  List out;
  for (const SymregParetoPoint& p : front) {
    out.emplace_back(Record{{"complexity", p.complexity},
                            {"error", p.error},
                            {"expression", make_expression(p.expression)}});
  }
  return Value(std::move(out));
}

}  // namespace

std::string symreg_progress_line(const SymregGeneration& g, int targets, int generations) {
  std::string line =
      fmt::format("symreg target {}/{}  generation {}", g.target + 1, targets, g.generation);
  if (generations > 0) line += fmt::format("/{}", generations);
  line += fmt::format("  best mse {:.4g}  size {}  {:.1f} s", g.best_ever_error, g.best_size,
                      g.seconds);
  return line;
}

Value symreg_record(const SymregResult& result) {
  List equations, errors, pareto, history, generations, stops;
  for (const SymregTargetResult& t : result.targets) {
    equations.push_back(make_expression(t.best));
    errors.emplace_back(t.error);
    pareto.push_back(pareto_list(t.pareto_front));
    List gens;
    for (const SymregGeneration& g : t.history) gens.push_back(generation_record(g));
    history.emplace_back(std::move(gens));
    generations.emplace_back(t.generations);
    stops.emplace_back(t.stop_reason);
  }
  return Value(Record{{"equations", Value(std::move(equations))},
                      {"errors", Value(std::move(errors))},
                      {"pareto", Value(std::move(pareto))},
                      {"generations", Value(std::move(generations))},
                      {"stop_reasons", Value(std::move(stops))},
                      {"seconds", result.seconds},
                      {"evaluation_seconds", result.evaluation_seconds},
                      {"evaluations", static_cast<std::int64_t>(result.evaluations)},
                      {"node_rows", static_cast<std::int64_t>(result.node_rows)},
                      {"history", Value(std::move(history))}});
}

int generation_budget(const PluginValue& regressor) {
  if (const OptionValue* v = regressor.options().find("generations")) {
    if (const auto* n = std::get_if<std::int64_t>(v)) return static_cast<int>(*n);
  }
  return 0;
}

std::shared_ptr<SymbolicRegressor> make_regressor(const PluginValue& regressor) {
  if (regressor.family() != PluginFamily::SymbolicRegressor) {
    throw Error("symreg() needs a symbolic regressor plugin such as gp(...), got " +
                regressor.name() + " (a " + family_name(regressor.family()) + ")");
  }
  return regressor.create<SymbolicRegressor>();
}

Value run_symreg(const data::Dataset& inputs, const data::Dataset& targets,
                 const PluginValue& regressor, const SymregRunConfig& config) {
  const std::shared_ptr<SymbolicRegressor> fitter = make_regressor(regressor);
  return run_symreg(inputs, targets, *fitter, generation_budget(regressor), config);
}

Value run_symreg(const data::Dataset& inputs, const data::Dataset& targets,
                 SymbolicRegressor& fitter, int generations, const SymregRunConfig& config) {
  if (inputs.samples() != targets.samples()) {
    throw Error("symreg(): inputs have " + std::to_string(inputs.samples()) +
                " rows but targets have " + std::to_string(targets.samples()));
  }
  const int target_count = static_cast<int>(targets.features());
  bool stopped = false;
  int last_target = -1;
  SymregProgress progress = [&](const SymregGeneration& g) {
    if (config.progress) {
      if (last_target >= 0 && g.target != last_target) config.progress("");
      last_target = g.target;
      config.progress(symreg_progress_line(g, target_count, generations));
    }
    if (config.interrupted && !stopped) stopped = config.interrupted();
    return stopped;
  };
  const SymregResult result =
      rehomed(fitter.fit(inputs.matrix(), targets.matrix(), inputs.names(), config.seed, progress));
  if (config.progress && last_target >= 0) config.progress("");
  if (stopped) throw Error("symreg() interrupted");
  return symreg_record(result);
}

}  // namespace ael::bindings
