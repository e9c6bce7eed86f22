// The progress line long training shows on a terminal: what it is doing, how much of its
// budget is done and when it will end ("[AE] epoch 3 step 96 loss 0.0123  30% ETA 12s").
// Only when stderr is a TTY and the run wants it; redrawn at most every 100 ms, and erased
// when the run ends so the script's own output is what stays on screen.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ael::train {

/// How much of a run's budget is done, in [0, 1]: the largest of the known budgets'
/// fractions, since the first budget reached ends the run. Negative when no budget has a
/// known end (only target_loss, or a callback).
double budget_fraction(std::optional<std::int64_t> total_steps, std::int64_t steps,
                       std::optional<std::int64_t> total_evaluations, std::int64_t evaluations,
                       std::optional<double> time_limit, double seconds);

/// "  30% ETA 12s": `fraction` of the budget is done, `gained` of it in the `elapsed`
/// seconds this line has been up (less than fraction for a resumed run). "" when the
/// fraction is unknown; the ETA appears once there is a measurable rate.
std::string progress_suffix(double fraction, double gained, double elapsed);

class ProgressLine {
 public:
  explicit ProgressLine(bool wanted);
  ~ProgressLine();  // erases the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// True when a redraw is due (cheap: lets the caller skip building the text).
  bool due() const;
  /// Redraws `text` followed by progress_suffix(fraction, time since construction).
  void show(const std::string& text, double fraction);

 private:
  using Clock = std::chrono::steady_clock;
  bool on_;
  bool shown_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_;
  double first_fraction_ = -1;  ///< at the first redraw: where a resumed run started
};

}  // namespace ael::train
