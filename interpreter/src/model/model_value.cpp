#include "model/model_value.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "ael/diagnostic.hpp"
#include "graph/graph.hpp"
#include "graph/spec_json.hpp"
#include "io/safetensors.hpp"

namespace ael::model {

std::vector<std::string> ModelData::input_names() const {
  std::vector<std::string> names;
  for (const graph::NamedNode& n : spec.inputs) names.push_back(n.name);
  return names;
}

std::vector<std::string> ModelData::endpoint_names() const {
  std::vector<std::string> names;
  for (const graph::NamedNode& n : spec.endpoints) names.push_back(n.name);
  return names;
}

namespace {

List string_list(const std::vector<std::string>& names) {
  List out;
  for (const std::string& n : names) out.push_back(Value(n));
  return out;
}

}  // namespace

std::string ModelValue::repr() const {
  return "<compiled model " + data_->name + ": " + std::to_string(data_->params.size()) +
         " parameters>";
}

std::optional<Value> ModelValue::field(std::string_view name) const {
  const ModelData& m = *data_;
  if (name == "name") return Value(m.name);
  if (name == "inputs") return Value(string_list(m.input_names()));
  if (name == "endpoints") return Value(string_list(m.endpoint_names()));
  if (name == "size") return Value(static_cast<std::int64_t>(m.params.size()));
  if (name == "precision") return Value(m.f64 ? "f64" : "f32");
  if (name == "params") {
    List p;
    p.reserve(static_cast<std::size_t>(m.params.size()));
    for (Index i = 0; i < m.params.size(); ++i) p.push_back(Value(m.params[i]));
    return Value(std::move(p));
  }
  if (name == "layers") {
    List blocks;
    for (const graph::ParamBlock& b : m.spec.params.blocks) {
      blocks.push_back(Value(Record{{"name", Value(b.name)},
                                    {"rows", Value(static_cast<std::int64_t>(b.rows))},
                                    {"cols", Value(static_cast<std::int64_t>(b.cols))},
                                    {"offset", Value(static_cast<std::int64_t>(b.offset))},
                                    {"trainable", Value(b.trainable)}}));
    }
    return Value(std::move(blocks));
  }
  if (const Value* v = m.info.find(name)) return *v;
  static const char* const training_fields[] = {"loss",    "history", "steps",          "epochs",
                                                "seconds", "stop",    "validation_loss"};
  for (const char* f : training_fields) {
    if (name == f) return Value();  // not trained (yet)
  }
  return std::nullopt;
}

std::vector<std::string> ModelValue::field_names() const {
  std::vector<std::string> names = {"name",   "inputs",  "endpoints", "size",           "precision",
                                    "params", "layers",  "loss",      "history",        "steps",
                                    "epochs", "seconds", "stop",      "validation_loss"};
  for (const auto& [k, v] : data_->info.fields()) {
    if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
  }
  return names;
}

Value make_model(ModelData data) {
  return Value(std::make_shared<ModelValue>(std::make_shared<const ModelData>(std::move(data))));
}

const ModelData* as_model(const Value& v) {
  auto m = v.object_as<ModelValue>();
  return m ? &m->data() : nullptr;
}

// ------------------------------------------------------------------------------- running

namespace {

constexpr Index kChunk = 4096;

template <class S>
void check_inputs(const ModelData& model, const std::vector<Eigen::MatrixXd>& inputs) {
  if (inputs.size() != model.spec.inputs.size()) {
    throw Error("model " + model.name + " has " + std::to_string(model.spec.inputs.size()) +
                " inputs, got data for " + std::to_string(inputs.size()));
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const graph::NamedNode& in = model.spec.inputs[i];
    const Index width = model.spec.shape(in.node).rows;
    if (inputs[i].rows() != width) {
      throw Error("input '" + in.name + "' of model " + model.name + " has " +
                  std::to_string(width) + " features, the data has " +
                  std::to_string(inputs[i].rows()));
    }
    if (inputs[i].cols() != inputs[0].cols()) {
      throw Error("the inputs of model " + model.name + " have different sample counts");
    }
  }
}

template <class S>
std::vector<NodeId> endpoint_ids(const graph::Graph<S>& g,
                                 const std::vector<std::string>& endpoints) {
  std::vector<NodeId> ids;
  for (const std::string& e : endpoints) ids.push_back(g.endpoint(e));
  return ids;
}

template <class S>
std::vector<Eigen::MatrixXd> run_typed(const ModelData& model,
                                       const std::vector<Eigen::MatrixXd>& inputs,
                                       const Eigen::MatrixXd* per_sample,
                                       const std::vector<std::string>& endpoints) {
  check_inputs<S>(model, inputs);
  graph::Graph<S> g(model.spec);
  g.set_params(model.params);
  const std::vector<NodeId> ids = endpoint_ids(g, endpoints);
  const Index n = inputs.empty() ? 0 : inputs[0].cols();
  std::vector<Eigen::MatrixXd> out;
  for (std::size_t e = 0; e < ids.size(); ++e) {
    const Shape& s = model.spec.shape(ids[e]);
    if (!s.batched || s.cols != 1) {
      throw Error("endpoint '" + endpoints[e] + "' is not a per-sample value (shape " + s.str() +
                  ")");
    }
    out.emplace_back(s.rows, n);
  }
  const Index chunk = per_sample ? 1 : kChunk;
  for (Index begin = 0; begin < n; begin += chunk) {
    const Index count = std::min(chunk, n - begin);
    if (g.batch() != count) g.set_batch(count);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      g.set_input(model.spec.inputs[i].node, inputs[i].middleCols(begin, count).template cast<S>());
    }
    if (per_sample) g.set_params(per_sample->col(begin));
    g.forward(ids, RunContext{false, 0, 0});
    for (std::size_t e = 0; e < ids.size(); ++e) {
      out[e].middleCols(begin, count) = g.value(ids[e]).template cast<double>();
    }
  }
  return out;
}

}  // namespace

std::vector<Eigen::MatrixXd> run_model(const ModelData& model,
                                       const std::vector<Eigen::MatrixXd>& inputs,
                                       const std::vector<std::string>& endpoints) {
  return model.f64 ? run_typed<double>(model, inputs, nullptr, endpoints)
                   : run_typed<float>(model, inputs, nullptr, endpoints);
}

std::vector<Eigen::MatrixXd> run_model_per_sample(const ModelData& model,
                                                  const std::vector<Eigen::MatrixXd>& inputs,
                                                  const Eigen::MatrixXd& params,
                                                  const std::vector<std::string>& endpoints) {
  if (params.rows() != model.params.size()) {
    throw Error("model " + model.name + " has " + std::to_string(model.params.size()) +
                " parameters, the parameter rows have " + std::to_string(params.rows()));
  }
  if (!inputs.empty() && params.cols() != inputs[0].cols()) {
    throw Error("per-sample parameters: " + std::to_string(params.cols()) + " rows for " +
                std::to_string(inputs[0].cols()) + " samples");
  }
  return model.f64 ? run_typed<double>(model, inputs, &params, endpoints)
                   : run_typed<float>(model, inputs, &params, endpoints);
}

namespace {

// A copy of `model` whose node `from` is an input called "<from>" (spec surgery: the
// nodes upstream of it are simply no longer needed by the endpoints downstream).
ModelData cut_at(const ModelData& model, const std::string& from) {
  ModelData cut = model;
  const NodeId id = model.spec.endpoint(from);
  const Shape shape = model.spec.shape(id);
  if (!shape.batched || shape.cols != 1)
    throw Error("endpoint '" + from + "' is not a per-sample value");
  graph::Node& node = cut.spec.nodes.at(static_cast<std::size_t>(id));
  if (node.op == graph::kInputOp) return cut;
  node.op = std::string(graph::kInputOp);
  node.inputs.clear();
  node.attrs = Attrs{{"name", "decode:" + from},
                     {"rows", static_cast<std::int64_t>(shape.rows)},
                     {"cols", std::int64_t{1}},
                     {"batched", std::int64_t{1}}};
  cut.spec.inputs.push_back({"decode:" + from, id});
  return cut;
}

template <class S>
Eigen::MatrixXd decode_typed(const ModelData& cut, NodeId from, const Eigen::MatrixXd& codes,
                             const std::string& endpoint) {
  graph::Graph<S> g(cut.spec);
  g.set_params(cut.params);
  const NodeId target = g.endpoint(endpoint);
  const Shape& s = cut.spec.shape(target);
  if (!s.batched || s.cols != 1)
    throw Error("endpoint '" + endpoint + "' is not a per-sample value");
  Eigen::MatrixXd out(s.rows, codes.cols());
  const Index chunk = 4096;
  for (Index begin = 0; begin < codes.cols(); begin += chunk) {
    const Index count = std::min(chunk, codes.cols() - begin);
    if (g.batch() != count) g.set_batch(count);
    g.set_input(from, codes.middleCols(begin, count).template cast<S>());
    try {
      g.forward(target, RunContext{false, 0, 0});
    } catch (const Error& e) {
      throw Error("'" + endpoint +
                  "' does not depend on the codes alone: " + e.diagnostic().message);
    }
    out.middleCols(begin, count) = g.value(target).template cast<double>();
  }
  return out;
}

}  // namespace

Eigen::MatrixXd decode_from(const ModelData& model, const std::string& from,
                            const Eigen::MatrixXd& codes, const std::string& endpoint) {
  const ModelData cut = cut_at(model, from);
  const NodeId id = cut.spec.endpoint(from);
  const Index width = cut.spec.shape(id).rows;
  if (codes.rows() != width) {
    throw Error("endpoint '" + from + "' has " + std::to_string(width) +
                " features, the codes have " + std::to_string(codes.rows()));
  }
  return model.f64 ? decode_typed<double>(cut, id, codes, endpoint)
                   : decode_typed<float>(cut, id, codes, endpoint);
}

// ------------------------------------------------------------------------------ files

namespace {

constexpr const char* kFormat = "ael-model-1";

nlohmann::json info_json(const Record& info) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : info.fields()) {
    if (v.is_int())
      j[k] = v.as_int();
    else if (v.is_number())
      j[k] = v.as_number();
    else if (v.is_string())
      j[k] = v.as_string();
    else if (v.is_bool())
      j[k] = v.as_bool();
  }
  return j;
}

Record info_record(const nlohmann::json& j) {
  Record r;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const nlohmann::json& v = it.value();
    if (v.is_number_integer())
      r.set(it.key(), Value(v.get<std::int64_t>()));
    else if (v.is_number())
      r.set(it.key(), Value(v.get<double>()));
    else if (v.is_string())
      r.set(it.key(), Value(v.get<std::string>()));
    else if (v.is_boolean())
      r.set(it.key(), Value(v.get<bool>()));
  }
  return r;
}

std::string metadata_or_throw(const io::TensorFile& file, const std::string& key,
                              const std::string& path) {
  auto it = file.metadata.find(key);
  if (it == file.metadata.end()) {
    throw Error(path + ": not an AEL model file (no '" + key + "' in the safetensors metadata)");
  }
  return it->second;
}

}  // namespace

void save_model(const ModelData& model, const std::string& path) {
  io::write_safetensors(path, model_tensor_file(model));
}

ModelData load_model(const std::string& path) {
  return model_from_tensor_file(io::read_safetensors(path), path);
}

io::TensorFile model_tensor_file(const ModelData& model) {
  io::TensorFile file;
  const io::DType dtype = model.f64 ? io::DType::F64 : io::DType::F32;
  for (const graph::ParamBlock& b : model.spec.params.blocks) {
    Eigen::MatrixXd block =
        Eigen::Map<const Eigen::MatrixXd>(model.params.data() + b.offset, b.rows, b.cols);
    file.add(b.name, io::NdArray::from_matrix(block, dtype));
  }
  file.metadata["format"] = kFormat;
  file.metadata["name"] = model.name;
  file.metadata["precision"] = model.f64 ? "f64" : "f32";
  file.metadata["graph"] = graph::spec_to_string(model.spec);
  file.metadata["training"] = info_json(model.info).dump();
  return file;
}

ModelData model_from_tensor_file(const io::TensorFile& file, const std::string& path) {
  const std::string format = metadata_or_throw(file, "format", path);
  if (format != kFormat) {
    throw Error(path + ": unsupported AEL model format '" + format + "' (this build reads " +
                kFormat + ")");
  }
  ModelData m;
  m.name = metadata_or_throw(file, "name", path);
  m.f64 = metadata_or_throw(file, "precision", path) == "f64";
  try {
    m.spec = graph::spec_from_string(metadata_or_throw(file, "graph", path));
    m.info = info_record(nlohmann::json::parse(metadata_or_throw(file, "training", path)));
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": corrupt model metadata: " + e.what());
  } catch (const Error& e) {
    throw Error(path + ": corrupt model architecture: " + e.what());
  }
  m.params = Eigen::VectorXd::Zero(m.spec.params.size);
  for (const graph::ParamBlock& b : m.spec.params.blocks) {
    const io::NdArray* a = file.find(b.name);
    if (!a) throw Error(path + ": parameter block '" + b.name + "' is missing");
    Eigen::MatrixXd v = a->to_matrix();
    if (v.rows() != b.rows || v.cols() != b.cols) {
      throw Error(path + ": parameter block '" + b.name + "' is " + std::to_string(v.rows()) +
                  " x " + std::to_string(v.cols()) + ", the architecture says " +
                  std::to_string(b.rows) + " x " + std::to_string(b.cols));
    }
    Eigen::Map<Eigen::MatrixXd>(m.params.data() + b.offset, b.rows, b.cols) = v;
  }
  return m;
}

}  // namespace ael::model
