#include "train/progress_line.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ael::train {

namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

std::string duration_text(double seconds) {
  const auto s = static_cast<long long>(std::llround(seconds));
  char text[32];
  if (s < 60) {
    std::snprintf(text, sizeof text, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  }
  return text;
}

}  // namespace

double budget_fraction(std::optional<std::int64_t> total_steps, std::int64_t steps,
                       std::optional<std::int64_t> total_evaluations, std::int64_t evaluations,
                       std::optional<double> time_limit, double seconds) {
  double f = -1;
  if (total_steps && *total_steps > 0)
    f = std::max(f, static_cast<double>(steps) / static_cast<double>(*total_steps));
  if (total_evaluations && *total_evaluations > 0)
    f = std::max(f, static_cast<double>(evaluations) / static_cast<double>(*total_evaluations));
  if (time_limit && *time_limit > 0) f = std::max(f, seconds / *time_limit);
  return f < 0 ? f : std::min(f, 1.0);
}

std::string progress_suffix(double fraction, double gained, double elapsed) {
  if (!(fraction >= 0)) return "";  // also NaN
  std::string s = "  " + std::to_string(static_cast<int>(std::floor(fraction * 100))) + "%";
  if (gained > 0 && fraction < 1 && elapsed >= 0.5) {
    s += " ETA " + duration_text(elapsed * (1 - fraction) / gained);
  }
  return s;
}

ProgressLine::ProgressLine(bool wanted) : on_(wanted && isatty(STDERR_FILENO)) {}

ProgressLine::~ProgressLine() {
  if (on_ && shown_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
}

bool ProgressLine::due() const { return on_ && (!shown_ || Clock::now() - last_ >= kRedrawEvery); }

void ProgressLine::show(const std::string& text, double fraction) {
  if (!due()) return;
  last_ = Clock::now();
  shown_ = true;
  if (first_fraction_ < 0) {
    first_fraction_ = fraction;
    start_ = last_;
  }
  const double elapsed = std::chrono::duration<double>(last_ - start_).count();
  const std::string suffix = progress_suffix(fraction, fraction - first_fraction_, elapsed);
  std::fprintf(stderr, "\r\033[K%s%s", text.c_str(), suffix.c_str());
  std::fflush(stderr);
}

}  // namespace ael::train
