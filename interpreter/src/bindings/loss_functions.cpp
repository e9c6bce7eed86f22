#include "bindings/loss_functions.hpp"

#include <map>
#include <mutex>

#include "ael/loss.hpp"
#include "ael/op.hpp"
#include "eval/functions.hpp"
#include "model/trace.hpp"
#include "syntax/symbol.hpp"

namespace ael::bindings {

namespace {

AttrValue to_attr(const OptionValue& v) {
  return std::visit(
      [](const auto& x) -> AttrValue {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>)
          return std::int64_t{x ? 1 : 0};
        else
          return x;
      },
      v);
}

class LossFunctionValue : public eval::Invocable {
 public:
  LossFunctionValue(std::shared_ptr<LossPlugin> plugin, LossFunction fn)
      : plugin_(std::move(plugin)), fn_(std::move(fn)) {
    for (const std::string& input : fn_.inputs)
      signature_.params.push_back(Param{input, std::nullopt, "a node"});
    for (const OptionSpec& o : fn_.options.specs())
      signature_.params.push_back(Param{o.name, Value(), o.doc});
  }
  const std::string& name() const override { return fn_.name; }
  const Signature& signature() const override { return signature_; }
  const OptionSchema* option_schema() const override { return &fn_.options; }
  std::string repr() const override {
    return "<loss function " + fn_.name + " (plugin " + plugin_->plugin_name() + ")>";
  }

  Value call(eval::ExecContext& ctx, std::vector<eval::CallArg>& args,
             const Span& call_span) override {
    std::vector<NodeId> inputs;
    std::vector<OptionArg> options;
    std::vector<Span> option_spans;
    std::shared_ptr<model::Trace> trace;
    Attrs prior_attrs;
    bool has_prior = false;
    for (const eval::CallArg& a : args) {
      // `mmd(z, normal(6))`: a prior record in place of an input selects the op
      // "<name>_prior", which draws that input inside the op each step.
      if (a.value.is_record() && a.value.as_record().find("prior")) {
        has_prior = true;
        for (const auto& [k, v] : a.value.as_record().fields()) {
          if (v.is_string())
            prior_attrs.set(k, v.as_string());
          else if (v.is_int())
            prior_attrs.set(k, v.as_int());
          else if (v.is_number())
            prior_attrs.set(k, v.as_number());
        }
        continue;
      }
      if (a.name != kNoSymbol && !is_input(symbol_name(a.name))) {
        options.push_back(OptionArg{symbol_name(a.name), option_of(ctx, a)});
        option_spans.push_back(a.span);
        continue;
      }
      const model::NodeValue* n = model::as_node(a.value);
      if (!n)
        ctx.fail(a.span, fn_.name + "() takes model nodes as inputs, got " + a.value.type_name());
      if (trace && n->trace_ptr() != trace)
        ctx.fail(a.span, "the inputs belong to different models");
      trace = n->trace_ptr();
      inputs.push_back(n->id());
    }
    if (inputs.size() + (has_prior ? 1 : 0) != fn_.inputs.size()) {
      ctx.fail(call_span, fn_.name + "() takes " + std::to_string(fn_.inputs.size()) +
                              " inputs, got " + std::to_string(inputs.size()));
    }
    OptionValidation v = fn_.options.validate(options, fn_.name);
    if (!v.ok()) {
      const OptionProblem& p = v.problems.front();
      ctx.fail(p.argument ? option_spans.at(*p.argument) : call_span, p.message);
    }
    if (!trace) ctx.fail(call_span, fn_.name + "() needs at least one model node as input");
    std::string op = fn_.name;
    if (has_prior) op += "_prior";
    const std::shared_ptr<const OpDef> def = op_registry().find(op);
    if (!def) ctx.fail(call_span, fn_.name + "() does not take a prior (normal(d), uniform(d))");
    // The function's options that this op takes (e.g. `samples` only matters for priors).
    Attrs attrs;
    auto takes = [&](const std::string& name) {
      for (const AttrSpec& a : def->attrs) {
        if (a.name == name) return true;
      }
      return false;
    };
    for (const Options::Entry& e : v.options.entries()) {
      if (takes(e.name)) attrs.set(e.name, to_attr(e.value));
    }
    for (const auto& [k, val] : prior_attrs.items()) attrs.set(k, val);
    return model::make_node(trace, trace->builder.add(op, inputs, std::move(attrs)));
  }

 private:
  bool is_input(const std::string& n) const {
    for (const std::string& i : fn_.inputs) {
      if (i == n) return true;
    }
    return false;
  }
  OptionValue option_of(eval::ExecContext& ctx, const eval::CallArg& a) const {
    const Value& v = a.value;
    if (v.is_bool()) return v.as_bool();
    if (v.is_int()) return v.as_int();
    if (v.is_float()) return v.as_number();
    if (v.is_string()) return v.as_string();
    if (v.is_list()) {
      std::vector<double> xs;
      for (const Value& x : v.as_list()) {
        if (!x.is_number()) ctx.fail(a.span, "a list option takes numbers");
        xs.push_back(x.as_number());
      }
      return xs;
    }
    ctx.fail(a.span, "option '" + symbol_name(a.name) + "' of " + fn_.name + "() cannot be " +
                         v.type_name());
  }

  std::shared_ptr<LossPlugin> plugin_;
  LossFunction fn_;
  Signature signature_;
};

// Process-wide: ops live in the global op registry, so each loss plugin is created and
// registered once per process and kept alive.
struct LossPlugins {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<LossPlugin>> by_plugin;
  std::map<std::string, Value> by_function;
  bool discovered = false;
};

LossPlugins& loss_plugins() {
  static LossPlugins* p = new LossPlugins();  // never destroyed: ops point into plugin code
  return *p;
}

void adopt(LossPlugins& lp, const plugins::PluginHandle& handle) {
  if (lp.by_plugin.count(handle.name())) return;
  auto plugin = handle.create<LossPlugin>(handle.validate({}).value());
  plugin->register_ops(op_registry());
  lp.by_plugin[handle.name()] = plugin;
  for (LossFunction& f : plugin->functions()) {
    std::string name = f.name;  // f is moved from below
    lp.by_function.emplace(std::move(name),
                           Value(std::make_shared<LossFunctionValue>(plugin, std::move(f))));
  }
}

}  // namespace

Value loss_function(plugins::PluginRegistry& registry, const std::string& name) {
  LossPlugins& lp = loss_plugins();
  std::lock_guard<std::mutex> lock(lp.mutex);
  if (auto it = lp.by_function.find(name); it != lp.by_function.end()) return it->second;
  if (auto handle = registry.find(name);
      handle && handle->manifest().family == PluginFamily::Loss) {
    adopt(lp, *handle);
    if (auto it = lp.by_function.find(name); it != lp.by_function.end()) return it->second;
    throw Error("loss plugin '" + name + "' provides no function called '" + name + "'");
  }
  if (!lp.discovered) {
    lp.discovered = true;
    for (const auto& handle : registry.discover().plugins) {
      if (handle->manifest().family == PluginFamily::Loss) adopt(lp, *handle);
    }
    if (auto it = lp.by_function.find(name); it != lp.by_function.end()) return it->second;
  }
  return Value();
}

}  // namespace ael::bindings
