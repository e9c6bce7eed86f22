// Parameter initialisers (see init.hpp for the kinds).
#include "graph/init.hpp"

#include <cmath>

namespace ael::graph {
namespace {

struct Fans {
  double in;
  double out;
};

Fans fans(const ParamBlock& b) {
  return {static_cast<double>(b.init.fan_in > 0 ? b.init.fan_in : b.cols),
          static_cast<double>(b.init.fan_out > 0 ? b.init.fan_out : b.rows)};
}

template <class Draw>
void fill(Eigen::Ref<Eigen::VectorXd> out, Draw draw) {
  for (Index i = 0; i < out.size(); ++i) out[i] = draw();
}

}  // namespace

void check_init(const InitSpec& init, const std::string& block_name) {
  static const char* const kinds[] = {"zeros",      "constant",       "normal",
                                      "uniform",    "glorot_uniform", "glorot_normal",
                                      "he_uniform", "he_normal",      "torch"};
  bool known = false;
  for (const char* k : kinds) known = known || init.kind == k;
  const std::string where = "parameter '" + block_name + "': ";
  if (!known) {
    throw Error(where + "unknown initialiser '" + init.kind +
                "' (known: zeros, constant, normal, uniform, glorot_uniform, glorot_normal, "
                "he_uniform, he_normal, torch)");
  }
  if (init.kind == "normal" && !(init.b >= 0))
    throw Error(where + "normal initialiser needs a std >= 0");
  if (init.kind == "uniform" && !(init.a <= init.b))
    throw Error(where + "uniform initialiser needs low <= high");
  if (init.fan_in < 0 || init.fan_out < 0) throw Error(where + "fan-in/out must be >= 0");
}

void initialise_block(const ParamBlock& block, std::size_t block_index, std::uint64_t seed,
                      Eigen::Ref<Eigen::VectorXd> out) {
  check_init(block.init, block.name);
  const InitSpec& init = block.init;
  Rng rng = Rng::stream(seed, {static_cast<std::uint64_t>(block_index)});
  const Fans f = fans(block);
  const std::string& k = init.kind;
  if (k == "zeros") {
    out.setZero();
  } else if (k == "constant") {
    out.setConstant(init.a);
  } else if (k == "normal") {
    fill(out, [&] { return rng.normal(init.a, init.b); });
  } else if (k == "uniform") {
    fill(out, [&] { return rng.uniform(init.a, init.b); });
  } else if (k == "glorot_uniform" || k == "he_uniform" || k == "torch") {
    const double limit = k == "glorot_uniform" ? std::sqrt(6.0 / (f.in + f.out))
                         : k == "he_uniform"   ? std::sqrt(6.0 / f.in)
                                               : 1.0 / std::sqrt(f.in);
    fill(out, [&] { return rng.uniform(-limit, limit); });
  } else {
    const double stddev =
        k == "glorot_normal" ? std::sqrt(2.0 / (f.in + f.out)) : std::sqrt(2.0 / f.in);
    fill(out, [&] { return rng.normal(0.0, stddev); });
  }
}

Eigen::VectorXd initialise(const ParamLayout& layout, std::uint64_t seed) {
  Eigen::VectorXd out(layout.size);
  for (std::size_t k = 0; k < layout.blocks.size(); ++k) {
    const ParamBlock& b = layout.blocks[k];
    initialise_block(b, k, seed, out.segment(b.offset, b.size()));
  }
  return out;
}

}  // namespace ael::graph
