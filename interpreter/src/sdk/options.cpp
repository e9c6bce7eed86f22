// Option schemas: validation of a call's arguments against what a plugin declares.
#include "ael/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "ael/diagnostic.hpp"

namespace ael {
namespace {

// Shortest text that reads back as the same double ("0.001", not "0.00100000000000000002").
std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buffer[64];
  // Whole numbers as integers ("10000000", not to_chars' shortest "1e+07"): bounds of
  // integer options read as the integers they are.
  if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", v);
    return buffer;
  }
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), v);
  return std::string(buffer, result.ptr);
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

// "a float (20.5)", "a string ('fast')": what the caller passed, for type errors.
std::string describe_given(const OptionValue& value) {
  struct Visitor {
    std::string operator()(bool b) const {
      return std::string("a bool (") + (b ? "true" : "false") + ")";
    }
    std::string operator()(std::int64_t i) const {
      return "an integer (" + std::to_string(i) + ")";
    }
    std::string operator()(double d) const { return "a float (" + format_number(d) + ")"; }
    std::string operator()(const std::string& s) const { return "a string ('" + s + "')"; }
    std::string operator()(const std::vector<double>&) const { return "a list of numbers"; }
  };
  return std::visit(Visitor{}, value);
}

const char* expected_phrase(OptionType type) {
  switch (type) {
    case OptionType::Number:
      return "a number";
    case OptionType::Integer:
      return "an integer";
    case OptionType::Bool:
      return "true or false";
    case OptionType::String:
      return "a string";
    case OptionType::Choice:
      return "a name";
    case OptionType::NumberList:
      return "a list of numbers";
  }
  return "a value";
}

bool in_range(const OptionSpec& spec, double v) {
  if (spec.min && (spec.min_exclusive ? !(v > *spec.min) : !(v >= *spec.min))) return false;
  if (spec.max && (spec.max_exclusive ? !(v < *spec.max) : !(v <= *spec.max))) return false;
  return true;
}

OptionProblem make_problem(OptionProblem::Kind kind, const std::string& option,
                           std::optional<std::size_t> argument, std::string message,
                           std::string suggestion = {}) {
  OptionProblem p;
  p.kind = kind;
  p.option = option;
  p.argument = argument;
  p.message = std::move(message);
  p.suggestion = std::move(suggestion);
  return p;
}

std::string subject(const OptionSpec& spec, std::string_view owner) {
  return "option '" + spec.name + "' of " + std::string(owner);
}

// Checks a number against the spec's bounds; the problem, if any.
std::optional<OptionProblem> check_number(const OptionSpec& spec, double v, std::string_view owner,
                                          std::optional<std::size_t> argument,
                                          const std::string& element = {}) {
  const std::string what =
      element.empty() ? subject(spec, owner) : element + " of " + subject(spec, owner);
  if (!std::isfinite(v)) {
    return make_problem(OptionProblem::Kind::OutOfRange, spec.name, argument,
                        what + " must be a finite number, got " + format_number(v));
  }
  if (!in_range(spec, v)) {
    return make_problem(OptionProblem::Kind::OutOfRange, spec.name, argument,
                        what + " must be " + spec.range_text() + ", got " + format_number(v));
  }
  return std::nullopt;
}

// Converts `given` to the spec's type (into `out`) or explains why it cannot.
std::optional<OptionProblem> coerce(const OptionSpec& spec, const OptionValue& given,
                                    std::string_view owner, std::optional<std::size_t> argument,
                                    OptionValue& out) {
  auto wrong_type = [&] {
    return make_problem(OptionProblem::Kind::WrongType, spec.name, argument,
                        subject(spec, owner) + " expects " + expected_phrase(spec.type) + ", got " +
                            describe_given(given));
  };
  switch (spec.type) {
    case OptionType::Number: {
      double v;
      if (auto* i = std::get_if<std::int64_t>(&given))
        v = static_cast<double>(*i);
      else if (auto* d = std::get_if<double>(&given))
        v = *d;
      else
        return wrong_type();
      if (auto p = check_number(spec, v, owner, argument)) return p;
      out = v;
      return std::nullopt;
    }
    case OptionType::Integer: {
      std::int64_t v;
      if (auto* i = std::get_if<std::int64_t>(&given)) {
        v = *i;
      } else if (auto* d = std::get_if<double>(&given);
                 d && std::isfinite(*d) && std::floor(*d) == *d && std::fabs(*d) < 9.0e15) {
        v = static_cast<std::int64_t>(*d);
      } else {
        return wrong_type();
      }
      if (!in_range(spec, static_cast<double>(v))) {
        return make_problem(
            OptionProblem::Kind::OutOfRange, spec.name, argument,
            subject(spec, owner) + " must be " + spec.range_text() + ", got " + std::to_string(v));
      }
      out = v;
      return std::nullopt;
    }
    case OptionType::Bool:
      if (!std::holds_alternative<bool>(given)) return wrong_type();
      out = given;
      return std::nullopt;
    case OptionType::String:
      if (!std::holds_alternative<std::string>(given)) return wrong_type();
      out = given;
      return std::nullopt;
    case OptionType::Choice: {
      auto* s = std::get_if<std::string>(&given);
      if (!s) return wrong_type();
      if (std::find(spec.choices.begin(), spec.choices.end(), *s) == spec.choices.end()) {
        const std::string suggestion = closest_name(*s, spec.choices);
        std::string message = subject(spec, owner) + " must be one of " + join(spec.choices, ", ") +
                              "; got '" + *s + "'";
        if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
        return make_problem(OptionProblem::Kind::NotAChoice, spec.name, argument, message,
                            suggestion);
      }
      out = given;
      return std::nullopt;
    }
    case OptionType::NumberList: {
      auto* list = std::get_if<std::vector<double>>(&given);
      if (!list) return wrong_type();
      for (std::size_t i = 0; i < list->size(); ++i) {
        if (auto p = check_number(spec, (*list)[i], owner, argument,
                                  "element " + std::to_string(i) + " (from 0)")) {
          return p;
        }
      }
      out = given;
      return std::nullopt;
    }
  }
  return wrong_type();
}

std::vector<std::string> spec_names(const std::vector<OptionSpec>& specs) {
  std::vector<std::string> names;
  names.reserve(specs.size());
  for (const auto& s : specs) names.push_back(s.name);
  return names;
}

OptionProblem unknown_option(const std::string& name, std::size_t argument,
                             const std::vector<OptionSpec>& specs, std::string_view owner) {
  const std::vector<std::string> names = spec_names(specs);
  const std::string suggestion = closest_name(name, names);
  std::string message = "unknown option '" + name + "' for " + std::string(owner);
  if (!suggestion.empty()) {
    message += "; did you mean '" + suggestion + "'?";
  } else if (names.empty()) {
    message += " (" + std::string(owner) + " takes no options)";
  } else {
    message += " (its options are " + join(names, ", ") + ")";
  }
  return make_problem(OptionProblem::Kind::UnknownOption, name, argument, message, suggestion);
}

bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace

const char* option_type_name(OptionType type) {
  switch (type) {
    case OptionType::Number:
      return "number";
    case OptionType::Integer:
      return "integer";
    case OptionType::Bool:
      return "bool";
    case OptionType::String:
      return "string";
    case OptionType::Choice:
      return "choice";
    case OptionType::NumberList:
      return "list of numbers";
  }
  return "unknown";
}

std::string option_value_repr(const OptionValue& value) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return format_number(d); }
    std::string operator()(const std::string& s) const { return "'" + s + "'"; }
    std::string operator()(const std::vector<double>& list) const {
      std::vector<std::string> items;
      for (double d : list) items.push_back(format_number(d));
      return "[" + join(items, ", ") + "]";
    }
  };
  return std::visit(Visitor{}, value);
}

// ---- OptionSpec --------------------------------------------------------------------------

namespace {
OptionSpec make_spec(std::string name, OptionType type, OptionValue value, std::string doc) {
  OptionSpec s;
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(value);
  s.doc = std::move(doc);
  return s;
}
}  // namespace

OptionSpec OptionSpec::number(std::string name, double value, std::string doc) {
  return make_spec(std::move(name), OptionType::Number, value, std::move(doc));
}
OptionSpec OptionSpec::integer(std::string name, std::int64_t value, std::string doc) {
  return make_spec(std::move(name), OptionType::Integer, value, std::move(doc));
}
OptionSpec OptionSpec::boolean(std::string name, bool value, std::string doc) {
  return make_spec(std::move(name), OptionType::Bool, value, std::move(doc));
}
OptionSpec OptionSpec::string(std::string name, std::string value, std::string doc) {
  return make_spec(std::move(name), OptionType::String, std::move(value), std::move(doc));
}
OptionSpec OptionSpec::choice(std::string name, std::vector<std::string> choices, std::string value,
                              std::string doc) {
  OptionSpec s = make_spec(std::move(name), OptionType::Choice, std::move(value), std::move(doc));
  s.choices = std::move(choices);
  return s;
}
OptionSpec OptionSpec::numbers(std::string name, std::vector<double> value, std::string doc) {
  return make_spec(std::move(name), OptionType::NumberList, std::move(value), std::move(doc));
}

std::string OptionSpec::range_text() const {
  if (min && max) {
    return std::string("in ") + (min_exclusive ? "(" : "[") + format_number(*min) + ", " +
           format_number(*max) + (max_exclusive ? ")" : "]");
  }
  if (min) return std::string(min_exclusive ? "> " : ">= ") + format_number(*min);
  if (max) return std::string(max_exclusive ? "< " : "<= ") + format_number(*max);
  return {};
}

// ---- Options -----------------------------------------------------------------------------

const OptionValue* Options::find(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return &e.value;
  }
  return nullptr;
}

bool Options::given(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return e.given;
  }
  return false;
}

void Options::set(std::string name, OptionValue value, bool given) {
  for (auto& e : entries_) {
    if (e.name == name) {
      e.value = std::move(value);
      e.given = given;
      return;
    }
  }
  entries_.push_back({std::move(name), std::move(value), given});
}

const OptionValue& Options::get(std::string_view name) const {
  if (const OptionValue* v = find(name)) return *v;
  throw Error("plugin bug: " + (owner_.empty() ? std::string("the plugin") : owner_) +
              " reads option '" + std::string(name) + "', which its schema does not declare");
}

namespace {
template <class T>
const T& typed(const OptionValue& v, std::string_view name, const std::string& owner,
               const char* wanted) {
  if (const T* p = std::get_if<T>(&v)) return *p;
  throw Error("plugin bug: option '" + std::string(name) + "' of " +
              (owner.empty() ? std::string("the plugin") : owner) + " is read as " + wanted +
              " but holds " + option_value_repr(v));
}
}  // namespace

double Options::number(std::string_view name) const {
  const OptionValue& v = get(name);
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return typed<double>(v, name, owner_, "a number");
}
std::int64_t Options::integer(std::string_view name) const {
  return typed<std::int64_t>(get(name), name, owner_, "an integer");
}
bool Options::boolean(std::string_view name) const {
  return typed<bool>(get(name), name, owner_, "a bool");
}
const std::string& Options::string(std::string_view name) const {
  return typed<std::string>(get(name), name, owner_, "a string");
}
const std::vector<double>& Options::numbers(std::string_view name) const {
  return typed<std::vector<double>>(get(name), name, owner_, "a list of numbers");
}

std::string Options::repr() const {
  std::vector<std::string> items;
  for (const auto& e : entries_) items.push_back(e.name + ": " + option_value_repr(e.value));
  return join(items, ", ");
}

const Options& OptionValidation::value() const {
  if (ok()) return options;
  std::vector<std::string> messages;
  for (const auto& p : problems) messages.push_back(p.message);
  throw Error(join(messages, "; "));
}

// ---- OptionSchema ------------------------------------------------------------------------

const OptionSpec* OptionSchema::find(std::string_view name) const {
  for (const auto& s : specs_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

OptionValidation OptionSchema::validate(const std::vector<OptionArg>& args,
                                        std::string_view owner) const {
  OptionValidation result;
  result.options = Options(std::string(owner));
  std::vector<bool> seen(specs_.size(), false);
  for (std::size_t a = 0; a < args.size(); ++a) {
    const OptionArg& arg = args[a];
    const OptionSpec* spec = find(arg.name);
    if (!spec) {
      result.problems.push_back(unknown_option(arg.name, a, specs_, owner));
      continue;
    }
    const std::size_t index = static_cast<std::size_t>(spec - specs_.data());
    if (seen[index]) {
      result.problems.push_back(make_problem(OptionProblem::Kind::Duplicate, arg.name, a,
                                             subject(*spec, owner) + " is given twice"));
      continue;
    }
    seen[index] = true;
    OptionValue value;
    if (auto problem = coerce(*spec, arg.value, owner, a, value)) {
      result.problems.push_back(std::move(*problem));
      continue;
    }
    result.options.set(spec->name, std::move(value), true);
  }
  // Defaults for the rest, in schema order after the given ones; then reorder to schema
  // order so listings and run manifests are stable.
  Options ordered{std::string(owner)};
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const OptionSpec& spec = specs_[i];
    if (seen[i]) {
      if (const OptionValue* v = result.options.find(spec.name)) ordered.set(spec.name, *v, true);
      continue;
    }
    if (!spec.default_value) {
      std::string message = std::string(owner) + " needs option '" + spec.name + "'";
      if (!spec.doc.empty()) message += " (" + spec.doc + ")";
      result.problems.push_back(
          make_problem(OptionProblem::Kind::Missing, spec.name, std::nullopt, message));
      continue;
    }
    ordered.set(spec.name, *spec.default_value, false);
  }
  result.options = std::move(ordered);
  return result;
}

std::vector<OptionProblem> OptionSchema::check(const Options& options) const {
  std::vector<OptionProblem> problems;
  const std::string& owner = options.owner();
  for (const auto& spec : specs_) {
    const OptionValue* v = options.find(spec.name);
    if (!v) {
      problems.push_back(make_problem(OptionProblem::Kind::Missing, spec.name, std::nullopt,
                                      owner + " needs option '" + spec.name + "'"));
      continue;
    }
    OptionValue converted;
    if (auto p = coerce(spec, *v, owner, std::nullopt, converted)) {
      problems.push_back(std::move(*p));
    } else if (converted.index() != v->index()) {
      problems.push_back(make_problem(OptionProblem::Kind::WrongType, spec.name, std::nullopt,
                                      subject(spec, owner) + " holds " + describe_given(*v) +
                                          "; validate the options before creating the plugin"));
    }
  }
  for (std::size_t i = 0; i < options.entries().size(); ++i) {
    const auto& e = options.entries()[i];
    if (!find(e.name)) problems.push_back(unknown_option(e.name, i, specs_, owner));
  }
  return problems;
}

Options OptionSchema::defaults(std::string_view owner) const { return validate({}, owner).value(); }

std::vector<std::string> OptionSchema::self_check() const {
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const OptionSpec& spec = specs_[i];
    const std::string label = "option '" + spec.name + "'";
    if (!is_identifier(spec.name)) problems.push_back(label + ": the name is not an identifier");
    for (std::size_t j = 0; j < i; ++j) {
      if (specs_[j].name == spec.name) problems.push_back(label + " is declared twice");
    }
    if (spec.min && spec.max && *spec.min > *spec.max) {
      problems.push_back(label + ": min is greater than max");
    }
    if (spec.type == OptionType::Choice && spec.choices.empty()) {
      problems.push_back(label + ": a choice option needs choices");
    }
    if (spec.schedulable && spec.type != OptionType::Number && spec.type != OptionType::Integer) {
      problems.push_back(label + ": only number and integer options can be schedulable");
    }
    if (spec.default_value) {
      OptionValue converted;
      if (auto p = coerce(spec, *spec.default_value, "the plugin", std::nullopt, converted)) {
        problems.push_back(label + ": bad default: " + p->message);
      } else if (converted.index() != spec.default_value->index()) {
        problems.push_back(label + ": the default has the wrong type (" +
                           describe_given(*spec.default_value) + " for a " +
                           option_type_name(spec.type) + " option)");
      }
    }
  }
  return problems;
}

}  // namespace ael
