// Numbers in error messages: the shortest text that reads back as the same double
// ("0.1", "1e+39", "256"), never a 17-digit expansion.
#pragma once

#include <string>

namespace ael::io {

/// Shortest round-trip text, or the closest with at most `max_digits` significant digits.
std::string number_text(double v, int max_digits = 17);

}  // namespace ael::io
