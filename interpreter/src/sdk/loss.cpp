// Key function of ael::LossPlugin (see sdk/plugin.cpp).
#include "ael/loss.hpp"

namespace ael {
LossPlugin::~LossPlugin() = default;
}  // namespace ael
