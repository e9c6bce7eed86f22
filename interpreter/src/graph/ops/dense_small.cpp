// Fixed-size dense kernels (see dense_small.hpp).
#include "graph/ops/dense_small.hpp"

#include <utility>

namespace ael::graph::ops {
namespace {

constexpr int kMax = 4;
constexpr int kLanes = 4;  // independent accumulator sets for the batch sums

template <class S, int Out, int In>
void forward(const S* __restrict w, const S* __restrict bias, const S* __restrict x,
             S* __restrict y, Index cols) {
  S b[Out];
  for (int i = 0; i < Out; ++i) b[i] = bias ? bias[i] : S(0);
  for (Index j = 0; j < cols; ++j) {
    for (int i = 0; i < Out; ++i) {
      S acc = b[i];
      for (int k = 0; k < In; ++k) acc += w[k * Out + i] * x[j * In + k];
      y[j * Out + i] = acc;
    }
  }
}

template <class S, int Out, int In>
void backward(const S* __restrict w, const S* __restrict x, const S* __restrict g, S* gw, S* gb,
              S* gx, Index cols) {
  if (gw || gb) {
    S aw[kLanes][Out * In] = {};
    S ab[kLanes][Out] = {};
    Index j = 0;
    auto column = [&](int lane, Index col) {
      for (int i = 0; i < Out; ++i) {
        const S gi = g[col * Out + i];
        ab[lane][i] += gi;
        for (int k = 0; k < In; ++k) aw[lane][k * Out + i] += gi * x[col * In + k];
      }
    };
    for (; j + kLanes <= cols; j += kLanes) {
      for (int lane = 0; lane < kLanes; ++lane) column(lane, j + lane);
    }
    for (; j < cols; ++j) column(0, j);
    for (int lane = 1; lane < kLanes; ++lane) {
      for (int e = 0; e < Out * In; ++e) aw[0][e] += aw[lane][e];
      for (int i = 0; i < Out; ++i) ab[0][i] += ab[lane][i];
    }
    if (gw) {
      for (int e = 0; e < Out * In; ++e) gw[e] += aw[0][e];
    }
    if (gb) {
      for (int i = 0; i < Out; ++i) gb[i] += ab[0][i];
    }
  }
  if (gx) {
    for (Index j = 0; j < cols; ++j) {
      for (int k = 0; k < In; ++k) {
        S acc = 0;
        for (int i = 0; i < Out; ++i) acc += w[k * Out + i] * g[j * Out + i];
        gx[j * In + k] += acc;
      }
    }
  }
}

template <class S, int Out, int In>
SmallDense<S> entry() {
  return {&forward<S, Out, In>, &backward<S, Out, In>};
}

template <class S, int Out, int... Ins>
SmallDense<S> pick_in(Index in, std::integer_sequence<int, Ins...>) {
  SmallDense<S> found;
  ((in == Ins + 1 ? (found = entry<S, Out, Ins + 1>(), 0) : 0), ...);
  return found;
}

template <class S, int... Outs>
SmallDense<S> pick(Index out, Index in, std::integer_sequence<int, Outs...>) {
  SmallDense<S> found;
  ((out == Outs + 1 ? (found = pick_in<S, Outs + 1>(in, std::make_integer_sequence<int, kMax>{}), 0)
                    : 0),
   ...);
  return found;
}

}  // namespace

template <class S>
SmallDense<S> small_dense(Index out, Index in) {
  if (out < 1 || in < 1 || out > kMax || in > kMax) return {};
  return pick<S>(out, in, std::make_integer_sequence<int, kMax>{});
}

template SmallDense<float> small_dense<float>(Index, Index);
template SmallDense<double> small_dense<double>(Index, Index);

}  // namespace ael::graph::ops
