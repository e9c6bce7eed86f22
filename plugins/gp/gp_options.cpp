#include "gp_options.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>

#include "ael/diagnostic.hpp"

namespace ael::gp {
namespace {

[[noreturn]] void fail(const std::string& name, const std::string& message) {
  throw Error("gp option '" + name + "': " + message);
}

std::string trimmed(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") + 1 - b);
}

// Applies one validated option value (its type is the schema's) to the engine options.
using Setter = std::function<void(GpOptions&, const Options&, const std::string&)>;

struct Entry {
  OptionSpec spec;
  Setter set;
};

Setter int_field(int GpOptions::*field) {
  return [field](GpOptions& o, const Options& v, const std::string& n) {
    o.*field = static_cast<int>(v.integer(n));
  };
}
Setter float_field(double GpOptions::*field) {
  return [field](GpOptions& o, const Options& v, const std::string& n) { o.*field = v.number(n); };
}
Setter bool_field(bool GpOptions::*field) {
  return [field](GpOptions& o, const Options& v, const std::string& n) { o.*field = v.boolean(n); };
}
Setter string_field(std::string GpOptions::*field) {
  return [field](GpOptions& o, const Options& v, const std::string& n) { o.*field = v.string(n); };
}

// Integer bounds keep every value inside an int.
constexpr double kBig = 1e7;

const std::vector<Entry>& entries() {
  using S = OptionSpec;
  static const std::vector<Entry> table = {
      {S::choice("mode", {"ael", "deap"}, "ael",
                 "'deap': the paper's DEAP set-up; 'ael': AEL's defaults (options given "
                 "explicitly override both)"),
       string_field(&GpOptions::mode)},
      {S::integer("population", 300, "individuals per generation").in_range(2, kBig),
       int_field(&GpOptions::population)},
      {S::integer("generations", 200, "generations after the initial population").in_range(0, kBig),
       int_field(&GpOptions::generations)},
      {S::integer("tournament_size", 5, "tournament size of selection").in_range(1, kBig),
       int_field(&GpOptions::tournament_size)},
      {S::number("crossover_probability", 0.5,
                 "probability that a consecutive pair is crossed (one-point subtree crossover)")
           .in_range(0, 1),
       float_field(&GpOptions::crossover_probability)},
      {S::number("mutation_probability", 0.2, "probability that an individual mutates")
           .in_range(0, 1),
       float_field(&GpOptions::mutation_probability)},
      {S::choice("init_method", {"half_and_half", "grow", "full"}, "half_and_half",
                 "initial trees: ramped half-and-half, grow or full"),
       string_field(&GpOptions::init_method)},
      {S::integer("init_min_depth", 2, "smallest height of initial trees").in_range(0, 1000),
       int_field(&GpOptions::init_min_depth)},
      {S::integer("init_max_depth", 4, "largest height of initial trees").in_range(0, 1000),
       int_field(&GpOptions::init_max_depth)},
      {S::integer("max_depth", 17,
                  "height limit: an offspring above it is replaced by a parent (DEAP "
                  "staticLimit)")
           .in_range(0, 1000),
       int_field(&GpOptions::max_depth)},
      {S::integer("max_size", 50, "node-count limit, same rule as max_depth (0: none; deap: 0)")
           .in_range(0, kBig),
       int_field(&GpOptions::max_size)},
      {S::integer("mutation_min_depth", 0, "smallest height of a subtree-mutation subtree")
           .in_range(0, 1000),
       int_field(&GpOptions::mutation_min_depth)},
      {S::integer("mutation_max_depth", 2, "largest height of a subtree-mutation subtree")
           .in_range(0, 1000),
       int_field(&GpOptions::mutation_max_depth)},
      {S::number("subtree_mutation", 0.6, "relative weight of subtree (uniform) mutation (deap: 1)")
           .at_least(0),
       float_field(&GpOptions::subtree_mutation)},
      {S::number("point_mutation", 0.25, "relative weight of point mutation (deap: 0)").at_least(0),
       float_field(&GpOptions::point_mutation)},
      {S::number("hoist_mutation", 0.15, "relative weight of hoist mutation (deap: 0)").at_least(0),
       float_field(&GpOptions::hoist_mutation)},
      {S::string("primitives", paper_primitive_list(),
                 "comma-separated primitive names, 'exp:2' for a weight; a name listed twice "
                 "has twice the weight (default: the paper's set)"),
       [](GpOptions& o, const Options& v, const std::string& n) {
         try {
           o.primitives = parse_primitive_list(v.string(n));
         } catch (const Error& e) {
           fail(n, e.what());
         }
       }},
      {S::boolean("constants", true, "ephemeral random constants as terminals (deap: false)"),
       bool_field(&GpOptions::constants)},
      {S::numbers("constant_range", {-1.0, 1.0}, "range [min, max] of the ephemeral constants"),
       [](GpOptions& o, const Options& v, const std::string& n) {
         const std::vector<double>& r = v.numbers(n);
         if (r.size() != 2) fail(n, "expected two numbers [min, max]");
         o.constant_min = r[0];
         o.constant_max = r[1];
       }},
      {S::number("constant_weight", 1.0, "terminal weight of the constant (each variable weighs 1)")
           .greater_than(0),
       float_field(&GpOptions::constant_weight)},
      {S::integer("optimize_constants", 5,
                  "best individuals per generation whose constants Levenberg-Marquardt tunes "
                  "(deap: 0)")
           .in_range(0, kBig),
       int_field(&GpOptions::optimize_constants)},
      {S::integer("optimize_iterations", 5, "Levenberg-Marquardt steps per tuned individual")
           .in_range(0, kBig),
       int_field(&GpOptions::optimize_iterations)},
      {S::integer("optimize_rows", 4096,
                  "rows Levenberg-Marquardt fits on (an even subsample; 0: all); a tuned "
                  "individual is kept only if its error on all rows improves")
           .in_range(0, kBig),
       int_field(&GpOptions::optimize_rows)},
      {S::boolean("linear_scaling", true,
                  "score intercept + slope * f with the least-squares intercept and slope "
                  "(Keijzer); results include them (deap: false)"),
       bool_field(&GpOptions::linear_scaling)},
      {S::choice("parsimony", {"none", "lexicographic", "size_penalty"}, "lexicographic",
                 "'lexicographic': ties on error go to the smaller tree; 'size_penalty': see "
                 "parsimony_coefficient (deap: none)"),
       string_field(&GpOptions::parsimony)},
      {S::number("parsimony_coefficient", 0.001,
                 "size_penalty: selection minimises mse + coefficient * size")
           .at_least(0),
       float_field(&GpOptions::parsimony_coefficient)},
      {S::integer("elitism", 1,
                  "best individuals copied unchanged to the next generation (deap: 0)")
           .in_range(0, kBig),
       int_field(&GpOptions::elitism)},
      {S::number("target_error", 0.0, "stop a target once its best MSE is at most this")
           .at_least(0),
       float_field(&GpOptions::target_error)},
      {S::integer("threads", 0, "evaluation threads (0: all cores); results do not depend on it")
           .in_range(0, 4096),
       int_field(&GpOptions::threads)},
      {S::choice("precision", {"float64", "float32"}, "float64",
                 "fitness arithmetic (reported errors are always float64)"),
       string_field(&GpOptions::precision)},
  };
  return table;
}

}  // namespace

const std::string& paper_primitive_list() {
  static const std::string list = "add,sub,mul,sin,cos,exp,log,sqrt,div,exp,log,sqrt";
  return list;
}

std::vector<WeightedOp> parse_primitive_list(const std::string& text) {
  std::vector<WeightedOp> ops;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string item = trimmed(text.substr(start, comma - start));
    if (item.empty()) {
      throw Error("empty primitive name in '" + text + "' (names are separated by commas)");
    }
    ops.push_back(parse_primitive(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return ops;
}

const OptionSchema& gp_option_schema() {
  static const OptionSchema schema = [] {
    OptionSchema s;
    for (const Entry& e : entries()) s.add(e.spec);
    return s;
  }();
  return schema;
}

GpOptions gp_options_from(const Options& options) {
  GpOptions o = options.has("mode") && options.string("mode") == "deap" ? GpOptions::deap()
                                                                        : GpOptions::ael();
  for (const Entry& e : entries()) {
    if (options.has(e.spec.name) && options.given(e.spec.name)) e.set(o, options, e.spec.name);
  }
  validate(o);
  return o;
}

GpOptions parse_gp_options(const std::vector<OptionArg>& args) {
  return gp_options_from(gp_option_schema().validate(args, "gp").value());
}

WeightedOp parse_primitive(const std::string& text) {
  const std::size_t colon = text.find(':');
  const std::string name = text.substr(0, colon);
  double weight = 1.0;
  if (colon != std::string::npos) {
    const std::string w = text.substr(colon + 1);
    char* end = nullptr;
    weight = std::strtod(w.c_str(), &end);
    if (w.empty() || *end != '\0' || !(weight > 0) || !std::isfinite(weight)) {
      throw Error("bad weight '" + w + "' for primitive '" + name + "' (a positive number)");
    }
  }
  const std::optional<ExprOp> op = expr_op_from_name(name);
  if (!op) {
    std::vector<std::string> known;
    std::string names;
    for (ExprOp p : expr_primitives()) {
      known.emplace_back(expr_op_info(p).name);
      names += (names.empty() ? "" : " ") + known.back();
    }
    throw Error("unknown primitive '" + name + "'" + did_you_mean(name, known) +
                " (known: " + names + ")");
  }
  return {*op, weight};
}

GpOptions GpOptions::deap() {
  GpOptions o;
  o.mode = "deap";
  o.primitives = parse_primitive_list(paper_primitive_list());
  return o;
}

GpOptions GpOptions::ael() {
  GpOptions o;
  o.mode = "ael";
  o.primitives = parse_primitive_list(paper_primitive_list());
  o.max_size = 50;
  o.subtree_mutation = 0.6;
  o.point_mutation = 0.25;
  o.hoist_mutation = 0.15;
  o.constants = true;
  o.optimize_constants = 5;
  o.parsimony = "lexicographic";
  o.elitism = 1;
  o.linear_scaling = true;
  return o;
}

void validate(const GpOptions& o) {
  auto require = [](bool ok, const std::string& name, const std::string& what) {
    if (!ok) fail(name, what);
  };
  require(o.population >= 2, "population", "must be at least 2");
  require(o.generations >= 0, "generations", "must be at least 0");
  require(o.tournament_size >= 1, "tournament_size", "must be at least 1");
  require(o.crossover_probability >= 0 && o.crossover_probability <= 1, "crossover_probability",
          "must be in [0, 1]");
  require(o.mutation_probability >= 0 && o.mutation_probability <= 1, "mutation_probability",
          "must be in [0, 1]");
  require(o.init_min_depth >= 0, "init_min_depth", "must be at least 0");
  require(o.init_max_depth >= o.init_min_depth, "init_max_depth",
          "must be at least init_min_depth");
  require(o.max_depth >= o.init_max_depth, "max_depth", "must be at least init_max_depth");
  require(o.max_depth <= 1000, "max_depth", "must be at most 1000");
  require(o.max_size >= 0, "max_size", "must be at least 0");
  require(o.mutation_min_depth >= 0, "mutation_min_depth", "must be at least 0");
  require(o.mutation_max_depth >= o.mutation_min_depth, "mutation_max_depth",
          "must be at least mutation_min_depth");
  require(o.subtree_mutation >= 0 && o.point_mutation >= 0 && o.hoist_mutation >= 0,
          "subtree_mutation", "mutation weights must not be negative");
  require(o.subtree_mutation + o.point_mutation + o.hoist_mutation > 0, "subtree_mutation",
          "at least one mutation weight must be positive");
  require(!o.primitives.empty(), "primitives", "needs at least one primitive");
  require(o.constant_min <= o.constant_max && std::isfinite(o.constant_min) &&
              std::isfinite(o.constant_max),
          "constant_range", "must be finite with min <= max");
  require(o.constant_weight > 0, "constant_weight", "must be positive");
  require(o.optimize_constants >= 0, "optimize_constants", "must be at least 0");
  require(o.optimize_iterations >= 0, "optimize_iterations", "must be at least 0");
  require(o.optimize_rows >= 0, "optimize_rows", "must be at least 0");
  require(o.parsimony_coefficient >= 0, "parsimony_coefficient", "must not be negative");
  require(o.elitism >= 0 && o.elitism < o.population, "elitism", "must be in [0, population)");
  require(o.target_error >= 0, "target_error", "must not be negative");
  require(o.threads >= 0, "threads", "must not be negative");
}

}  // namespace ael::gp
