#pragma once
// Bounds on the widths and precisions of format fields (`${x:>N}` and format("{:.N}")).
// fmt accepts any int there, so `"${1:>1000000000}"` would spend seconds and gigabytes
// padding one string: a script must not be able to do that by a typo.

#include <string>
#include <string_view>

namespace ael {

/// The largest width or precision a format field may ask for.
inline constexpr long kMaxFormatFieldSize = 10000;

/// Empty when every replacement field of `tmpl` ("{...}") stays within the bound and
/// takes no width or precision from an argument ("{:{}}", whose size the template
/// cannot show); otherwise the reason, for the caller's located error.
inline std::string oversized_format_field(std::string_view tmpl) {
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') continue;
    if (i + 1 < tmpl.size() && tmpl[i + 1] == '{') {  // "{{" is a literal brace
      ++i;
      continue;
    }
    const std::size_t colon = tmpl.find_first_of(":}", i + 1);
    if (colon == std::string_view::npos || tmpl[colon] != ':') continue;
    // A digit fill ("{:0>5}") is always followed by an alignment, so it never joins a
    // width's digits: every digit run in the spec is a width, a precision or a fill.
    std::size_t j = colon + 1;
    long run = 0;
    for (; j < tmpl.size() && tmpl[j] != '}'; ++j) {
      const char c = tmpl[j];
      if (c == '{') return "a width or precision taken from an argument ({}) is not supported";
      if (c >= '0' && c <= '9') {
        run = run * 10 + (c - '0');
        if (run > kMaxFormatFieldSize)
          return "a width or precision above " + std::to_string(kMaxFormatFieldSize);
      } else {
        run = 0;
      }
    }
    i = j;
  }
  return {};
}

}  // namespace ael
