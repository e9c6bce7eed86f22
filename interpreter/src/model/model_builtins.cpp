#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "bindings/bindings.hpp"
#include "bindings/dataset_value.hpp"
#include "bindings/plugin_value.hpp"
#include "eval/functions.hpp"
#include "eval/type_info.hpp"
#include "graph/gradcheck.hpp"
#include "graph/init.hpp"
#include "graph/jacobian_penalty.hpp"
#include "model/builtins.hpp"
#include "model/data_binding.hpp"
#include "model/model_def.hpp"
#include "model/model_value.hpp"
#include "model/truncate.hpp"
#include "syntax/symbol.hpp"

namespace ael::model {

using eval::sig;

namespace {

const ModelData& trained_arg(const Args& a, std::size_t slot) {
  const ModelData* m = as_model(a[slot]);
  if (!m) {
    const char* hint = as_model_def(a[slot]) ? " (train it, or build one with init(M))" : "";
    a.fail(slot, "expected a compiled model (trained, init()ed or loaded), got " +
                     a[slot].type_name() + hint);
  }
  return *m;
}

Eigen::VectorXd param_vector(const Args& a, std::size_t slot, Index expected) {
  Eigen::VectorXd v = bindings::number_vector(a, slot);
  if (v.size() != expected) {
    a.fail(slot, "the model has " + std::to_string(expected) + " parameters, got " +
                     std::to_string(v.size()));
  }
  return v;
}

// Output names: "code" for one feature, "code0", "code1", ... otherwise.
std::vector<std::string> output_names(const std::string& endpoint, Index rows) {
  if (rows == 1) return {endpoint};
  std::vector<std::string> names;
  for (Index i = 0; i < rows; ++i) names.push_back(endpoint + std::to_string(i));
  return names;
}

template <class F>
Value guarded(const Args& a, F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    a.fail(a.size(), e.diagnostic().message);
  }
}

// gradcheck(m, data, samples:, entries:, endpoint:): graph/gradcheck.hpp on script data.
Value gradcheck_model(const Args& a) {
  const ModelData& m = trained_arg(a, 0);
  const std::int64_t samples = a.integer(2), entries = a.integer(3);
  if (samples < 1) a.fail(2, "samples must be at least 1");
  if (entries < 1) a.fail(3, "entries must be at least 1");
  return guarded(a, [&] {
    const NodeId loss = m.spec.endpoint(a.string(4));
    if (!m.spec.shape(loss).is_scalar()) {
      throw Error("endpoint '" + a.string(4) + "' is not one number per batch");
    }
    std::vector<Eigen::MatrixXd> inputs = input_matrices(m.spec, a[1]);
    graph::GradcheckData data;
    data.batch = std::min<Index>(samples, inputs.empty() ? 1 : inputs[0].cols());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      data.inputs[m.spec.inputs[i].name] = inputs[i].leftCols(data.batch);
    }
    data.params = m.params;
    graph::GradcheckOptions options;
    options.per_tensor = entries;
    const graph::GradcheckReport r = graph::gradcheck(m.spec, loss, data, options);
    return Value(Record{{"worst_error", Value(r.worst_error)},
                        {"where", Value(r.worst_where)},
                        {"analytic", Value(r.worst_analytic)},
                        {"numeric", Value(r.worst_numeric)},
                        {"checked", Value(static_cast<std::int64_t>(r.checked))},
                        {"summary", Value(r.summary())}});
  });
}

Value run_endpoint(const Args& a, const ModelData& m, const std::string& endpoint,
                   const Eigen::MatrixXd* per_sample) {
  return guarded(a, [&] {
    std::vector<Eigen::MatrixXd> inputs = input_matrices(m.spec, a[1]);
    std::vector<Eigen::MatrixXd> out =
        per_sample ? run_model_per_sample(m, inputs, *per_sample, {endpoint})
                   : run_model(m, inputs, {endpoint});
    const Index rows = out[0].rows();
    return bindings::make_dataset(data::Dataset(std::move(out[0]), output_names(endpoint, rows)));
  });
}

}  // namespace

void register_model_builtins(eval::BuiltinTable& t) {
  t.add(
      "init", sig({"model", {"seed", 0}, {"precision", "f32"}}),
      [](Args& a) {
        const ModelDef* def = as_model_def(a[0]);
        if (!def) a.fail(0, "expected a model definition, got " + a[0].type_name());
        auto& bound = dynamic_cast<eval::BoundArgs&>(a);
        TracedModel traced = trace_model(bound.context(), *def, bound.call_span());
        ModelData m;
        m.name = def->name();
        m.spec = traced.trace->builder.finish();
        m.params = graph::initialise(m.spec.params, static_cast<std::uint64_t>(a.integer(1)));
        m.f64 = a.string(2) == "f64";
        return make_model(std::move(m));
      },
      "Compiles a model definition with freshly initialised parameters (seeded).");
  t.add(
      "params", sig({"model"}),
      [](Args& a) {
        return *ModelValue(std::make_shared<const ModelData>(trained_arg(a, 0))).field("params");
      },
      "The flat parameter vector of a model, as a list.");
  t.add(
      "with_params", sig({"model", "params"}),
      [](Args& a) {
        ModelData m = trained_arg(a, 0);
        m.params = param_vector(a, 1, m.params.size());
        return make_model(std::move(m));
      },
      "The same model with another parameter vector.");
  t.add(
      "apply", sig({"model", "data", {"endpoint", "out"}, {"params", Value()}}),
      [](Args& a) {
        const ModelData& m = trained_arg(a, 0);
        if (a.is_none(3)) return run_endpoint(a, m, a.string(2), nullptr);
        // One parameter row per sample: a dataset of samples x parameters.
        const data::Dataset* rows = bindings::as_dataset(a[3]);
        if (!rows)
          a.fail(3, "per-sample params are a dataset with one row of parameters per sample");
        const Eigen::MatrixXd p = rows->matrix();
        return run_endpoint(a, m, a.string(2), &p);
      },
      "Runs the model on data (noise off) and returns an endpoint's values as a dataset; "
      "params: one parameter row per sample.");
  t.add(
      "encode", sig({"model", "data", {"endpoint", "code"}}),
      [](Args& a) { return run_endpoint(a, trained_arg(a, 0), a.string(2), nullptr); },
      "apply() with the endpoint defaulting to `code`.");
  t.add(
      "decode", sig({"model", "codes", {"from", "code"}, {"endpoint", "out"}}),
      [](Args& a) {
        const ModelData& m = trained_arg(a, 0);
        const data::Dataset& codes = bindings::dataset_arg(a, 1);
        return guarded(a, [&] {
          Eigen::MatrixXd out = decode_from(m, a.string(2), codes.matrix(), a.string(3));
          const Index rows = out.rows();
          return bindings::make_dataset(
              data::Dataset(std::move(out), output_names(a.string(3), rows)));
        });
      },
      "Runs the model from an internal endpoint (`from`, default code) with the given codes "
      "in its place: the decoder alone.");
  t.add(
      "sample",
      sig({"model",
           {"n", 1000},
           {"from", "z"},
           {"prior", "normal"},
           {"endpoint", "out"},
           {"seed", Value()}}),
      [](Args& a) {
        const ModelData& m = trained_arg(a, 0);
        const std::uint64_t seed = bindings::seed_or_default(a, 5);
        return guarded(a, [&] {
          const Index width = m.spec.shape(m.spec.endpoint(a.string(2))).rows;
          const Index n = bindings::count_arg(a, 1);
          Rng rng(seed);
          Eigen::MatrixXd codes(width, n);
          const std::string& prior = a.string(3);
          for (Index j = 0; j < n; ++j) {
            for (Index i = 0; i < width; ++i) {
              if (prior == "normal")
                codes(i, j) = rng.normal();
              else if (prior == "uniform")
                codes(i, j) = rng.uniform() * 2 - 1;
              else
                a.fail(3, "prior must be \"normal\" (N(0, I)) or \"uniform\" (U(-1, 1))");
            }
          }
          Eigen::MatrixXd out = decode_from(m, a.string(2), codes, a.string(4));
          const Index rows = out.rows();
          return bindings::make_dataset(
              data::Dataset(std::move(out), output_names(a.string(4), rows)));
        });
      },
      "Generates n samples: prior draws (normal or uniform) fed to the decoder at endpoint "
      "`from`.");
  t.add(
      "active_length", sig({"model", "data", {"endpoint", "code"}, {"tol", 0.01}}),
      [](Args& a) {
        const ModelData& m = trained_arg(a, 0);
        return guarded(a, [&] {
          const std::vector<Eigen::MatrixXd> codes =
              run_model(m, input_matrices(m.spec, a[1]), {a.string(2)});
          return Value(static_cast<std::int64_t>(active_length(codes[0], a.number(3))));
        });
      },
      "One past the last feature of the endpoint whose mean |value| on the data exceeds tol.");
  t.add(
      "truncate", sig({"model", "k", {"endpoint", "code"}}),
      [](Args& a) {
        const ModelData& m = trained_arg(a, 0);
        return guarded(a, [&] { return make_model(truncate_model(m, a.string(2), a.integer(1))); });
      },
      "A smaller model keeping the first k features of the endpoint (SOSAE's compressed model).");
  t.add(
      "to_dot", sig({"model"}), [](Args& a) { return Value(trained_arg(a, 0).spec.dot()); },
      "The compiled graph in Graphviz's DOT language (dot -Tpng): one box per node with its "
      "op and shape.");
  t.add(
      "gradcheck",
      sig({"model",
           "data",
           {"samples", Value(std::int64_t{2})},
           {"entries", Value(std::int64_t{200})},
           {"endpoint", "loss"}}),
      [](Args& a) { return gradcheck_model(a); },
      "Checks the model's backward pass against central finite differences (float64) at its "
      "parameters, on the first `samples` samples of data: at most `entries` entries of each "
      "parameter block and input, evenly spaced. Returns {worst_error, where, analytic, "
      "numeric, checked, summary}; scalars (annealed weights) are 0 during the check.");
  t.add(
      "save", sig({"model", "path"}),
      [](Args& a) {
        const ModelData& m = trained_arg(a, 0);
        const std::string path = bindings::user_path(a, 1);
        return guarded(a, [&] {
          save_model(m, path);
          return Value(path);
        });
      },
      "Writes the model (safetensors weights + architecture metadata) atomically.");
  t.add(
      "load", sig({"path"}),
      [](Args& a) {
        const std::string path = bindings::user_path(a, 0);
        return guarded(a, [&] { return make_model(load_model(path)); });
      },
      "Reads a model written by save(); it runs without the script that defined it.");
  t.add(
      "describe", sig({"x"}),
      [](Args& a) {
        if (as_model(a[0])) return Value(trained_arg(a, 0).spec.describe());
        if (const bindings::PluginValue* p = bindings::as_plugin(a[0])) return Value(p->describe());
        return Value(eval::describe_type(a[0]));
      },
      "A description of a value (list lengths, record fields, signatures, a plugin's "
      "options with their values and defaults); for a trained model, its compiled graph, one "
      "node per line.");
  t.add(
      "execute", sig({"model", "inputs", "params", {"endpoint", "out"}}),
      [](Args& a) {
        const ModelDef* def = as_model_def(a[0]);
        if (!def) a.fail(0, "expected a model definition (the skeleton), got " + a[0].type_name());
        const NodeValue* p = as_node(a[2]);
        if (!p)
          a.fail(2,
                 "params must be a node with one parameter vector per sample (e.g. a decoder's "
                 "output)");
        std::vector<NodeId> inputs;
        const List single = {a[1]};
        for (const Value& v : a[1].is_list() ? a[1].as_list() : single) {
          const NodeValue* n = as_node(v);
          if (!n || n->trace_ptr() != p->trace_ptr())
            a.fail(1, "inputs must be nodes of the model being traced");
          inputs.push_back(n->id());
        }
        auto& bound = dynamic_cast<eval::BoundArgs&>(a);
        TracedModel traced = trace_per_sample(bound.context(), *def, bound.call_span(),
                                              p->trace_ptr(), inputs, p->id());
        const Value* out = traced.scope->lookup(intern(a.string(3)));
        if (!out || !as_node(*out))
          a.fail(3, "model " + def->name() + " has no endpoint '" + a.string(3) + "'");
        return *out;
      },
      "Runs a skeleton model inside the model being traced with one parameter vector per sample "
      "(params: a node, column b = sample b's parameters): the meta-autoencoder's "
      "execution-driven loss, differentiable with respect to the parameters and the inputs.");
  t.add(
      "jacobian_penalty", sig({"y", "x"}),
      [](Args& a) {
        const NodeValue* y = as_node(a[0]);
        if (!y) a.fail(0, "expected a node of the model being traced, got " + a[0].type_name());
        const NodeValue* x = as_node(a[1]);
        if (!x || x->trace_ptr() != y->trace_ptr())
          a.fail(1, "expected a node of the same model as y (e.g. its input x)");
        return guarded(a, [&] {
          return make_node(y->trace_ptr(),
                           graph::add_jacobian_penalty(y->trace().builder, y->id(), x->id()));
        });
      },
      "The contractive penalty of any encoder: ||dy/dx||_F^2 per sample, mean over the batch "
      "(closed form for y = f(dense(x)), exact forward mode through deeper encoders).");
  t.add(
      "dct", sig({"coefficients"}),
      [](Args& a) {
        if (a.integer(0) < 1) a.fail(0, "dct needs at least 1 coefficient");
        return Value(Record{{"encoding", Value("dct")}, {"coefficients", Value(a.integer(0))}});
      },
      "Indirect genome encoding for population optimizers: k DCT coefficients.");
}

}  // namespace ael::model
