// lstm: a one-layer LSTM over a sequence, with PyTorch's conventions (gate order i, f, g,
// o; two bias vectors; weights W_ih 4H x C and W_hh 4H x H).
//
// Inputs: x ((L*C) x N: L time-major blocks of C rows per column; or (L*C) x 1 fixed,
// the same sequence for every column), W_ih, W_hh, b_ih, b_hh, and optionally h0, c0
// (H x N; zero when absent). Output ((L+1)*H) x N: rows [t*H, (t+1)*H) hold h_{t+1}, the
// last H rows hold the final cell state c_L. Slice it for the final h or c.
//
// Per step: a = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh; i, f, o = sigmoid; g = tanh;
// c_t = f c_{t-1} + i g; h_t = o tanh(c_t). The activated gates and cell states are kept
// in the workspace for the backward pass through time.
#include "graph/ops/builtin.hpp"
#include "graph/ops/common.hpp"

namespace ael::graph::ops {
namespace {

template <class S>
using StridedMap = Eigen::Map<Matrix<S>, 0, Eigen::OuterStride<>>;
template <class S>
using ConstStridedMap = Eigen::Map<const Matrix<S>, 0, Eigen::OuterStride<>>;

enum Input { X = 0, W_IH, W_HH, B_IH, B_HH, H0, C0 };

template <class S>
class LstmKernel final : public Kernel<S> {
 public:
  explicit LstmKernel(const NodeInfo& n)
      : hidden_(n.inputs[W_HH].cols),
        features_(n.inputs[W_IH].cols),
        steps_(n.inputs[X].rows / features_),
        has_state_(n.inputs.size() == 7),
        out_shape_(n.output) {}

  Index workspace_size(Index batch) const override {
    const Index cols = out_shape_.runtime_cols(batch);
    // gates (4H per step), cells (H per step), dGates (4H), dh and dc (H each), bias sum
    // and a column of gate-gradient sums (4H each).
    return (4 * hidden_ * steps_ + hidden_ * steps_ + 6 * hidden_) * cols + 8 * hidden_;
  }

  void forward(KernelContext<S>& c) override {
    const Index H = hidden_, N = c.output().cols();
    Work w = work(c);
    ConstMatrixMap<S> w_ih = c.input(W_IH), w_hh = c.input(W_HH);
    w.bias = c.input(B_IH).col(0) + c.input(B_HH).col(0);
    for (Index t = 0; t < steps_; ++t) {
      MatrixMap<S> a(w.gates + t * 4 * H * N, 4 * H, N);
      const Index nx = c.input_cols(X);
      ConstStridedMap<S> xt(c.input_data(X) + t * features_, features_, nx,
                            Eigen::OuterStride<>(steps_ * features_));
      if (nx == N) {
        for (Index j = 0; j < N; ++j) a.col(j) = w.bias;
        add_product(a, w_ih, xt);
      } else {  // one sequence for every column
        w.column = w.bias;
        w.column.noalias() += w_ih * xt.col(0);
        for (Index j = 0; j < N; ++j) a.col(j) = w.column;
      }
      if (t > 0 || has_state_) add_product(a, w_hh, h_prev(c, t));
      a.topRows(2 * H).array() = a.topRows(2 * H).array().logistic();
      a.middleRows(2 * H, H).array() = a.middleRows(2 * H, H).array().tanh();
      a.bottomRows(H).array() = a.bottomRows(H).array().logistic();

      MatrixMap<S> ct(w.cells + t * H * N, H, N);
      ct.array() = a.topRows(H).array() * a.middleRows(2 * H, H).array();
      if (t > 0 || has_state_) ct.array() += a.middleRows(H, H).array() * c_prev(c, w, t).array();
      h_out(c, t).array() = a.bottomRows(H).array() * ct.array().tanh();
    }
    h_out(c, steps_) = MatrixMap<S>(w.cells + (steps_ - 1) * H * N, H, N);  // final c
  }

  void backward(KernelContext<S>& c) override {
    const Index H = hidden_, N = c.output().cols();
    Work w = work(c);
    ConstMatrixMap<S> w_ih = c.input(W_IH), w_hh = c.input(W_HH);
    ConstMatrixMap<S> g = c.output_grad();
    const Index nx = c.input_cols(X);
    MatrixMap<S> dh(w.dh, H, N), dc(w.dc, H, N), dg(w.dgates, 4 * H, N);
    dh.setZero();
    dc = g.bottomRows(H);  // gradient of the final cell state
    for (Index t = steps_; t-- > 0;) {
      ConstMatrixMap<S> a(w.gates + t * 4 * H * N, 4 * H, N);
      ConstMatrixMap<S> ct(w.cells + t * H * N, H, N);
      dh += ConstStridedMap<S>(g.data() + t * H, H, N, Eigen::OuterStride<>((steps_ + 1) * H));
      auto i = a.topRows(H).array();
      auto f = a.middleRows(H, H).array();
      auto gg = a.middleRows(2 * H, H).array();
      auto o = a.bottomRows(H).array();
      // dc_t = dc from t+1 (already multiplied by f_{t+1}) + dh o (1 - tanh(c)^2)
      dg.bottomRows(H).array() = ct.array().tanh();  // scratch: tanh(c_t)
      dc.array() += dh.array() * o * (S(1) - dg.bottomRows(H).array().square());
      dg.bottomRows(H).array() = dh.array() * dg.bottomRows(H).array() * o * (S(1) - o);
      dg.topRows(H).array() = dc.array() * gg * i * (S(1) - i);
      if (t > 0 || has_state_) {
        dg.middleRows(H, H).array() = dc.array() * c_prev(c, w, t).array() * f * (S(1) - f);
      } else {
        dg.middleRows(H, H).setZero();
      }
      dg.middleRows(2 * H, H).array() = dc.array() * i * (S(1) - gg.square());
      dc.array() *= f;

      accumulate_input_grads(c, w, t, nx, w_ih);
      const bool recurrent = t > 0 || has_state_;
      if (recurrent && c.needs_grad(W_HH))
        add_product(c.input_grad(W_HH), dg, h_prev(c, t).transpose());
      if (c.needs_grad(B_IH) || c.needs_grad(B_HH)) {
        w.column = dg.rowwise().sum();
        if (c.needs_grad(B_IH)) c.input_grad(B_IH).col(0) += w.column;
        if (c.needs_grad(B_HH)) c.input_grad(B_HH).col(0) += w.column;
      }
      if (recurrent) {
        dh.setZero();
        add_product(dh, w_hh.transpose(), dg);
      }
    }
    if (has_state_ && c.needs_grad(H0)) c.input_grad(H0) += dh;
    if (has_state_ && c.needs_grad(C0)) c.input_grad(C0) += dc;
  }

 private:
  struct Work {
    S* gates;
    S* cells;
    S* dgates;
    S* dh;
    S* dc;
    Eigen::Map<Vector<S>> bias;
    Eigen::Map<Vector<S>> column;
  };

  Work work(KernelContext<S>& c) const {
    const Index H = hidden_, N = c.output().cols();
    S* p = c.workspace();
    S* gates = p;
    S* cells = gates + 4 * H * steps_ * N;
    S* dgates = cells + H * steps_ * N;
    S* dh = dgates + 4 * H * N;
    S* dc = dh + H * N;
    S* bias = dc + H * N;
    return {gates,
            cells,
            dgates,
            dh,
            dc,
            Eigen::Map<Vector<S>>(bias, 4 * H),
            Eigen::Map<Vector<S>>(bias + 4 * H, 4 * H)};
  }

  // Output rows [t*H, (t+1)*H): h_{t+1} for t < L, the final cell state c_L for t = L.
  StridedMap<S> h_out(KernelContext<S>& c, Index t) const {
    MatrixMap<S> y = c.output();
    return StridedMap<S>(y.data() + t * hidden_, hidden_, y.cols(),
                         Eigen::OuterStride<>((steps_ + 1) * hidden_));
  }

  // The hidden state entering step t: h0 for t = 0, else h_t from the output.
  ConstStridedMap<S> h_prev(KernelContext<S>& c, Index t) const {
    if (t == 0) {
      return ConstStridedMap<S>(c.input_data(H0), hidden_, c.input_cols(H0),
                                Eigen::OuterStride<>(hidden_));
    }
    MatrixMap<S> y = c.output();
    return ConstStridedMap<S>(y.data() + (t - 1) * hidden_, hidden_, y.cols(),
                              Eigen::OuterStride<>((steps_ + 1) * hidden_));
  }

  ConstMatrixMap<S> c_prev(KernelContext<S>& c, const Work& w, Index t) const {
    const Index N = c.output().cols();
    if (t == 0) return c.input(C0);
    return ConstMatrixMap<S>(w.cells + (t - 1) * hidden_ * N, hidden_, N);
  }

  // dW_ih and dx for step t from the gate gradients.
  void accumulate_input_grads(KernelContext<S>& c, Work& w, Index t, Index nx,
                              const ConstMatrixMap<S>& w_ih) const {
    const Index H = hidden_, N = c.output().cols();
    MatrixMap<S> dg(w.dgates, 4 * H, N);
    const Eigen::OuterStride<> stride(steps_ * features_);
    ConstStridedMap<S> xt(c.input_data(X) + t * features_, features_, nx, stride);
    if (nx == N) {
      if (c.needs_grad(W_IH)) add_product(c.input_grad(W_IH), dg, xt.transpose());
      if (c.needs_grad(X)) {
        StridedMap<S> gx(c.input_grad_data(X) + t * features_, features_, nx, stride);
        add_product(gx, w_ih.transpose(), dg);
      }
      return;
    }
    w.column = dg.rowwise().sum();  // the shared input saw every column
    if (c.needs_grad(W_IH)) c.input_grad(W_IH).noalias() += w.column * xt.col(0).transpose();
    if (c.needs_grad(X)) {
      StridedMap<S> gx(c.input_grad_data(X) + t * features_, features_, 1, stride);
      gx.col(0).noalias() += w_ih.transpose() * w.column;
    }
  }

  Index hidden_, features_, steps_;
  bool has_state_;
  Shape out_shape_;
};

Shape lstm_shape(const std::vector<Shape>& in) {
  const std::string op = "lstm";
  const Shape &x = in[X], &w_ih = in[W_IH], &w_hh = in[W_HH];
  for (int k : {W_IH, W_HH, B_IH, B_HH})
    require_fixed(op, in[static_cast<std::size_t>(k)], "a weight");
  const Index H = w_hh.cols, C = w_ih.cols;
  if (w_hh.rows != 4 * H)
    shape_fail(op, "W_hh is " + w_hh.str() + " but must be 4H x H (gates i, f, g, o)");
  if (w_ih.rows != 4 * H)
    shape_fail(op, "W_ih is " + w_ih.str() + " but must be " + std::to_string(4 * H) + "xC");
  for (int k : {B_IH, B_HH}) {
    if (in[static_cast<std::size_t>(k)] != Shape::fixed(4 * H, 1))
      shape_fail(op, "a bias is " + in[static_cast<std::size_t>(k)].str() + " but must be " +
                         std::to_string(4 * H) + "x1");
  }
  if (x.rows % C != 0) {
    shape_fail(op, "the sequence has " + std::to_string(x.rows) + " rows, not a multiple of the " +
                       std::to_string(C) + " features per step");
  }
  Shape out{(x.rows / C + 1) * H, x.cols, x.batched};
  if (in.size() == 7) {
    const Shape &h0 = in[H0], &c0 = in[C0];
    if (h0.rows != H || h0 != c0) {
      shape_fail(op, "initial state h0 " + h0.str() + " and c0 " + c0.str() + " must both be " +
                         std::to_string(H) + " rows with the same columns");
    }
    if (!(x.batched == h0.batched && x.cols == h0.cols) && !(!x.batched && x.cols == 1)) {
      shape_fail(op, "the sequence is " + x.str() + " but the initial state is " + h0.str() +
                         " (same columns, or a single fixed column for the sequence)");
    }
    out.cols = h0.cols;
    out.batched = h0.batched;
  } else if (in.size() != 5) {
    shape_fail(op, "takes x, W_ih, W_hh, b_ih, b_hh and optionally h0 and c0");
  }
  return out;
}

}  // namespace

void register_lstm_ops(OpRegistry& r) {
  OpDef lstm = make_def(
      "lstm", 5, 7, [](const std::vector<Shape>& in, const Attrs&) { return lstm_shape(in); },
      "one LSTM layer over a sequence (PyTorch gate order i, f, g, o); output rows: h_1..h_L "
      "then c_L");
  set_kernels<LstmKernel>(lstm);
  r.add(std::move(lstm));
}

}  // namespace ael::graph::ops
