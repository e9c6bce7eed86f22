// The ops of the mmd plugin:
//   mmd(x, y)        MMD^2 between the columns of x and of y (y: another endpoint, batched
//                    or fixed; gradients flow into both)
//   mmd_prior(x)     MMD^2 between the columns of x and `samples` fresh draws of a prior
//                    (standard normal or uniform box) of x's dimension
// Both are 1x1 and take the attributes of mmd_config.hpp.
#pragma once

#include <ael/op.hpp>

namespace ael_mmd {

void register_mmd_ops(ael::OpRegistry& registry);

}  // namespace ael_mmd
