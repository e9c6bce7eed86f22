// The script-level dataset: a table of samples (rows) with named features (columns),
// backed by data::Dataset (features x samples in memory, the graph's layout).
//
//   ds.rows, ds.cols, ds.names          sizes and feature names
//   ds["x"], ds[["x", "y"]]              features by name (a dataset)
//   ds[i]                                one sample as a record {x: .., y: ..}
//   ds[10:20], ds[:, 0:2], ds[0:5, "x"]  samples and/or features by range
//   ds * 2, ds - other, sin(ds)          elementwise arithmetic and math
//   sum(ds), mean(ds)                    over every entry
//   for row in ds { ... }                rows as records
#pragma once

#include <memory>

#include "ael/value.hpp"
#include "data/dataset.hpp"
#include "eval/sequence.hpp"

namespace ael::bindings {

class DatasetValue : public Object, public eval::Sequence, public eval::Indexable {
 public:
  explicit DatasetValue(data::Dataset data) : data_(std::move(data)) {}

  const data::Dataset& data() const { return data_; }

  std::string type_name() const override { return "dataset"; }
  std::string repr() const override;
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;
  std::optional<Value> binary(BinaryOp op, const Value& other, bool self_on_left) const override;
  std::optional<Value> negate() const override;
  std::optional<Value> math(std::string_view function) const override;
  bool equals(const Object& other) const override;

  std::size_t length() const override { return static_cast<std::size_t>(data_.samples()); }
  Value at(std::size_t i) const override;
  Value index(eval::ExecContext& ctx, const std::vector<eval::IndexArg>& args,
              const Span& span) const override;

 private:
  data::Dataset data_;
};

/// Wraps a dataset as a script value.
Value make_dataset(data::Dataset data);
/// The dataset inside a value, or nullptr.
const data::Dataset* as_dataset(const Value& v);

}  // namespace ael::bindings
