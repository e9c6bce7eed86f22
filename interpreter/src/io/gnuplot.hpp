// Drawing PNG figures through gnuplot (an optional runtime dependency: when it is not
// installed, plot() says how to get it). The data goes through a temporary file, the
// figure is written beside its target and renamed into place, so a failed or killed
// plot never leaves half a PNG.
#pragma once

#include <string>
#include <vector>

#include "ael/eigen.hpp"

namespace ael::io {

struct PlotSeries {
  std::string title;
  Eigen::VectorXd x, y;
};

struct PlotSpec {
  std::string path;  ///< the PNG to write
  std::string title, x_label, y_label;
  bool scatter = false;  ///< points instead of lines
  bool log_y = false;
  int width = 800, height = 500;
  std::vector<PlotSeries> series;
};

/// Writes the figure; throws ael::Error when gnuplot is missing or fails (with its
/// message) or the target cannot be written.
void plot_png(const PlotSpec& spec);

}  // namespace ael::io
