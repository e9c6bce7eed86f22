// The target distributions mmd_prior draws from: a standard normal or a uniform box
// [lo, hi]^d. Drawn from the node's stream for the run's (seed, step), so a training step
// sees fresh samples and repeating a step repeats them.
#pragma once

#include <ael/op.hpp>
#include <string>

#include "mmd_config.hpp"

namespace ael_mmd {

struct Prior {
  bool normal = true;
  double lo = -1, hi = 1;

  /// Reads attrs "prior", "lo", "hi"; throws ShapeError("<op>: ...") when they are wrong.
  static Prior read(const std::string& op, const ael::Attrs& attrs) {
    Prior p;
    const std::string& kind = attrs.string("prior");
    if (kind != "normal" && kind != "uniform") {
      shape_fail(op, "prior must be \"normal\" or \"uniform\", got \"" + kind + "\"");
    }
    p.normal = kind == "normal";
    p.lo = attrs.number("lo");
    p.hi = attrs.number("hi");
    if (!p.normal && !(p.lo < p.hi)) {
      shape_fail(op, "the uniform box needs lo < hi, got lo " + std::to_string(p.lo) + ", hi " +
                         std::to_string(p.hi));
    }
    return p;
  }

  template <class S>
  void draw(ael::Rng& rng, S* out, ael::Index count) const {
    if (normal) {
      for (ael::Index i = 0; i < count; ++i) out[i] = static_cast<S>(rng.normal());
    } else {
      for (ael::Index i = 0; i < count; ++i) out[i] = static_cast<S>(rng.uniform(lo, hi));
    }
  }
};

}  // namespace ael_mmd
