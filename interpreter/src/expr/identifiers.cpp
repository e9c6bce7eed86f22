#include "expr/identifiers.hpp"

#include <cctype>

namespace ael::expr {

bool is_identifier(const std::string& name, const std::set<std::string>& reserved) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return reserved.count(name) == 0;
}

std::vector<std::string> make_identifiers(const std::vector<std::string>& names,
                                          const std::set<std::string>& reserved) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const std::string& name : names) {
    std::string id;
    for (char c : name) {
      id += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
    }
    if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "v_" + id;
    while (reserved.count(id) != 0) id += '_';
    const std::string base = id;
    for (int k = 2; used.count(id) != 0; ++k) id = base + "_" + std::to_string(k);
    used.insert(id);
    out.push_back(id);
  }
  return out;
}

}  // namespace ael::expr
