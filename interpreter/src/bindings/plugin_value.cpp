#include "bindings/plugin_value.hpp"

#include <algorithm>

#include "bindings/plugin_families.hpp"
#include "eval/functions.hpp"
#include "syntax/symbol.hpp"
#include "train/schedule.hpp"

namespace ael::bindings {

namespace {
Value option_to_value(const OptionValue& v);

// Written as a script would write it (double-quoted strings).
std::string option_script_repr(const OptionValue& v) { return option_to_value(v).repr(); }
}  // namespace

std::string PluginValue::repr() const {
  std::string s = name() + "(";
  bool first = true;
  for (const Options::Entry& e : options_.entries()) {
    if (!e.given || is_scheduled(e.name)) continue;
    s += (first ? "" : ", ") + e.name + ": " + option_script_repr(e.value);
    first = false;
  }
  for (const Scheduled& sc : scheduled_) {
    s += (first ? "" : ", ") + sc.option + ": " + sc.schedule.repr();
    first = false;
  }
  for (const auto& [key, value] : budget_.fields()) {
    s += (first ? "" : ", ") + key + ": " + value.repr();
    first = false;
  }
  return s + ")";
}

bool PluginValue::is_scheduled(const std::string& option) const {
  return std::any_of(scheduled_.begin(), scheduled_.end(),
                     [&](const Scheduled& sc) { return sc.option == option; });
}

std::string PluginValue::describe() const {
  std::string s = std::string(family_name(family())) + " " + repr();
  std::size_t width = 0;
  for (const Options::Entry& e : options_.entries()) width = std::max(width, e.name.size());
  for (const Options::Entry& e : options_.entries()) {
    s += "\n  " + e.name + std::string(width - e.name.size() + 2, ' ');
    if (is_scheduled(e.name)) {
      s += field(e.name)->repr();
    } else {
      s += option_script_repr(e.value) + (e.given ? "" : "  (default)");
    }
  }
  for (const auto& [key, value] : budget_.fields()) s += "\n  " + key + ": " + value.repr();
  return s;
}

const std::vector<std::string>& stage_budget_keys() {
  static const std::vector<std::string> keys = {"epochs",      "batches",    "generations",
                                                "evaluations", "time_limit", "target_loss"};
  return keys;
}

bool is_stage_budget_key(const std::string& name) {
  for (const std::string& k : stage_budget_keys())
    if (k == name) return true;
  return false;
}

namespace {

Value option_to_value(const OptionValue& v) {
  return std::visit(
      [](const auto& x) -> Value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::vector<double>>) {
          List l;
          for (double d : x) l.push_back(Value(d));
          return Value(std::move(l));
        } else {
          return Value(x);
        }
      },
      v);
}

}  // namespace

std::optional<Value> PluginValue::field(std::string_view name) const {
  if (name == "plugin") return Value(this->name());
  if (name == "family") return Value(std::string(family_name(family())));
  for (const Scheduled& sc : scheduled_) {
    if (sc.option == name) return sc.schedule;
  }
  if (const OptionValue* v = options_.find(name)) return option_to_value(*v);
  if (const Value* v = budget_.find(name)) return *v;
  return std::nullopt;
}

std::vector<std::string> PluginValue::field_names() const {
  std::vector<std::string> names = {"plugin", "family"};
  for (const Options::Entry& e : options_.entries()) names.push_back(e.name);
  for (const auto& field : budget_.fields()) names.push_back(field.first);
  return names;
}

const PluginValue* as_plugin(const Value& v) {
  if (!v.is_object()) return nullptr;
  return dynamic_cast<const PluginValue*>(v.as_object().get());
}

namespace {

class PluginFunction : public eval::Invocable {
 public:
  explicit PluginFunction(std::shared_ptr<const plugins::PluginHandle> handle)
      : handle_(std::move(handle)) {
    for (const OptionSpec& spec : handle_->manifest().options.specs()) {
      Param p;
      p.name = spec.name;
      p.default_value = Value();
      p.doc = spec.doc;
      signature_.params.push_back(std::move(p));
    }
    // An optimizer call may also carry its own budget (a chain's stage, see train).
    for (const std::string& key : stage_budget_keys()) {
      if (!takes_budget(key)) continue;
      Param p;
      p.name = key;
      p.default_value = Value();
      p.doc = "this optimizer's own budget (a stage of a chain); default: the train block's";
      signature_.params.push_back(std::move(p));
    }
  }
  const std::string& name() const override { return handle_->name(); }
  const Signature& signature() const override { return signature_; }
  const OptionSchema* option_schema() const override { return &handle_->manifest().options; }
  std::string repr() const override {
    return "<plugin " + handle_->name() + " (" + family_name(handle_->manifest().family) + ")>";
  }

  Value call(eval::ExecContext& ctx, std::vector<eval::CallArg>& args,
             const Span& call_span) override {
    std::vector<OptionArg> options;
    std::vector<Span> spans;
    std::vector<PluginValue::Scheduled> scheduled;
    Record budget;
    for (const eval::CallArg& a : args) {
      if (a.name == kNoSymbol) {
        ctx.fail(a.span, "options of plugin '" + name() + "' are named, e.g. " + name() + "(" +
                             example_option() + ")");
      }
      const std::string& option = symbol_name(a.name);
      if (takes_budget(option)) {
        budget.set(option, a.value);  // checked by the train block that runs the stage
        continue;
      }
      if (const std::string typo = non_schema_typo(option); !typo.empty()) ctx.fail(a.span, typo);
      options.push_back(OptionArg{option, to_option(ctx, option, a)});
      spans.push_back(a.span);
      if (a.value.object_as<train::Schedule>()) scheduled.push_back({option, a.value});
    }
    OptionValidation v = handle_->validate(options);
    if (!v.ok()) {
      const OptionProblem& p = v.problems.front();
      const Span& at = p.argument ? spans.at(*p.argument) : call_span;
      ctx.fail(at, p.message);
    }
    for (const PluginValue::Scheduled& s : scheduled) {
      const OptionSpec* spec = find_spec(s.option);
      if (spec && !spec->schedulable) {
        ctx.fail(call_span,
                 "option '" + s.option + "' of plugin '" + name() +
                     "' cannot follow a schedule (it is fixed when the optimizer starts)");
      }
    }
    switch (handle_->manifest().family) {
      case PluginFamily::DataSource:
        return at_call(ctx, call_span, [&] {
          return generate_from_source(handle_, v.options, ctx.interp.config().seed);
        });
      case PluginFamily::Callback:
        return at_call(ctx, call_span, [&] { return callback_function(handle_, v.options); });
      default:
        return Value(std::make_shared<PluginValue>(handle_, v.options, std::move(scheduled),
                                                   std::move(budget)));
    }
  }

 private:
  // A plugin's failure is the script's error at the call.
  template <class F>
  static Value at_call(eval::ExecContext& ctx, const Span& call_span, F&& f) {
    try {
      return f();
    } catch (const Error& e) {
      ctx.fail(call_span, e.diagnostic().message);
    }
  }

  bool takes_budget(const std::string& option) const {
    return is_optimizer_family(handle_->manifest().family) && is_stage_budget_key(option) &&
           !find_spec(option);
  }

  const OptionSpec* find_spec(const std::string& option) const {
    for (const OptionSpec& s : handle_->manifest().options.specs()) {
      if (s.name == option) return &s;
    }
    return nullptr;
  }

  std::string example_option() const {
    const auto& specs = handle_->manifest().options.specs();
    if (specs.empty()) return "";
    const OptionSpec& s = specs.front();
    return s.name + ": " + (s.default_value ? option_value_repr(*s.default_value) : "...");
  }

  OptionValue to_option(eval::ExecContext& ctx, const std::string& option,
                        const eval::CallArg& a) const {
    const Value& v = a.value;
    if (v.is_bool()) return v.as_bool();
    if (v.is_int()) return v.as_int();
    if (v.is_float()) return v.as_number();
    if (v.is_string()) return v.as_string();
    if (v.is_list()) {
      std::vector<double> numbers;
      for (const Value& x : v.as_list()) {
        if (!x.is_number()) ctx.fail(a.span, "option '" + option + "' takes a list of numbers");
        numbers.push_back(x.as_number());
      }
      return numbers;
    }
    if (auto s = v.object_as<train::Schedule>()) return s->value(0, 0);
    ctx.fail(a.span,
             "option '" + option + "' of plugin '" + name() + "' cannot be " + v.type_name());
  }

  std::shared_ptr<const plugins::PluginHandle> handle_;
  Signature signature_;
};

}  // namespace

Value plugin_function(std::shared_ptr<const plugins::PluginHandle> handle) {
  return Value(std::make_shared<PluginFunction>(std::move(handle)));
}

}  // namespace ael::bindings
