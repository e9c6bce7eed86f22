#include "train/objective.hpp"

#include "ael/diagnostic.hpp"

namespace ael::train {

Objective::~Objective() = default;

double Objective::value_and_grad(const Eigen::Ref<const Eigen::VectorXd>&, std::uint64_t,
                                 Eigen::Ref<Eigen::VectorXd>) {
  throw Error("this objective has no gradient; use a gradient-free optimizer");
}

void Objective::evaluate(const Eigen::Ref<const Eigen::MatrixXd>& population, std::uint64_t batch,
                         Eigen::Ref<Eigen::VectorXd> losses) {
  for (Eigen::Index i = 0; i < population.cols(); ++i) losses(i) = value(population.col(i), batch);
}

}  // namespace ael::train
