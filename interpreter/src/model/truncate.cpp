#include "model/truncate.hpp"

#include <map>
#include <set>

#include "ael/diagnostic.hpp"
#include "graph/builder.hpp"

namespace ael::model {

namespace {

using graph::GraphSpec;
using graph::Node;

// The dense node producing `id` through a chain of one-input ops, and the chain itself.
NodeId producer_dense(const GraphSpec& spec, NodeId id, std::set<NodeId>& chain) {
  for (NodeId at = id;;) {
    chain.insert(at);
    const Node& n = spec.nodes.at(static_cast<std::size_t>(at));
    if (n.op == "dense") return at;
    if (n.inputs.size() != 1) {
      throw Error("truncate: endpoint is not produced by a dense layer (found '" + n.op + "')");
    }
    at = n.inputs[0];
  }
}

// Nodes the kept endpoints need (the training loss and its inputs are dropped).
std::vector<char> needed_nodes(const GraphSpec& spec) {
  std::vector<char> needed(spec.nodes.size(), 0);
  std::vector<NodeId> stack;
  for (const graph::NamedNode& e : spec.endpoints) {
    if (e.name.rfind("loss", 0) != 0) stack.push_back(e.node);
  }
  for (const graph::NamedNode& in : spec.inputs) stack.push_back(in.node);
  while (!stack.empty()) {
    const NodeId id = stack.back();
    stack.pop_back();
    if (needed[static_cast<std::size_t>(id)]) continue;
    needed[static_cast<std::size_t>(id)] = 1;
    for (NodeId in : spec.nodes[static_cast<std::size_t>(id)].inputs) stack.push_back(in);
  }
  return needed;
}

// How each parameter block shrinks: (rows, cols) kept from the top-left corner.
struct Cut {
  Index rows, cols;
};

std::map<std::string, Cut> block_cuts(const GraphSpec& spec, NodeId dense, NodeId end, Index k) {
  std::map<std::string, Cut> cuts;
  const Node& d = spec.nodes.at(static_cast<std::size_t>(dense));
  const graph::ParamBlock& w = spec.block_of(d.inputs.at(1));
  cuts[w.name] = {k, w.cols};
  if (d.inputs.size() > 2) cuts[spec.block_of(d.inputs[2]).name] = {k, 1};
  for (const Node& n : spec.nodes) {
    // Dense readers of the endpoint lose the weight columns of the dropped features; other
    // readers keep their shape rules (checked when the graph is rebuilt).
    if (n.op != "dense" || n.inputs.empty() || n.inputs[0] != end) continue;
    const graph::ParamBlock& cw = spec.block_of(n.inputs.at(1));
    cuts[cw.name] = {cw.rows, k};
  }
  return cuts;
}

}  // namespace

ModelData truncate_model(const ModelData& model, const std::string& endpoint, Index k) {
  const GraphSpec& spec = model.spec;
  const NodeId end = spec.endpoint(endpoint);
  const Index width = spec.shape(end).rows;
  if (k < 1 || k > width) {
    throw Error("truncate: k must be in [1, " + std::to_string(width) + "], got " +
                std::to_string(k));
  }
  std::set<NodeId> chain;
  const NodeId dense = producer_dense(spec, end, chain);
  const std::map<std::string, Cut> cuts = block_cuts(spec, dense, end, k);
  const std::vector<char> needed = needed_nodes(spec);

  graph::GraphBuilder b;
  std::vector<NodeId> map(spec.nodes.size(), -1);
  std::vector<std::pair<const graph::ParamBlock*, Cut>> kept_blocks;
  for (std::size_t i = 0; i < spec.nodes.size(); ++i) {
    if (!needed[i]) continue;
    const Node& n = spec.nodes[i];
    if (n.op == graph::kInputOp) {
      map[i] = b.input(n.attrs.string("name"), n.shape);
    } else if (n.op == graph::kScalarOp) {
      map[i] = b.scalar_input(n.attrs.string("name"));
    } else if (n.op == graph::kParamOp) {
      const graph::ParamBlock& block = spec.block_of(static_cast<NodeId>(i));
      auto it = cuts.find(block.name);
      const Cut cut = it == cuts.end() ? Cut{block.rows, block.cols} : it->second;
      map[i] = b.param(block.name, cut.rows, cut.cols, block.init, block.trainable);
      kept_blocks.push_back({&block, cut});
    } else if (n.op == graph::kConstantOp) {
      const std::vector<double>& v = n.attrs.numbers("values");
      map[i] = b.constant(Eigen::Map<const Eigen::MatrixXd>(v.data(), n.attrs.integer("rows"),
                                                            n.attrs.integer("cols")));
    } else {
      std::vector<NodeId> inputs;
      for (NodeId in : n.inputs) inputs.push_back(map[static_cast<std::size_t>(in)]);
      map[i] = b.add(n.op, inputs, n.attrs);
    }
    if (!n.label.empty()) b.label(map[i], n.label);
  }
  for (const graph::NamedNode& e : spec.endpoints) {
    if (e.name.rfind("loss", 0) == 0) continue;
    b.endpoint(e.name, map[static_cast<std::size_t>(e.node)]);
  }

  ModelData out;
  out.name = model.name;
  out.f64 = model.f64;
  out.info = model.info;
  out.spec = b.finish();
  out.params = Eigen::VectorXd::Zero(out.spec.params.size);
  for (const auto& [old_block, cut] : kept_blocks) {
    const graph::ParamBlock* nb = out.spec.params.find(old_block->name);
    Eigen::Map<const Eigen::MatrixXd> from(model.params.data() + old_block->offset, old_block->rows,
                                           old_block->cols);
    Eigen::Map<Eigen::MatrixXd>(out.params.data() + nb->offset, cut.rows, cut.cols) =
        from.topLeftCorner(cut.rows, cut.cols);
  }
  return out;
}

Index active_length(const Eigen::MatrixXd& codes, double tol) {
  Index length = 0;
  for (Index i = 0; i < codes.rows(); ++i) {
    if (codes.row(i).cwiseAbs().mean() > tol) length = i + 1;
  }
  return length;
}

}  // namespace ael::model
