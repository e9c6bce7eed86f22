// GraphSpec <-> JSON (see spec_json.hpp for the format).
#include "graph/spec_json.hpp"

#include <cmath>

#include "graph/builder.hpp"

namespace ael::graph {
namespace {

using nlohmann::json;

json attr_to_json(const std::string& name, const AttrValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  auto finite = [&](double d) {
    if (!std::isfinite(d))
      throw Error("cannot save attribute '" + name + "': it is not a finite number");
    return d;
  };
  if (const auto* d = std::get_if<double>(&v)) return finite(*d);
  json list = json::array();
  for (double d : std::get<std::vector<double>>(v)) list.push_back(finite(d));
  return list;
}

AttrValue attr_from_json(const std::string& name, const json& j) {
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j.is_number_float()) return j.get<double>();
  if (j.is_string()) return j.get<std::string>();
  if (j.is_array()) {
    std::vector<double> list;
    for (const auto& e : j) {
      if (!e.is_number()) throw Error("attribute '" + name + "' has a non-numeric list entry");
      list.push_back(e.get<double>());
    }
    return list;
  }
  throw Error("attribute '" + name + "' has an unsupported JSON type");
}

json named_to_json(const std::vector<NamedNode>& list) {
  json out = json::array();
  for (const auto& n : list) out.push_back({{"name", n.name}, {"node", n.node}});
  return out;
}

std::vector<NamedNode> named_from_json(const json& j) {
  std::vector<NamedNode> out;
  for (const auto& e : j)
    out.push_back({e.at("name").get<std::string>(), e.at("node").get<NodeId>()});
  return out;
}

json init_to_json(const InitSpec& i) {
  return {{"kind", i.kind}, {"a", i.a}, {"b", i.b}, {"fan_in", i.fan_in}, {"fan_out", i.fan_out}};
}

InitSpec init_from_json(const json& j) {
  InitSpec i;
  i.kind = j.at("kind").get<std::string>();
  i.a = j.at("a").get<double>();
  i.b = j.at("b").get<double>();
  i.fan_in = j.at("fan_in").get<Index>();
  i.fan_out = j.at("fan_out").get<Index>();
  return i;
}

Node node_from_json(const json& j) {
  Node n;
  n.op = j.at("op").get<std::string>();
  n.inputs = j.at("inputs").get<std::vector<NodeId>>();
  for (const auto& [name, value] : j.at("attrs").items())
    n.attrs.set(name, attr_from_json(name, value));
  const json& shape = j.at("shape");
  if (!shape.is_array() || shape.size() != 3)
    throw Error("a node's shape must be [rows, cols, batched]");
  n.shape = Shape{shape[0].get<Index>(), shape[1].get<Index>(), shape[2].get<bool>()};
  n.label = j.value("label", std::string());
  return n;
}

}  // namespace

json spec_to_json(const GraphSpec& spec) {
  json nodes = json::array();
  for (const Node& n : spec.nodes) {
    json attrs = json::object();
    for (const auto& [name, value] : n.attrs.items()) attrs[name] = attr_to_json(name, value);
    json node = {{"op", n.op},
                 {"inputs", n.inputs},
                 {"attrs", attrs},
                 {"shape", {n.shape.rows, n.shape.cols, n.shape.batched}}};
    if (!n.label.empty()) node["label"] = n.label;
    nodes.push_back(std::move(node));
  }
  json blocks = json::array();
  for (const ParamBlock& b : spec.params.blocks) {
    blocks.push_back({{"name", b.name},
                      {"offset", b.offset},
                      {"rows", b.rows},
                      {"cols", b.cols},
                      {"trainable", b.trainable},
                      {"init", init_to_json(b.init)}});
  }
  return {{"format", "ael-graph"},
          {"version", kSpecFormatVersion},
          {"nodes", nodes},
          {"inputs", named_to_json(spec.inputs)},
          {"scalars", named_to_json(spec.scalars)},
          {"endpoints", named_to_json(spec.endpoints)},
          {"params", {{"size", spec.params.size}, {"blocks", blocks}}}};
}

GraphSpec spec_from_json(const json& j, const OpRegistry& registry) {
  GraphSpec spec;
  try {
    if (!j.is_object() || j.value("format", std::string()) != "ael-graph")
      throw Error("not an AEL model architecture (missing \"format\": \"ael-graph\")");
    const int version = j.at("version").get<int>();
    if (version != kSpecFormatVersion) {
      throw Error("architecture format version " + std::to_string(version) +
                  " is not supported (this AEL reads version " +
                  std::to_string(kSpecFormatVersion) + ")");
    }
    for (const auto& n : j.at("nodes")) spec.nodes.push_back(node_from_json(n));
    spec.inputs = named_from_json(j.at("inputs"));
    spec.scalars = named_from_json(j.at("scalars"));
    spec.endpoints = named_from_json(j.at("endpoints"));
    const json& params = j.at("params");
    spec.params.size = params.at("size").get<Index>();
    for (const auto& b : params.at("blocks")) {
      ParamBlock block;
      block.name = b.at("name").get<std::string>();
      block.offset = b.at("offset").get<Index>();
      block.rows = b.at("rows").get<Index>();
      block.cols = b.at("cols").get<Index>();
      block.trainable = b.at("trainable").get<bool>();
      block.init = init_from_json(b.at("init"));
      spec.params.blocks.push_back(std::move(block));
    }
  } catch (const json::exception& e) {
    throw Error(std::string("malformed model architecture: ") + e.what());
  }
  validate(spec, registry);
  return spec;
}

std::string spec_to_string(const GraphSpec& spec, int indent) {
  return spec_to_json(spec).dump(indent);
}

GraphSpec spec_from_string(std::string_view text, const OpRegistry& registry) {
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw Error(std::string("model architecture is not valid JSON: ") + e.what());
  }
  return spec_from_json(j, registry);
}

}  // namespace ael::graph
