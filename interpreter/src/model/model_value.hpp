// A compiled model with its parameters: what `train` returns, `init(M)` builds and
// `load("m.safetensors")` reads. Immutable: with_params() and training make new ones.
//
//   m.name, m.inputs, m.endpoints     what it is
//   m.params, m.size                  the flat parameter vector and its length
//   m.layers                          parameter blocks [{name, rows, cols, offset}]
//   m.loss, m.history, m.steps, ...   training results (none before training)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "ael/value.hpp"
#include "graph/spec.hpp"
#include "io/safetensors.hpp"

namespace ael::model {

struct ModelData {
  std::string name;
  graph::GraphSpec spec;  ///< inputs, endpoints and (after training) the loss nodes
  Eigen::VectorXd params;
  bool f64 = false;  ///< run in double precision (default float32, like PyTorch)
  Record info;       ///< training summary (loss, steps, epochs, seconds, stop, history)

  std::vector<std::string> input_names() const;
  std::vector<std::string> endpoint_names() const;
};

class ModelValue : public Object {
 public:
  explicit ModelValue(std::shared_ptr<const ModelData> data) : data_(std::move(data)) {}

  std::string type_name() const override { return "compiled model"; }
  std::string repr() const override;
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;

  const ModelData& data() const { return *data_; }
  const std::shared_ptr<const ModelData>& shared() const { return data_; }

 private:
  std::shared_ptr<const ModelData> data_;
};

Value make_model(ModelData data);
/// The ModelData in `v`, or nullptr.
const ModelData* as_model(const Value& v);

/// Runs `model` forward (evaluation mode: noise off) on `inputs` (one features x N matrix
/// per model input, in spec.inputs order) and returns each endpoint's values (rows x N).
/// Works in chunks of samples so memory stays bounded; precision as the model says.
std::vector<Eigen::MatrixXd> run_model(const ModelData& model,
                                       const std::vector<Eigen::MatrixXd>& inputs,
                                       const std::vector<std::string>& endpoints);

/// The same, with one parameter vector per sample (params: size x N): sample i runs with
/// column i (the meta-autoencoder's "load decoded parameters into a skeleton").
std::vector<Eigen::MatrixXd> run_model_per_sample(const ModelData& model,
                                                  const std::vector<Eigen::MatrixXd>& inputs,
                                                  const Eigen::MatrixXd& params,
                                                  const std::vector<std::string>& endpoints);

/// Runs the part of `model` downstream of endpoint `from`, with `codes` (rows of `from`'s
/// width x N) in place of that endpoint's values: decoding latent codes, or generating from
/// prior samples. Throws ael::Error when `endpoint` also depends on a model input by another
/// path, or when `from` is not a per-sample endpoint.
Eigen::MatrixXd decode_from(const ModelData& model, const std::string& from,
                            const Eigen::MatrixXd& codes, const std::string& endpoint);

/// Saves weights (safetensors, one tensor per parameter block, float32 or float64 as the
/// model runs) with the architecture (graph spec JSON) and training summary in the
/// metadata, atomically.
void save_model(const ModelData& model, const std::string& path);
/// Reads a file written by save_model; a truncated, corrupt or foreign file is an
/// ael::Error naming the file and what is wrong.
ModelData load_model(const std::string& path);

/// The tensor file save_model writes, and the model in one; for files that carry more
/// than the model (a checkpoint's resume state, train/resume_state.hpp).
io::TensorFile model_tensor_file(const ModelData& model);
ModelData model_from_tensor_file(const io::TensorFile& file, const std::string& path);

}  // namespace ael::model
