// Gradient checking against central finite differences.
#include "graph/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ael::graph {
namespace {

struct Checker {
  Graph<double>& graph;
  NodeId loss;
  const GradcheckOptions& options;
  GradcheckReport report;

  double loss_value() {
    graph.forward(loss, options.run);
    return graph.value(loss)(0, 0);
  }

  // Central difference of the loss for the value at `slot`, which is restored.
  double numeric(double& slot) {
    const double saved = slot;
    slot = saved + options.eps;
    const double plus = loss_value();
    slot = saved - options.eps;
    const double minus = loss_value();
    slot = saved;
    return (plus - minus) / (2 * options.eps);
  }

  void compare(double analytic, double numeric, const std::string& where) {
    const double denom = std::max({std::abs(analytic), std::abs(numeric), options.floor});
    const double error = std::abs(analytic - numeric) / denom;
    ++report.checked;
    // A NaN error counts as the worst possible.
    if (report.worst_where.empty() || !(error <= report.worst_error)) {
      report.worst_error = std::isnan(error) ? INFINITY : error;
      report.worst_where = where;
      report.worst_analytic = analytic;
      report.worst_numeric = numeric;
    }
  }

  // The stride through a tensor of `size` entries that checks at most per_tensor of them.
  Index stride(Index size) const {
    if (options.per_tensor <= 0 || size <= options.per_tensor) return 1;
    return (size + options.per_tensor - 1) / options.per_tensor;
  }

  static std::string at(const std::string& what, const std::string& name, Index r, Index c) {
    return what + " '" + name + "' [" + std::to_string(r) + ", " + std::to_string(c) + "]";
  }

  void check_params() {
    const GraphSpec& spec = graph.spec();
    const Eigen::VectorXd analytic = graph.grads();
    auto params = graph.params();
    for (const ParamBlock& b : spec.params.blocks) {
      if (!b.trainable) continue;
      for (Index k = 0; k < b.size(); k += stride(b.size())) {
        compare(analytic[b.offset + k], numeric(params[b.offset + k]),
                at("parameter", b.name, k % b.rows, k / b.rows));
      }
    }
  }

  void check_inputs(const std::vector<Eigen::MatrixXd>& analytic) {
    const GraphSpec& spec = graph.spec();
    for (std::size_t n = 0; n < spec.inputs.size(); ++n) {
      MatrixMap<double> buffer = graph.input_buffer(spec.inputs[n].node);
      const Index rows = buffer.rows();
      for (Index k = 0; k < buffer.size(); k += stride(buffer.size())) {
        const Index i = k % rows, j = k / rows;
        compare(analytic[n](i, j), numeric(buffer(i, j)), at("input", spec.inputs[n].name, i, j));
      }
    }
  }
};

}  // namespace

std::string GradcheckReport::summary() const {
  std::ostringstream out;
  out.precision(3);
  out << "worst relative error " << worst_error << " at " << worst_where << " (analytic "
      << worst_analytic << ", numeric " << worst_numeric << "; " << checked << " entries)";
  return out.str();
}

GradcheckReport gradcheck(Graph<double>& graph, NodeId loss, const GradcheckOptions& options) {
  graph.set_input_grads(true);
  const GraphSpec& spec = graph.spec();
  // Inputs are perturbed in place: copy bound inputs into the graph's own buffers.
  for (const auto& in : spec.inputs) {
    const Eigen::MatrixXd value = graph.value(in.node);
    graph.set_input(in.node, value);
  }
  graph.forward(loss, options.run);
  graph.backward(loss);
  std::vector<Eigen::MatrixXd> input_grads;
  for (const auto& in : spec.inputs) input_grads.emplace_back(graph.grad(in.node));

  Checker checker{graph, loss, options, {}};
  if (options.params) checker.check_params();
  if (options.inputs) checker.check_inputs(input_grads);
  graph.forward(loss, options.run);  // leave the graph's values as they were
  return checker.report;
}

GradcheckReport gradcheck(const GraphSpec& spec, NodeId loss, const GradcheckData& data,
                          const GradcheckOptions& options) {
  Graph<double> graph(spec);
  if (data.params.size() > 0) graph.set_params(data.params);
  graph.set_batch(data.batch);
  for (const auto& [name, value] : data.inputs) graph.set_input(name, value);
  for (const auto& [name, value] : data.scalars) graph.set_scalar(name, value);
  return gradcheck(graph, loss, options);
}

}  // namespace ael::graph
