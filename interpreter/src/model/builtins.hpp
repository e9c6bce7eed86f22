// Script builtins of the model layer: layers that trace graph nodes (dense, lstm, noise,
// ...), losses (on nodes they add loss ops; on datasets they compute numbers), and
// functions on models (init, params, with_params, apply, encode, save, load).
#pragma once

#include "eval/builtins/builtins.hpp"

namespace ael::model {

void register_layer_builtins(eval::BuiltinTable& table);
void register_model_builtins(eval::BuiltinTable& table);

}  // namespace ael::model
