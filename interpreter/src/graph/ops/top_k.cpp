// top_k: the k-sparse autoencoder's activation (Makhzani & Frey, 2013). In each column the
// k largest values are kept and every other entry is set to 0; the gradient flows only
// through the kept entries. Ties at the k-th value are broken by row (lower rows first),
// so the selection is deterministic.
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

// The workspace holds one 0/1 mask entry per element (backward reuses the selection).
template <class S>
class TopKKernel final : public Kernel<S> {
 public:
  explicit TopKKernel(const NodeInfo& n)
      : k_(n.attrs.integer("k")),
        rows_(n.output.rows),
        cols_(n.output.cols),
        order_(static_cast<std::size_t>(rows_)) {}

  Index workspace_size(Index batch) const override { return rows_ * cols_ * batch; }

  void forward(KernelContext<S>& c) override {
    ConstMatrixMap<S> x = c.input(0);
    MatrixMap<S> y = c.output();
    MatrixMap<S> mask(c.workspace(), x.rows(), x.cols());
    mask.setZero();
    const auto kth = order_.begin() + static_cast<std::ptrdiff_t>(k_);
    for (Index j = 0; j < x.cols(); ++j) {
      std::iota(order_.begin(), order_.end(), Index{0});
      std::nth_element(order_.begin(), kth - 1, order_.end(), [&](Index a, Index b) {
        return x(a, j) > x(b, j) || (x(a, j) == x(b, j) && a < b);
      });
      for (auto it = order_.begin(); it != kth; ++it) mask(*it, j) = S(1);
    }
    y = x.cwiseProduct(mask);
  }

  void backward(KernelContext<S>& c) override {
    if (!c.needs_grad(0)) return;
    ConstMatrixMap<S> mask(c.workspace(), c.input_rows(0), c.input_cols(0));
    c.input_grad(0) += c.output_grad().cwiseProduct(mask);
  }

 private:
  Index k_, rows_, cols_;
  std::vector<Index> order_;  // scratch, sized once (no allocation per step)
};

Shape top_k_shape(const std::vector<Shape>& in, const Attrs& a) {
  const auto k = a.integer("k");
  if (k < 1 || k > in[0].rows) {
    shape_fail("top_k", "k must be between 1 and the input's " + std::to_string(in[0].rows) +
                            " features, got " + std::to_string(k));
  }
  return in[0];
}

}  // namespace

void register_sparsity_ops(OpRegistry& r) {
  OpDef top_k = make_def("top_k", 1, 1, top_k_shape,
                         "keeps the k largest values of each column, zeroes the rest");
  top_k.attrs = {required_int("k")};
  set_kernels<TopKKernel>(top_k);
  r.add(std::move(top_k));
}

}  // namespace ael::graph::ops
