#include "autoencoder.hpp"

#include <string>

#include "data/gaussian.hpp"
#include "graph/builder.hpp"
#include "graph/init.hpp"
#include "graph/layers.hpp"

namespace bench {

Eigen::MatrixXd ae_batch(std::uint64_t seed) {
  return ael::data::correlated_gaussian_paper(kAeWidths[0], kAeSamples, seed).matrix();
}

Eigen::MatrixXd ae_initial_population(Eigen::Index population, std::uint64_t seed) {
  ael::graph::GraphBuilder b;
  ael::NodeId h = b.input("x", ael::Shape::batch(kAeWidths[0]));
  for (std::size_t l = 1; l < kAeWidths.size(); ++l) {
    h = ael::graph::dense_layer(b, h, kAeWidths[l], "l" + std::to_string(l));
  }
  const ael::graph::GraphSpec spec = b.finish();
  Eigen::MatrixXd initial(spec.params.size, population);
  for (Eigen::Index i = 0; i < population; ++i) {
    initial.col(i) = ael::graph::initialise(spec.params, seed + static_cast<std::uint64_t>(i));
  }
  return initial;
}

}  // namespace bench
