#include "graph_test_util.hpp"

namespace ael::graph::testing {

Eigen::MatrixXd random_matrix(Index rows, Index cols, Domain domain, Rng& rng, Index classes) {
  Eigen::MatrixXd m(rows, cols);
  if (domain == Domain::OneHot) {
    m.setZero();
    for (Index j = 0; j < cols; ++j) {
      for (Index block = 0; block < rows / classes; ++block) {
        m(block * classes + static_cast<Index>(rng.below(static_cast<std::uint64_t>(classes))), j) =
            1;
      }
    }
    return m;
  }
  for (Index k = 0; k < m.size(); ++k) {
    double v = 0;
    switch (domain) {
      case Domain::Any:
        v = rng.normal();
        break;
      case Domain::Positive:
        v = rng.uniform(0.5, 2.0);
        break;
      case Domain::AwayFromZero:
        v = (rng.bernoulli(0.5) ? 1 : -1) * rng.uniform(0.1, 1.5);
        break;
      case Domain::Probability:
        v = rng.uniform(0.05, 0.95);
        break;
      case Domain::OneHot:
        break;
    }
    m.data()[k] = v;
  }
  return m;
}

GradcheckReport check_op(const std::string& op, const std::vector<Operand>& operands,
                         const Attrs& attrs, Index batch, std::uint64_t seed) {
  Rng rng(seed);
  GraphBuilder b;
  GradcheckData data;
  data.batch = batch;
  std::vector<NodeId> ids;
  std::vector<std::pair<std::size_t, Eigen::MatrixXd>> param_values;
  for (std::size_t k = 0; k < operands.size(); ++k) {
    const Operand& o = operands[k];
    const std::string name = "v" + std::to_string(k);
    const Eigen::MatrixXd value =
        random_matrix(o.shape.rows, o.shape.runtime_cols(batch), o.domain, rng, o.classes);
    if (o.param) {
      ids.push_back(b.param(name, o.shape.rows, o.shape.cols, InitSpec::zeros()));
      param_values.emplace_back(b.spec().params.blocks.size() - 1, value);
    } else {
      ids.push_back(b.input(name, o.shape));
      data.inputs[name] = value;
    }
  }
  NodeId loss = b.add(op, ids, attrs);
  if (!b.shape(loss).is_scalar()) {
    const Shape s = b.shape(loss);
    const NodeId r = b.input("r", s);
    data.inputs["r"] = random_matrix(s.rows, s.runtime_cols(batch), Domain::Any, rng);
    loss = b.add("sum", {b.add("mul", {loss, r})});
  }
  GraphSpec spec = b.finish();
  data.params = Eigen::VectorXd::Zero(spec.params.size);
  for (const auto& [block, value] : param_values) {
    const ParamBlock& pb = spec.params.blocks[block];
    data.params.segment(pb.offset, pb.size()) =
        Eigen::Map<const Eigen::VectorXd>(value.data(), value.size());
  }
  return gradcheck(spec, loss, data);
}

void fill_inputs(Graph<double>& g, Rng& rng) {
  for (const auto& in : g.spec().inputs) {
    const Shape s = g.spec().shape(in.node);
    g.set_input(in.node, random_matrix(s.rows, s.runtime_cols(g.batch()), Domain::Any, rng));
  }
}

}  // namespace ael::graph::testing
