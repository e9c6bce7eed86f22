#include "population/population_evaluator.hpp"

#include <algorithm>

#include "ael/diagnostic.hpp"
#include "util/thread_pool.hpp"

namespace ael::population {

PopulationEvaluator::~PopulationEvaluator() = default;

ThreadPoolEvaluator::ThreadPoolEvaluator(const train::Objective& objective, ThreadPool& pool,
                                         Eigen::Index chunk_columns)
    : pool_(pool),
      dimension_(objective.dimension()),
      chunk_(std::max<Eigen::Index>(1, chunk_columns)) {
  clones_.reserve(pool.size());
  for (unsigned i = 0; i < pool.size(); ++i) clones_.push_back(objective.clone());
}

void ThreadPoolEvaluator::evaluate(const Eigen::Ref<const Eigen::MatrixXd>& params,
                                   std::uint64_t batch, Eigen::Ref<Eigen::VectorXd> losses) {
  if (params.rows() != dimension_) {
    throw Error("population evaluator: parameter vectors have " + std::to_string(params.rows()) +
                " entries, the objective expects " + std::to_string(dimension_));
  }
  if (losses.size() != params.cols()) {
    throw Error("population evaluator: " + std::to_string(losses.size()) + " loss slots for " +
                std::to_string(params.cols()) + " candidates");
  }
  const Eigen::Index m = params.cols();
  const std::size_t chunks = static_cast<std::size_t>((m + chunk_ - 1) / chunk_);
  pool_.parallel_for(chunks, [&](std::size_t c, unsigned worker) {
    const Eigen::Index begin = static_cast<Eigen::Index>(c) * chunk_;
    const Eigen::Index count = std::min(chunk_, m - begin);
    clones_[worker]->evaluate(params.middleCols(begin, count), batch, losses.segment(begin, count));
  });
}

}  // namespace ael::population
