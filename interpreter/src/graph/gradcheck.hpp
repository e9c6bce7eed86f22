// Gradient checking: backward against central finite differences, for every trainable
// parameter and every element of every model input. Used by the op tests and the REPL's
// :gradcheck.
//
// The error of one entry is |analytic - numeric| / max(|analytic|, |numeric|, floor): a
// relative error, with `floor` keeping tiny gradients from producing huge ratios out of
// rounding noise. Stochastic ops are repeatable for a fixed RunContext (seed, step), so
// noisy models can be checked too.
#pragma once

#include <map>
#include <string>

#include "graph/graph.hpp"

namespace ael::graph {

struct GradcheckOptions {
  double eps = 1e-6;    ///< finite-difference step
  double floor = 1e-3;  ///< smallest denominator of the relative error
  bool params = true;   ///< check trainable parameters
  bool inputs = true;   ///< check model inputs
  /// At most this many entries of each parameter block and input, evenly spaced (0: all):
  /// two forward passes per entry make a full check of a large model take minutes.
  Index per_tensor = 0;
  RunContext run{true, 0, 0};
};

struct GradcheckReport {
  double worst_error = 0;
  std::string worst_where;  ///< "parameter 'enc.W' [1, 0]" or "input 'x' [0, 3]"
  double worst_analytic = 0;
  double worst_numeric = 0;
  Index checked = 0;  ///< number of entries compared

  bool passed(double tolerance) const { return worst_error <= tolerance; }
  /// One line for people: "worst relative error 3.2e-09 at parameter 'W' [0, 1] ...".
  std::string summary() const;
};

/// Checks `loss` of a graph whose inputs (and scalars) are already set. Turns input
/// gradients on; restores parameters and inputs afterwards.
GradcheckReport gradcheck(Graph<double>& graph, NodeId loss, const GradcheckOptions& options = {});

/// Builds a double graph for `spec` with the given batch size, inputs, scalars and
/// parameters, and checks it.
struct GradcheckData {
  Index batch = 1;
  std::map<std::string, Eigen::MatrixXd> inputs;
  std::map<std::string, double> scalars;
  Eigen::VectorXd params;  ///< empty: initialise(spec.params, 0)
};
GradcheckReport gradcheck(const GraphSpec& spec, NodeId loss, const GradcheckData& data,
                          const GradcheckOptions& options = {});

}  // namespace ael::graph
