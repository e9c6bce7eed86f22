// GP options: the plugin's schema, modes, conversion to engine options, error messages.
#include <gtest/gtest.h>

#include "ael/diagnostic.hpp"
#include "gp_options.hpp"

namespace ael::gp {
namespace {

using ArgList = std::vector<OptionArg>;

std::string error_of(const ArgList& args) {
  try {
    parse_gp_options(args);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(GpOptionsTest, DeapModeIsThePapersSetUp) {
  const GpOptions o = parse_gp_options({{"mode", std::string("deap")}});
  EXPECT_EQ(o.population, 300);
  EXPECT_EQ(o.generations, 200);
  EXPECT_EQ(o.tournament_size, 5);
  EXPECT_EQ(o.crossover_probability, 0.5);
  EXPECT_EQ(o.mutation_probability, 0.2);
  EXPECT_EQ(o.init_min_depth, 2);
  EXPECT_EQ(o.init_max_depth, 4);
  EXPECT_EQ(o.max_depth, 17);
  EXPECT_EQ(o.max_size, 0);
  EXPECT_EQ(o.mutation_min_depth, 0);
  EXPECT_EQ(o.mutation_max_depth, 2);
  EXPECT_EQ(o.point_mutation + o.hoist_mutation, 0.0);
  EXPECT_FALSE(o.constants);
  EXPECT_FALSE(o.linear_scaling);
  EXPECT_EQ(o.optimize_constants, 0);
  EXPECT_EQ(o.elitism, 0);
  EXPECT_EQ(o.parsimony, "none");
  ASSERT_EQ(o.primitives.size(), 12u);  // exp, log, sqrt listed twice
  int exp_count = 0;
  for (const WeightedOp& w : o.primitives) exp_count += w.op == ExprOp::Exp;
  EXPECT_EQ(exp_count, 2);
}

TEST(GpOptionsTest, AelModeAddsConstantsParsimonyAndElitism) {
  const GpOptions o = parse_gp_options({});
  EXPECT_EQ(o.mode, "ael");
  EXPECT_TRUE(o.constants);
  EXPECT_TRUE(o.linear_scaling);
  EXPECT_GT(o.optimize_constants, 0);
  EXPECT_EQ(o.parsimony, "lexicographic");
  EXPECT_EQ(o.elitism, 1);
  EXPECT_EQ(o.max_size, 50);
  EXPECT_EQ(o.primitives.size(), 12u);
}

TEST(GpOptionsTest, SchemaDefaultsAreTheAelModesDefaults) {
  // The schema shows one default per option; it must be the one 'ael' mode uses, or
  // `ael plugins gp` would document values the engine does not use.
  const GpOptions from_defaults = gp_options_from(gp_option_schema().defaults("gp"));
  const GpOptions ael = GpOptions::ael();
  EXPECT_EQ(from_defaults.population, ael.population);
  EXPECT_EQ(from_defaults.max_size, ael.max_size);
  EXPECT_EQ(from_defaults.subtree_mutation, ael.subtree_mutation);
  EXPECT_EQ(from_defaults.point_mutation, ael.point_mutation);
  EXPECT_EQ(from_defaults.hoist_mutation, ael.hoist_mutation);
  EXPECT_EQ(from_defaults.constants, ael.constants);
  EXPECT_EQ(from_defaults.optimize_constants, ael.optimize_constants);
  EXPECT_EQ(from_defaults.linear_scaling, ael.linear_scaling);
  EXPECT_EQ(from_defaults.parsimony, ael.parsimony);
  EXPECT_EQ(from_defaults.elitism, ael.elitism);
  // Applying every default explicitly (given = true) must not change anything either.
  const Options defaults = gp_option_schema().defaults("gp");
  Options all = defaults;
  for (const Options::Entry& e : defaults.entries()) all.set(e.name, e.value, true);
  const GpOptions explicit_defaults = gp_options_from(all);
  EXPECT_EQ(explicit_defaults.max_size, ael.max_size);
  EXPECT_EQ(explicit_defaults.primitives.size(), ael.primitives.size());
  EXPECT_EQ(explicit_defaults.constant_min, ael.constant_min);
  EXPECT_EQ(explicit_defaults.constant_max, ael.constant_max);
}

TEST(GpOptionsTest, ExplicitOptionsOverrideTheModeDefaults) {
  const GpOptions o = parse_gp_options({{"mode", std::string("deap")},
                                        {"population", std::int64_t(50)},
                                        {"crossover_probability", 0.9},
                                        {"constants", true},
                                        {"constant_range", std::vector<double>{-2, 3}},
                                        {"primitives", std::string("add, exp:2.5")}});
  EXPECT_EQ(o.population, 50);
  EXPECT_EQ(o.crossover_probability, 0.9);
  EXPECT_TRUE(o.constants);
  EXPECT_FALSE(o.linear_scaling);  // not given: the deap default stays
  EXPECT_EQ(o.constant_min, -2);
  EXPECT_EQ(o.constant_max, 3);
  ASSERT_EQ(o.primitives.size(), 2u);
  EXPECT_EQ(o.primitives[0].op, ExprOp::Add);
  EXPECT_EQ(o.primitives[1].op, ExprOp::Exp);
  EXPECT_EQ(o.primitives[1].weight, 2.5);
  EXPECT_EQ(parse_gp_options({{"population", 40.0}}).population, 40);  // integral float
  EXPECT_EQ(parse_gp_options({{"target_error", std::int64_t(0)}}).target_error, 0.0);
}

TEST(GpOptionsTest, MistakesAreClearErrors) {
  EXPECT_NE(error_of({{"populaton", std::int64_t(5)}})
                .find("unknown option 'populaton' for gp; did you mean 'population'?"),
            std::string::npos)
      << error_of({{"populaton", std::int64_t(5)}});
  EXPECT_NE(error_of({{"population", std::string("many")}}).find("'population'"),
            std::string::npos);
  EXPECT_NE(error_of({{"population", 2.5}}).find("'population'"), std::string::npos);
  EXPECT_NE(error_of({{"population", std::int64_t(1)}}).find("'population'"), std::string::npos);
  EXPECT_NE(error_of({{"mode", std::string("koza")}}).find("'mode'"), std::string::npos);
  EXPECT_NE(error_of({{"crossover_probability", 1.5}}).find("'crossover_probability'"),
            std::string::npos);
  EXPECT_EQ(error_of({{"primitives", std::string("add,sine")}}),
            "gp option 'primitives': unknown primitive 'sine'; did you mean 'sin'? (known: add "
            "sub mul div neg sin cos tan exp log sqrt square cube tanh abs pow max min sigmoid)");
  EXPECT_EQ(error_of({{"primitives", std::string("add,,mul")}}),
            "gp option 'primitives': empty primitive name in 'add,,mul' (names are separated "
            "by commas)");
  EXPECT_NE(error_of({{"primitives", std::string("exp:-1")}}).find("bad weight"),
            std::string::npos);
  EXPECT_EQ(error_of({{"init_max_depth", std::int64_t(30)}}),
            "gp option 'max_depth': must be at least init_max_depth");
  EXPECT_EQ(error_of({{"constant_range", std::vector<double>{1}}}),
            "gp option 'constant_range': expected two numbers [min, max]");
  EXPECT_EQ(error_of({{"elitism", std::int64_t(300)}}),
            "gp option 'elitism': must be in [0, population)");
}

TEST(GpOptionsTest, SchemaIsSoundAndDocumented) {
  const OptionSchema& schema = gp_option_schema();
  EXPECT_TRUE(schema.self_check().empty());
  for (const OptionSpec& spec : schema.specs()) {
    EXPECT_FALSE(spec.doc.empty()) << spec.name;
    EXPECT_TRUE(spec.default_value.has_value()) << spec.name;
  }
  EXPECT_GE(schema.specs().size(), 29u);
  for (const char* name : {"population", "generations", "tournament_size", "primitives",
                           "constants", "optimize_iterations", "parsimony", "target_error",
                           "linear_scaling", "max_depth", "max_size"}) {
    EXPECT_NE(schema.find(name), nullptr) << name;
  }
}

}  // namespace
}  // namespace ael::gp
