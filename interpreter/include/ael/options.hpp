// ael/options.hpp — option schemas and validated option values (part of the plugin SDK).
//
// Every plugin publishes the options it understands as an OptionSchema. The host turns a
// script call such as `adam(lr: 1e-3, amsgrad: true)` into OptionArgs, validates them
// against the schema and hands the plugin a complete Options value (every option present,
// defaults filled in). Validation never throws: it returns structured problems, each naming
// the option and the argument it came from, so the evaluator can put the caret on it:
//
//   unknown option 'lr_' for adam; did you mean 'lr'?
//   option 'beta1' of adam must be in [0, 1), got 1.5
//
// Options are plain data (no callbacks, no pointers into plugin code), so a plugin's
// manifest can be copied out of the plugin and outlive its library.
#pragma once

#include "ael/export.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ael/closest_name.hpp"  // closest_name(), used with option names and choices

namespace ael {

/// The kinds of values an option can hold.
enum class OptionType {
  Number,      ///< a real number (an integer argument is accepted and converted)
  Integer,     ///< a whole number (a float argument with an integral value is accepted)
  Bool,        ///< true / false
  String,      ///< free text
  Choice,      ///< one of a fixed list of names ("rand1", "best1", ...)
  NumberList,  ///< a list of real numbers
};

/// "number", "integer", "bool", "string", "choice", "list of numbers".
AEL_API const char* option_type_name(OptionType type);

/// A concrete option value. Which alternative is used follows the option's type once
/// validated: Number -> double, Integer -> int64, Bool -> bool, String/Choice -> string,
/// NumberList -> vector<double>.
using OptionValue = std::variant<bool, std::int64_t, double, std::string, std::vector<double>>;

/// How a value is shown in messages and listings: 0.001, 20, true, 'best1', [1, 2].
AEL_API std::string option_value_repr(const OptionValue& value);

/// One option a plugin understands.
struct AEL_API OptionSpec {
  std::string name;
  OptionType type = OptionType::Number;
  /// Absent: the option is required (the host reports it when missing).
  std::optional<OptionValue> default_value;
  /// Bounds for Number, Integer and every element of a NumberList.
  std::optional<double> min;
  std::optional<double> max;
  bool min_exclusive = false;
  bool max_exclusive = false;
  /// The allowed names of a Choice option.
  std::vector<std::string> choices;
  /// One line for `ael plugins NAME`.
  std::string doc;
  /// The host may change it between steps (e.g. a learning rate driven by a schedule),
  /// through GradientOptimizer::set_option.
  bool schedulable = false;

  // Builders, so a schema reads as a table:
  //   OptionSpec::number("lr", 1e-3, "learning rate").greater_than(0).can_schedule()
  static OptionSpec number(std::string name, double default_value, std::string doc);
  static OptionSpec integer(std::string name, std::int64_t default_value, std::string doc);
  static OptionSpec boolean(std::string name, bool default_value, std::string doc);
  static OptionSpec string(std::string name, std::string default_value, std::string doc);
  static OptionSpec choice(std::string name, std::vector<std::string> choices,
                           std::string default_value, std::string doc);
  static OptionSpec numbers(std::string name, std::vector<double> default_value, std::string doc);

  OptionSpec& at_least(double v) { return set_min(v, false); }
  OptionSpec& greater_than(double v) { return set_min(v, true); }
  OptionSpec& at_most(double v) { return set_max(v, false); }
  OptionSpec& less_than(double v) { return set_max(v, true); }
  /// Inclusive range [lo, hi].
  OptionSpec& in_range(double lo, double hi) { return at_least(lo).at_most(hi); }
  OptionSpec& required() {
    default_value.reset();
    return *this;
  }
  OptionSpec& can_schedule() {
    schedulable = true;
    return *this;
  }

  /// "> 0", "in [0, 1)", ">= 1", or "" when unbounded.
  std::string range_text() const;

 private:
  OptionSpec& set_min(double v, bool exclusive) {
    min = v;
    min_exclusive = exclusive;
    return *this;
  }
  OptionSpec& set_max(double v, bool exclusive) {
    max = v;
    max_exclusive = exclusive;
    return *this;
  }
};

/// One argument as the caller wrote it (name and value, in call order).
struct AEL_API OptionArg {
  std::string name;
  OptionValue value;
};

/// A validated, complete set of option values: every option of the schema is present.
/// Accessors throw ael::Error when the name is not an option or the type differs (a bug
/// in the plugin, not in the script).
class AEL_API Options {
 public:
  struct Entry {
    std::string name;
    OptionValue value;
    bool given = false;  ///< passed by the caller (false: the default)
  };

  Options() = default;
  /// `owner` names the plugin in error messages.
  explicit Options(std::string owner) : owner_(std::move(owner)) {}

  double number(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  bool boolean(std::string_view name) const;
  /// A String or Choice option.
  const std::string& string(std::string_view name) const;
  const std::vector<double>& numbers(std::string_view name) const;

  const OptionValue* find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  /// True when the caller passed the option (false when it holds the default).
  bool given(std::string_view name) const;

  /// Adds or replaces a value (validation code and tests; plugins only read).
  void set(std::string name, OptionValue value, bool given = true);

  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& owner() const { return owner_; }
  /// "lr: 0.001, amsgrad: true" (every option, for run manifests and logs).
  std::string repr() const;

 private:
  const OptionValue& get(std::string_view name) const;

  std::string owner_;
  std::vector<Entry> entries_;
};

/// One thing wrong with a call's options.
struct AEL_API OptionProblem {
  enum class Kind { UnknownOption, WrongType, OutOfRange, NotAChoice, Duplicate, Missing };
  Kind kind = Kind::UnknownOption;
  std::string option;                   ///< the option name as written by the caller
  std::optional<std::size_t> argument;  ///< index into the OptionArgs (absent: Missing)
  std::string suggestion;               ///< closest known option or choice, or ""
  std::string message;                  ///< the whole sentence, ready to report
};

/// The outcome of OptionSchema::validate.
struct AEL_API OptionValidation {
  Options options;  ///< complete when ok()
  std::vector<OptionProblem> problems;

  bool ok() const { return problems.empty(); }
  /// The options, or throws ael::Error whose message lists every problem.
  const Options& value() const;
};

/// The options a plugin (or a script function it provides) understands.
class AEL_API OptionSchema {
 public:
  OptionSchema() = default;
  OptionSchema(std::initializer_list<OptionSpec> specs) : specs_(specs) {}

  void add(OptionSpec spec) { specs_.push_back(std::move(spec)); }
  const std::vector<OptionSpec>& specs() const { return specs_; }
  const OptionSpec* find(std::string_view name) const;
  bool empty() const { return specs_.empty(); }

  /// Checks the caller's arguments; `owner` names the plugin in messages ("adam").
  /// Never throws.
  OptionValidation validate(const std::vector<OptionArg>& args, std::string_view owner) const;

  /// Checks that `options` holds every option of this schema with a valid value (the
  /// loader runs it before handing options to a plugin). Never throws.
  std::vector<OptionProblem> check(const Options& options) const;

  /// Every option at its default; throws ael::Error when an option is required.
  Options defaults(std::string_view owner) const;

  /// Problems with the schema itself (plugin bugs): duplicate or empty names, defaults of
  /// the wrong type or out of range, choices missing. Empty when the schema is sound.
  std::vector<std::string> self_check() const;

 private:
  std::vector<OptionSpec> specs_;
};

}  // namespace ael
