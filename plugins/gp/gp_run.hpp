// One target's GP run (the engine's inner loop), templated on the fitness arithmetic.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "ael/expression.hpp"
#include "ael/symreg.hpp"
#include "gp_options.hpp"
#include "pareto.hpp"
#include "primitive_set.hpp"
#include "variation.hpp"

namespace ael::gp {

struct Individual {
  Program program;
  double intercept = 0;  ///< linear scaling: the individual stands for intercept + slope * f
  double slope = 1;
  double error = 0;    ///< MSE (+inf when not finite)
  double fitness = 0;  ///< what selection minimises
  bool evaluated = false;
};

/// Shared, read-only context of one target's run.
template <class T>
struct RunInputs {
  const ExprData<T>& data;  ///< fitness data in the run's precision
  const T* y;
  const ExprData<double>& data64;  ///< float64 data: reported errors
  const double* y64;
  const ExprData<double>& fit_data;  ///< the rows constant tuning fits on
  const double* fit_y;
  std::shared_ptr<const std::vector<std::string>> variables;
  int target = 0;
  std::uint64_t seed = 0;
};

template <class T>
class GpRun {
 public:
  GpRun(const GpOptions& options, const RunInputs<T>& in, ExprEvaluator& evaluator,
        const SymregProgress& progress);

  SymregTargetResult run();
  std::uint64_t evaluations() const { return evaluations_; }
  std::uint64_t node_rows() const { return node_rows_; }
  double evaluation_seconds() const { return evaluation_seconds_; }

 private:
  void initialise();
  void vary(std::vector<Individual>& offspring, int generation);
  void mutate(Individual& x, Rng& rng);
  std::size_t evaluate(std::vector<Individual>& population);
  void tune_constants(std::vector<Individual>& population);
  double fitness_of(double error, std::size_t size) const;
  std::vector<std::size_t> ranked(const std::vector<Individual>& population) const;
  void record(int generation, std::size_t evaluations, std::uint64_t node_rows,
              SymregTargetResult& result);
  double error64(const Program& program);
  Program scaled(const Individual& x) const;  ///< the program the individual stands for
  std::size_t scaled_size(const Individual& x) const;

  const GpOptions& o_;
  const RunInputs<T>& in_;
  ExprEvaluator& evaluator_;
  const SymregProgress& progress_;
  PrimitiveSet set_;
  Limits limits_;
  std::vector<Individual> population_;
  Individual best_;  // hall of fame (lowest error ever)
  ParetoArchive pareto_;
  std::uint64_t evaluations_ = 0;
  std::uint64_t node_rows_ = 0;
  double evaluation_seconds_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ael::gp
