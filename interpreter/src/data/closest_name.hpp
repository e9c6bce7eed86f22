// "Did you mean ...?" for data column and feature names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ael::data {

/// Levenshtein distance (insertions, deletions, substitutions; byte-wise).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `name`: a case-insensitive match first, else the smallest edit
/// distance if it is at most max(1, |name| / 3). std::nullopt when nothing is close.
std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" or "" — ready to append to an error message.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace ael::data
