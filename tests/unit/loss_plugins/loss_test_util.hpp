// Helpers for the loss-plugin tests: load a built plugin through the PluginRegistry,
// register its ops (with the built-ins) into a private OpRegistry, build small graphs over
// that registry, run them in float or double and gradcheck them.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ael/loss.hpp"
#include "ael/op.hpp"
#include "graph/builder.hpp"
#include "graph/gradcheck.hpp"
#include "graph/graph.hpp"
#include "plugins/registry.hpp"

namespace ael::loss_test {

/// A loss plugin loaded from the build tree's plugin folder (and nothing else) with its ops
/// and AEL's built-ins in one registry. Declare it before the graphs that use it.
class LoadedLoss {
 public:
  explicit LoadedLoss(const std::string& name);
  ~LoadedLoss();
  const OpRegistry& ops() const { return *ops_; }
  const LossPlugin& plugin() const { return *plugin_; }

 private:
  plugins::PluginRegistry registry_;
  std::shared_ptr<LossPlugin> plugin_;
  std::unique_ptr<OpRegistry> ops_;
};

/// A graph being built for a test, with the values of its inputs and parameters.
class TestGraph {
 public:
  explicit TestGraph(const OpRegistry& ops) : ops_(ops), builder_(ops) {}

  /// A model input with its run-time value (rows x runtime columns).
  NodeId input(const std::string& name, Shape shape, Eigen::MatrixXd value);
  /// A trainable parameter with its value.
  NodeId param(const std::string& name, Eigen::MatrixXd value);
  NodeId add(const std::string& op, const std::vector<NodeId>& inputs, Attrs attrs = {}) {
    return builder_.add(op, inputs, std::move(attrs));
  }
  graph::GraphBuilder& builder() { return builder_; }

  /// Compiles the graph for batch `batch` with every input and parameter set.
  template <class S>
  std::unique_ptr<graph::Graph<S>> compile(Index batch);

  /// Gradcheck (double) of `loss` over every parameter and input.
  graph::GradcheckReport gradcheck(NodeId loss, Index batch, RunContext run = {true, 7, 3});

  /// The loss value and the gradients of every input and parameter, by name.
  struct Result {
    double value = 0;
    std::map<std::string, Eigen::MatrixXd> grads;
  };
  template <class S>
  Result run(NodeId loss, Index batch, RunContext run = {true, 7, 3});

 private:
  const OpRegistry& ops_;
  graph::GraphBuilder builder_;
  std::map<std::string, Eigen::MatrixXd> inputs_;
  std::vector<std::pair<std::string, Eigen::MatrixXd>> params_;
};

/// Runs f and returns the message of the ael::Error it throws ("<no error>" otherwise).
std::string error_of(const std::function<void()>& f);

/// A d x n matrix of N(0, 1) values.
Eigen::MatrixXd normal_matrix(Index rows, Index cols, Rng& rng);

}  // namespace ael::loss_test
