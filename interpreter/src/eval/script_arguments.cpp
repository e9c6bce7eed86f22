#include "eval/script_arguments.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "ael/ael.hpp"
#include "ael/closest_name.hpp"
#include "ael/diagnostic.hpp"

namespace ael::eval {

namespace {

bool read_int(const std::string& s, std::int64_t& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno == ERANGE || *end != '\0') return false;
  out = v;
  return true;
}

// Finite numbers only: `lr=nan` would poison a run silently.
bool read_number(const std::string& s, double& out) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return false;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (errno == ERANGE || *end != '\0' || !std::isfinite(v)) return false;
  out = v;
  return true;
}

Value read_literal(const std::string& s) {
  std::int64_t i = 0;
  double d = 0;
  if (read_int(s, i)) return Value(i);
  if (read_number(s, d)) return Value(d);
  if (s == "true" || s == "false") return Value(s == "true");
  if (s == "none") return Value();
  return Value(s);
}

Value read_as(const Value& fallback, const std::string& name, const std::string& text) {
  const auto bad = [&](const std::string& expected) -> Error {
    return Error("script argument " + name + "=" + text + ": expected " + expected +
                 " (the default is " + fallback.repr() + ")");
  };
  if (fallback.is_none()) return read_literal(text);
  if (fallback.is_bool()) {
    if (text != "true" && text != "false") throw bad("true or false");
    return Value(text == "true");
  }
  if (fallback.is_int()) {
    std::int64_t v = 0;
    if (!read_int(text, v)) throw bad("an integer");
    return Value(v);
  }
  if (fallback.is_float()) {
    double v = 0;
    if (!read_number(text, v)) throw bad("a finite number");
    return Value(v);
  }
  if (fallback.is_string()) return Value(text);
  throw Error("script argument " + name + ": a " + fallback.type_name() +
              " default cannot be set from the command line (use a number, bool or string)");
}

}  // namespace

Record bind_arguments(const Record& defaults, const ScriptArguments& given) {
  std::vector<std::string> names;
  for (const auto& field : defaults.fields()) names.push_back(field.first);
  Record out = defaults;
  for (const auto& [name, text] : given) {
    const Value* fallback = defaults.find(name);
    if (!fallback) {
      const std::string suggestion = did_you_mean(name, names);
      std::string declared;
      for (const std::string& n : names) declared += (declared.empty() ? "" : ", ") + n;
      const std::string message = "unknown script argument '" + name + "'" +
                                  (!suggestion.empty() ? suggestion
                                   : names.empty()     ? "; the script declares none"
                                                       : "; the script declares " + declared);
      throw Error(message);
    }
    out.set(name, read_as(*fallback, name, text));
  }
  return out;
}

}  // namespace ael::eval

namespace ael {

std::pair<std::string, std::string> parse_script_argument(std::string_view text) {
  const std::size_t eq = text.find('=');
  const std::string_view name = text.substr(0, eq == std::string_view::npos ? 0 : eq);
  const bool identifier = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                          std::all_of(name.begin(), name.end(), [](char c) {
                            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                          });
  if (!identifier) {
    throw Error("script arguments are name=value (e.g. lr=3e-4), got '" + std::string(text) + "'");
  }
  return {std::string(name), std::string(text.substr(eq + 1))};
}

}  // namespace ael
