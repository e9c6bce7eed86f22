#include "model/data_binding.hpp"

#include "ael/diagnostic.hpp"
#include "bindings/dataset_value.hpp"

namespace ael::model {

namespace {

Index width_of(const graph::GraphSpec& spec, const graph::NamedNode& input) {
  return spec.shape(input.node).rows;
}

std::string widths(const graph::GraphSpec& spec) {
  std::string s;
  for (const graph::NamedNode& in : spec.inputs) {
    s += (s.empty() ? "" : ", ") + in.name + ": " + std::to_string(width_of(spec, in));
  }
  return s;
}

}  // namespace

std::vector<Eigen::MatrixXd> input_matrices(const graph::GraphSpec& spec, const Value& data) {
  std::vector<Eigen::MatrixXd> out;
  if (const data::Dataset* ds = bindings::as_dataset(data)) {
    Index total = 0;
    for (const graph::NamedNode& in : spec.inputs) total += width_of(spec, in);
    if (ds->features() != total) {
      throw Error("the model's inputs (" + widths(spec) + ") take " + std::to_string(total) +
                  " features, the dataset has " + std::to_string(ds->features()));
    }
    Index row = 0;
    for (const graph::NamedNode& in : spec.inputs) {
      const Index w = width_of(spec, in);
      out.emplace_back(ds->matrix().middleRows(row, w));
      row += w;
    }
    return out;
  }
  if (data.is_record()) {
    const Record& r = data.as_record();
    for (const graph::NamedNode& in : spec.inputs) {
      const Value* v = r.find(in.name);
      if (!v) throw Error("the data record has no field for input '" + in.name + "'");
      const data::Dataset* ds = bindings::as_dataset(*v);
      if (!ds)
        throw Error("field '" + in.name + "' of the data must be a dataset, got " + v->type_name());
      if (ds->features() != width_of(spec, in)) {
        throw Error("input '" + in.name + "' takes " + std::to_string(width_of(spec, in)) +
                    " features, its dataset has " + std::to_string(ds->features()));
      }
      if (!out.empty() && ds->samples() != out.front().cols()) {
        throw Error("the datasets of the inputs have different row counts");
      }
      out.push_back(ds->matrix());
    }
    return out;
  }
  throw Error("a model's data is a dataset or a record of datasets by input name, got " +
              data.type_name());
}

}  // namespace ael::model
