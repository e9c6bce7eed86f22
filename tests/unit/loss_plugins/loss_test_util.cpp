#include "loss_test_util.hpp"

#include "ael/diagnostic.hpp"
#include "graph/ops/builtin.hpp"

namespace ael::loss_test {
namespace {

plugins::RegistryConfig build_tree_only() {
  plugins::RegistryConfig c;
  c.extra_dirs = {AEL_TEST_PLUGIN_DIR};
  c.use_environment = false;
  c.use_build_dir = false;
  c.use_install_dir = false;
  return c;
}

}  // namespace

LoadedLoss::LoadedLoss(const std::string& name)
    : registry_(build_tree_only()), ops_(std::make_unique<OpRegistry>()) {
  plugin_ = registry_.load(name)->create<LossPlugin>(std::vector<OptionArg>{});
  graph::register_builtin_ops(*ops_);
  plugin_->register_ops(*ops_);
}

// The registry (whose ops point into the plugin) goes before the plugin.
LoadedLoss::~LoadedLoss() { ops_.reset(); }

NodeId TestGraph::input(const std::string& name, Shape shape, Eigen::MatrixXd value) {
  inputs_[name] = std::move(value);
  return builder_.input(name, shape);
}

NodeId TestGraph::param(const std::string& name, Eigen::MatrixXd value) {
  const NodeId id = builder_.param(name, value.rows(), value.cols(), graph::InitSpec::zeros());
  params_.emplace_back(name, std::move(value));
  return id;
}

template <class S>
std::unique_ptr<graph::Graph<S>> TestGraph::compile(Index batch) {
  auto g = std::make_unique<graph::Graph<S>>(builder_.spec(), 0, ops_);
  g->set_batch(batch);
  for (const auto& [name, value] : inputs_) g->set_input(name, value.template cast<S>());
  for (const auto& [name, value] : params_) {
    for (const graph::ParamBlock& b : builder_.spec().params.blocks) {
      if (b.name != name) continue;
      g->params().segment(b.offset, b.size()) =
          Eigen::Map<const Eigen::VectorXd>(value.data(), value.size()).template cast<S>();
    }
  }
  return g;
}

graph::GradcheckReport TestGraph::gradcheck(NodeId loss, Index batch, RunContext run) {
  auto g = compile<double>(batch);
  graph::GradcheckOptions options;
  options.run = run;
  return graph::gradcheck(*g, loss, options);
}

template <class S>
TestGraph::Result TestGraph::run(NodeId loss, Index batch, RunContext run) {
  auto g = compile<S>(batch);
  g->set_input_grads(true);
  g->forward(loss, run);
  g->backward(loss);
  Result r;
  r.value = static_cast<double>(g->value(loss)(0, 0));
  for (const auto& in : builder_.spec().inputs) {
    r.grads[in.name] = g->grad(in.node).template cast<double>();
  }
  for (const graph::ParamBlock& b : builder_.spec().params.blocks) {
    const Eigen::VectorXd flat = g->grads().segment(b.offset, b.size()).template cast<double>();
    r.grads[b.name] = Eigen::Map<const Eigen::MatrixXd>(flat.data(), b.rows, b.cols);
  }
  return r;
}

template std::unique_ptr<graph::Graph<float>> TestGraph::compile<float>(Index);
template std::unique_ptr<graph::Graph<double>> TestGraph::compile<double>(Index);
template TestGraph::Result TestGraph::run<float>(NodeId, Index, RunContext);
template TestGraph::Result TestGraph::run<double>(NodeId, Index, RunContext);

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

Eigen::MatrixXd normal_matrix(Index rows, Index cols, Rng& rng) {
  Eigen::MatrixXd m(rows, cols);
  for (Index k = 0; k < m.size(); ++k) m.data()[k] = rng.normal();
  return m;
}

}  // namespace ael::loss_test
