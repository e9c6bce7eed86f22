#include "util/memory_budget.hpp"

#include <unistd.h>

#include <cstdio>

#include "ael/diagnostic.hpp"

namespace ael {

std::uint64_t physical_memory_bytes() {
  static const std::uint64_t bytes = [] {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page <= 0) return std::uint64_t{0};
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
  }();
  return bytes;
}

std::string format_bytes(double bytes) {
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 5) {
    bytes /= 1024.0;
    ++u;
  }
  char text[64];
  std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return text;
}

void require_memory(double bytes, const std::string& what) {
  const std::uint64_t have = physical_memory_bytes();
  if (have == 0 || !(bytes > static_cast<double>(have))) return;
  throw Error(what + " needs about " + format_bytes(bytes) + "; this machine has " +
              format_bytes(static_cast<double>(have)));
}

}  // namespace ael
