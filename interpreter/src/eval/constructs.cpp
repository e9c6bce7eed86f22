// Model and train constructs: `model` declarations become ModelDef values; `train M on
// data { ... }` traces the model and its loss into one graph, resolves the settings into
// a train::TrainSetup and runs it (train/trainer.hpp).
#include "eval/constructs.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <thread>

#include "bindings/dataset_value.hpp"
#include "bindings/optimizer_chain.hpp"
#include "bindings/plugin_value.hpp"
#include "eval/evaluator.hpp"
#include "eval/functions.hpp"
#include "eval/interpreter_impl.hpp"
#include "io/safetensors.hpp"
#include "model/data_binding.hpp"
#include "model/model_def.hpp"
#include "model/model_value.hpp"
#include "plugins/registry.hpp"
#include "syntax/symbol.hpp"
#include "train/chain.hpp"
#include "train/run_manifest.hpp"
#include "train/trainer.hpp"

namespace ael::eval {

using ast::Train;

Value eval_model_decl(ExecContext&, const ast::ModelDecl& decl, const EnvPtr& env) {
  // The AST outlives every value made from it (Interpreter::Impl::keep), so the
  // definition refers to it without owning it.
  std::shared_ptr<const ast::ModelDecl> ref(&decl, [](const ast::ModelDecl*) {});
  return Value(std::make_shared<model::ModelDef>(std::move(ref), env));
}

namespace {

struct Setting {
  Value value;
  Span span;
};

// The settings of a train block, evaluated in the script's scope (except the loss, which
// is traced in the model's scope).
class Settings {
 public:
  Settings(ExecContext& ctx) : ctx_(ctx) {}

  void add(const std::string& key, Value value, const Span& span) {
    map_[key] = {std::move(value), span};
  }
  /// Every setting as the script wrote it (name -> repr), for the run manifest.
  std::vector<std::pair<std::string, std::string>> reprs() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [key, setting] : map_) out.emplace_back(key, setting.value.repr());
    return out;
  }
  const Setting* find(const std::string& key) const {
    auto it = map_.find(key);
    return it == map_.end() || it->second.value.is_none() ? nullptr : &it->second;
  }
  std::optional<std::int64_t> integer(const std::string& key, std::int64_t min) const {
    const Setting* s = find(key);
    if (!s) return std::nullopt;
    if (!s->value.is_int())
      ctx_.fail(s->span, key + " must be an int, got " + s->value.type_name());
    if (s->value.as_int() < min) {
      ctx_.fail(s->span,
                key + " must be at least " + std::to_string(min) + ", got " + s->value.repr());
    }
    return s->value.as_int();
  }
  // NaN and infinities are refused: `time_limit = nan` compared false with every elapsed
  // time and trained forever; no setting means "unbounded" by being infinite.
  std::optional<double> number(const std::string& key, bool positive = false) const {
    const Setting* s = find(key);
    if (!s) return std::nullopt;
    if (!s->value.is_number())
      ctx_.fail(s->span, key + " must be a number, got " + s->value.type_name());
    const double v = s->value.as_number();
    if (!std::isfinite(v) || (positive && v <= 0)) {
      ctx_.fail(s->span, key + " must be a finite number" + (positive ? " above 0" : "") +
                             ", got " + s->value.repr());
    }
    return v;
  }
  bool boolean(const std::string& key, bool fallback) const {
    const Setting* s = find(key);
    if (!s) return fallback;
    if (!s->value.is_bool())
      ctx_.fail(s->span, key + " must be true or false, got " + s->value.type_name());
    return s->value.as_bool();
  }
  std::string path(const std::string& key) const {
    const Setting* s = find(key);
    if (!s) return {};
    if (!s->value.is_string()) ctx_.fail(s->span, key + " must be a file path (a string)");
    if (s->value.as_string().empty()) ctx_.fail(s->span, key + ": empty path");
    // Relative to the current directory, like every path a script names (user_path).
    return s->value.as_string();
  }

 private:
  ExecContext& ctx_;
  std::map<std::string, Setting> map_;
};

// `a + b + w * c` -> [a, b, w * c]: each term is logged on its own.
void split_terms(const ast::Expr& e, std::vector<const ast::Expr*>& out) {
  if (e.kind == ast::ExprKind::Binary) {
    const auto& b = static_cast<const ast::Binary&>(e);
    if (b.op == BinaryOp::Add) {
      split_terms(*b.lhs, out);
      split_terms(*b.rhs, out);
      return;
    }
  }
  out.push_back(&e);
}

// "mse" for mse(out, x) and 0.5 * mse(out, x); "term2" otherwise.
std::string term_name(const ast::Expr& e, std::size_t index) {
  const ast::Expr* x = &e;
  if (x->kind == ast::ExprKind::Binary) {
    const auto& b = static_cast<const ast::Binary&>(*x);
    if (b.op == BinaryOp::Mul) x = b.rhs->kind == ast::ExprKind::Call ? b.rhs.get() : b.lhs.get();
  }
  if (x->kind == ast::ExprKind::Call) {
    const auto& c = static_cast<const ast::Call&>(*x);
    if (c.callee->kind == ast::ExprKind::Name) {
      return symbol_name(static_cast<const ast::NameRef&>(*c.callee).name);
    }
  }
  return "term" + std::to_string(index + 1);
}

// Traces the loss terms into the model's graph; sets endpoint "loss" (and "loss_<term>"
// per term when there are several).
// The loss and metrics are written at the train site: they see that scope, with the
// model's inputs, endpoints and hyperparameters on top.
EnvPtr train_site_scope(ExecContext& ctx, const model::TracedModel& traced, const EnvPtr& env) {
  auto scope = std::make_shared<Env>(env, ctx.task);
  for (const auto& [symbol, value] : traced.scope->bindings()) scope->define(symbol, value);
  return scope;
}

// `metrics = {ir: expr, ...}`: scalar nodes logged per epoch next to the loss terms (not
// minimised). Each becomes an endpoint named like its field.
std::vector<std::string> trace_metrics(ExecContext& ctx, model::TracedModel& traced,
                                       const Train::Item& item, const EnvPtr& env) {
  const Value v = eval_expr(ctx, *item.value, train_site_scope(ctx, traced, env));
  if (!v.is_record())
    ctx.fail(item.value->span, "metrics is a record of named values, e.g. {ir: ...}");
  std::vector<std::string> names;
  for (const auto& [name, value] : v.as_record().fields()) {
    const model::NodeValue* n = model::as_node(value);
    if (!n || n->trace_ptr() != traced.trace || !n->shape().is_scalar()) {
      ctx.fail(item.value->span,
               "metric '" + name + "' must be one number per batch computed from the model");
    }
    if (traced.trace->builder.spec().find_endpoint(name)) {
      ctx.fail(item.value->span, "metric '" + name + "' has the name of a model endpoint");
    }
    traced.trace->builder.endpoint(name, n->id());
    names.push_back(name);
  }
  return names;
}

// `validation_loss = expr`: what validation scores instead of the training loss (e.g. the
// reconstruction error alone, without the training penalties). One scalar endpoint.
std::string trace_validation_loss(ExecContext& ctx, model::TracedModel& traced,
                                  const Train::Item& item, const EnvPtr& env) {
  const Value v = eval_expr(ctx, *item.value, train_site_scope(ctx, traced, env));
  const model::NodeValue* n = model::as_node(v);
  if (!n || n->trace_ptr() != traced.trace || !n->shape().is_scalar()) {
    ctx.fail(item.value->span,
             "validation_loss must be one number per batch computed from the model (e.g. "
             "mse(out, x)), got " +
                 (n ? "shape " + n->shape().str() : v.type_name()));
  }
  const std::string name = "validation_loss";
  if (traced.trace->builder.spec().find_endpoint(name)) {
    ctx.fail(item.value->span, "the model has an endpoint named 'validation_loss'");
  }
  traced.trace->builder.endpoint(name, n->id());
  return name;
}

std::vector<std::string> trace_loss(ExecContext& ctx, model::TracedModel& traced,
                                    const Train::Item& item, const EnvPtr& env) {
  const EnvPtr scope = train_site_scope(ctx, traced, env);
  std::vector<const ast::Expr*> terms;
  split_terms(*item.value, terms);
  graph::GraphBuilder& b = traced.trace->builder;
  std::vector<NodeId> nodes;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const Value v = eval_expr(ctx, *terms[i], scope);
    const model::NodeValue* n = model::as_node(v);
    if (!n || n->trace_ptr() != traced.trace) {
      ctx.fail(terms[i]->span,
               "a loss term must be computed from the model's endpoints (e.g. mse(out, x)), got " +
                   v.type_name());
    }
    if (!n->shape().is_scalar()) {
      ctx.fail(terms[i]->span, "a loss term must be one number per batch; this one has shape " +
                                   n->shape().str() + " (reduce it with mean(...) or sum(...))");
    }
    nodes.push_back(n->id());
    std::string name = "loss_" + term_name(*terms[i], i);
    for (int k = 2; std::find(names.begin(), names.end(), name) != names.end(); ++k) {
      name = "loss_" + term_name(*terms[i], i) + std::to_string(k);
    }
    names.push_back(name);
  }
  NodeId total = nodes[0];
  for (std::size_t i = 1; i < nodes.size(); ++i) total = b.add("add", {total, nodes[i]});
  b.endpoint("loss", total);
  if (nodes.size() == 1) return {};
  for (std::size_t i = 0; i < nodes.size(); ++i) b.endpoint(names[i], nodes[i]);
  return names;
}

// The budget keys of a train block, or of one optimizer call in a chain (read through
// the same checks, so `de(generations: -1)` fails as `generations = -1` does).
train::TrainBudget read_budget(const Settings& s) {
  train::TrainBudget b;
  b.epochs = s.integer("epochs", 1);
  b.steps = s.integer("batches", 1);
  if (auto g = s.integer("generations", 1)) b.steps = g;
  b.evaluations = s.integer("evaluations", 1);
  b.time_limit = s.number("time_limit", /*positive=*/true);
  b.target_loss = s.number("target_loss");
  return b;
}

train::Stage stage_of(ExecContext& ctx, const bindings::PluginValue& p, const Span& span) {
  train::Stage stage;
  stage.label = p.repr();
  if (p.family() == PluginFamily::GradientOptimizer) {
    stage.gradient = p.create<GradientOptimizer>();
    for (const auto& sc : p.scheduled())
      stage.scheduled_options.push_back({sc.option, sc.schedule});
  } else {
    stage.population = p.create<PopulationOptimizer>();
  }
  if (!p.budget().empty()) {
    Settings own(ctx);
    for (const auto& [key, value] : p.budget().fields()) own.add(key, value, span);
    stage.budget = read_budget(own);
  }
  return stage;
}

// `optimizer = adam(...)`, a population plugin, or a chain `a then b`: its stages.
std::vector<train::Stage> optimizer_stages(ExecContext& ctx, const Settings& s) {
  const Setting* opt = s.find("optimizer");
  try {
    if (!opt) {
      train::Stage sgd;
      sgd.label = "sgd()";
      sgd.gradient = ctx.interp.impl().plugins->load("sgd")->create<GradientOptimizer>(
          std::vector<OptionArg>{});
      return {sgd};
    }
    const std::optional<std::vector<Value>> values = bindings::optimizer_stages(opt->value);
    if (!values) {
      const bindings::PluginValue* p = bindings::as_plugin(opt->value);
      ctx.fail(opt->span, p ? "'" + p->name() + "' is a " + family_name(p->family()) +
                                  " plugin, not an optimizer"
                            : "optimizer must be an optimizer plugin such as adam(lr: 1e-3), got " +
                                  opt->value.type_name());
    }
    std::vector<train::Stage> stages;
    for (const Value& v : *values)
      stages.push_back(stage_of(ctx, *bindings::as_plugin(v), opt->span));
    return stages;
  } catch (Error& e) {
    ctx.locate(e, opt ? opt->span : Span());
    throw;
  }
}

void set_encoding(ExecContext& ctx, const Settings& s, const std::vector<train::Stage>& stages,
                  train::TrainSetup& setup) {
  const Setting* enc = s.find("encoding");
  if (!enc) return;
  if (enc->value.is_string() && enc->value.as_string() == "direct") return;
  bool population = false;
  for (const train::Stage& st : stages) population = population || st.population != nullptr;
  if (!population)
    ctx.fail(enc->span, "dct encoding applies to population optimizers (cosyne, de, ea)");
  if (enc->value.is_record()) {
    const Value* k = enc->value.as_record().find("coefficients");
    if (k && k->is_int() && k->as_int() > 0) {
      setup.dct_coefficients = k->as_int();
      return;
    }
  }
  ctx.fail(enc->span, "encoding must be \"direct\" or dct(k), got " + enc->value.repr());
}

std::vector<Eigen::MatrixXd> data_for(ExecContext& ctx, const graph::GraphSpec& spec,
                                      const Value& v, const Span& span) {
  try {
    return model::input_matrices(spec, v);
  } catch (Error& e) {
    ctx.locate(e, span);
    throw;
  }
}

// `on_epoch = fn(r) { ... }`: a script function called with a record; it stops the run by
// returning true or "stop".
std::function<bool(const Record&)> callback_setting(ExecContext& ctx, const Settings& s,
                                                    const std::string& key,
                                                    const std::string& what) {
  const Setting* on = s.find(key);
  if (!on) return {};
  if (!on->value.is_callable()) ctx.fail(on->span, key + " must be a function of " + what);
  const Value fn = on->value;
  const Span span = on->span;
  return [&ctx, fn, span](const Record& r) {
    const Value res = call_value(ctx, fn, std::vector<Value>{Value(r)}, span);
    return (res.is_bool() && res.as_bool()) || (res.is_string() && res.as_string() == "stop");
  };
}

void reject_unsupported(ExecContext& ctx, const Train& t) {
  for (const Train::Item& item : t.items) {
    if (item.group) {
      ctx.fail(item.span,
               "per-group optimizers (`params by optimizer`) are not supported by this build yet");
    }
    const std::string& key = symbol_name(item.key);
    if (key == "threads") {
      ctx.fail(item.key_span, "the thread count is set per run: ael run --threads N");
    }
  }
}

// `resume = "ckpt"` continues the run a checkpoint was written by (parameters, optimizer
// state, counters, history); `init_from = "file"` only starts from a model file's
// parameters, with a fresh optimizer. A file without run state (written by `save`, or by an
// AEL before resumable checkpoints) resumes from its parameters, with a warning.
void read_starting_point(ExecContext& ctx, const Settings& s, const model::ModelDef& def,
                         train::TrainSetup& setup) {
  const Setting* resume = s.find("resume");
  const Setting* init = s.find("init_from");
  if (resume && init) ctx.fail(init->span, "give resume or init_from, not both");
  const Setting* from = resume ? resume : init;
  if (!from) return;
  const std::string path = s.path(resume ? "resume" : "init_from");
  try {
    const io::TensorFile file = io::read_safetensors(path);
    const model::ModelData saved = model::model_from_tensor_file(file, path);
    if (saved.params.size() != setup.spec.params.size) {
      throw Error(path + " holds " + std::to_string(saved.params.size()) + " parameters, model " +
                  def.name() + " has " + std::to_string(setup.spec.params.size));
    }
    setup.initial_params = saved.params;
    if (!resume) return;
    setup.resume = train::read_resume_state(file, path);
    if (!setup.resume) {
      ctx.interp.impl().warn(ctx.interp.impl().sources.make(
          Severity::Warning, from->span,
          path + " holds no run state (it was written by save(), not as a checkpoint): training "
                 "starts from its parameters with a fresh optimizer"));
    }
  } catch (Error& e) {
    ctx.locate(e, from->span);
    throw;
  }
}

Value history_dataset(const train::TrainResult& r) {
  Eigen::MatrixXd m(static_cast<Index>(r.history_columns.size()),
                    static_cast<Index>(r.history.size()));
  for (std::size_t j = 0; j < r.history.size(); ++j) {
    for (std::size_t i = 0; i < r.history_columns.size(); ++i) {
      m(static_cast<Index>(i), static_cast<Index>(j)) = r.history[j][i];
    }
  }
  return bindings::make_dataset(data::Dataset(std::move(m), r.history_columns));
}

}  // namespace

Value eval_train(ExecContext& ctx, const Train& t, const EnvPtr& env) {
  reject_unsupported(ctx, t);
  const Value mv = eval_expr(ctx, *t.model, env);
  const model::ModelDef* def = model::as_model_def(mv);
  if (!def)
    ctx.fail(t.model->span,
             "train takes a model definition (model M(...) { ... }), got " + mv.type_name());
  const Value data = eval_expr(ctx, *t.data, env);

  Settings s(ctx);
  const Train::Item* loss_item = nullptr;
  const Train::Item* metrics_item = nullptr;
  const Train::Item* validation_loss_item = nullptr;
  for (const Train::Item& item : t.items) {
    const std::string& key = symbol_name(item.key);
    if (key == "loss")
      loss_item = &item;
    else if (key == "metrics")
      metrics_item = &item;
    else if (key == "validation_loss")
      validation_loss_item = &item;
    else
      s.add(key, eval_expr(ctx, *item.value, env), item.span);
  }
  if (!loss_item) ctx.fail(t.span, "train needs a loss, e.g. loss = mse(out, x)");

  model::TracedModel traced = model::trace_model(ctx, *def, t.span);
  train::TrainSetup setup;
  setup.terms = trace_loss(ctx, traced, *loss_item, env);
  if (metrics_item) setup.metrics = trace_metrics(ctx, traced, *metrics_item, env);
  if (validation_loss_item) {
    setup.validation_endpoint = trace_validation_loss(ctx, traced, *validation_loss_item, env);
  }
  for (const model::ScalarSource& src : traced.trace->scalars)
    setup.scalars.push_back({src.name, src.value});
  setup.spec = traced.trace->builder.finish();
  setup.model_name = def->name();

  if (const Setting* p = s.find("precision")) {
    if (!p->value.is_string() || (p->value.as_string() != "f32" && p->value.as_string() != "f64")) {
      ctx.fail(p->span, "precision must be \"f32\" or \"f64\"");
    }
    setup.f64 = p->value.as_string() == "f64";
  }
  setup.inputs = data_for(ctx, setup.spec, data, t.data->span);
  if (const Setting* v = s.find("validation"))
    setup.validation = data_for(ctx, setup.spec, v->value, v->span);
  setup.budget = read_budget(s);
  setup.early_stop = s.integer("early_stop", 1);
  if (setup.early_stop && setup.validation.empty()) {
    ctx.fail(s.find("early_stop")->span, "early_stop needs validation data (validation = ...)");
  }
  if (validation_loss_item && setup.validation.empty()) {
    ctx.fail(validation_loss_item->key_span,
             "validation_loss is computed on validation data: add validation = ...");
  }
  setup.keep_best = s.boolean("keep_best", false);
  setup.batch = s.integer("batch", 1).value_or(32);
  setup.shuffle = s.boolean("shuffle", true);
  if (auto seed = s.integer("seed", 0)) {
    setup.seed = static_cast<std::uint64_t>(*seed);
  } else {
    setup.seed = ctx.next_rng().next_u64();
  }
  setup.init_seed = Rng::stream(setup.seed, {0x1a17}).next_u64();
  setup.progress = s.boolean("progress", true);
  setup.log_path = s.path("log");
  setup.log_every = s.integer("log_every", 1).value_or(0);
  setup.checkpoint_path = s.path("checkpoint");
  setup.checkpoint_every = s.integer("checkpoint_every", 1).value_or(0);
  const std::vector<train::Stage> stages = optimizer_stages(ctx, s);
  set_encoding(ctx, s, stages, setup);

  read_starting_point(ctx, s, *def, setup);
  setup.on_epoch = callback_setting(ctx, s, "on_epoch", "the epoch's (or generation's) record");
  setup.on_step = callback_setting(ctx, s, "on_step", "the step's record");
  setup.on_generation = callback_setting(ctx, s, "on_generation", "the generation's record");
  const auto any_stage = [&](bool population) {
    return std::any_of(stages.begin(), stages.end(), [&](const train::Stage& st) {
      return population ? st.population != nullptr : st.gradient != nullptr;
    });
  };
  if (setup.on_step && !any_stage(false)) {
    ctx.fail(s.find("on_step")->span,
             "on_step is called after gradient steps, and this run's optimizer evolves a "
             "population: use on_generation (or on_epoch), called every generation");
  }
  if (setup.on_generation && !any_stage(true)) {
    ctx.fail(s.find("on_generation")->span,
             "on_generation is called after a population's generations, and this run's "
             "optimizer follows the gradient: use on_step or on_epoch");
  }
  const train::StageCallback on_stage = callback_setting(ctx, s, "on_stage", "the stage's record");
  const std::string name = def->name();
  const bool f64 = setup.f64;
  const graph::GraphSpec& spec = setup.spec;
  setup.save_checkpoint = [&spec, name, f64](const Eigen::VectorXd& params, const Record& info,
                                             const train::ResumeState& state,
                                             const std::string& path) {
    io::TensorFile file = model::model_tensor_file(model::ModelData{name, spec, params, f64, info});
    train::add_resume_state(file, state);
    io::write_safetensors(path, file);
  };

  // Beside a log, the run manifest: how to get these numbers again, and what came out.
  train::RunManifest manifest;
  if (!setup.log_path.empty()) {
    const SourceFile& script = ctx.interp.impl().sources.file(t.span.file);
    manifest.script = script.name();
    manifest.script_text = script.text();
    manifest.model = def->name();
    manifest.parameters = static_cast<std::int64_t>(setup.spec.params.size);
    manifest.seed = setup.seed;
    manifest.threads = ctx.interp.config().threads > 0
                           ? ctx.interp.config().threads
                           : static_cast<int>(std::thread::hardware_concurrency());
    manifest.settings = s.reprs();
    manifest.started = train::utc_now_iso8601();
  }
  const auto write_manifest = [&](const Record* info, const std::string& error) {
    if (setup.log_path.empty()) return;
    try {
      train::write_manifest(train::manifest_path(setup.log_path), manifest, info, error);
    } catch (const Error& e) {
      ctx.interp.impl().warn(ctx.interp.impl().sources.make(
          Severity::Warning, t.span,
          "the run manifest was not written: " + e.diagnostic().message));
    }
  };

  train::TrainResult result;
  try {
    result = train::run_chain(setup, stages, on_stage);
  } catch (Error& e) {
    write_manifest(nullptr, e.diagnostic().message);
    ctx.locate(e, t.span);
    throw;
  }
  write_manifest(&result.info, "");
  model::ModelData m{def->name(), std::move(setup.spec), std::move(result.params), setup.f64,
                     std::move(result.info)};
  m.info.set("history", history_dataset(result));
  m.info.set("seed", Value(static_cast<std::int64_t>(setup.seed)));
  if (const Setting* opt = s.find("optimizer")) m.info.set("optimizer", Value(opt->value.repr()));
  return model::make_model(std::move(m));
}

Value eval_then(ExecContext& ctx, const ast::Then& then, const EnvPtr& env) {
  std::vector<Value> stages;
  for (const ast::ExprPtr* side : {&then.lhs, &then.rhs}) {
    const Value v = eval_expr(ctx, **side, env);
    std::optional<std::vector<Value>> s = bindings::optimizer_stages(v);
    if (!s) {
      ctx.fail((*side)->span,
               "'then' chains optimizers, e.g. de(generations: 50) then "
               "adam(lr: 1e-3, epochs: 5); got " +
                   v.type_name());
    }
    stages.insert(stages.end(), s->begin(), s->end());
  }
  return Value(std::make_shared<bindings::OptimizerChain>(std::move(stages)));
}

}  // namespace ael::eval
