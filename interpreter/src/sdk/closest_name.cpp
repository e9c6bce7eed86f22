// ael/closest_name.hpp: the one "did you mean" rule.
#include "ael/closest_name.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace ael {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

std::size_t length_gap(std::size_t a, std::size_t b) { return a > b ? a - b : b - a; }

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic-programming table: the swap rule looks two rows back.
  const std::size_t m = b.size();
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

std::size_t typo_tolerance(std::size_t length) {
  if (length < 3) return 0;
  return std::min<std::size_t>(3, std::max<std::size_t>(1, length / 3));
}

namespace {

// Names other frameworks use for AEL's (PyTorch, Keras, DEAP, pagmo): too far apart to
// read as typos, but what a newcomer types first.
const std::vector<std::pair<const char*, const char*>>& synonyms() {
  static const std::vector<std::pair<const char*, const char*>> table = {
      {"lrate", "lr"},
      {"learning_rate", "lr"},
      {"learningrate", "lr"},
      {"eta", "lr"},
      {"batch_size", "batch"},
      {"batchsize", "batch"},
      {"n_epochs", "epochs"},
      {"num_epochs", "epochs"},
      {"nb_epoch", "epochs"},
      {"max_epochs", "epochs"},
      {"pop_size", "population"},
      {"popsize", "population"},
      {"population_size", "population"},
      {"np", "population"},
      {"ngen", "generations"},
      {"n_generations", "generations"},
      {"num_generations", "generations"},
      {"max_generations", "generations"}};
  return table;
}

std::string synonym_in(const std::string& key, const std::vector<std::string>& candidates) {
  for (const auto& [other, ours] : synonyms()) {
    if (key != other) continue;
    if (std::find(candidates.begin(), candidates.end(), ours) != candidates.end()) return ours;
  }
  return {};
}

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string key = lower(name);
  if (std::string synonym = synonym_in(key, candidates); !synonym.empty()) return synonym;
  const std::size_t limit = typo_tolerance(name.size());
  // Rank by (distance, -shared prefix, length gap); the first of equals stays.
  using Rank = std::tuple<std::size_t, std::ptrdiff_t, std::size_t>;
  const std::string* best = nullptr;
  Rank best_rank{};
  for (const std::string& candidate : candidates) {
    if (candidate.empty() || candidate == name) continue;
    const std::string lc = lower(candidate);
    const std::size_t distance = edit_distance(key, lc);
    if (distance > limit) continue;
    const Rank rank{distance, -static_cast<std::ptrdiff_t>(common_prefix(key, lc)),
                    length_gap(key.size(), lc.size())};
    if (!best || rank < best_rank) {
      best_rank = rank;
      best = &candidate;
    }
  }
  return best ? *best : std::string();
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string best = closest_name(name, candidates);
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

}  // namespace ael
