// Objective: what every optimizer consumes (gradient and population alike).
//
// The trainer builds one from a compiled model + loss + data; tests build them from
// analytic functions (sphere, Rosenbrock, Rastrigin). Batches are named by an index so
// that "limited evaluation" (a fresh batch per generation) and "the same batch for the
// whole population" are the caller's decision, and so that a batch index means the same
// rows on every thread or MPI rank.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>

namespace ael::train {

class Objective {
 public:
  virtual ~Objective();

  /// Number of parameters (the length of a parameter vector).
  virtual Eigen::Index dimension() const = 0;

  /// Loss of `params` on batch `batch`.
  virtual double value(const Eigen::Ref<const Eigen::VectorXd>& params, std::uint64_t batch) = 0;

  /// Loss and its gradient with respect to `params` (written to `grad`). Objectives without
  /// gradients throw ael::Error; has_gradient() tells in advance.
  virtual double value_and_grad(const Eigen::Ref<const Eigen::VectorXd>& params,
                                std::uint64_t batch, Eigen::Ref<Eigen::VectorXd> grad);
  virtual bool has_gradient() const { return false; }

  /// Losses of every column of `population` (dimension x P) on the same batch, written to
  /// `losses` (size P). The default loops over value(); implementations may evaluate the
  /// whole population as one batched pass.
  virtual void evaluate(const Eigen::Ref<const Eigen::MatrixXd>& population, std::uint64_t batch,
                        Eigen::Ref<Eigen::VectorXd> losses);

  /// An independent copy with its own scratch buffers, for another thread. Objectives
  /// are not thread-safe; parallel evaluators hold one clone per worker.
  virtual std::unique_ptr<Objective> clone() const = 0;
};

}  // namespace ael::train
