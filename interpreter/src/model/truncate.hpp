// Truncating a code: the SOSAE paper's compressed model.
//
// truncate_model(m, "h", k) keeps the first k features of endpoint h: the dense layer that
// produces h (looking through one-input ops such as sigmoid) keeps its first k output rows,
// and every dense layer reading h keeps its first k weight columns. The graph is rebuilt
// (shapes re-inferred) without the training loss, so the result is a smaller working
// model with the same outputs as the original when the dropped features are zero.
#pragma once

#include <string>

#include "model/model_value.hpp"

namespace ael::model {

ModelData truncate_model(const ModelData& model, const std::string& endpoint, Index k);

/// One past the last feature of `codes` (features x N) whose mean |value| exceeds `tol`:
/// the length a truncation can keep.
Index active_length(const Eigen::MatrixXd& codes, double tol);

}  // namespace ael::model
