// kl_normal(mu, logvar): the closed-form KL divergence of the diagonal Gaussian
// N(mu, exp(logvar)) from the standard normal N(0, I), the VAE regulariser (cube paper f3):
//
//   KL = 1/n sum_j sum_i 1/2 (exp(logvar_ij) + mu_ij^2 - 1 - logvar_ij)
//
// summed over the latent dimensions i (rows) and averaged over the n columns (the batch),
// like the per-sample KL of Kingma & Welling averaged over a minibatch. mu and logvar have
// the same shape; the result is 1x1. Gradients: dKL/dmu = mu / n,
// dKL/dlogvar = (exp(logvar) - 1) / (2n).
#pragma once

#include <ael/op.hpp>

namespace ael_kl {

void register_kl_normal_op(ael::OpRegistry& registry);

}  // namespace ael_kl
