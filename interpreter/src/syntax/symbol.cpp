#include "syntax/symbol.hpp"

#include <deque>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace ael {
namespace {

struct SymbolTable {
  std::shared_mutex mutex;
  std::deque<std::string> names{""};  // deque: references stay valid as it grows
  std::unordered_map<std::string_view, Symbol> ids;
};

SymbolTable& table() {
  static SymbolTable* t = new SymbolTable();  // never destroyed: symbols outlive everything
  return *t;
}

}  // namespace

Symbol intern(std::string_view name) {
  SymbolTable& t = table();
  {
    std::shared_lock<std::shared_mutex> lock(t.mutex);
    auto it = t.ids.find(name);
    if (it != t.ids.end()) return it->second;
  }
  std::unique_lock<std::shared_mutex> lock(t.mutex);
  auto it = t.ids.find(name);
  if (it != t.ids.end()) return it->second;
  t.names.emplace_back(name);
  const auto id = static_cast<Symbol>(t.names.size() - 1);
  t.ids.emplace(std::string_view(t.names.back()), id);
  return id;
}

const std::string& symbol_name(Symbol symbol) {
  SymbolTable& t = table();
  std::shared_lock<std::shared_mutex> lock(t.mutex);
  return t.names.at(symbol);
}

}  // namespace ael
