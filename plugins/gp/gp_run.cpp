#include "gp_run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_set>

#include "selection.hpp"
#include "tree_gen.hpp"

namespace ael::gp {
namespace {

// Purposes of the random streams (the third key).
enum Stream : std::uint64_t { kInit = 1, kSelect = 2, kCross = 3, kMutate = 4 };

constexpr double kInf = std::numeric_limits<double>::infinity();

TreeMethod init_method(const std::string& name) {
  if (name == "grow") return TreeMethod::Grow;
  if (name == "full") return TreeMethod::Full;
  return TreeMethod::HalfAndHalf;
}

/// intercept + slope * f, written as slope * f + intercept (identity parts omitted
/// unless `always`, which keeps both so that constant tuning can find them again).
Program wrap(const Program& f, double intercept, double slope, bool always) {
  Program out;
  out.reserve(f.size() + 4);
  const bool mul = always || slope != 1.0;
  const bool add = always || intercept != 0.0;
  if (mul) out.push_back(ExprNode::constant(slope));
  out.insert(out.end(), f.begin(), f.end());
  if (mul) out.push_back(ExprNode::primitive(ExprOp::Mul));
  if (add) {
    out.push_back(ExprNode::constant(intercept));
    out.push_back(ExprNode::primitive(ExprOp::Add));
  }
  expr_update_sizes(out);
  return out;
}

bool has_constants(const Program& p) {
  return std::any_of(p.begin(), p.end(),
                     [](const ExprNode& n) { return n.op == ExprOp::Constant; });
}

}  // namespace

template <class T>
GpRun<T>::GpRun(const GpOptions& options, const RunInputs<T>& in, ExprEvaluator& evaluator,
                const SymregProgress& progress)
    : o_(options),
      in_(in),
      evaluator_(evaluator),
      progress_(progress),
      set_(options.primitives, static_cast<int>(in.data.features()), options.constants,
           options.constant_weight, options.constant_min, options.constant_max),
      limits_{options.max_depth, options.max_size} {
  best_.error = kInf;
}

template <class T>
double GpRun<T>::fitness_of(double error, std::size_t size) const {
  if (!std::isfinite(error)) return kInf;
  if (o_.parsimony == "size_penalty") return error + o_.parsimony_coefficient * double(size);
  return error;
}

template <class T>
void GpRun<T>::initialise() {
  population_.assign(static_cast<std::size_t>(o_.population), Individual{});
  const TreeMethod method = init_method(o_.init_method);
  for (std::size_t i = 0; i < population_.size(); ++i) {
    Rng rng = Rng::stream(in_.seed, {std::uint64_t(in_.target), 0, kInit, i});
    population_[i].program = make_tree(set_, rng, o_.init_min_depth, o_.init_max_depth, method);
  }
}

template <class T>
std::size_t GpRun<T>::evaluate(std::vector<Individual>& population) {
  std::vector<std::size_t> todo;
  std::vector<ExprProgram> programs;
  for (std::size_t i = 0; i < population.size(); ++i) {
    if (population[i].evaluated) continue;
    todo.push_back(i);
    programs.push_back({population[i].program.data(), population[i].program.size()});
  }
  std::vector<double> mse(todo.size()), intercept(todo.size(), 0.0), slope(todo.size(), 1.0);
  const auto start = std::chrono::steady_clock::now();
  if (o_.linear_scaling) {
    node_rows_ += evaluator_.scaled_mean_squared_errors<T>(programs, in_.data, in_.y, mse.data(),
                                                           intercept.data(), slope.data());
  } else {
    node_rows_ += evaluator_.mean_squared_errors<T>(programs, in_.data, in_.y, mse.data());
  }
  evaluation_seconds_ +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::size_t k = 0; k < todo.size(); ++k) {
    Individual& x = population[todo[k]];
    x.intercept = intercept[k];
    x.slope = slope[k];
    x.error = std::isfinite(mse[k]) ? mse[k] : kInf;
    x.fitness = fitness_of(x.error, x.program.size());
    x.evaluated = true;
  }
  evaluations_ += todo.size();
  return todo.size();
}

/// Indices from best to worst (fitness, then size when lexicographic, then index).
template <class T>
std::vector<std::size_t> GpRun<T>::ranked(const std::vector<Individual>& population) const {
  std::vector<std::size_t> order(population.size());
  std::iota(order.begin(), order.end(), 0);
  const bool lexicographic = o_.parsimony == "lexicographic";
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Individual& x = population[a];
    const Individual& y = population[b];
    if (x.fitness != y.fitness) return x.fitness < y.fitness;
    return lexicographic && x.program.size() < y.program.size();
  });
  return order;
}

template <class T>
void GpRun<T>::tune_constants(std::vector<Individual>& population) {
  if (o_.optimize_constants <= 0 || o_.optimize_iterations <= 0 || !o_.constants) return;
  // The best distinct programs that have constants (clones are tuned once).
  std::vector<std::size_t> chosen;
  std::unordered_set<std::size_t> seen;
  for (std::size_t i : ranked(population)) {
    if (static_cast<int>(chosen.size()) >= o_.optimize_constants) break;
    const Individual& x = population[i];
    if (!std::isfinite(x.error) || !has_constants(x.program)) continue;
    if (!seen.insert(expr_hash(x.program.data(), x.program.size())).second) continue;
    chosen.push_back(i);
  }
  // LM fits the constants of intercept + slope * f (scaling constants included, then
  // dropped: the next evaluation refits them) on the fit rows.
  std::vector<Program> tuned(chosen.size());
  evaluator_.parallel_for(chosen.size(), [&](std::size_t k, unsigned) {
    const Individual& x = population[chosen[k]];
    const bool scaling = o_.linear_scaling;
    const Expression e(scaling ? wrap(x.program, x.intercept, x.slope, true) : x.program,
                       in_.variables);
    const ConstantFitResult fit =
        optimize_constants(e, in_.fit_data, in_.fit_y, o_.optimize_iterations);
    if (fit.iterations == 0) return;
    std::vector<double> c = fit.expression.constants();
    if (scaling) c = std::vector<double>(c.begin() + 1, c.end() - 1);  // [slope, f..., a]
    Program p = x.program;
    std::size_t next = 0;
    for (ExprNode& n : p) {
      if (n.op == ExprOp::Constant) n.value = c[next++];
    }
    tuned[k] = std::move(p);
  });
  // Keep a tuned individual only if its error on all rows improved.
  std::vector<Individual> before;
  std::vector<std::size_t> changed;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    if (tuned[k].empty()) continue;
    Individual& x = population[chosen[k]];
    before.push_back(x);
    changed.push_back(chosen[k]);
    x.program = std::move(tuned[k]);
    x.evaluated = false;  // re-scored in the run's precision
  }
  if (changed.empty()) return;
  evaluate(population);
  for (std::size_t k = 0; k < changed.size(); ++k) {
    Individual& x = population[changed[k]];
    if (!(x.fitness <= before[k].fitness)) x = before[k];
  }
}

template <class T>
void GpRun<T>::mutate(Individual& x, Rng& rng) {
  const double total = o_.subtree_mutation + o_.point_mutation + o_.hoist_mutation;
  const double u = rng.uniform() * total;
  if (u < o_.subtree_mutation) {
    mutate_subtree(x.program, set_, rng, o_.mutation_min_depth, o_.mutation_max_depth);
  } else if (u < o_.subtree_mutation + o_.point_mutation) {
    mutate_point(x.program, set_, rng);
  } else {
    mutate_hoist(x.program, rng);
  }
}

template <class T>
void GpRun<T>::vary(std::vector<Individual>& offspring, int generation) {
  const std::uint64_t t = static_cast<std::uint64_t>(in_.target);
  const std::uint64_t g = static_cast<std::uint64_t>(generation);
  // DEAP varAnd: crossover on consecutive pairs, then mutation on each individual. An
  // offspring over the limits is replaced by one of its parents (DEAP staticLimit).
  for (std::size_t i = 1; i < offspring.size(); i += 2) {
    Rng rng = Rng::stream(in_.seed, {t, g, kCross, i});
    if (!(rng.uniform() < o_.crossover_probability)) continue;
    const Program p1 = offspring[i - 1].program;
    const Program p2 = offspring[i].program;
    crossover_one_point(offspring[i - 1].program, offspring[i].program, rng);
    for (std::size_t k : {i - 1, i}) {
      if (!limits_.allows(offspring[k].program))
        offspring[k].program = rng.bernoulli(0.5) ? p2 : p1;
      offspring[k].evaluated = false;
    }
  }
  for (std::size_t i = 0; i < offspring.size(); ++i) {
    Rng rng = Rng::stream(in_.seed, {t, g, kMutate, i});
    if (!(rng.uniform() < o_.mutation_probability)) continue;
    const Program original = offspring[i].program;
    mutate(offspring[i], rng);
    if (!limits_.allows(offspring[i].program)) offspring[i].program = original;
    offspring[i].evaluated = false;
  }
}

template <class T>
std::size_t GpRun<T>::scaled_size(const Individual& x) const {
  if (!o_.linear_scaling) return x.program.size();
  return x.program.size() + (x.slope != 1.0 ? 2 : 0) + (x.intercept != 0.0 ? 2 : 0);
}

template <class T>
Program GpRun<T>::scaled(const Individual& x) const {
  return o_.linear_scaling ? wrap(x.program, x.intercept, x.slope, false) : x.program;
}

template <class T>
double GpRun<T>::error64(const Program& program) {
  double mse = 0;
  evaluator_.mean_squared_errors<double>({{program.data(), program.size()}}, in_.data64, in_.y64,
                                         &mse);
  return mse;
}

template <class T>
void GpRun<T>::record(int generation, std::size_t evaluations, std::uint64_t node_rows,
                      SymregTargetResult& result) {
  SymregGeneration s;
  s.target = in_.target;
  s.generation = generation;
  s.evaluations = evaluations;
  s.node_rows = node_rows;
  std::vector<double> finite;
  double size_sum = 0;
  s.best_error = kInf;
  for (const Individual& x : population_) {
    size_sum += static_cast<double>(x.program.size());
    s.max_depth = std::max(s.max_depth, expr_depth(x.program.data(), x.program.size()));
    if (std::isfinite(x.error)) finite.push_back(x.error);
    if (x.error < s.best_error || (x.error == s.best_error && x.program.size() < s.best_size)) {
      s.best_error = x.error;
      s.best_size = x.program.size();
    }
    if (pareto_.accepts(scaled_size(x), x.error)) pareto_.offer(scaled(x), x.error);
    if (x.error < best_.error ||
        (x.error == best_.error && x.program.size() < best_.program.size())) {
      best_ = x;
    }
  }
  s.best_ever_error = best_.error;
  s.mean_size = size_sum / static_cast<double>(population_.size());
  if (!finite.empty()) {
    s.mean_error = std::accumulate(finite.begin(), finite.end(), 0.0) / double(finite.size());
    std::nth_element(finite.begin(),
                     finite.begin() + static_cast<std::ptrdiff_t>(finite.size() / 2), finite.end());
    s.median_error = finite[finite.size() / 2];
  } else {
    s.mean_error = s.median_error = kInf;
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  result.history.push_back(s);
}

template <class T>
SymregTargetResult GpRun<T>::run() {
  start_ = std::chrono::steady_clock::now();
  SymregTargetResult result;
  result.stop_reason = "generations";
  initialise();
  std::uint64_t rows_before = node_rows_;
  std::size_t evaluated = evaluate(population_);
  tune_constants(population_);
  record(0, evaluated, node_rows_ - rows_before, result);
  bool stop = progress_ && progress_(result.history.back());
  if (stop) result.stop_reason = "callback";
  if (!stop && best_.error <= o_.target_error) {
    stop = true;
    result.stop_reason = "target_error";
  }
  int generation = 0;
  while (!stop && generation < o_.generations) {
    ++generation;
    const std::uint64_t t = static_cast<std::uint64_t>(in_.target);
    const std::size_t elites = static_cast<std::size_t>(o_.elitism);
    std::vector<Rank> ranks;
    ranks.reserve(population_.size());
    for (const Individual& x : population_) ranks.push_back({x.fitness, x.program.size()});
    Rng select_rng = Rng::stream(in_.seed, {t, std::uint64_t(generation), kSelect});
    const std::vector<std::size_t> chosen =
        tournament(ranks, population_.size() - elites, o_.tournament_size,
                   o_.parsimony == "lexicographic", select_rng);
    std::vector<Individual> offspring;
    offspring.reserve(population_.size());
    for (std::size_t i : chosen) offspring.push_back(population_[i]);
    vary(offspring, generation);
    const std::vector<std::size_t> order = ranked(population_);
    for (std::size_t k = 0; k < elites; ++k) offspring.push_back(population_[order[k]]);
    rows_before = node_rows_;
    evaluated = evaluate(offspring);
    tune_constants(offspring);
    population_.swap(offspring);
    record(generation, evaluated, node_rows_ - rows_before, result);
    if (progress_ && progress_(result.history.back())) {
      stop = true;
      result.stop_reason = "callback";
    } else if (best_.error <= o_.target_error) {
      stop = true;
      result.stop_reason = "target_error";
    }
  }
  result.generations = generation;
  const Program best = scaled(best_);
  result.best = Expression(best, in_.variables);
  // Reported errors are those of the returned expressions, in float64.
  const bool exact = std::is_same_v<T, double> && !o_.linear_scaling;
  result.error = exact ? best_.error : error64(best);
  // The archive's front is strict in the search's errors (float32, or before scaling); in
  // the reported float64 errors two neighbours can tie or swap, so filter again: every point
  // reported must beat the simpler ones.
  for (const ParetoArchive::Entry& e : pareto_.front()) {
    const double error = exact ? e.error : error64(e.program);
    if (!result.pareto_front.empty() && error >= result.pareto_front.back().error) continue;
    result.pareto_front.push_back({e.size, error, Expression(e.program, in_.variables)});
  }
  return result;
}

template class GpRun<float>;
template class GpRun<double>;

}  // namespace ael::gp
