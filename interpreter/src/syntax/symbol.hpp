// Interned names. The AST stores names as small integers so environments compare
// integers, not strings, on every variable lookup.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ael {

using Symbol = std::uint32_t;
inline constexpr Symbol kNoSymbol = 0;

/// The symbol for a name, creating it on first use. Thread-safe; symbols are never freed.
Symbol intern(std::string_view name);
/// The name of a symbol (a reference that stays valid for the process lifetime).
const std::string& symbol_name(Symbol symbol);

}  // namespace ael
