// ael/data_source.hpp — the data source plugin family (part of the public SDK).
//
// A data source makes a dataset from its options and a seeded random stream: a script
// calls it by name, `spiral(n: 500, turns: 3, seed: 1)`, and gets a dataset. The host
// hands the stream (seeded from the call's `seed` option when the schema has one, else
// from the interpreter's seed), so the same call gives the same data.
#pragma once

#include "ael/export.h"

#include <string>
#include <vector>

#include "ael/eigen.hpp"
#include "ael/plugin.hpp"
#include "ael/random.hpp"

namespace ael {

class AEL_API DataSource : public PluginObject {
 public:
  static constexpr PluginFamily family = PluginFamily::DataSource;
  ~DataSource() override;

  /// The samples as rows (samples x features); `names` gets one name per feature (left
  /// empty: x0, x1, ...). Throws ael::Error for what the options cannot express.
  virtual Eigen::MatrixXd generate(Rng& rng, std::vector<std::string>& names) = 0;
};

}  // namespace ael
