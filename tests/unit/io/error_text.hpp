// The message of the ael::Error thrown by `fn` ("<no error>" when nothing is thrown), so
// tests can assert on the exact text users will read.
#pragma once

#include <functional>
#include <string>

#include "ael/diagnostic.hpp"

namespace ael::test {

inline std::string error_text(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace ael::test
