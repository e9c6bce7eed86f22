// Core builtins: output, assertions, conversions, introspection, time.
#include <fmt/args.h>
#include <fmt/format.h>
#include "model/builtins.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "bindings/bindings.hpp"
#include "eval/builtins/builtins.hpp"
#include "eval/format_limits.hpp"
#include "eval/functions.hpp"
#include "eval/interpreter_impl.hpp"
#include "eval/reference.hpp"
#include "eval/script_arguments.hpp"
#include "eval/sequence.hpp"
#include "eval/type_info.hpp"

namespace ael::eval {

// ------------------------------------------------------------------ table plumbing

void BuiltinTable::add(const std::string& name, Signature signature, NativeFn fn, std::string doc) {
  // Two registrations of one name would silently shadow each other (the layer `concat`
  // once hid the dataset one): a name has one function, which dispatches on its input.
  if (env_.lookup(intern(name)))
    throw Error("internal error: builtin '" + name + "' is defined twice");
  env_.define(intern(name), std::make_shared<NativeFunction>(name, std::move(signature),
                                                             std::move(fn), std::move(doc)));
  interp_.builtin_sections.emplace_back(name, section_);
}

void BuiltinTable::value(const std::string& name, Value value) {
  env_.define(intern(name), std::move(value));
  interp_.builtin_sections.emplace_back(name, section_);
}

ExecContext& context_of(const Args& args) {
  if (auto* bound = dynamic_cast<const BoundArgs*>(&args)) return bound->context();
  if (ExecContext* ctx = current_context()) return *ctx;
  throw Error("internal error: native call outside an evaluation");
}

Signature sig(std::initializer_list<ParamSpec> params, bool variadic) {
  Signature s;
  s.variadic = variadic;
  for (const ParamSpec& p : params) {
    Param param;
    param.name = p.name;
    if (p.optional) param.default_value = p.default_value;
    s.params.push_back(std::move(param));
  }
  return s;
}

void register_all_builtins(BuiltinTable& table) {
  // Sections of the generated reference (docs/reference.md, `ael doc`).
  table.section("Core");
  register_core_builtins(table);
  table.section("Math");
  register_math_builtins(table);
  table.section("Collections");
  register_collection_builtins(table);
  table.section("Strings");
  register_string_builtins(table);
  table.section("Random numbers");
  register_random_builtins(table);
  table.section("Schedules");
  register_schedule_builtins(table);
  table.section("Data");
  bindings::register_data_builtins(table);
  table.section("Layers and losses");
  model::register_layer_builtins(table);
  table.section("Models");
  model::register_model_builtins(table);
  table.section("Symbolic regression");
  bindings::register_symreg_builtins(table);
  table.section("Plots");
  bindings::register_plot_builtins(table);
}

// ------------------------------------------------------------------ core

namespace {

std::size_t length_of(const Args& a, std::size_t slot) {
  const Value& v = a[slot];
  if (v.is_list()) return v.as_list().size();
  if (v.is_string()) return v.as_string().size();
  if (v.is_record()) return v.as_record().size();
  if (auto seq = v.object_as<Sequence>()) return seq->length();
  a.fail(slot, "len() needs a list, string, record or sequence, got " + v.type_name());
}

// Converts a value into a fmt argument (numbers stay numbers so specs like .3f work).
void push_format_arg(fmt::dynamic_format_arg_store<fmt::format_context>& store, const Value& v) {
  if (v.is_int())
    store.push_back(v.as_int());
  else if (v.is_float())
    store.push_back(v.as_number());
  else if (v.is_bool())
    store.push_back(v.as_bool());
  else
    store.push_back(v.str());
}

Value to_int(const Args& a) {
  const Value& v = a[0];
  if (v.is_int()) return v;
  if (v.is_float()) {
    const double d = v.as_number();
    if (!std::isfinite(d) || std::abs(d) >= 9.2e18)
      a.fail(0, "cannot convert " + v.repr() + " to int");
    return static_cast<std::int64_t>(std::trunc(d));
  }
  if (v.is_bool()) return std::int64_t{v.as_bool() ? 1 : 0};
  if (v.is_string()) {
    const std::string& s = v.as_string();
    char* end = nullptr;
    errno = 0;
    const long long r = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno == ERANGE)
      a.fail(0, "cannot convert \"" + s + "\" to int");
    return static_cast<std::int64_t>(r);
  }
  a.fail(0, "cannot convert a " + v.type_name() + " to int");
}

Value to_float(const Args& a) {
  const Value& v = a[0];
  if (v.is_number()) return v.as_number();
  if (v.is_bool()) return v.as_bool() ? 1.0 : 0.0;
  if (v.is_string()) {
    const std::string& s = v.as_string();
    if (s == "inf") return INFINITY;
    if (s == "-inf") return -INFINITY;
    if (s == "nan") return NAN;
    char* end = nullptr;
    const double r = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') a.fail(0, "cannot convert \"" + s + "\" to float");
    return r;
  }
  a.fail(0, "cannot convert a " + v.type_name() + " to float");
}

double seconds_since_start() {
  static const auto start = std::chrono::steady_clock::now();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

void register_core_builtins(BuiltinTable& t) {
  Interpreter::Impl& interp = t.interpreter();

  t.add(
      "help", sig({"x"}),
      [&interp](Args& a) {
        const std::string text =
            a[0].is_string() ? help_text(interp, a.string(0)) : help_text(interp, a[0]);
        if (text.empty()) a.fail(0, "no builtin or plugin named '" + a.string(0) + "'");
        interp.write(text);
        return Value();
      },
      "Prints the signature and doc of a function, or a plugin's options (a value or a name).");

  t.add(
      "print", sig({}, true),
      [&interp](Args& a) {
        std::string line;
        for (std::size_t i = 0; i < a.rest().size(); ++i) {
          if (i) line += ' ';
          line += a.rest()[i].str();
        }
        interp.write(line + "\n");
        return Value();
      },
      "Prints its arguments separated by spaces, then a newline.");

  t.add(
      "write", sig({"text"}),
      [&interp](Args& a) {
        interp.write(a[0].str());
        return Value();
      },
      "Prints text without a newline.");

  t.add(
      "assert", sig({"condition", {"message", "assertion failed"}}),
      [](Args& a) {
        if (!a[0].is_bool()) a.fail(0, "assert() needs a bool condition, got " + a[0].type_name());
        if (!a[0].as_bool()) a.fail(0, a[1].str());
        return Value();
      },
      "Stops the script with `message` when `condition` is false.");

  t.add(
      "error", sig({"message"}), [](Args& a) -> Value { a.fail(a.size(), a[0].str()); },
      "Stops the script with an error message.");

  t.add(
      "len", sig({"x"}), [](Args& a) { return Value(length_of(a, 0)); },
      "Number of items of a list, string, record, range or dataset.");

  t.add(
      "type", sig({"x"}), [](Args& a) { return Value(a[0].type_name()); },
      "The type name of a value.");
  // describe() (any value; a trained model's graph) is in model/model_builtins.cpp.
  t.add(
      "str", sig({"x"}), [](Args& a) { return Value(a[0].str()); }, "Text of a value.");
  t.add(
      "repr", sig({"x"}), [](Args& a) { return Value(a[0].repr()); },
      "Text of a value as the REPL shows it (strings quoted).");
  t.add("int", sig({"x"}), to_int, "Converts to int (floats are truncated toward zero).");
  t.add("float", sig({"x"}), to_float, "Converts to float.");

  t.add(
      "format", sig({"template"}, true),
      [](Args& a) {
        fmt::dynamic_format_arg_store<fmt::format_context> store;
        for (const Value& v : a.rest()) push_format_arg(store, v);
        if (const std::string why = oversized_format_field(a.string(0)); !why.empty())
          a.fail(0, "bad format string: " + why);
        try {
          return Value(fmt::vformat(a.string(0), store));
        } catch (const fmt::format_error& e) {
          a.fail(0, std::string("bad format string: ") + e.what());
        }
      },
      "Python-style formatting: format(\"{} = {:.3f}\", name, value).");

  t.add(
      "clock", sig({}), [](Args&) { return Value(seconds_since_start()); },
      "Seconds since the interpreter started (monotonic; for timing).");

  t.add(
      "env", sig({"name", {"default", Value()}}),
      [](Args& a) {
        const char* v = std::getenv(a.string(0).c_str());
        return v ? Value(std::string(v)) : a[1];
      },
      "An environment variable, or `default` when it is not set.");

  t.add(
      "script_dir", sig({}),
      [&interp](Args& a) {
        const auto& bound = dynamic_cast<const BoundArgs&>(a);
        const std::string dir = interp.directory_of(bound.call_span());
        return Value(std::filesystem::absolute(dir).lexically_normal().string());
      },
      "The folder of the script making the call (the current directory in the REPL or a "
      "string): paths are relative to the current directory, so an input shipped beside a "
      "script is script_dir() + \"/data.csv\".");

  t.add(
      "arguments", sig({"defaults"}),
      [&interp](Args& a) {
        interp.arguments_read = true;
        try {
          return Value(bind_arguments(a.record(0), interp.config.arguments));
        } catch (const Error& e) {
          a.fail(0, e.diagnostic().message);
        }
      },
      "The script's arguments (`ael run s.ael -- lr=3e-4`): the record of defaults with the "
      "command line's values in their place, each read as its default's type; an unknown "
      "name is an error.");

  t.value("quick", interp.config.quick);
  t.value("seed", static_cast<std::int64_t>(interp.config.seed));
}

}  // namespace ael::eval
