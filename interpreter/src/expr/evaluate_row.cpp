#include <vector>

#include "ael/expression.hpp"
#include "expr/reference_eval.hpp"

namespace ael {

double Expression::evaluate_row(const double* x) const {
  std::vector<double> stack;
  return expr::evaluate_row<expr::FastPrims<double>>(program(), x, stack);
}

}  // namespace ael
