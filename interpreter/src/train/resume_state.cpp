#include "train/resume_state.hpp"

#include <nlohmann/json.hpp>

#include "ael/diagnostic.hpp"

namespace ael::train {

namespace {

constexpr const char* kFormat = "ael-resume-1";
constexpr const char* kPrefix = "__resume__/";

// Real numbers travel as tensors, not JSON: JSON has no inf or NaN (a best loss before
// any validation is inf) and a tensor round-trips every double exactly.
void add_vector(io::TensorFile& file, const std::string& name, const Eigen::VectorXd& v) {
  if (v.size() == 0) return;  // absent means empty
  file.add(kPrefix + name, io::NdArray::from_matrix(v, io::DType::F64));
}

void add_matrix(io::TensorFile& file, const std::string& name, const Eigen::MatrixXd& m) {
  if (m.size() == 0) return;
  file.add(kPrefix + name, io::NdArray::from_matrix(m, io::DType::F64));
}

Eigen::MatrixXd read_matrix(const io::TensorFile& file, const std::string& name, std::int64_t rows,
                            std::int64_t cols, const std::string& path) {
  if (rows < 0 || cols < 0) throw Error(path + ": resume state '" + name + "' has a negative size");
  if (rows == 0 || cols == 0) return Eigen::MatrixXd(rows, cols);
  const io::NdArray* a = file.find(kPrefix + name);
  if (!a) throw Error(path + ": resume state '" + name + "' is missing");
  Eigen::MatrixXd m = a->to_matrix();
  if (m.rows() != rows || m.cols() != cols) {
    throw Error(path + ": resume state '" + name + "' is " + std::to_string(m.rows()) + " x " +
                std::to_string(m.cols()) + ", expected " + std::to_string(rows) + " x " +
                std::to_string(cols));
  }
  return m;
}

Eigen::VectorXd read_vector(const io::TensorFile& file, const std::string& name, std::int64_t size,
                            const std::string& path) {
  const Eigen::MatrixXd m = read_matrix(file, name, size, 1, path);
  return Eigen::Map<const Eigen::VectorXd>(m.data(), m.size());
}

}  // namespace

const char* kind_name(ResumeState::Kind kind) {
  return kind == ResumeState::Kind::Gradient ? "gradient" : "population";
}

void add_resume_state(io::TensorFile& file, const ResumeState& s) {
  nlohmann::json j;
  j["format"] = kFormat;
  j["kind"] = kind_name(s.kind);
  j["stage"] = s.stage;
  j["steps"] = s.steps;
  j["epochs"] = s.epochs;
  j["evaluations"] = s.evaluations;
  j["samples"] = s.samples;
  j["batch"] = s.batch;
  j["since_best"] = s.since_best;
  j["best_params"] = s.best_params.size();
  j["best_genome"] = s.best_genome.size();
  j["history_columns"] = s.history_columns;
  j["history_rows"] = s.history.size();
  add_vector(file, "scalars", Eigen::Vector2d(s.seconds, s.best_loss));
  add_vector(file, "best_params", s.best_params);
  add_vector(file, "best_genome", s.best_genome);
  if (!s.history.empty()) {
    Eigen::MatrixXd h(static_cast<Eigen::Index>(s.history_columns.size()),
                      static_cast<Eigen::Index>(s.history.size()));
    for (std::size_t r = 0; r < s.history.size(); ++r) {
      if (s.history[r].size() != s.history_columns.size())
        throw Error("resume state: a history row has the wrong number of columns");
      for (std::size_t c = 0; c < s.history[r].size(); ++c)
        h(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(r)) = s.history[r][c];
    }
    add_matrix(file, "history", h);
  }

  const OptimizerState& o = s.optimizer;
  nlohmann::json opt;
  opt["name"] = o.optimizer;
  opt["integers"] = nlohmann::json::array();
  for (const auto& [name, value] : o.integers) opt["integers"].push_back({name, value});
  opt["numbers"] = nlohmann::json::array();
  Eigen::VectorXd numbers(static_cast<Eigen::Index>(o.numbers.size()));
  for (std::size_t i = 0; i < o.numbers.size(); ++i) {
    opt["numbers"].push_back(o.numbers[i].first);
    numbers[static_cast<Eigen::Index>(i)] = o.numbers[i].second;
  }
  add_vector(file, "optimizer/numbers", numbers);
  opt["arrays"] = nlohmann::json::array();
  for (std::size_t i = 0; i < o.arrays.size(); ++i) {
    const OptimizerState::Array& a = o.arrays[i];
    opt["arrays"].push_back({a.name, a.rows, a.cols});
    if (static_cast<std::int64_t>(a.data.size()) != a.rows * a.cols)
      throw Error("resume state: optimizer array '" + a.name + "' does not match its shape");
    add_matrix(file, "optimizer/" + std::to_string(i),
               Eigen::Map<const Eigen::MatrixXd>(a.data.data(), a.rows, a.cols));
  }
  j["optimizer"] = opt;
  file.metadata["resume"] = j.dump();
}

std::optional<ResumeState> read_resume_state(const io::TensorFile& file, const std::string& path) {
  const auto it = file.metadata.find("resume");
  if (it == file.metadata.end()) return std::nullopt;
  ResumeState s;
  try {
    const nlohmann::json j = nlohmann::json::parse(it->second);
    if (j.at("format").get<std::string>() != kFormat) {
      throw Error(path + ": unsupported resume state '" + j.at("format").get<std::string>() +
                  "' (this build reads " + kFormat + ")");
    }
    const std::string kind = j.at("kind").get<std::string>();
    if (kind != "gradient" && kind != "population")
      throw Error(path + ": unknown resume state kind '" + kind + "'");
    s.kind = kind == "gradient" ? ResumeState::Kind::Gradient : ResumeState::Kind::Population;
    s.stage = j.at("stage").get<std::int64_t>();
    s.steps = j.at("steps").get<std::int64_t>();
    s.epochs = j.at("epochs").get<std::int64_t>();
    s.evaluations = j.at("evaluations").get<std::int64_t>();
    s.samples = j.at("samples").get<std::int64_t>();
    s.batch = j.at("batch").get<std::int64_t>();
    s.since_best = j.at("since_best").get<std::int64_t>();
    if (s.stage < 0 || s.steps < 0 || s.epochs < 0 || s.evaluations < 0)
      throw Error(path + ": the resume state has a negative counter");
    const Eigen::VectorXd scalars = read_vector(file, "scalars", 2, path);
    s.seconds = scalars[0];
    s.best_loss = scalars[1];
    s.best_params = read_vector(file, "best_params", j.at("best_params").get<std::int64_t>(), path);
    s.best_genome = read_vector(file, "best_genome", j.at("best_genome").get<std::int64_t>(), path);
    s.history_columns = j.at("history_columns").get<std::vector<std::string>>();
    const auto rows = j.at("history_rows").get<std::int64_t>();
    const Eigen::MatrixXd h = read_matrix(
        file, "history", static_cast<std::int64_t>(s.history_columns.size()), rows, path);
    for (Eigen::Index r = 0; r < h.cols(); ++r) {
      s.history.emplace_back(h.col(r).data(), h.col(r).data() + h.rows());
    }

    const nlohmann::json& opt = j.at("optimizer");
    s.optimizer.optimizer = opt.at("name").get<std::string>();
    for (const auto& e : opt.at("integers"))
      s.optimizer.integers.emplace_back(e.at(0).get<std::string>(), e.at(1).get<std::int64_t>());
    const auto& names = opt.at("numbers");
    const Eigen::VectorXd numbers =
        read_vector(file, "optimizer/numbers", static_cast<std::int64_t>(names.size()), path);
    for (std::size_t i = 0; i < names.size(); ++i)
      s.optimizer.numbers.emplace_back(names[i].get<std::string>(),
                                       numbers[static_cast<Eigen::Index>(i)]);
    std::size_t index = 0;
    for (const auto& e : opt.at("arrays")) {
      OptimizerState::Array a;
      a.name = e.at(0).get<std::string>();
      a.rows = e.at(1).get<std::int64_t>();
      a.cols = e.at(2).get<std::int64_t>();
      const Eigen::MatrixXd m =
          read_matrix(file, "optimizer/" + std::to_string(index++), a.rows, a.cols, path);
      a.data.assign(m.data(), m.data() + m.size());
      s.optimizer.arrays.push_back(std::move(a));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": corrupt resume state: " + e.what());
  }
  return s;
}

}  // namespace ael::train
