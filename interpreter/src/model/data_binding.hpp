// How script data feeds a model's inputs.
//
//   one input:      a dataset with exactly that many features
//   several inputs: a dataset whose features are split among the inputs in header order
//                   (widths must add up), or a record {x: ds1, c: ds2} by input name
// Every input gets the same samples, so all datasets must have the same row count.
#pragma once

#include <vector>

#include <Eigen/Core>

#include "ael/value.hpp"
#include "graph/spec.hpp"

namespace ael::model {

/// One features x samples matrix per spec.inputs entry; throws ael::Error naming the
/// input and the widths when the data does not fit.
std::vector<Eigen::MatrixXd> input_matrices(const graph::GraphSpec& spec, const Value& data);

}  // namespace ael::model
