#include "util/path_list.hpp"

namespace ael::util {

std::vector<std::string> split_path_list(std::string_view list) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t colon = list.find(':', start);
    const std::size_t end = colon == std::string_view::npos ? list.size() : colon;
    if (end > start) parts.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::vector<std::string> split_path_list(const char* list) {
  return list ? split_path_list(std::string_view(list)) : std::vector<std::string>{};
}

}  // namespace ael::util
