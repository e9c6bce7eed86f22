// AEL's side of the AE objective: the 8-4-2-4-8 AE's MSE computed by the compiled graph.
//
// A chunk of k candidates is one graph run: the graph holds k copies of the AE (each copy
// its own 98 parameters, in candidate order, so the graph's flat parameter vector is the
// chunk's columns end to end) over one shared input, with k "mse" nodes; evaluating the
// chunk is one parameter copy and one forward pass to the k losses. The batch index is
// ignored: every generation sees the same fixed batch.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <vector>

#include "graph/graph.hpp"
#include "train/objective.hpp"

namespace bench {

template <class S>
class AeGraphObjective final : public ael::train::Objective {
 public:
  /// `batch`: 8 x n samples; `width`: the most candidates one graph run evaluates.
  AeGraphObjective(Eigen::MatrixXd batch, Eigen::Index width);

  Eigen::Index dimension() const override;
  double value(const Eigen::Ref<const Eigen::VectorXd>& params, std::uint64_t batch) override;
  void evaluate(const Eigen::Ref<const Eigen::MatrixXd>& population, std::uint64_t batch,
                Eigen::Ref<Eigen::VectorXd> losses) override;
  std::unique_ptr<ael::train::Objective> clone() const override;

 private:
  struct Copies {
    std::unique_ptr<ael::graph::Graph<S>> graph;
    std::vector<ael::NodeId> losses;  // one mse node per copy
  };
  /// The graph with `k` copies, compiled on first use.
  Copies& copies(Eigen::Index k);
  void run(const Eigen::Ref<const Eigen::MatrixXd>& params, Eigen::Ref<Eigen::VectorXd> losses);

  Eigen::MatrixXd batch_;
  Eigen::Index width_;
  std::vector<std::unique_ptr<Copies>> by_count_;  // index k-1
};

extern template class AeGraphObjective<float>;
extern template class AeGraphObjective<double>;

}  // namespace bench
