#include "model/model_def.hpp"

#include "eval/evaluator.hpp"
#include "syntax/symbol.hpp"

namespace ael::model {

namespace {

bool is_input(const ast::Param& p) { return p.annotation != nullptr; }

// Restores the evaluator's endpoint scope and call stack however tracing ends.
class TraceScope {
 public:
  TraceScope(eval::ExecContext& ctx, const void* scope, const std::string& name, const Span& site)
      : ctx_(ctx), previous_(ctx.endpoint_scope) {
    ctx_.endpoint_scope = scope;
    ctx_.frames.push_back(eval::Frame{"model " + name, site, false});
    ++ctx_.depth;
  }
  ~TraceScope() {
    ctx_.endpoint_scope = previous_;
    ctx_.frames.pop_back();
    --ctx_.depth;
  }
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;

 private:
  eval::ExecContext& ctx_;
  const void* previous_;
};

}  // namespace

ModelDef::ModelDef(std::shared_ptr<const ast::ModelDecl> decl, eval::EnvPtr env, Record bound)
    : decl_(std::move(decl)),
      env_(std::move(env)),
      bound_(std::move(bound)),
      name_(symbol_name(decl_->name)) {
  // Every header parameter can be bound by a call; none is required there (a missing
  // hyperparameter is reported when the model is traced).
  for (const ast::Param& p : decl_->params) {
    Param param;
    param.name = symbol_name(p.name);
    if (const Value* v = bound_.find(param.name)) {
      param.default_value = *v;
    } else {
      param.default_value = Value();
    }
    param.doc = is_input(p) ? "input width" : "hyperparameter";
    signature_.params.push_back(std::move(param));
  }
}

std::string ModelDef::repr() const {
  std::string s = "<model " + name_ + "(";
  bool first = true;
  for (const ast::Param& p : decl_->params) {
    if (!first) s += ", ";
    first = false;
    s += symbol_name(p.name);
    if (const Value* v = bound_.find(symbol_name(p.name)))
      s += (is_input(p) ? ": " : " = ") + v->repr();
  }
  return s + ")>";
}

std::optional<Value> ModelDef::field(std::string_view name) const {
  if (name == "name") return Value(name_);
  if (name == "inputs") {
    List inputs;
    for (const ast::Param& p : decl_->params) {
      if (is_input(p)) inputs.push_back(Value(symbol_name(p.name)));
    }
    return Value(std::move(inputs));
  }
  if (const Value* v = bound_.find(name)) return *v;
  return std::nullopt;
}

std::vector<std::string> ModelDef::field_names() const { return {"name", "inputs"}; }

Value ModelDef::call(eval::ExecContext& ctx, std::vector<eval::CallArg>& args,
                     const Span& call_span) {
  eval::BoundArgs bound(ctx, name_, call_span);
  bound.bind(signature_, args);
  Record next = bound_;
  for (std::size_t i = 0; i < signature_.params.size(); ++i) {
    if (bound.given(i)) next.set(signature_.params[i].name, bound[i]);
  }
  return Value(std::make_shared<ModelDef>(decl_, env_, std::move(next)));
}

namespace {

// Binds the header parameters in `out.scope`: hyperparameters as values, inputs as new
// graph inputs or, when `bound` is given, as the given nodes.
void bind_header(eval::ExecContext& ctx, const ModelDef& def, TracedModel& out,
                 const std::vector<NodeId>* bound) {
  std::size_t next_input = 0;
  for (const ast::Param& p : def.decl().params) {
    const std::string& pname = symbol_name(p.name);
    Value value;
    if (const Value* v = def.bound().find(pname)) {
      value = *v;
    } else if (is_input(p)) {
      value = eval::eval_expr(ctx, *p.annotation, out.scope);
    } else if (p.default_value) {
      value = eval::eval_expr(ctx, *p.default_value, out.scope);
    } else {
      ctx.fail(p.span, "model " + def.name() + " needs a value for hyperparameter '" + pname +
                           "' (bind it with " + def.name() + "(" + pname + ": ...))");
    }
    if (!is_input(p)) {
      out.scope->define(p.name, value);
      continue;
    }
    if (!value.is_int() || value.as_int() < 1) {
      ctx.fail(p.annotation->span,
               "the width of input '" + pname + "' must be a positive int, got " + value.repr());
    }
    NodeId id;
    if (bound) {
      if (next_input >= bound->size()) ctx.fail(p.span, "no node given for input '" + pname + "'");
      id = (*bound)[next_input++];
      const Index rows = out.trace->builder.shape(id).rows;
      if (rows != value.as_int()) {
        ctx.fail(p.span, "input '" + pname + "' of model " + def.name() + " takes " +
                             std::to_string(value.as_int()) + " features, the node given has " +
                             std::to_string(rows));
      }
    } else {
      id = out.trace->builder.input(pname, Shape::batch(value.as_int()));
    }
    out.scope->define(p.name, make_node(out.trace, id));
    out.inputs.push_back(pname);
  }
  if (bound && next_input != bound->size()) {
    throw Error("model " + def.name() + " has " + std::to_string(next_input) + " inputs, " +
                std::to_string(bound->size()) + " nodes were given");
  }
}

}  // namespace

TracedModel trace_model(eval::ExecContext& ctx, const ModelDef& def, const Span& use_site) {
  TracedModel out;
  out.trace = std::make_shared<Trace>();
  out.scope = std::make_shared<eval::Env>(def.env(), ctx.task);
  TraceScope scope(ctx, out.scope.get(), def.name(), use_site);
  bind_header(ctx, def, out, nullptr);
  eval::exec_block(ctx, def.decl().body, out.scope, nullptr);

  for (const ast::StmtPtr& stmt : def.decl().body.stmts) {
    if (stmt->kind != ast::StmtKind::Assign) continue;
    const auto& assign = static_cast<const ast::AssignStmt&>(*stmt);
    const std::string& name = symbol_name(assign.name);
    const Value* v = out.scope->local(assign.name);
    const NodeValue* node = v ? as_node(*v) : nullptr;
    if (!node) continue;  // a plain number or helper value, not an endpoint
    if (node->trace_ptr() != out.trace)
      ctx.fail(assign.span, "'" + name + "' is a node of another model");
    out.trace->builder.endpoint(name, node->id());
    out.endpoints.push_back(name);
  }
  return out;
}

TracedModel trace_per_sample(eval::ExecContext& ctx, const ModelDef& def, const Span& use_site,
                             const std::shared_ptr<Trace>& into, const std::vector<NodeId>& inputs,
                             NodeId params) {
  TracedModel out;
  out.trace = into;
  out.scope = std::make_shared<eval::Env>(def.env(), ctx.task);
  TraceScope scope(ctx, out.scope.get(), def.name(), use_site);
  const std::optional<PerSampleParams> saved = into->per_sample;
  into->per_sample = PerSampleParams{params, into->builder.shape(params).rows, 0};
  try {
    bind_header(ctx, def, out, &inputs);
    eval::exec_block(ctx, def.decl().body, out.scope, nullptr);
    const PerSampleParams used = *into->per_sample;
    if (used.offset != used.rows) {
      throw Error("model " + def.name() + " has " + std::to_string(used.offset) +
                  " parameters, the per-sample parameter rows have " + std::to_string(used.rows));
    }
  } catch (...) {
    into->per_sample = saved;
    throw;
  }
  into->per_sample = saved;
  for (const ast::StmtPtr& stmt : def.decl().body.stmts) {
    if (stmt->kind == ast::StmtKind::Assign) {
      out.endpoints.push_back(symbol_name(static_cast<const ast::AssignStmt&>(*stmt).name));
    }
  }
  return out;
}

const ModelDef* as_model_def(const Value& v) {
  if (!v.is_object()) return nullptr;
  return dynamic_cast<const ModelDef*>(v.as_object().get());
}

}  // namespace ael::model
