#include "pareto.hpp"

#include <cmath>
#include <limits>

namespace ael::gp {

void ParetoArchive::offer(const std::vector<ExprNode>& program, double error) {
  if (!std::isfinite(error)) return;
  const std::size_t size = program.size();
  auto it = best_by_size_.find(size);
  if (it == best_by_size_.end()) {
    best_by_size_.emplace(size, Entry{size, error, program});
  } else if (error < it->second.error) {
    it->second.error = error;
    it->second.program = program;
  }
}

bool ParetoArchive::accepts(std::size_t size, double error) const {
  if (!std::isfinite(error)) return false;
  const auto it = best_by_size_.find(size);
  return it == best_by_size_.end() || error < it->second.error;
}

std::vector<ParetoArchive::Entry> ParetoArchive::front() const {
  std::vector<Entry> out;
  double best = std::numeric_limits<double>::infinity();
  for (const auto& [size, entry] : best_by_size_) {
    if (entry.error < best) {
      best = entry.error;
      out.push_back(entry);
    }
  }
  return out;
}

}  // namespace ael::gp
