// The model most training tests use: a 2-1-2 linear AE and 400 points on a line (the
// code reconstructs them exactly), so a test's numbers depend only on its settings.
#pragma once

namespace ael::test {

/// Defines LineAE(x: 2) and `pts`; starts with a newline, so the script's line 2 is the
/// model's first line.
inline const char* const kLineModel = R"(
model LineAE(x: 2) {
  code = dense(x, 1)
  out = dense(code, 2)
}
let pts = points_on_line(slope: 0.5, n: 400, seed: 1)
)";

}  // namespace ael::test
