// ael/closest_name.hpp — "did you mean ...?" for unknown names (part of the plugin SDK).
//
// One rule serves every suggestion AEL makes: unknown variables, functions, fields,
// parameters, train settings, options and their choices, ops, plugins, data columns,
// primitives. Plugins use it too, so their messages read like the host's.
#pragma once

#include "ael/export.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ael {

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two adjacent characters each count as one edit. Byte-wise and case-sensitive.
AEL_API std::size_t edit_distance(std::string_view a, std::string_view b);

/// The most edits that still read as a typo of a name `length` bytes long: none for one
/// or two letters (only a case difference), one up to five, two up to eight, then three.
AEL_API std::size_t typo_tolerance(std::size_t length);

/// The candidate closest to `name`, compared case-insensitively (a case-only difference
/// counts as zero edits), or "" when none is within typo_tolerance(name's length).
/// Candidates equal to `name` are skipped. Among equally distant candidates the one
/// sharing the longer prefix with `name` wins, then the one closer in length, then the
/// earlier one (callers list the innermost scope first): `tahn` suggests `tanh` before
/// `tan`, and `los` a script's `loss` before the builtin `cos`. A name other frameworks use
/// (`learning_rate`, `lrate`, `batch_size`, `num_epochs`, `pop_size`...) suggests AEL's
/// (`lr`, `batch`, `epochs`, `population`) when that is a candidate.
AEL_API std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" or "" — ready to append to a message.
AEL_API std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace ael
