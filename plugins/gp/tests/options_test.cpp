// GP options: modes, parsing, validation, error messages.
#include <gtest/gtest.h>

#include "ael/diagnostic.hpp"
#include "gp_options.hpp"

namespace ael::gp {
namespace {

std::string error_of(const SymregOptions& options) {
  try {
    parse_gp_options(options);
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
  EXPECT_GT(o.optimize_constants, 0);
  EXPECT_EQ(o.parsimony, "lexicographic");
  EXPECT_EQ(o.elitism, 1);
  EXPECT_EQ(o.max_size, 50);
}

TEST(GpOptionsTest, ExplicitOptionsOverrideTheModeDefaults) {
  const GpOptions o =
      parse_gp_options({{"mode", std::string("deap")},
                        {"population", std::int64_t(50)},
                        {"crossover_probability", 0.9},
                        {"constants", true},
                        {"constant_range", std::vector<double>{-2, 3}},
                        {"primitives", std::vector<std::string>{"add", "exp:2.5"}}});
  EXPECT_EQ(o.population, 50);
  EXPECT_EQ(o.crossover_probability, 0.9);
  EXPECT_TRUE(o.constants);
  EXPECT_EQ(o.constant_min, -2);
  EXPECT_EQ(o.constant_max, 3);
  ASSERT_EQ(o.primitives.size(), 2u);
  EXPECT_EQ(o.primitives[1].op, ExprOp::Exp);
  EXPECT_EQ(o.primitives[1].weight, 2.5);
  EXPECT_EQ(parse_gp_options({{"population", 40.0}}).population, 40);  // integral float
  EXPECT_EQ(parse_gp_options({{"target_error", std::int64_t(0)}}).target_error, 0.0);
}

TEST(GpOptionsTest, MistakesAreClearErrors) {
  EXPECT_EQ(error_of({{"populaton", std::int64_t(5)}}),
            "unknown gp option 'populaton'; did you mean 'population'?");
  EXPECT_EQ(error_of({{"population", std::string("many")}}),
            "gp option 'population': expected an integer, got string");
  EXPECT_EQ(error_of({{"population", 2.5}}),
            "gp option 'population': expected an integer, got float");
  EXPECT_EQ(error_of({{"population", std::int64_t(1)}}),
            "gp option 'population': must be at least 2");
  EXPECT_EQ(error_of({{"mode", std::string("koza")}}),
            "gp option 'mode': 'koza' is not one of [ael, deap]");
  EXPECT_NE(error_of({{"primitives", std::vector<std::string>{"add", "sine"}}})
                .find("unknown primitive 'sine'"),
            std::string::npos);
  EXPECT_NE(error_of({{"primitives", std::vector<std::string>{"exp:-1"}}}).find("bad weight"),
            std::string::npos);
  EXPECT_EQ(error_of({{"crossover_probability", 1.5}}),
            "gp option 'crossover_probability': must be in [0, 1]");
  EXPECT_EQ(error_of({{"init_max_depth", std::int64_t(30)}}),
            "gp option 'max_depth': must be at least init_max_depth");
  EXPECT_EQ(error_of({{"constant_range", std::vector<double>{1}}}),
            "gp option 'constant_range': expected two numbers [min, max]");
}

TEST(GpOptionsTest, EverySpecHasDocumentationAndParses) {
  for (const GpOptionSpec& spec : gp_option_specs()) {
    EXPECT_FALSE(spec.doc.empty()) << spec.name;
    EXPECT_FALSE(spec.type.empty()) << spec.name;
  }
  EXPECT_GE(gp_option_specs().size(), 25u);
}

}  // namespace
}  // namespace ael::gp
