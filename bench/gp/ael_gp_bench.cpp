// AEL side of bench/gp: the paper's GP problem with AEL's engine, timed.
//
//   ael_gp_bench --data data.csv [--mode deap|ael] [--population 300] [--generations 200]
//                [--seed 1] [--targets 0,1] [--threads 1] [--precision float64]
//   ael_gp_bench --data data.csv --micro [--precision float64]   (evaluator throughput)
//
// Prints one JSON line per run, with the same fields as deap_bench.py.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ael/expression.hpp"
#include "ael/random.hpp"
#include "gp_engine.hpp"
#include "tree_gen.hpp"

namespace {

struct Args {
  std::string data;
  std::string mode = "deap";
  int population = 300;
  int generations = 200;
  std::uint64_t seed = 1;
  std::vector<int> targets = {0, 1};
  int threads = 1;
  std::string precision = "float64";
  bool micro = false;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "ael_gp_bench: " << problem << "\n"
            << "usage: ael_gp_bench --data FILE [--mode deap|ael] [--population N] "
               "[--generations N] [--seed N] [--targets 0,1] [--threads N] "
               "[--precision float64|float32] [--micro]\n";
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    if (key == "--micro") {
      a.micro = true;
      continue;
    }
    if (i + 1 >= argc) usage("missing value after " + key);
    const std::string v = argv[++i];
    if (key == "--data")
      a.data = v;
    else if (key == "--mode")
      a.mode = v;
    else if (key == "--population")
      a.population = std::stoi(v);
    else if (key == "--generations")
      a.generations = std::stoi(v);
    else if (key == "--seed")
      a.seed = std::stoull(v);
    else if (key == "--threads")
      a.threads = std::stoi(v);
    else if (key == "--precision")
      a.precision = v;
    else if (key == "--targets") {
      a.targets.clear();
      std::stringstream s(v);
      for (std::string t; std::getline(s, t, ',');) a.targets.push_back(std::stoi(t));
    } else {
      usage("unknown argument " + key);
    }
  }
  if (a.data.empty()) usage("--data is required");
  return a;
}

/// Reads prepare_data.py's CSV: HouseAge,AveRooms,z0,z1 -> X (2 x rows), Z (2 x rows).
void read_data(const std::string& path, Eigen::MatrixXd& X, Eigen::MatrixXd& Z) {
  std::ifstream in(path);
  if (!in) usage("cannot read " + path);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::array<double, 4>> rows;
  while (std::getline(in, line)) {
    std::array<double, 4> r{};
    char* p = line.data();
    for (double& v : r) {
      char* end = nullptr;
      v = std::strtod(p, &end);
      if (end == p) usage("malformed row " + std::to_string(rows.size() + 2) + " in " + path);
      p = end + (*end == ',' ? 1 : 0);
    }
    rows.push_back(r);
  }
  X.resize(2, static_cast<Eigen::Index>(rows.size()));
  Z.resize(2, static_cast<Eigen::Index>(rows.size()));
  for (std::size_t c = 0; c < rows.size(); ++c) {
    for (int k = 0; k < 2; ++k) {
      X(k, static_cast<Eigen::Index>(c)) = rows[c][static_cast<std::size_t>(k)];
      Z(k, static_cast<Eigen::Index>(c)) = rows[c][static_cast<std::size_t>(k + 2)];
    }
  }
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void run_gp(const Args& a, const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z) {
  ael::gp::GpRegressor regressor(
      ael::gp::parse_gp_options({{"mode", a.mode},
                                 {"population", std::int64_t(a.population)},
                                 {"generations", std::int64_t(a.generations)},
                                 {"threads", std::int64_t(a.threads)},
                                 {"precision", a.precision}}));
  for (int t : a.targets) {
    const double cpu0 = cpu_seconds();
    const ael::SymregResult r = regressor.fit(X, Z.row(t), {"HouseAge", "AveRooms"}, a.seed, {});
    const double cpu = cpu_seconds() - cpu0;
    const ael::SymregTargetResult& res = r.targets[0];
    std::printf(
        "{\"tool\": \"ael\", \"mode\": \"%s\", \"target\": %d, \"seed\": %llu, \"population\": %d, "
        "\"generations\": %d, \"threads\": %d, \"precision\": \"%s\", \"seconds\": %.6f, "
        "\"cpu_seconds\": %.6f, \"evaluation_seconds\": %.6f, \"evaluations\": %llu, "
        "\"node_rows\": %llu, \"best_mse\": %.17g, \"best_size\": %zu, \"best\": %s, "
        "\"simplified\": %s}\n",
        a.mode.c_str(), t, static_cast<unsigned long long>(a.seed), a.population, a.generations,
        a.threads, a.precision.c_str(), r.seconds, cpu, r.evaluation_seconds,
        static_cast<unsigned long long>(r.evaluations),
        static_cast<unsigned long long>(r.node_rows), res.error, res.best.size(),
        json_string(res.best.str()).c_str(), json_string(ael::simplify(res.best).str()).c_str());
    std::fflush(stdout);
  }
}

/// Evaluator throughput on one core: a fixed population of random trees with the
/// paper's primitive set (ramped half-and-half, heights 2..8), MSE of each against z0.
template <class T>
void micro(const Args& a, const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z) {
  const ael::gp::GpOptions o = ael::gp::GpOptions::deap();
  const ael::gp::PrimitiveSet set(o.primitives, 2, false, 1, -1, 1);
  std::vector<std::vector<ael::ExprNode>> trees;
  std::vector<ael::ExprProgram> programs;
  std::uint64_t nodes = 0;
  for (int i = 0; i < 300; ++i) {
    ael::Rng rng = ael::Rng::stream(a.seed, {99, std::uint64_t(i)});
    trees.push_back(ael::gp::make_tree(set, rng, 2, 8, ael::gp::TreeMethod::HalfAndHalf));
    nodes += trees.back().size();
  }
  for (const auto& t : trees) programs.push_back({t.data(), t.size()});
  const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> Xt = X.cast<T>();
  const Eigen::Matrix<T, Eigen::Dynamic, 1> y = Z.row(0).transpose().cast<T>();
  const ael::ExprData<T> data(Xt);
  ael::ExprEvaluator evaluator(1);
  std::vector<double> mse(programs.size());
  std::uint64_t node_rows = 0;
  int reps = 0;
  // Thread CPU time: the machine may be shared, and this measures one core's work.
  const double start = thread_cpu_seconds();
  double seconds = 0;
  while (seconds < 3.0) {
    node_rows += evaluator.mean_squared_errors<T>(programs, data, y.data(), mse.data());
    ++reps;
    seconds = thread_cpu_seconds() - start;
  }
  std::printf(
      "{\"tool\": \"ael\", \"micro\": true, \"precision\": \"%s\", \"threads\": 1, "
      "\"programs\": %zu, \"mean_size\": %.2f, \"rows\": %lld, \"repetitions\": %d, "
      "\"cpu_seconds\": %.6f, \"node_rows\": %llu, \"node_rows_per_second\": %.6g}\n",
      sizeof(T) == 8 ? "float64" : "float32", programs.size(), double(nodes) / 300.0,
      static_cast<long long>(X.cols()), reps, seconds, static_cast<unsigned long long>(node_rows),
      double(node_rows) / seconds);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  Eigen::MatrixXd X, Z;
  read_data(a.data, X, Z);
  try {
    if (a.micro) {
      if (a.precision == "float32")
        micro<float>(a, X, Z);
      else
        micro<double>(a, X, Z);
    } else {
      run_gp(a, X, Z);
    }
  } catch (const std::exception& e) {
    std::cerr << "ael_gp_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
