// ExprEvaluator: batched, parallel evaluation of postfix programs.
#include "expr/eigen_gcc12.hpp"  // first: silences a GCC 12 false positive

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "ael/diagnostic.hpp"
#include "ael/expression.hpp"
#include "expr/kernels.hpp"
#include "expr/program_decoder.hpp"
#include "util/thread_pool.hpp"

namespace ael {
namespace {

template <class T>
using Buffer = std::vector<T, Eigen::aligned_allocator<T>>;

/// One worker's scratch: stack slots then constant slots, N values each.
template <class T>
struct Scratch {
  Buffer<T> values;
  expr::DecodedProgram decoded;
  std::vector<double> predictions;  // linear scaling keeps one program's outputs
};

template <class T>
constexpr int kBatch = static_cast<int>(expr_batch_rows<T>());

/// Runs decoded programs over batches of one data set, in one worker's scratch.
template <class T>
class BatchRunner {
 public:
  using K = expr::Kernels<T, kBatch<T>>;

  BatchRunner(const expr::DecodedProgram& program, const ExprData<T>& data, Buffer<T>& scratch)
      : program_(program), data_(data) {
    if (program.max_variable > static_cast<std::uint32_t>(data.features())) {
      throw Error("expression reads variable " + std::to_string(program.max_variable - 1) +
                  " but the data has " + std::to_string(data.features()) + " features");
    }
    const std::size_t needed =
        (static_cast<std::size_t>(program.slots) + program.constants.size()) * kBatch<T>;
    if (scratch.size() < needed) scratch.resize(needed);
    slots_ = scratch.data();
    constants_ = slots_ + static_cast<std::size_t>(program.slots) * kBatch<T>;
    for (std::size_t c = 0; c < program.constants.size(); ++c) {
      std::fill_n(constants_ + c * kBatch<T>, kBatch<T>, static_cast<T>(program.constants[c]));
    }
  }

  /// Evaluates batch `b`; returns a pointer to its kBatch results.
  const T* run(Eigen::Index b) {
    const Eigen::Index offset = b * kBatch<T>;
    for (const expr::Instruction& ins : program_.code) {
      T* out = slot(ins.out);
      const T* a = resolve(ins.a, offset);
      if (ins.arity == 1) {
        K::unary(ins.op, out, a);
      } else if (ins.arity == 2) {
        K::binary(ins.op, out, a, resolve(ins.b, offset));
      } else {
        std::copy_n(a, kBatch<T>, out);
      }
    }
    return slot(program_.result_slot);
  }

 private:
  T* slot(std::uint32_t k) const { return slots_ + static_cast<std::size_t>(k) * kBatch<T>; }
  const T* resolve(const expr::Operand& o, Eigen::Index offset) const {
    switch (o.kind) {
      case expr::Operand::Slot:
        return slot(o.index);
      case expr::Operand::Variable:
        return data_.feature(o.index) + offset;
      case expr::Operand::Constant:
        return constants_ + static_cast<std::size_t>(o.index) * kBatch<T>;
    }
    return nullptr;
  }

  const expr::DecodedProgram& program_;
  const ExprData<T>& data_;
  T* slots_ = nullptr;
  T* constants_ = nullptr;
};

template <class T>
Eigen::Index batch_count(const ExprData<T>& data) {
  return data.padded_rows() / kBatch<T>;
}

}  // namespace

struct ExprEvaluator::Impl {
  std::unique_ptr<ThreadPool> own_pool;
  ThreadPool* pool = nullptr;
  std::vector<Scratch<float>> scratch_f;
  std::vector<Scratch<double>> scratch_d;

  template <class T>
  std::vector<Scratch<T>>& scratch() {
    if constexpr (std::is_same_v<T, float>) {
      return scratch_f;
    } else {
      return scratch_d;
    }
  }
};

ExprEvaluator::ExprEvaluator(unsigned threads) : impl_(std::make_unique<Impl>()) {
  if (threads > 0) {
    impl_->own_pool = std::make_unique<ThreadPool>(threads);
    impl_->pool = impl_->own_pool.get();
  } else {
    impl_->pool = &ThreadPool::global();
  }
  impl_->scratch_f.resize(impl_->pool->size());
  impl_->scratch_d.resize(impl_->pool->size());
}

ExprEvaluator::~ExprEvaluator() = default;

unsigned ExprEvaluator::threads() const { return impl_->pool->size(); }

void ExprEvaluator::parallel_for(std::size_t n,
                                 const std::function<void(std::size_t, unsigned)>& fn) {
  impl_->pool->parallel_for(n, fn);
}

template <class T>
void ExprEvaluator::evaluate(ExprProgram program, const ExprData<T>& data, T* out) {
  auto& scratch = impl_->scratch<T>();
  expr::DecodedProgram decoded;
  expr::decode_program(program, decoded);
  const Eigen::Index batches = batch_count(data);
  // A few batches per task: enough work to amortise the constant fill and hand-out.
  constexpr Eigen::Index kGroup = 16;
  const Eigen::Index groups = (batches + kGroup - 1) / kGroup;
  impl_->pool->parallel_for(static_cast<std::size_t>(groups), [&](std::size_t g, unsigned w) {
    BatchRunner<T> runner(decoded, data, scratch[w].values);
    const Eigen::Index first = static_cast<Eigen::Index>(g) * kGroup;
    const Eigen::Index last = std::min(batches, first + kGroup);
    for (Eigen::Index b = first; b < last; ++b) {
      const T* values = runner.run(b);
      const Eigen::Index offset = b * kBatch<T>;
      const Eigen::Index valid = std::min<Eigen::Index>(kBatch<T>, data.rows() - offset);
      std::copy_n(values, valid, out + offset);
    }
  });
}

template <class T>
std::uint64_t ExprEvaluator::mean_squared_errors(const std::vector<ExprProgram>& programs,
                                                 const ExprData<T>& data, const T* y,
                                                 double* mse_out) {
  if (data.rows() == 0) throw Error("cannot compute a mean squared error over 0 rows");
  auto& scratch = impl_->scratch<T>();
  const Eigen::Index batches = batch_count(data);
  const Eigen::Index rows = data.rows();
  std::vector<std::uint64_t> node_rows(programs.size(), 0);
  impl_->pool->parallel_for(programs.size(), [&](std::size_t p, unsigned w) {
    Scratch<T>& s = scratch[w];
    expr::decode_program(programs[p], s.decoded);
    BatchRunner<T> runner(s.decoded, data, s.values);
    double sse = 0;
    Eigen::Index done = 0;
    for (Eigen::Index b = 0; b < batches; ++b) {
      const T* pred = runner.run(b);
      const Eigen::Index offset = b * kBatch<T>;
      const Eigen::Index valid = std::min<Eigen::Index>(kBatch<T>, rows - offset);
      double part = 0;
      if (valid == kBatch<T>) {
        part = BatchRunner<T>::K::sse(pred, y + offset);
      } else {
        for (Eigen::Index i = 0; i < valid; ++i) {
          const double d = static_cast<double>(pred[i]) - static_cast<double>(y[offset + i]);
          part += d * d;
        }
      }
      done += valid;
      sse += part;
      // Once the sum is inf or NaN the MSE is +inf whatever follows: stop early.
      if (!std::isfinite(sse)) break;
    }
    mse_out[p] = std::isfinite(sse) ? sse / static_cast<double>(rows)
                                    : std::numeric_limits<double>::infinity();
    node_rows[p] = static_cast<std::uint64_t>(programs[p].size) * static_cast<std::uint64_t>(done);
  });
  std::uint64_t total = 0;
  for (std::uint64_t v : node_rows) total += v;
  return total;
}

namespace {

/// Least-squares intercept and slope of y on f and the resulting MSE, from centred sums
/// (two passes over f and y: no cancellation when f has a large mean).
struct ScaledFit {
  double mse, intercept, slope;
};

ScaledFit fit_scaled(const double* f, const double* y, std::size_t n, double y_mean) {
  double f_mean = 0;
  for (std::size_t i = 0; i < n; ++i) f_mean += f[i];
  f_mean /= static_cast<double>(n);
  double sff = 0, sfy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double df = f[i] - f_mean;
    sff += df * df;
    sfy += df * (y[i] - y_mean);
  }
  const double slope = sff > 0 ? sfy / sff : 0.0;
  const double intercept = y_mean - slope * f_mean;
  // Residual sum of squares, computed directly (not syy - sfy^2/sff) for accuracy.
  double sse = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = intercept + slope * f[i] - y[i];
    sse += r * r;
  }
  return {sse / static_cast<double>(n), intercept, slope};
}

}  // namespace

template <class T>
std::uint64_t ExprEvaluator::scaled_mean_squared_errors(const std::vector<ExprProgram>& programs,
                                                        const ExprData<T>& data, const T* y,
                                                        double* mse_out, double* intercept_out,
                                                        double* slope_out) {
  if (data.rows() == 0) throw Error("cannot compute a mean squared error over 0 rows");
  auto& scratch = impl_->scratch<T>();
  const Eigen::Index batches = batch_count(data);
  const std::size_t rows = static_cast<std::size_t>(data.rows());
  std::vector<double> y64(y, y + rows);
  double y_mean = 0;
  for (double v : y64) y_mean += v;
  y_mean /= static_cast<double>(rows);
  std::vector<std::uint64_t> node_rows(programs.size(), 0);
  impl_->pool->parallel_for(programs.size(), [&](std::size_t p, unsigned w) {
    Scratch<T>& s = scratch[w];
    expr::decode_program(programs[p], s.decoded);
    BatchRunner<T> runner(s.decoded, data, s.values);
    s.predictions.resize(rows);
    bool finite = true;
    std::size_t done = 0;
    for (Eigen::Index b = 0; b < batches && finite; ++b) {
      const T* pred = runner.run(b);
      const std::size_t offset = static_cast<std::size_t>(b) * kBatch<T>;
      const std::size_t valid = std::min<std::size_t>(kBatch<T>, rows - offset);
      int bad = 0;
      for (std::size_t i = 0; i < valid; ++i) {
        s.predictions[offset + i] = static_cast<double>(pred[i]);
        bad |= std::isfinite(pred[i]) ? 0 : 1;
      }
      finite = bad == 0;
      done += valid;
    }
    node_rows[p] = static_cast<std::uint64_t>(programs[p].size) * done;
    const double inf = std::numeric_limits<double>::infinity();
    if (!finite) {
      mse_out[p] = inf;
      intercept_out[p] = 0;
      slope_out[p] = 1;
      return;
    }
    const ScaledFit fit = fit_scaled(s.predictions.data(), y64.data(), rows, y_mean);
    const bool ok =
        std::isfinite(fit.mse) && std::isfinite(fit.intercept) && std::isfinite(fit.slope);
    mse_out[p] = ok ? fit.mse : inf;
    intercept_out[p] = ok ? fit.intercept : 0;
    slope_out[p] = ok ? fit.slope : 1;
  });
  std::uint64_t total = 0;
  for (std::uint64_t v : node_rows) total += v;
  return total;
}

template std::uint64_t ExprEvaluator::scaled_mean_squared_errors<float>(
    const std::vector<ExprProgram>&, const ExprData<float>&, const float*, double*, double*,
    double*);
template std::uint64_t ExprEvaluator::scaled_mean_squared_errors<double>(
    const std::vector<ExprProgram>&, const ExprData<double>&, const double*, double*, double*,
    double*);

template void ExprEvaluator::evaluate<float>(ExprProgram, const ExprData<float>&, float*);
template void ExprEvaluator::evaluate<double>(ExprProgram, const ExprData<double>&, double*);
template std::uint64_t ExprEvaluator::mean_squared_errors<float>(const std::vector<ExprProgram>&,
                                                                 const ExprData<float>&,
                                                                 const float*, double*);
template std::uint64_t ExprEvaluator::mean_squared_errors<double>(const std::vector<ExprProgram>&,
                                                                  const ExprData<double>&,
                                                                  const double*, double*);

// ------------------------------------------------------- Expression's evaluation entry

Eigen::VectorXd Expression::evaluate(const Eigen::Ref<const Eigen::MatrixXd>& X) const {
  if (X.rows() < static_cast<Eigen::Index>(variables_->size())) {
    throw Error("expression has " + std::to_string(variables_->size()) +
                " variables but the data has " + std::to_string(X.rows()) +
                " features (X is features x rows)");
  }
  ExprData<double> data(X);
  Eigen::VectorXd out(X.cols());
  ExprEvaluator evaluator;
  evaluator.evaluate(program(), data, out.data());
  return out;
}

Eigen::VectorXf Expression::evaluate(const Eigen::Ref<const Eigen::MatrixXf>& X) const {
  if (X.rows() < static_cast<Eigen::Index>(variables_->size())) {
    throw Error("expression has " + std::to_string(variables_->size()) +
                " variables but the data has " + std::to_string(X.rows()) +
                " features (X is features x rows)");
  }
  ExprData<float> data(X);
  Eigen::VectorXf out(X.cols());
  ExprEvaluator evaluator;
  evaluator.evaluate(program(), data, out.data());
  return out;
}

}  // namespace ael
