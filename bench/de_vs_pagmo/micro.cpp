#include "micro.hpp"

#include <cstdio>
#include <ctime>
#include <pagmo/problem.hpp>
#include <vector>

#include "ae_graph_objective.hpp"
#include "pagmo_problems.hpp"

namespace bench {
namespace {

// CPU nanoseconds per evaluation of `rounds` calls of fn (each evaluating `per_call`).
template <class Fn>
double ns_per_eval(std::int64_t evaluations, Eigen::Index per_call, Fn&& fn) {
  const std::int64_t rounds = std::max<std::int64_t>(1, evaluations / per_call);
  fn();  // warm-up (compiles graphs, allocates)
  const std::clock_t t0 = std::clock();
  for (std::int64_t r = 0; r < rounds; ++r) fn();
  const double seconds = static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
  return 1e9 * seconds / static_cast<double>(rounds * per_call);
}

}  // namespace

void print_micro(const Eigen::MatrixXd& batch, const Eigen::MatrixXd& population,
                 Eigen::Index chunk, std::int64_t evaluations) {
  const Eigen::Index np = population.cols();
  std::vector<pagmo::vector_double> xs;
  for (Eigen::Index i = 0; i < np; ++i) {
    xs.emplace_back(population.col(i).data(), population.col(i).data() + population.rows());
  }
  const AeProblem udp(batch, 10);
  const pagmo::problem problem(udp);
  double sink = 0;
  const double direct = ns_per_eval(evaluations, np, [&] {
    for (const auto& x : xs) sink += udp.fitness(x)[0];
  });
  const double erased = ns_per_eval(evaluations, np, [&] {
    for (const auto& x : xs) sink += problem.fitness(x)[0];
  });
  Eigen::VectorXd losses(np);
  AeGraphObjective<double> g64(batch, chunk);
  AeGraphObjective<float> g32(batch, chunk);
  AeGraphObjective<double> g64_one(batch, 1);
  const double graph64 = ns_per_eval(evaluations, np, [&] { g64.evaluate(population, 0, losses); });
  const double graph32 = ns_per_eval(evaluations, np, [&] { g32.evaluate(population, 0, losses); });
  const double graph64_one =
      ns_per_eval(evaluations, np, [&] { g64_one.evaluate(population, 0, losses); });
  std::printf("# micro (CPU ns per AE evaluation, %lld candidates):\n", static_cast<long long>(np));
  std::printf("#   pagmo UDP fitness, Eigen fixed-size, direct call   %8.1f\n", direct);
  std::printf("#   pagmo::problem::fitness (type-erased, as de calls) %8.1f\n", erased);
  std::printf("#   AEL graph float64, %2lld copies per forward          %8.1f\n",
              static_cast<long long>(chunk), graph64);
  std::printf("#   AEL graph float32, %2lld copies per forward          %8.1f\n",
              static_cast<long long>(chunk), graph32);
  std::printf("#   AEL graph float64, 1 copy per forward              %8.1f\n", graph64_one);
  if (sink == 0.12345) std::printf("#\n");  // keeps the pagmo calls from being optimised away
}

}  // namespace bench
