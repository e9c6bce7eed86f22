// plot(): figures people would rather look at than read, as PNG through gnuplot.
//
//   plot(m, "runs/loss.png")                         a model's loss curve (its history)
//   plot(points, "runs/points.png", kind: "scatter") a 2-column dataset, y against x
//   plot(d, "f.png", x: "epoch", y: ["loss", "validation_loss"], log_y: true)
//   plot([0.3, 0.2, 0.15], "curve.png")              a list of numbers against its index
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
  Eigen::VectorXd xs =
      x.empty() ? Eigen::VectorXd::LinSpaced(d.samples(), 0, static_cast<double>(d.samples() - 1))
                : column(d, x);
  for (const std::string& name : y_names(a, 2, d, x))
    spec.series.push_back({name, xs, column(d, name)});
  if (spec.series.size() == 1) spec.y_label = spec.series[0].title;
  return spec;
}

io::PlotSpec from_numbers(const Args& a) {
  const Eigen::VectorXd ys = number_vector(a, 0);
  io::PlotSpec spec;
  spec.x_label = "index";
  spec.series.push_back(
      {"value", Eigen::VectorXd::LinSpaced(ys.size(), 0, static_cast<double>(ys.size() - 1)), ys});
  return spec;
}

Value plot(Args& a) {
  const std::string& kind = a.string(5);
  if (kind != "line" && kind != "scatter")
    a.fail(5, "kind is \"line\" or \"scatter\", got \"" + kind + "\"");
  const bool scatter = kind == "scatter";
  io::PlotSpec spec;
  const data::Dataset* d = as_dataset(a[0]);
  if (const model::ModelData* m = model::as_model(a[0])) {
    const Value* history = m->info.find("history");
    d = history ? as_dataset(*history) : nullptr;
    if (!d) a.fail(0, "this model has no training history to plot (train it first)");
  }
  if (d) {
    if (d->samples() == 0) a.fail(0, "the dataset is empty");
    spec = from_dataset(a, *d, scatter);
  } else if (a[0].is_list()) {
    if (a[0].as_list().empty()) a.fail(0, "the list is empty");
    spec = from_numbers(a);
  } else {
    a.fail(0,
           "plot takes a dataset, a trained model or a list of numbers, got " + a[0].type_name());
  }
  spec.path = script_path(a, 1);
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
        "Draws a dataset's columns (y against x), a model's loss curve or a list of numbers "
        "into a PNG file through gnuplot; returns the file's path.");
}

}  // namespace ael::bindings
