#include "data/sequences.hpp"

#include <string>
#include <vector>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "data/random_order.hpp"

namespace ael::data {

SequenceData one_hot_sequences(Index n, Index length, int classes, std::uint64_t seed) {
  if (n < 0) throw Error("one_hot_sequences: n must be >= 0, got " + std::to_string(n));
  if (length < 1) {
    throw Error("one_hot_sequences: length must be >= 1, got " + std::to_string(length));
  }
  if (classes < 1) {
    throw Error("one_hot_sequences: classes must be >= 1, got " + std::to_string(classes));
  }
  check_sample_count(n, length * (classes + 1), "one_hot_sequences");
  Rng rng = Rng::stream(seed, {stream_key("one_hot_sequences")});
  SequenceData out;
  out.classes.resize(length, n);
  Eigen::MatrixXd onehot = Eigen::MatrixXd::Zero(length * classes, n);
  for (Index j = 0; j < n; ++j) {
    for (Index t = 0; t < length; ++t) {
      const int c = static_cast<int>(rng.below(static_cast<std::uint64_t>(classes)));
      out.classes(t, j) = c;
      onehot(t * classes + c, j) = 1.0;
    }
  }
  std::vector<std::string> names;
  for (Index t = 0; t < length; ++t) {
    for (int c = 0; c < classes; ++c) {
      names.push_back("t" + std::to_string(t) + "_c" + std::to_string(c));
    }
  }
  out.inputs = Dataset(std::move(onehot), std::move(names));
  return out;
}

}  // namespace ael::data
