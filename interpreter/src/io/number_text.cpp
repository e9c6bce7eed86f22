#include "io/number_text.hpp"

#include <cstdio>
#include <cstdlib>

namespace ael::io {

std::string number_text(double v, int max_digits) {
  char buffer[40];
  for (int precision = 1; precision <= max_digits; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
    if (std::strtod(buffer, nullptr) == v) break;
  }
  return buffer;  // NaN never compares equal: it ends as "nan" after the last try
}

}  // namespace ael::io
