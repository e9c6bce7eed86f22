// symreg(): a symbolic-regression run from a script, and its result as a script record.
//
//   {equations: [expression...],      the best equation per target column
//    errors: [mse...],                their MSE on the given data
//    pareto: [[{complexity, error, expression}...] per target],
//    generations: [int...], stop_reasons: [string...],
//    seconds, evaluation_seconds, evaluations, node_rows,
//    history: [[{generation, best_error, best_ever_error, best_size, mean_error,
//                median_error, mean_size, max_depth, evaluations, node_rows, seconds}...]
//              per target]}
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "ael/symreg.hpp"
#include "ael/value.hpp"
#include "bindings/plugin_value.hpp"
#include "data/dataset.hpp"

namespace ael::bindings {

struct SymregRunConfig {
  std::uint64_t seed = 0;
  /// Called with one progress line per generation ("" at the end of a target: finish the
  /// line). Empty: quiet.
  std::function<void(const std::string&)> progress;
  /// Polled every generation; true stops the run (Ctrl-C), which is then an ael::Error.
  std::function<bool()> interrupted;
};

/// Fits one equation per column of `targets` from the columns of `inputs` (variables
/// named after them) with a fresh object of `regressor`'s plugin. Throws ael::Error when
/// the plugin is not a symbolic regressor, its factory rejects the options, the row
/// counts differ, or the fit fails.
Value run_symreg(const data::Dataset& inputs, const data::Dataset& targets,
                 const PluginValue& regressor, const SymregRunConfig& config);

/// The same with an existing regressor object; `generations` (0: unknown) only shows in
/// progress lines.
Value run_symreg(const data::Dataset& inputs, const data::Dataset& targets,
                 SymbolicRegressor& regressor, int generations, const SymregRunConfig& config);

/// A fresh regressor object of `regressor`'s plugin (throws ael::Error when the plugin is
/// of another family or its factory rejects the options).
std::shared_ptr<SymbolicRegressor> make_regressor(const PluginValue& regressor);

/// The plugin's "generations" option, or 0 when it has none.
int generation_budget(const PluginValue& regressor);

/// The script record of a result (layout above).
Value symreg_record(const SymregResult& result);

/// One progress line: "symreg target 1/2  generation 37/200  best mse 1.23e-03  size 17  4.2 s".
std::string symreg_progress_line(const SymregGeneration& g, int targets, int generations);

}  // namespace ael::bindings
