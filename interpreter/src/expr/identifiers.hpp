// Turning variable names into identifiers of a target language.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace ael::expr {

/// Valid, distinct identifiers for `names`: invalid characters become '_', a leading
/// digit gets a "v_" prefix, reserved words get a trailing '_'.
std::vector<std::string> make_identifiers(const std::vector<std::string>& names,
                                          const std::set<std::string>& reserved);

/// True for [A-Za-z_][A-Za-z0-9_]* that is not reserved.
bool is_identifier(const std::string& name, const std::set<std::string>& reserved);

}  // namespace ael::expr
