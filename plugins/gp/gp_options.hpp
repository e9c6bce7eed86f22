// The GP engine's options: the plugin's option schema (types, ranges, choices, docs),
// defaults per mode, and the conversion of validated ael::Options into GpOptions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ael/expression.hpp"
#include "ael/options.hpp"
#include "ael/symreg.hpp"

namespace ael::gp {

struct WeightedOp {
  ExprOp op;
  double weight;
};

struct GpOptions {
  std::string mode = "ael";  ///< "ael" (AEL's defaults) or "deap" (the paper's DEAP set-up)
  int population = 300;
  int generations = 200;
  int tournament_size = 5;
  double crossover_probability = 0.5;         ///< per consecutive pair (DEAP varAnd cxpb)
  double mutation_probability = 0.2;          ///< per individual (DEAP varAnd mutpb)
  std::string init_method = "half_and_half";  ///< "half_and_half", "grow", "full"
  int init_min_depth = 2;
  int init_max_depth = 4;
  int max_depth = 17;          ///< static height limit (Koza / DEAP staticLimit)
  int max_size = 0;            ///< node-count limit; 0: none
  int mutation_min_depth = 0;  ///< height range of the subtrees subtree mutation grows
  int mutation_max_depth = 2;
  double subtree_mutation = 1.0;  ///< relative weights of the mutation operators
  double point_mutation = 0.0;
  double hoist_mutation = 0.0;
  std::vector<WeightedOp> primitives;  ///< weights: duplicates in the list add up
  bool constants = false;              ///< ephemeral random constants as terminals
  double constant_min = -1.0;
  double constant_max = 1.0;
  double constant_weight = 1.0;    ///< terminal weight of the constant (a variable has 1)
  int optimize_constants = 0;      ///< best individuals whose constants LM tunes per generation
  int optimize_iterations = 5;     ///< LM steps per tuned individual
  int optimize_rows = 4096;        ///< rows LM fits on (an even subsample); 0: all rows
  bool linear_scaling = false;     ///< score intercept + slope * f with least-squares a, b
  std::string parsimony = "none";  ///< "none", "lexicographic", "size_penalty"
  double parsimony_coefficient = 0.001;  ///< size_penalty: fitness = mse + c * size
  int elitism = 0;            ///< best individuals copied unchanged into the next generation
  double target_error = 0.0;  ///< stop a target once its best MSE <= this
  int threads = 0;            ///< evaluation threads; 0: the process-wide pool
  std::string precision = "float64";  ///< fitness arithmetic: "float64" or "float32"

  /// The paper's settings (DEAP genHalfAndHalf 2..4, selTournament 5, cxOnePoint 0.5,
  /// mutUniform(genFull 0..2) 0.2, height limit 17, eaSimple, population 300,
  /// generations 200, add/sub/mul/sin/cos/safe exp, log, sqrt (twice each)/safe div).
  static GpOptions deap();
  /// AEL's defaults: the paper's primitives and budget plus linear scaling, constants,
  /// LM on the best five, lexicographic parsimony, elitism, point and hoist mutation,
  /// size limit 50.
  static GpOptions ael();
};

/// The plugin's option schema. Defaults are the 'ael' mode's; each doc names the 'deap'
/// default where it differs (an option the caller does not give takes its mode's default).
/// `primitives` is a comma-separated String ("add,mul,exp:2"): the schema has no
/// string-list type, so gp_options_from checks the names.
const OptionSchema& gp_option_schema();

/// Engine options from validated plugin options: the defaults of options "mode", then
/// every option the caller gave (Options::given). Throws ael::Error naming the option for
/// what the schema cannot check (an unknown primitive, with the closest name; a
/// constant_range that is not [min, max]; inconsistent depths...).
GpOptions gp_options_from(const Options& options);

/// Validates `args` against the schema (throws ael::Error listing every problem), then
/// gp_options_from: for tests and drivers that do not go through the plugin host.
GpOptions parse_gp_options(const std::vector<OptionArg>& args);

/// Checks ranges and consistency (population >= 2, depths, probabilities...).
void validate(const GpOptions& options);

/// "exp" or "exp:2" -> (op, weight); throws on an unknown name (suggesting the closest
/// primitive) or a bad weight.
WeightedOp parse_primitive(const std::string& text);
/// "add, mul,exp:2" -> one WeightedOp per comma-separated item; throws on an empty item.
std::vector<WeightedOp> parse_primitive_list(const std::string& text);
/// The default primitive list (the paper's set) as parse_primitive_list reads it.
const std::string& paper_primitive_list();

}  // namespace ael::gp
