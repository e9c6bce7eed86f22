// Evaluating a population: the one thing a population run needs from the machine it runs
// on. Implemented here by a thread-pool evaluator; an MPI evaluator (one objective per
// rank) implements the same interface later.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "train/objective.hpp"

namespace ael {
class ThreadPool;
}

namespace ael::population {

class PopulationEvaluator {
 public:
  virtual ~PopulationEvaluator();

  /// Length of a parameter vector (rows of the matrices given to evaluate).
  virtual Eigen::Index dimension() const = 0;

  /// The loss of every column of `params` (dimension() x m) on batch `batch`, written to
  /// `losses` (m). The numbers must not depend on how the work is split (thread or rank
  /// count).
  virtual void evaluate(const Eigen::Ref<const Eigen::MatrixXd>& params, std::uint64_t batch,
                        Eigen::Ref<Eigen::VectorXd> losses) = 0;
};

/// Evaluates on a ThreadPool with one Objective::clone() per pool thread. Columns are cut
/// into chunks of a fixed number of columns, independent of the pool size, and each chunk
/// goes to Objective::evaluate (which may run it as one batched pass): so `-j1` and `-j16`
/// make the same calls on the same chunks and give bit-identical losses.
class ThreadPoolEvaluator final : public PopulationEvaluator {
 public:
  ThreadPoolEvaluator(const train::Objective& objective, ThreadPool& pool,
                      Eigen::Index chunk_columns = 4);

  Eigen::Index dimension() const override { return dimension_; }
  void evaluate(const Eigen::Ref<const Eigen::MatrixXd>& params, std::uint64_t batch,
                Eigen::Ref<Eigen::VectorXd> losses) override;

 private:
  ThreadPool& pool_;
  Eigen::Index dimension_;
  Eigen::Index chunk_;
  std::vector<std::unique_ptr<train::Objective>> clones_;  // one per pool thread
};

}  // namespace ael::population
