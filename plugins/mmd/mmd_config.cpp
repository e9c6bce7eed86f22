#include "mmd_config.hpp"

#include <cmath>

namespace ael_mmd {
namespace {

std::string choice_error(const std::string& attr, const std::string& allowed,
                         const std::string& got) {
  return attr + " must be " + allowed + ", got \"" + got + "\"";
}

}  // namespace

void shape_fail(const std::string& op, const std::string& message) {
  throw ael::graph::ShapeError(op + ": " + message);
}

MmdConfig read_config(const std::string& op, const ael::Attrs& attrs) {
  MmdConfig c;
  const std::string& kernel = attrs.string("kernel");
  if (kernel == "gaussian") {
    c.kernel = KernelKind::Gaussian;
  } else if (kernel == "imq") {
    c.kernel = KernelKind::InverseMultiquadric;
  } else {
    shape_fail(op, choice_error("kernel", "\"gaussian\" or \"imq\"", kernel));
  }
  const std::string& bandwidth = attrs.string("bandwidth");
  if (bandwidth != "median" && bandwidth != "fixed") {
    shape_fail(op, choice_error("bandwidth", "\"median\" or \"fixed\"", bandwidth));
  }
  c.median = bandwidth == "median";
  c.scales = attrs.numbers("scales");
  if (c.scales.empty()) shape_fail(op, "scales must list at least one bandwidth (scale)");
  for (double s : c.scales) {
    if (!(s > 0) || !std::isfinite(s)) {
      shape_fail(op, "every entry of scales must be a finite number > 0, got " + std::to_string(s));
    }
  }
  const std::string& estimator = attrs.string("estimator");
  if (estimator != "unbiased" && estimator != "biased") {
    shape_fail(op, choice_error("estimator", "\"unbiased\" or \"biased\"", estimator));
  }
  c.unbiased = estimator == "unbiased";
  return c;
}

std::vector<ael::AttrSpec> config_attrs() {
  return {
      {"kernel", std::string("gaussian"), false,
       "\"gaussian\" exp(-d2/r) or \"imq\" r/(r+d2), d2 the squared distance"},
      {"bandwidth", std::string("median"), false,
       "\"median\": r = scale * median pairwise squared distance of the pooled samples "
       "(no gradient through it); \"fixed\": r = scale"},
      {"scales", std::vector<double>{1.0}, false,
       "one entry per kernel of a multi-scale sum (multipliers of the median, or the fixed r)"},
      {"estimator", std::string("unbiased"), false,
       "\"unbiased\" (i != j within each set) or \"biased\" (all pairs)"},
  };
}

}  // namespace ael_mmd
