#include "ae_graph_objective.hpp"

#include <algorithm>
#include <string>

#include "autoencoder.hpp"
#include "graph/builder.hpp"
#include "graph/layers.hpp"

namespace bench {
namespace {

ael::graph::GraphSpec ae_copies_spec(Eigen::Index k, std::vector<ael::NodeId>& losses) {
  ael::graph::GraphBuilder b;
  const ael::NodeId x = b.input("x", ael::Shape::batch(kAeWidths[0]));
  losses.clear();
  for (Eigen::Index c = 0; c < k; ++c) {
    ael::NodeId h = x;
    for (std::size_t l = 1; l < kAeWidths.size(); ++l) {
      h = ael::graph::dense_layer(b, h, kAeWidths[l],
                                  "ae" + std::to_string(c) + ".l" + std::to_string(l));
    }
    losses.push_back(b.add("mse", {h, x}));
  }
  return b.finish();
}

}  // namespace

template <class S>
AeGraphObjective<S>::AeGraphObjective(Eigen::MatrixXd batch, Eigen::Index width)
    : batch_(std::move(batch)), width_(std::max<Eigen::Index>(1, width)) {
  by_count_.resize(static_cast<std::size_t>(width_));
}

template <class S>
Eigen::Index AeGraphObjective<S>::dimension() const {
  return kAeParameters;
}

template <class S>
typename AeGraphObjective<S>::Copies& AeGraphObjective<S>::copies(Eigen::Index k) {
  std::unique_ptr<Copies>& slot = by_count_[static_cast<std::size_t>(k - 1)];
  if (!slot) {
    slot = std::make_unique<Copies>();
    slot->graph = std::make_unique<ael::graph::Graph<S>>(ae_copies_spec(k, slot->losses));
    slot->graph->set_batch(batch_.cols());
    slot->graph->set_input("x", batch_.cast<S>());
  }
  return *slot;
}

template <class S>
void AeGraphObjective<S>::run(const Eigen::Ref<const Eigen::MatrixXd>& params,
                              Eigen::Ref<Eigen::VectorXd> losses) {
  Copies& c = copies(params.cols());
  auto flat = c.graph->params();
  for (Eigen::Index j = 0; j < params.cols(); ++j) {
    flat.segment(j * kAeParameters, kAeParameters) = params.col(j).template cast<S>();
  }
  c.graph->forward(c.losses, ael::RunContext{false, 0, 0});
  for (Eigen::Index j = 0; j < params.cols(); ++j) {
    losses[j] = static_cast<double>(c.graph->value(c.losses[static_cast<std::size_t>(j)])(0, 0));
  }
}

template <class S>
double AeGraphObjective<S>::value(const Eigen::Ref<const Eigen::VectorXd>& params, std::uint64_t) {
  Eigen::VectorXd loss(1);
  run(params, loss);
  return loss[0];
}

template <class S>
void AeGraphObjective<S>::evaluate(const Eigen::Ref<const Eigen::MatrixXd>& population,
                                   std::uint64_t, Eigen::Ref<Eigen::VectorXd> losses) {
  for (Eigen::Index begin = 0; begin < population.cols(); begin += width_) {
    const Eigen::Index count = std::min(width_, population.cols() - begin);
    run(population.middleCols(begin, count), losses.segment(begin, count));
  }
}

template <class S>
std::unique_ptr<ael::train::Objective> AeGraphObjective<S>::clone() const {
  return std::make_unique<AeGraphObjective>(batch_, width_);
}

template class AeGraphObjective<float>;
template class AeGraphObjective<double>;

}  // namespace bench
