// `model Name(x: 3, latent = 6) { ... }`: a model definition (an architecture template).
//
// Header parameters with a `: width` annotation are the model's inputs (a batched tensor
// of that many features); the others are hyperparameters. Calling the definition binds
// hyperparameters (or input widths) by name or position and yields another definition:
// `VAE(latent: 2)`. Nothing is compiled until the model is used (train, init): then the
// body is traced once into a graph (trace_model).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "eval/env.hpp"
#include "eval/functions.hpp"
#include "model/trace.hpp"
#include "syntax/ast.hpp"

namespace ael::model {

class ModelDef : public eval::Invocable {
 public:
  ModelDef(std::shared_ptr<const ast::ModelDecl> decl, eval::EnvPtr env, Record bound = {});

  const std::string& name() const override { return name_; }
  const Signature& signature() const override { return signature_; }
  std::string type_name() const override { return "model"; }
  std::string repr() const override;
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;
  /// Binds hyperparameters: returns a new definition.
  Value call(eval::ExecContext& ctx, std::vector<eval::CallArg>& args,
             const Span& call_span) override;

  const ast::ModelDecl& decl() const { return *decl_; }
  const eval::EnvPtr& env() const { return env_; }
  const Record& bound() const { return bound_; }

 private:
  std::shared_ptr<const ast::ModelDecl> decl_;
  eval::EnvPtr env_;
  Record bound_;
  std::string name_;
  Signature signature_;
};

/// A traced model body: the graph so far, the body's scope (endpoints bound to nodes) and
/// the input names in header order.
struct TracedModel {
  std::shared_ptr<Trace> trace;
  eval::EnvPtr scope;
  std::vector<std::string> inputs;
  std::vector<std::string> endpoints;  ///< names assigned in the body, in order
};

/// Traces `def`'s body into a fresh graph. Errors are located in the body; `use_site` is
/// the construct that needed the model (shown as the caller in the stack).
TracedModel trace_model(eval::ExecContext& ctx, const ModelDef& def, const Span& use_site);

/// Traces `def`'s body into an existing trace, its inputs bound to `inputs` (nodes of that
/// trace, one per model input, widths checked) and its parameters read per sample from
/// `params` (a node with one whole parameter vector per column). Returns the body's scope;
/// no endpoints are added. Layers that cannot take per-sample parameters are errors.
TracedModel trace_per_sample(eval::ExecContext& ctx, const ModelDef& def, const Span& use_site,
                             const std::shared_ptr<Trace>& into, const std::vector<NodeId>& inputs,
                             NodeId params);

/// The ModelDef in `v`, or nullptr.
const ModelDef* as_model_def(const Value& v);

}  // namespace ael::model
