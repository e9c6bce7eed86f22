// The settings of one MMD node, read once from its attributes (kernels never look
// attributes up by name on the hot path).
//
//   kernel     "gaussian": k(a, b) = exp(-||a - b||^2 / r)  (the cube paper's form: r is a
//                          scale of *squared* distances, not 2 sigma^2)
//              "imq":      k(a, b) = r / (r + ||a - b||^2)  (inverse multiquadric, same r)
//   bandwidth  "median": r_s = scales[s] * median of the pairwise squared distances of the
//                        pooled samples {x, y} (i < j, diagonal excluded); treated as a
//                        constant in the backward pass (no gradient flows through it)
//              "fixed":  r_s = scales[s]
//   scales     one entry: a single kernel; several: the multi-scale kernel sum_s k_{r_s}
//   estimator  "unbiased": sums over i != j within x and within y, divided by n(n-1) and
//                          m(m-1) (needs n, m >= 2); "biased": all pairs (V-statistic),
//                          divided by n^2 and m^2. The cross term is -2/(nm) sum_ij k(x_i, y_j).
#pragma once

#include <ael/op.hpp>
#include <string>
#include <vector>

namespace ael_mmd {

enum class KernelKind { Gaussian, InverseMultiquadric };

struct MmdConfig {
  KernelKind kernel = KernelKind::Gaussian;
  bool median = true;
  std::vector<double> scales{1.0};
  bool unbiased = true;
};

/// Reads and checks the attributes; throws ael::graph::ShapeError("<op>: ...") naming the
/// attribute that is wrong.
MmdConfig read_config(const std::string& op, const ael::Attrs& attrs);

/// The attributes every MMD op accepts (kernel, bandwidth, scales, estimator).
std::vector<ael::AttrSpec> config_attrs();

/// Throws ael::graph::ShapeError("<op>: <message>").
[[noreturn]] void shape_fail(const std::string& op, const std::string& message);

}  // namespace ael_mmd
