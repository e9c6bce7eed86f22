// Training steps per second of the compiled graph, float32, on AEL_BENCH_THREADS threads
// (default 1; only sigmoid_784's GEMMs are large enough to be split, see
// graph/ops/parallel_product.hpp): forward, backward
// and a plain SGD update (written inline, as a trainer would fuse it). The three models
// are the ones the PyTorch comparison uses:
//   linear_212     2-1-2 linear AE, 1000 points on a line, batch 100, MSE
//   relu_ae        3-64-64-6-64-64-3 ReLU AE, batch 256, MSE
//   sigmoid_784    784-400-784 sigmoid AE, batch 128, MSE (GEMM bound)
// Run: build/bin/bench_graph_steps (add --benchmark_repetitions=5 for spread);
// AEL_BENCH_THREADS=2 build/bin/bench_graph_steps --benchmark_filter=sigmoid_784 for two.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "graph/graph.hpp"
#include "graph/layers.hpp"
#include "util/thread_pool.hpp"

namespace {

using ael::Index;
using ael::NodeId;
using ael::Shape;
using ael::graph::Graph;
using ael::graph::GraphBuilder;

// Sized before the first kernel runs (the pool cannot be resized once used).
const bool kPoolSized = [] {
  const char* threads = std::getenv("AEL_BENCH_THREADS");
  ael::ThreadPool::set_global_threads(threads ? static_cast<unsigned>(std::atoi(threads)) : 1);
  return true;
}();

struct Model {
  ael::graph::GraphSpec spec;
  NodeId x;
  NodeId loss;
};

// Dense layers with `activation` between them (none after the last).
Model autoencoder(const std::vector<Index>& widths, const std::string& activation) {
  GraphBuilder b;
  Model m;
  m.x = b.input("x", Shape::batch(widths.front()));
  NodeId h = m.x;
  for (std::size_t k = 1; k < widths.size(); ++k) {
    h = ael::graph::dense_layer(b, h, widths[k], "l" + std::to_string(k));
    if (!activation.empty() && (k + 1 < widths.size() || activation == "sigmoid"))
      h = b.add(activation, {h});
  }
  m.loss = b.add("mse", {h, m.x});
  m.spec = b.finish();
  return m;
}

// One SGD step per iteration over consecutive batches of `data` (bound, not copied).
void run_steps(benchmark::State& state, const Model& m, const Eigen::MatrixXf& data, Index batch) {
  Graph<float> g(m.spec, 1);
  g.set_batch(batch);
  const Index batches = data.cols() / batch;
  const float lr = 0.01f;
  Index k = 0;
  for (auto _ : state) {
    g.bind_input(m.x, data.data() + (k++ % batches) * batch * data.rows());
    g.forward(m.loss);
    g.backward(m.loss);
    g.params() -= lr * g.grads();
  }
  benchmark::DoNotOptimize(g.value(m.loss)(0, 0));
  state.counters["steps/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["loss"] = g.value(m.loss)(0, 0);
}

void linear_212(benchmark::State& state) {
  const Model m = autoencoder({2, 1, 2}, "");
  Eigen::MatrixXf data(2, 1000);
  ael::Rng rng(1);
  for (Index j = 0; j < data.cols(); ++j) {
    data(0, j) = static_cast<float>(rng.uniform(-1, 1));
    data(1, j) = std::tan(0.5f) * data(0, j);
  }
  run_steps(state, m, data, 100);
}

void relu_ae(benchmark::State& state) {
  const Model m = autoencoder({3, 64, 64, 6, 64, 64, 3}, "relu");
  const Eigen::MatrixXf data = Eigen::MatrixXf::Random(3, 256 * 10);
  run_steps(state, m, data, 256);
}

void sigmoid_784(benchmark::State& state) {
  const Model m = autoencoder({784, 400, 784}, "sigmoid");
  const Eigen::MatrixXf data = (Eigen::MatrixXf::Random(784, 128 * 10).array() + 1) / 2;
  run_steps(state, m, data, 128);
}

BENCHMARK(linear_212)->Unit(benchmark::kMicrosecond);
BENCHMARK(relu_ae)->Unit(benchmark::kMicrosecond);
// Wall time: on two threads that is what the split saves (CPU time would sum them).
BENCHMARK(sigmoid_784)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
