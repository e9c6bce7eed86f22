// ael/tensor.hpp — tensors and their shapes (part of the public SDK).
//
// A tensor is a column-major Eigen matrix laid out features x batch: one column per sample.
// A Shape is what the graph knows before run time. A *batched* shape has `cols * B` columns
// at run time, where B is the batch size the graph is planned for; `cols` is then a
// per-sample column multiplier (1 for ordinary activations, k for "k probe points per
// sample", L for "one column per time step" after a reshape). A non-batched shape is fixed:
// parameters, constants, 1x1 scalars, reductions over the batch.
#pragma once

#include "ael/export.h"

#include <string>
#include "ael/eigen.hpp"

#include "ael/diagnostic.hpp"

namespace ael {

using Index = Eigen::Index;

template <class S>
using Matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
template <class S>
using Vector = Eigen::Matrix<S, Eigen::Dynamic, 1>;
template <class S>
using MatrixMap = Eigen::Map<Matrix<S>>;
template <class S>
using ConstMatrixMap = Eigen::Map<const Matrix<S>>;

struct AEL_API Shape {
  Index rows = 0;
  Index cols = 1;        ///< fixed column count, or the per-sample multiplier when batched
  bool batched = false;  ///< run-time columns are cols * B

  static Shape fixed(Index rows, Index cols) { return {rows, cols, false}; }
  static Shape batch(Index rows, Index per_sample = 1) { return {rows, per_sample, true}; }
  static Shape scalar() { return {1, 1, false}; }

  bool is_scalar() const { return !batched && rows == 1 && cols == 1; }
  /// Columns at run time for batch size `batch_size`.
  Index runtime_cols(Index batch_size) const { return batched ? cols * batch_size : cols; }
  /// Elements per sample (batched) or in total (fixed).
  Index size() const { return rows * cols; }

  /// "3xB", "3x4B", "3x5", "1x1".
  std::string str() const;

  friend bool operator==(const Shape& a, const Shape& b) {
    return a.rows == b.rows && a.cols == b.cols && a.batched == b.batched;
  }
  friend bool operator!=(const Shape& a, const Shape& b) { return !(a == b); }
};

namespace graph {

/// A shape mismatch found while building a graph. The message names the op and the
/// shapes ("dense: input has 2 features but the layer expects 3"); the evaluator adds the
/// script location.
class AEL_API ShapeError : public Error {
 public:
  explicit ShapeError(std::string message);
  ~ShapeError() override;
};

}  // namespace graph
}  // namespace ael
