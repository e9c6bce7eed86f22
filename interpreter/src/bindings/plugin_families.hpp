// What calling a data source or callback plugin in a script gives: not a configuration
// for a later construct (bindings/plugin_value.hpp) but the thing itself.
//
//   let d = spiral(n: 500, seed: 1)          -> a dataset, generated now
//   on_epoch = stop_when(loss: 1e-3)         -> a function of the event record
#pragma once

#include <cstdint>
#include <memory>

#include "ael/options.hpp"
#include "ael/value.hpp"
#include "plugins/plugin_handle.hpp"

namespace ael::bindings {

/// Runs the data source; the stream is seeded from its `seed` option when the schema
/// has one, else from `default_seed`, keyed by the plugin's name.
Value generate_from_source(const std::shared_ptr<const plugins::PluginHandle>& handle,
                           const Options& options, std::uint64_t default_seed);

/// A function of one argument (the event record) returning true to stop the run.
Value callback_function(const std::shared_ptr<const plugins::PluginHandle>& handle,
                        const Options& options);

}  // namespace ael::bindings
