// arguments({...}): script arguments typed after their defaults (eval/script_arguments.hpp).
#include <gtest/gtest.h>

#include "eval/script_arguments.hpp"
#include "eval_helpers.hpp"

namespace ael::test {
namespace {

const Record kDefaults{{"lr", Value(1e-3)},
                       {"epochs", Value(std::int64_t{20})},
                       {"name", Value(std::string("base"))},
                       {"fast", Value(false)},
                       {"tag", Value()}};

std::string bind_error(const eval::ScriptArguments& given) {
  try {
    eval::bind_arguments(kDefaults, given);
  } catch (const Error& e) {
    return e.diagnostic().message;
  }
  return "";
}

TEST(ScriptArguments, ValuesTakeTheirDefaultsTypes) {
  const Record r = eval::bind_arguments(
      kDefaults, {{"lr", "2"}, {"epochs", "5"}, {"name", "12"}, {"fast", "true"}, {"tag", "1.5"}});
  EXPECT_EQ(*r.find("lr"), Value(2.0));  // a float default reads an int as a float
  EXPECT_EQ(*r.find("epochs"), Value(std::int64_t{5}));
  EXPECT_EQ(*r.find("name"), Value(std::string("12")));  // a string stays text
  EXPECT_EQ(*r.find("fast"), Value(true));
  EXPECT_EQ(*r.find("tag"), Value(1.5));  // none: read as a literal
  EXPECT_EQ(eval::bind_arguments(kDefaults, {{"tag", "wide"}}).find("tag")->as_string(), "wide");
  EXPECT_EQ(eval::bind_arguments(kDefaults, {}).fields(), kDefaults.fields());
}

TEST(ScriptArguments, BadValuesAndUnknownNamesAreErrors) {
  EXPECT_EQ(bind_error({{"epochs", "1.5"}}),
            "script argument epochs=1.5: expected an integer (the default is 20)");
  EXPECT_EQ(bind_error({{"lr", "nan"}}),
            "script argument lr=nan: expected a finite number (the default is 0.001)");
  EXPECT_EQ(bind_error({{"lr", ""}}),
            "script argument lr=: expected a finite number (the default is 0.001)");
  EXPECT_EQ(bind_error({{"fast", "yes"}}),
            "script argument fast=yes: expected true or false (the default is false)");
  EXPECT_EQ(bind_error({{"epochs", "99999999999999999999"}}),
            "script argument epochs=99999999999999999999: expected an integer (the default is 20)");
  EXPECT_EQ(bind_error({{"lrr", "1"}}), "unknown script argument 'lrr'; did you mean 'lr'?");
  EXPECT_EQ(bind_error({{"zzzzzz", "1"}}),
            "unknown script argument 'zzzzzz'; the script declares lr, epochs, name, fast, tag");
}

TEST(ScriptArguments, NameEqualsValueIsSplitOnceForEveryHost) {
  using Pair = std::pair<std::string, std::string>;
  EXPECT_EQ(parse_script_argument("lr=3e-4"), (Pair{"lr", "3e-4"}));
  EXPECT_EQ(parse_script_argument("name=a=b"), (Pair{"name", "a=b"}));
  EXPECT_EQ(parse_script_argument("_x2="), (Pair{"_x2", ""}));
  for (const char* bad : {"lr", "=1", "2x=1", "l-r=1", ""}) {
    try {
      parse_script_argument(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_NE(e.diagnostic().message.find("name=value"), std::string::npos) << bad;
    }
  }
}

TEST(ScriptArguments, AScriptReadsThemThroughTheEngineConfig) {
  EngineConfig config;
  config.arguments = {{"epochs", "3"}};
  Session s(config);
  EXPECT_EQ(s.eval("let a = arguments({epochs: 20, lr: 0.1})\na.epochs * 2"),
            Value(std::int64_t{6}));

  EngineConfig unread;
  unread.arguments = {{"epochs", "3"}};
  Session never(unread);
  EXPECT_NE(never.error_message("if false { arguments({epochs: 1}) }\n1")
                .find("ended without reading its arguments (epochs=3)"),
            std::string::npos);
}

}  // namespace
}  // namespace ael::test
