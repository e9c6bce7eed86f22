// Script-level bindings of the C++ layers (data, models, training, plugins): the values
// and builtin functions scripts use. Each file registers one topic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "ael/ael.hpp"
#include "data/dataset.hpp"
#include "eval/builtins/builtins.hpp"

namespace ael::bindings {

void register_data_builtins(eval::BuiltinTable& table);
/// plot (plot_builtins.cpp).
void register_plot_builtins(eval::BuiltinTable& table);
/// expr, evaluate, simplify, latex, to_c, to_lua, symreg (symreg_builtins.cpp).
void register_symreg_builtins(eval::BuiltinTable& table);

// Argument helpers shared by the binding files.
/// The `seed:` argument, or a seed drawn from the run's stream when it is none.
std::uint64_t seed_or_default(const Args& a, std::size_t slot);
/// A path argument (not empty). Relative paths stay relative to the current directory,
/// as in a shell or Python: a shared script writes where it is run. `script_dir()` gives
/// the script's own folder for inputs shipped beside it.
std::string user_path(const Args& a, std::size_t slot);
const data::Dataset& dataset_arg(const Args& a, std::size_t slot);
Eigen::Index count_arg(const Args& a, std::size_t slot);
std::vector<std::string> string_list(const Args& a, std::size_t slot);
/// The numbers of a list, or std::nullopt when an item is not a number.
std::optional<Eigen::VectorXd> numbers_of(const List& items);
Eigen::VectorXd number_vector(const Args& a, std::size_t slot);
Eigen::MatrixXd number_matrix(const Args& a, std::size_t slot);

}  // namespace ael::bindings
