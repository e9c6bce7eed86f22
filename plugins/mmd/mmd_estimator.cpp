#include "mmd_estimator.hpp"

#include <ael/diagnostic.hpp>
#include <cmath>
#include <string>
#include <utility>

namespace ael_mmd {

using ael::Index;
template <class S>
using Map = Eigen::Map<ael::Matrix<S>>;
template <class S>
using VecMap = Eigen::Map<ael::Vector<S>>;

// Views of the workspace: the three distance blocks (overwritten by dMMD/dD in forward)
// and one vector per side (squared norms, then the row sums backward needs).
template <class S>
struct MmdEstimator<S>::Blocks {
  Index n, m;
  Map<S> xx, yy, xy;
  VecMap<S> vx, vy;

  Blocks(S* w, Index n_, Index m_)
      : n(n_),
        m(m_),
        xx(w, n, n),
        yy(w + n * n, m, m),
        xy(w + n * n + m * m, n, m),
        vx(w + n * n + m * m + n * m, n),
        vy(w + n * n + m * m + n * m + n, m) {}

  // Calls f(data, len) on every value of the pooled upper triangle: the strict upper
  // triangles of xx and yy and all of xy.
  template <class F>
  void visit_pairs(F&& f) const {
    for (Index j = 1; j < n; ++j) f(xx.data() + j * n, static_cast<long>(j));
    for (Index j = 1; j < m; ++j) f(yy.data() + j * m, static_cast<long>(j));
    f(xy.data(), static_cast<long>(n * m));
  }
};

namespace {

// Upper triangle of the squared distances between the columns of a (diagonal zero).
template <class S>
void self_distances(const ael::ConstMatrixMap<S>& a, const VecMap<S>& norms, Map<S>& d) {
  d.template triangularView<Eigen::Upper>() = (S(-2) * a.transpose()) * a;
  for (Index j = 0; j < d.cols(); ++j) {
    auto col = d.col(j).head(j).array();
    col = (col + norms.head(j).array() + norms[j]).max(S(0));
    d(j, j) = 0;
  }
}

template <class S>
void cross_distances(const ael::ConstMatrixMap<S>& a, const ael::ConstMatrixMap<S>& b,
                     const VecMap<S>& na, const VecMap<S>& nb, Map<S>& d) {
  d.noalias() = (S(-2) * a.transpose()) * b;
  for (Index j = 0; j < d.cols(); ++j) {
    d.col(j).array() = (d.col(j).array() + na.array() + nb[j]).max(S(0));
  }
}

// Kernel over the strict upper triangle of a symmetric block; accumulates its row sums of
// the symmetrised dMMD/dD into `sums` (which starts at zero).
template <class S>
double transform_self(const KernelEval<S>& eval, Map<S>& d, VecMap<S>& sums, S coeff) {
  double total = 0;
  for (Index j = 1; j < d.cols(); ++j) {
    total += eval.apply(d.col(j).data(), j, coeff);
    auto col = d.col(j).head(j);
    sums[j] += col.sum();
    sums.head(j) += col;
  }
  return total;
}

template <class S>
double transform_cross(const KernelEval<S>& eval, Map<S>& d, VecMap<S>& sx, VecMap<S>& sy,
                       S coeff) {
  double total = 0;
  for (Index j = 0; j < d.cols(); ++j) {
    total += eval.apply(d.col(j).data(), d.rows(), coeff);
    auto col = d.col(j);
    sy[j] += col.sum();
    sx += col;
  }
  return total;
}

void require_pairs(const char* side, Index count) {
  if (count < 2) {
    throw ael::Error("mmd: the unbiased estimator needs at least 2 samples of " +
                     std::string(side) + ", got " + std::to_string(count) +
                     " (use estimator: \"biased\" for single samples)");
  }
}

}  // namespace

template <class S>
MmdEstimator<S>::MmdEstimator(MmdConfig config)
    : config_(std::move(config)), eval_(config_.kernel, config_.scales) {}

template <class S>
Index MmdEstimator<S>::workspace_size(Index n, Index m) {
  return n * n + m * m + n * m + n + m;
}

template <class S>
double MmdEstimator<S>::median_of_pairs(const Blocks& b) {
  const auto n = static_cast<std::uint64_t>(b.n), m = static_cast<std::uint64_t>(b.m);
  const std::uint64_t count = n * (n - 1) / 2 + m * (m - 1) / 2 + n * m;
  return static_cast<double>(select_([&](auto&& f) { b.visit_pairs(f); }, (count - 1) / 2));
}

template <class S>
double MmdEstimator<S>::transform(Blocks& b) {
  eval_.set_base(base_);
  const KernelEval<S>& eval = eval_;
  const double n = static_cast<double>(b.n), m = static_cast<double>(b.m);
  const double wxx = config_.unbiased ? 1 / (n * (n - 1)) : 1 / (n * n);
  const double wyy = config_.unbiased ? 1 / (m * (m - 1)) : 1 / (m * m);
  const double wxy = -2 / (n * m);
  b.vx.setZero();
  b.vy.setZero();
  // Each unordered pair i < j stands for both (i, j) and (j, i): twice the weight.
  double value = 2 * wxx * transform_self(eval, b.xx, b.vx, static_cast<S>(2 * wxx)) +
                 2 * wyy * transform_self(eval, b.yy, b.vy, static_cast<S>(2 * wyy)) +
                 wxy * transform_cross(eval, b.xy, b.vx, b.vy, static_cast<S>(wxy));
  if (!config_.unbiased) {
    // k(a, a) = 1 for every kernel and scale.
    value += (wxx * n + wyy * m) * static_cast<double>(config_.scales.size());
  }
  return value;
}

template <class S>
S MmdEstimator<S>::forward(const ael::ConstMatrixMap<S>& x, const ael::ConstMatrixMap<S>& y,
                           S* workspace) {
  const Index n = x.cols(), m = y.cols();
  if (config_.unbiased) {
    require_pairs("x", n);
    require_pairs("y", m);
  }
  Blocks b(workspace, n, m);
  b.vx = x.colwise().squaredNorm().transpose();
  b.vy = y.colwise().squaredNorm().transpose();
  self_distances(x, b.vx, b.xx);
  self_distances(y, b.vy, b.yy);
  cross_distances(x, y, b.vx, b.vy, b.xy);
  base_ = 1;
  if (config_.median) {
    const double median = median_of_pairs(b);
    // More than half of the pairs coincide: no scale to take from the data.
    base_ = median > 0 ? median : 1;
  }
  return static_cast<S>(transform(b));
}

// With S = U + U^T (U = dMMD/dD over i < j), H = dMMD/dDxy and the row sums kept by
// forward (vx = S 1 + H 1, vy = Syy 1 + H^T 1):
//   dMMD/dX = 2 (X diag(vx) - X S - Y H^T),  dMMD/dY = 2 (Y diag(vy) - Y Syy - X H).
template <class S>
void MmdEstimator<S>::backward(S g, const ael::ConstMatrixMap<S>& x,
                               const ael::ConstMatrixMap<S>& y, S* workspace, S* gx, S* gy) const {
  Blocks b(workspace, x.cols(), y.cols());
  const S two_g = 2 * g;
  if (gx) {
    Map<S> out(gx, x.rows(), x.cols());
    out.noalias() += (two_g * x) * b.vx.asDiagonal();
    out.noalias() -= (two_g * x) * b.xx.template selfadjointView<Eigen::Upper>();
    out.noalias() -= (two_g * y) * b.xy.transpose();
  }
  if (gy) {
    Map<S> out(gy, y.rows(), y.cols());
    out.noalias() += (two_g * y) * b.vy.asDiagonal();
    out.noalias() -= (two_g * y) * b.yy.template selfadjointView<Eigen::Upper>();
    out.noalias() -= (two_g * x) * b.xy;
  }
}

template class MmdEstimator<float>;
template class MmdEstimator<double>;

}  // namespace ael_mmd
