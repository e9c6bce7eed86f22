#include "io/gnuplot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ael/diagnostic.hpp"
#include "io/atomic_file.hpp"

extern char** environ;

namespace ael::io {
namespace fs = std::filesystem;
namespace {

// gnuplot's strings are single-quoted; a quote inside is doubled.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "''";
    else if (c != '\n' && c != '\r')
      out += c;
  }
  return out + "'";
}

std::string number(double v) {
  if (!std::isfinite(v)) return "NaN";  // gnuplot leaves a gap
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

std::string data_text(const PlotSpec& spec) {
  std::ostringstream out;
  for (const PlotSeries& s : spec.series) {
    for (Eigen::Index i = 0; i < s.y.size(); ++i)
      out << number(s.x(i)) << ' ' << number(s.y(i)) << '\n';
    out << "\n\n";  // a new data block per series (index N)
  }
  return out.str();
}

std::string script_text(const PlotSpec& spec, const std::string& data, const std::string& out) {
  std::ostringstream g;
  g << "set terminal pngcairo size " << spec.width << "," << spec.height << " noenhanced\n";
  g << "set output " << quoted(out) << "\n";
  if (!spec.title.empty()) g << "set title " << quoted(spec.title) << "\n";
  if (!spec.x_label.empty()) g << "set xlabel " << quoted(spec.x_label) << "\n";
  if (!spec.y_label.empty()) g << "set ylabel " << quoted(spec.y_label) << "\n";
  if (spec.log_y) g << "set logscale y\n";
  g << "set grid\nset key top right\n";
  g << "plot ";
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    g << (i ? ", " : "") << quoted(data) << " index " << i << " using 1:2 with "
      << (spec.scatter ? "points pt 7 ps 0.5" : "lines lw 2") << " title "
      << quoted(spec.series[i].title);
  }
  g << "\nset output\n";
  return g.str();
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs gnuplot on the script; returns its exit status (127: not found), stderr in `err`.
int run_gnuplot(const std::string& script, const std::string& err_path, std::string& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string program = "gnuplot";
  char* argv[] = {program.data(), const_cast<char*>(script.c_str()), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return spawned == ENOENT ? 127 : 126;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 126;
  }
  err = read_all(err_path);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

struct TempFiles {
  std::vector<std::string> paths;
  ~TempFiles() {
    std::error_code ec;
    for (const std::string& p : paths) fs::remove(p, ec);
  }
};

}  // namespace

void plot_png(const PlotSpec& spec) {
  if (spec.series.empty()) throw Error("plot: nothing to draw");
  if (spec.width < 16 || spec.height < 16 || spec.width > 10000 || spec.height > 10000)
    throw Error("plot: width and height must be in [16, 10000] pixels");
  const std::string base = spec.path + ".ael-plot-" + std::to_string(getpid());
  TempFiles temps;
  temps.paths = {base + ".dat", base + ".gp", base + ".err", base + ".png"};
  write_file_atomic(temps.paths[0], data_text(spec));
  write_file_atomic(temps.paths[1], script_text(spec, temps.paths[0], temps.paths[3]));
  std::string err;
  const int code = run_gnuplot(temps.paths[1], temps.paths[2], err);
  if (code == 127) {
    throw Error("plot needs gnuplot, which is not installed (Debian: apt-get install gnuplot-nox)");
  }
  while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
  if (code != 0 || !fs::exists(temps.paths[3])) {
    throw Error("plot: gnuplot failed (exit " + std::to_string(code) + ")" +
                (err.empty() ? "" : ": " + err));
  }
  std::error_code ec;
  fs::rename(temps.paths[3], spec.path, ec);
  if (ec) throw Error("plot: cannot write " + spec.path + ": " + ec.message());
}

}  // namespace ael::io
