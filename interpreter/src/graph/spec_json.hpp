// GraphSpec <-> JSON: the architecture metadata of a saved model, so a loaded model runs
// without its script. Format (version 1):
//   { "format": "ael-graph", "version": 1,
//     "nodes": [ { "op": "dense", "inputs": [0, 1, 2], "attrs": {...},
//                  "shape": [rows, cols, batched], "label": "enc1" }, ... ],
//     "inputs": [ {"name": "x", "node": 0} ], "scalars": [...], "endpoints": [...],
//     "params": { "size": 7, "blocks": [ { "name": "enc.W", "offset": 0, "rows": 1,
//                 "cols": 2, "trainable": true,
//                 "init": {"kind": "glorot_uniform", "a": 0, "b": 0, "fan_in": 0,
//                          "fan_out": 0} } ] } }
// Attribute values keep their type: JSON integers are ints, JSON reals are reals.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "graph/spec.hpp"

namespace ael::graph {

inline constexpr int kSpecFormatVersion = 1;

nlohmann::json spec_to_json(const GraphSpec& spec);
/// Parses and validates (see validate()); throws ael::Error naming what is wrong.
GraphSpec spec_from_json(const nlohmann::json& json, const OpRegistry& registry = op_registry());

std::string spec_to_string(const GraphSpec& spec, int indent = -1);
GraphSpec spec_from_string(std::string_view text, const OpRegistry& registry = op_registry());

}  // namespace ael::graph
