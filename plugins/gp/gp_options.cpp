#include "gp_options.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "ael/diagnostic.hpp"

namespace ael::gp {
namespace {

std::vector<WeightedOp> paper_primitives() {
  std::vector<WeightedOp> ops;
  for (const char* name :
       {"add", "sub", "mul", "sin", "cos", "exp", "log", "sqrt", "div", "exp", "log", "sqrt"}) {
    ops.push_back(parse_primitive(name));
  }
  return ops;
}

std::string list_text(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& s : items) out += (out.size() > 1 ? ", " : "") + s;
  return out + "]";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

[[noreturn]] void fail(const std::string& name, const std::string& message) {
  throw Error("gp option '" + name + "': " + message);
}

std::string type_name(const SymregOptionValue& v) {
  switch (v.index()) {
    case 0:
      return "bool";
    case 1:
      return "int";
    case 2:
      return "float";
    case 3:
      return "string";
    case 4:
      return "list of strings";
    default:
      return "list of numbers";
  }
}

int as_int(const std::string& name, const SymregOptionValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    if (*i < -2147483647 || *i > 2147483647) fail(name, "value out of range");
    return static_cast<int>(*i);
  }
  if (const auto* d = std::get_if<double>(&v)) {
    if (std::floor(*d) == *d && std::fabs(*d) < 2147483647.0) return static_cast<int>(*d);
  }
  fail(name, "expected an integer, got " + type_name(v));
}

double as_float(const std::string& name, const SymregOptionValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  fail(name, "expected a number, got " + type_name(v));
}

bool as_bool(const std::string& name, const SymregOptionValue& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  fail(name, "expected true or false, got " + type_name(v));
}

std::string as_choice(const std::string& name, const SymregOptionValue& v,
                      const std::vector<std::string>& choices) {
  const auto* s = std::get_if<std::string>(&v);
  if (!s) fail(name, "expected one of " + list_text(choices) + ", got " + type_name(v));
  if (std::find(choices.begin(), choices.end(), *s) == choices.end()) {
    fail(name, "'" + *s + "' is not one of " + list_text(choices));
  }
  return *s;
}

using Setter = std::function<void(GpOptions&, const std::string&, const SymregOptionValue&)>;

struct Entry {
  GpOptionSpec spec;
  Setter set;
};

Setter int_field(int GpOptions::*field) {
  return [field](GpOptions& o, const std::string& n, const SymregOptionValue& v) {
    o.*field = as_int(n, v);
  };
}
Setter float_field(double GpOptions::*field) {
  return [field](GpOptions& o, const std::string& n, const SymregOptionValue& v) {
    o.*field = as_float(n, v);
  };
}
Setter bool_field(bool GpOptions::*field) {
  return [field](GpOptions& o, const std::string& n, const SymregOptionValue& v) {
    o.*field = as_bool(n, v);
  };
}
Setter choice_field(std::string GpOptions::*field, std::vector<std::string> choices) {
  return [field, choices](GpOptions& o, const std::string& n, const SymregOptionValue& v) {
    o.*field = as_choice(n, v, choices);
  };
}

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      {{"mode", "string", "ael", "deap",
        "'deap': the paper's DEAP set-up; 'ael': AEL's defaults (other options override both)"},
       choice_field(&GpOptions::mode, {"ael", "deap"})},
      {{"population", "int", "300", "300", "individuals per generation"},
       int_field(&GpOptions::population)},
      {{"generations", "int", "200", "200", "generations after the initial population"},
       int_field(&GpOptions::generations)},
      {{"tournament_size", "int", "5", "5", "tournament size of selection"},
       int_field(&GpOptions::tournament_size)},
      {{"crossover_probability", "float", "0.5", "0.5",
        "probability that a consecutive pair is crossed (one-point subtree crossover)"},
       float_field(&GpOptions::crossover_probability)},
      {{"mutation_probability", "float", "0.2", "0.2", "probability that an individual mutates"},
       float_field(&GpOptions::mutation_probability)},
      {{"init_method", "string", "half_and_half", "half_and_half",
        "initial trees: 'half_and_half' (ramped), 'grow' or 'full'"},
       choice_field(&GpOptions::init_method, {"half_and_half", "grow", "full"})},
      {{"init_min_depth", "int", "2", "2", "smallest height of initial trees"},
       int_field(&GpOptions::init_min_depth)},
      {{"init_max_depth", "int", "4", "4", "largest height of initial trees"},
       int_field(&GpOptions::init_max_depth)},
      {{"max_depth", "int", "17", "17",
        "height limit: an offspring above it is replaced by a parent (DEAP staticLimit)"},
       int_field(&GpOptions::max_depth)},
      {{"max_size", "int", "50", "0", "node-count limit (0: none), same rule as max_depth"},
       int_field(&GpOptions::max_size)},
      {{"mutation_min_depth", "int", "0", "0", "smallest height of a subtree-mutation subtree"},
       int_field(&GpOptions::mutation_min_depth)},
      {{"mutation_max_depth", "int", "2", "2", "largest height of a subtree-mutation subtree"},
       int_field(&GpOptions::mutation_max_depth)},
      {{"subtree_mutation", "float", "0.6", "1", "relative weight of subtree (uniform) mutation"},
       float_field(&GpOptions::subtree_mutation)},
      {{"point_mutation", "float", "0.25", "0", "relative weight of point mutation"},
       float_field(&GpOptions::point_mutation)},
      {{"hoist_mutation", "float", "0.15", "0", "relative weight of hoist mutation"},
       float_field(&GpOptions::hoist_mutation)},
      {{"primitives", "list[string]", "paper set", "paper set",
        "primitive names ('exp' or 'exp:2'); a name listed twice has twice the weight. Paper "
        "set: add sub mul sin cos exp log sqrt div exp log sqrt"},
       [](GpOptions& o, const std::string& n, const SymregOptionValue& v) {
         const auto* list = std::get_if<std::vector<std::string>>(&v);
         if (!list) fail(n, "expected a list of primitive names, got " + type_name(v));
         if (list->empty()) fail(n, "needs at least one primitive");
         o.primitives.clear();
         for (const std::string& item : *list) {
           try {
             o.primitives.push_back(parse_primitive(item));
           } catch (const Error& e) {
             fail(n, e.what());
           }
         }
       }},
      {{"constants", "bool", "true", "false", "ephemeral random constants as terminals"},
       bool_field(&GpOptions::constants)},
      {{"constant_range", "list[float]", "[-1, 1]", "[-1, 1]", "range of the ephemeral constants"},
       [](GpOptions& o, const std::string& n, const SymregOptionValue& v) {
         const auto* list = std::get_if<std::vector<double>>(&v);
         if (!list || list->size() != 2) fail(n, "expected two numbers [min, max]");
         o.constant_min = (*list)[0];
         o.constant_max = (*list)[1];
       }},
      {{"constant_weight", "float", "1", "1",
        "terminal weight of the constant (each variable weighs 1)"},
       float_field(&GpOptions::constant_weight)},
      {{"optimize_constants", "int", "5", "0",
        "best individuals per generation whose constants Levenberg-Marquardt tunes"},
       int_field(&GpOptions::optimize_constants)},
      {{"optimize_iterations", "int", "5", "5", "Levenberg-Marquardt steps per tuned individual"},
       int_field(&GpOptions::optimize_iterations)},
      {{"optimize_rows", "int", "4096", "4096",
        "rows Levenberg-Marquardt fits on (an even subsample; 0: all); a tuned individual is "
        "kept only if its error on all rows improves"},
       int_field(&GpOptions::optimize_rows)},
      {{"linear_scaling", "bool", "true", "false",
        "score intercept + slope * f with the least-squares intercept and slope (Keijzer); "
        "results include them"},
       bool_field(&GpOptions::linear_scaling)},
      {{"parsimony", "string", "lexicographic", "none",
        "'none', 'lexicographic' (ties on error go to the smaller tree) or 'size_penalty'"},
       choice_field(&GpOptions::parsimony, {"none", "lexicographic", "size_penalty"})},
      {{"parsimony_coefficient", "float", "0.001", "0.001",
        "size_penalty: selection minimises mse + coefficient * size"},
       float_field(&GpOptions::parsimony_coefficient)},
      {{"elitism", "int", "1", "0", "best individuals copied unchanged to the next generation"},
       int_field(&GpOptions::elitism)},
      {{"target_error", "float", "0", "0", "stop a target once its best MSE is at most this"},
       float_field(&GpOptions::target_error)},
      {{"threads", "int", "0", "0",
        "evaluation threads (0: all cores); results do not depend on it"},
       int_field(&GpOptions::threads)},
      {{"precision", "string", "float64", "float64",
        "fitness arithmetic: 'float64' or 'float32' (reported errors are always float64)"},
       choice_field(&GpOptions::precision, {"float64", "float32"})},
  };
  return table;
}

}  // namespace

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
    std::string names;
    for (ExprOp p : expr_primitives())
      names += std::string(names.empty() ? "" : " ") + expr_op_info(p).name;
    throw Error("unknown primitive '" + name + "' (known: " + names + ")");
  }
  return {*op, weight};
}

GpOptions GpOptions::deap() {
  GpOptions o;
  o.mode = "deap";
  o.primitives = paper_primitives();
  return o;
}

GpOptions GpOptions::ael() {
  GpOptions o;
  o.mode = "ael";
  o.primitives = paper_primitives();
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

const std::vector<GpOptionSpec>& gp_option_specs() {
  static const std::vector<GpOptionSpec> specs = [] {
    std::vector<GpOptionSpec> out;
    for (const Entry& e : entries()) out.push_back(e.spec);
    return out;
  }();
  return specs;
}

GpOptions parse_gp_options(const SymregOptions& options) {
  GpOptions o = GpOptions::ael();
  if (const auto it = options.find("mode"); it != options.end()) {
    o = as_choice("mode", it->second, {"ael", "deap"}) == "deap" ? GpOptions::deap()
                                                                 : GpOptions::ael();
  }
  for (const auto& [name, value] : options) {
    const auto& table = entries();
    const auto entry = std::find_if(table.begin(), table.end(),
                                    [&](const Entry& e) { return e.spec.name == name; });
    if (entry == table.end()) {
      std::string best;
      std::size_t best_distance = 3;
      for (const Entry& e : table) {
        const std::size_t d = edit_distance(name, e.spec.name);
        if (d < best_distance) {
          best_distance = d;
          best = e.spec.name;
        }
      }
      throw Error("unknown gp option '" + name + "'" +
                  (best.empty() ? std::string() : "; did you mean '" + best + "'?"));
    }
    entry->set(o, name, value);
  }
  validate(o);
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
