// The complexity/error Pareto front over every individual a run has evaluated.
#pragma once

#include <cstddef>
#include <map>
#include <vector>

#include "ael/expression.hpp"

namespace ael::gp {

class ParetoArchive {
 public:
  /// Offers an evaluated program; keeps it when it is the most accurate of its size.
  void offer(const std::vector<ExprNode>& program, double error);
  /// True when a program of this size and error would be kept (saves building it).
  bool accepts(std::size_t size, double error) const;

  struct Entry {
    std::size_t size = 0;
    double error = 0;
    std::vector<ExprNode> program;
  };
  /// The non-dominated entries by ascending size: each is strictly more accurate than
  /// every smaller one.
  std::vector<Entry> front() const;

 private:
  std::map<std::size_t, Entry> best_by_size_;
};

}  // namespace ael::gp
