// "Did you mean ...?" suggestions for unknown names, fields, options and columns.
#pragma once

#include <string>
#include <vector>

namespace ael {

/// Damerau-Levenshtein distance (adjacent transpositions count as one edit).
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The candidate closest to `name` when it is close enough to be a plausible typo
/// (distance at most 1/3 of the length, minimum 1; case differences are cheap), or "".
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" or "" — ready to append to a message.
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace ael
