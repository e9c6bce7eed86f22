// plot(): figures people would rather look at than read, as PNG through gnuplot.
//
//   plot(m, "runs/loss.png")                         a model's loss curve (its history)
//   plot(points, "runs/points.png", kind: "scatter") a 2-column dataset, y against x
//   plot(d, "f.png", x: "epoch", y: ["loss", "validation_loss"], log_y: true)
//   plot([0.3, 0.2, 0.15], "curve.png")              a list of numbers against its index
//   plot({adam: m1, de: m2}, "t.png", x: "seconds")  one series per entry (models: their
//                                                    loss, or best_loss for population runs)
#include <algorithm>
#include <set>

#include "bindings/bindings.hpp"
#include "bindings/dataset_value.hpp"
#include "data/dataset.hpp"
#include "eval/builtins/builtins.hpp"
#include "io/gnuplot.hpp"
#include "model/model_value.hpp"

namespace ael::bindings {
namespace {

// History columns that count or time rather than measure: never plotted by default.
bool is_bookkeeping(const std::string& name) {
  static const std::set<std::string> names = {"step", "epoch", "generation", "seconds",
                                              "evaluations"};
  return names.count(name) > 0;
}

// The default x of a history-like dataset: the first counter present, else the index.
std::string default_x(const data::Dataset& d) {
  for (const char* name : {"epoch", "generation", "step"}) {
    if (d.find_feature(name)) return name;
  }
  return "";
}

Eigen::VectorXd column(const data::Dataset& d, const std::string& name) {
  return d.matrix().row(d.feature_index(name)).transpose();
}

// 0, 1, ..., n-1: the x of a series drawn against its index.
Eigen::VectorXd index_axis(Eigen::Index n) {
  return Eigen::VectorXd::LinSpaced(n, 0, static_cast<double>(n - 1));
}

// The same, with the series named in the error ("'de': no feature 'loss' ...").
Eigen::VectorXd column_of(const data::Dataset& d, const std::string& name,
                          const std::string& series) {
  try {
    return column(d, name);
  } catch (const Error& e) {
    throw Error("'" + series + "': " + e.diagnostic().message);
  }
}

std::vector<std::string> y_names(const Args& a, std::size_t slot, const data::Dataset& d,
                                 const std::string& x) {
  if (a[slot].is_string()) return {a.string(slot)};
  if (a[slot].is_list()) return string_list(a, slot);
  std::vector<std::string> out;
  for (const std::string& name : d.names()) {
    if (name == x || is_bookkeeping(name)) continue;
    const Eigen::VectorXd c = column(d, name);
    if (c.array().isFinite().any()) out.push_back(name);  // a never-computed column is skipped
  }
  if (out.empty()) a.fail(slot, "nothing to plot: give y, one column name or a list of them");
  return out;
}

io::PlotSpec from_dataset(const Args& a, const data::Dataset& d, bool scatter) {
  io::PlotSpec spec;
  std::string x = a[3].is_none() ? default_x(d) : a.string(3);
  // A 2-column dataset drawn as points: the second column against the first.
  if (a[3].is_none() && a[2].is_none() && scatter && d.features() == 2) x = d.names()[0];
  spec.x_label = x.empty() ? "index" : x;
  Eigen::VectorXd xs = x.empty() ? index_axis(d.samples()) : column(d, x);
  for (const std::string& name : y_names(a, 2, d, x))
    spec.series.push_back({name, xs, column(d, name)});
  if (spec.series.size() == 1) spec.y_label = spec.series[0].title;
  return spec;
}

io::PlotSpec from_numbers(const Args& a) {
  const Eigen::VectorXd ys = number_vector(a, 0);
  io::PlotSpec spec;
  spec.x_label = "index";
  spec.series.push_back({"value", index_axis(ys.size()), ys});
  return spec;
}

// The dataset behind a value: itself, or a trained model's history.
const data::Dataset* series_data(const Args& a, const Value& v) {
  if (const data::Dataset* d = as_dataset(v)) return d;
  if (const model::ModelData* m = model::as_model(v)) {
    const Value* history = m->info.find("history");
    const data::Dataset* d = history ? as_dataset(*history) : nullptr;
    if (!d) a.fail(0, "a model without a training history cannot be plotted (train it first)");
    return d;
  }
  return nullptr;
}

// {name: model or dataset or list, ...}: one series each, the same x and y names for all
// (a model's default y is its loss, or best_loss for a population run).
io::PlotSpec from_record(const Args& a) {
  io::PlotSpec spec;
  const std::string x = a[3].is_none() ? "" : a.string(3);
  std::string y = a[2].is_none() ? "" : a.string(2);
  for (const auto& [name, value] : a.record(0).fields()) {
    if (value.is_list()) {
      const std::optional<Eigen::VectorXd> ys = numbers_of(value.as_list());
      if (!ys) a.fail(0, "'" + name + "' must be a list of numbers");
      spec.series.push_back({name, index_axis(ys->size()), *ys});
      continue;
    }
    const data::Dataset* d = series_data(a, value);
    if (!d)
      a.fail(0,
             "'" + name + "' is a " + value.type_name() + "; plot needs datasets, models or lists");
    std::string column = y;
    if (column.empty())
      column = d->find_feature("loss") ? "loss" : d->find_feature("best_loss") ? "best_loss" : "";
    if (column.empty()) a.fail(2, "'" + name + "' has no loss column: give y");
    const std::string xs_name = x.empty() ? default_x(*d) : x;
    const Eigen::VectorXd xs =
        xs_name.empty() ? index_axis(d->samples()) : column_of(*d, xs_name, name);
    spec.series.push_back({name, xs, column_of(*d, column, name)});
    if (spec.x_label.empty()) spec.x_label = xs_name.empty() ? "index" : xs_name;
    if (spec.y_label.empty()) spec.y_label = column;
  }
  if (spec.series.empty()) a.fail(0, "the record is empty");
  return spec;
}

Value plot(Args& a) {
  const std::string& kind = a.string(5);
  if (kind != "line" && kind != "scatter")
    a.fail(5, "kind is \"line\" or \"scatter\", got \"" + kind + "\"");
  const bool scatter = kind == "scatter";
  io::PlotSpec spec;
  const data::Dataset* d = series_data(a, a[0]);
  if (a[0].is_record()) {
    try {
      spec = from_record(a);
    } catch (const Error& e) {
      a.fail(0, e.diagnostic().message);
    }
  } else if (d) {
    if (d->samples() == 0) a.fail(0, "the dataset is empty");
    spec = from_dataset(a, *d, scatter);
  } else if (a[0].is_list()) {
    if (a[0].as_list().empty()) a.fail(0, "the list is empty");
    spec = from_numbers(a);
  } else {
    a.fail(0,
           "plot takes a dataset, a trained model or a list of numbers, got " + a[0].type_name());
  }
  spec.path = user_path(a, 1);
  spec.scatter = scatter;
  spec.log_y = a.boolean(6);
  spec.title = a[4].is_none() ? "" : a.string(4);
  spec.width = static_cast<int>(std::clamp<std::int64_t>(a.integer(7), -1, 100000));
  spec.height = static_cast<int>(std::clamp<std::int64_t>(a.integer(8), -1, 100000));
  try {
    io::plot_png(spec);
  } catch (const Error& e) {
    a.fail(a.size(), e.diagnostic().message);
  }
  return Value(spec.path);
}

}  // namespace

void register_plot_builtins(eval::BuiltinTable& t) {
  t.add("plot",
        eval::sig({"data",
                   "file",
                   {"y", Value()},
                   {"x", Value()},
                   {"title", Value()},
                   {"kind", "line"},
                   {"log_y", false},
                   {"width", 800},
                   {"height", 500}}),
        plot,
        "Draws a dataset's columns (y against x), a model's loss curve, a list of numbers, or "
        "a record of them (one series each) into a PNG file through gnuplot; returns the path.");
}

}  // namespace ael::bindings
