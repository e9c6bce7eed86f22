// AEL side of the MMD benchmark: one training step's MMD work, forward + backward, of
//   mmd_prior(x, prior: normal, bandwidth: median, kernel: gaussian, estimator: unbiased)
// for x of 6 x B in float, against B fresh standard-normal samples per step (drawn inside
// the op), with the gradient flowing into x. The op comes from the mmd plugin, loaded
// through the PluginRegistry as the interpreter loads it. One thread.
//
//   bench_mmd [--batches 256,1024,4096] [--min-time 1.0]
//       prints one JSON line per batch size: {"impl": "ael", "batch": B, "ms": median}
//   bench_mmd --check FILE
//       writes a fixed x (6 x 300), y (6 x 200), AEL's double MMD (two-input op, same
//       settings) and its gradient in x, for bench/mmd/torch_mmd.py --check to compare
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ael/loss.hpp"
#include "graph/builder.hpp"
#include "graph/graph.hpp"
#include "graph/ops/builtin.hpp"
#include "plugins/registry.hpp"

namespace {

using ael::Index;
using ael::NodeId;
using ael::Shape;

const ael::Attrs kSettings = {{"kernel", std::string("gaussian")},
                              {"bandwidth", std::string("median")},
                              {"estimator", std::string("unbiased")}};

struct Ops {
  ael::plugins::PluginRegistry plugins;
  std::shared_ptr<ael::LossPlugin> mmd;
  ael::OpRegistry registry;

  Ops() : plugins(config()) {
    mmd = plugins.load("mmd")->create<ael::LossPlugin>(std::vector<ael::OptionArg>{});
    ael::graph::register_builtin_ops(registry);
    mmd->register_ops(registry);
  }
  static ael::plugins::RegistryConfig config() {
    ael::plugins::RegistryConfig c;
    c.extra_dirs = {AEL_BENCH_PLUGIN_DIR};
    return c;
  }
};

Eigen::MatrixXd normal_matrix(Index rows, Index cols, ael::Rng& rng) {
  Eigen::MatrixXd m(rows, cols);
  for (Index k = 0; k < m.size(); ++k) m.data()[k] = rng.normal();
  return m;
}

double median_ms(const Ops& ops, Index batch, double min_time) {
  ael::graph::GraphBuilder b(ops.registry);
  const NodeId x = b.input("x", Shape::batch(6));
  ael::Attrs attrs = kSettings;
  attrs.set("prior", std::string("normal"));
  const NodeId loss = b.add("mmd_prior", {x}, attrs);
  ael::graph::Graph<float> g(b.finish(), 0, ops.registry);
  g.set_batch(batch);
  g.set_input_grads(true);
  ael::Rng rng(1);
  g.set_input(x, normal_matrix(6, batch, rng).cast<float>());
  std::vector<double> times;
  double total = 0;
  for (std::uint64_t step = 0; step < 3 || total < min_time || times.size() < 5; ++step) {
    const auto start = std::chrono::steady_clock::now();
    g.forward(loss, {true, 42, step});
    g.backward(loss);
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (step >= 2) {  // the first steps warm caches and page in the workspace
      times.push_back(s);
      total += s;
    }
  }
  std::sort(times.begin(), times.end());
  return 1000 * times[times.size() / 2];
}

void check(const Ops& ops, const std::string& path) {
  ael::Rng rng(7);
  const Eigen::MatrixXd xv = normal_matrix(6, 300, rng);
  const Eigen::MatrixXd yv = normal_matrix(6, 200, rng).array() * 1.2 + 0.1;
  ael::graph::GraphBuilder b(ops.registry);
  const NodeId x = b.input("x", Shape::batch(6));
  const NodeId y = b.input("y", Shape::fixed(6, 200));
  const NodeId loss = b.add("mmd", {x, y}, kSettings);
  ael::graph::Graph<double> g(b.finish(), 0, ops.registry);
  g.set_batch(300);
  g.set_input_grads(true);
  g.set_input(x, xv);
  g.set_input(y, yv);
  g.forward(loss);
  g.backward(loss);
  std::ofstream out(path);
  out.precision(17);
  auto write = [&](const char* name, const Eigen::MatrixXd& m) {
    out << name << ' ' << m.rows() << ' ' << m.cols();
    for (Index k = 0; k < m.size(); ++k) out << ' ' << m.data()[k];  // column-major
    out << '\n';
  };
  write("x", xv);
  write("y", yv);
  write("value", Eigen::MatrixXd::Constant(1, 1, g.value(loss)(0, 0)));
  write("grad_x", g.grad(x));
}

std::vector<Index> parse_list(const std::string& text) {
  std::vector<Index> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stol(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Index> batches{256, 1024, 4096};
  double min_time = 1.0;
  std::string check_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--batches") {
      batches = parse_list(argv[i + 1]);
    } else if (flag == "--min-time") {
      min_time = std::stod(argv[i + 1]);
    } else if (flag == "--check") {
      check_file = argv[i + 1];
    } else {
      std::cerr << "bench_mmd: unknown flag " << flag << "\n";
      return 2;
    }
  }
  try {
    Ops ops;
    if (!check_file.empty()) {
      check(ops, check_file);
      return 0;
    }
    for (Index batch : batches) {
      std::printf("{\"impl\": \"ael\", \"threads\": 1, \"batch\": %ld, \"ms\": %.4f}\n",
                  static_cast<long>(batch), median_ms(ops, batch, min_time));
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_mmd: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
