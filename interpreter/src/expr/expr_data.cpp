// ExprData: the data set transposed so that each feature's rows are contiguous.
#include <cmath>

#include "ael/diagnostic.hpp"
#include "ael/expression.hpp"

namespace ael {

template <class T>
ExprData<T>::ExprData(const Eigen::Ref<const Matrix>& X) : rows_(X.cols()) {
  const Eigen::Index batch = expr_batch_rows<T>();
  const Eigen::Index padded = (rows_ + batch - 1) / batch * batch;
  storage_.setZero(padded, X.rows());
  storage_.topRows(rows_) = X.transpose();
}

template class ExprData<float>;
template class ExprData<double>;

}  // namespace ael
